"""The procurement knowledge (knowledge/data/procurement.yaml) validates on load and asks
what the standard IT-acquisition process needs, per governance strategy."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from knowledge.loader import DATA_DIR, KnowledgeError, load
from knowledge.procurement import (
    ADDRESSEES,
    ALL,
    STAGES,
    ProcurementKnowledge,
    Question,
    Requirement,
    procurement_knowledge,
)

STRATEGIES = [o.key for o in load().strategies.options]


@pytest.fixture(scope="module")
def knowledge() -> ProcurementKnowledge:
    return procurement_knowledge()


# The shipped file --------------------------------------------------------------------------


def test_the_shipped_knowledge_is_complete_and_sourced(knowledge: ProcurementKnowledge) -> None:
    assert knowledge.version
    items: list[Question | Requirement] = [*knowledge.questions, *knowledge.requirements]
    for item in items:
        assert item.source.strip()
        assert set(item.strategies) <= {ALL, *STRATEGIES}, item.key
        # The key is stored in Answer.question_key / LocalQuestion.key (max 40 characters).
        assert len(item.key) <= 40, item.key
    for question in knowledge.questions:
        assert question.stage in STAGES and question.addressee in ADDRESSEES
        assert question.text.da.strip().endswith("?"), question.key
        assert question.text.en.strip().endswith("?"), question.key
    for requirement in knowledge.requirements:
        assert requirement.title.da.strip() and requirement.title.en.strip()
        assert requirement.text.da.strip() and requirement.text.en.strip()


def test_the_amounts_are_positive_and_sourced(knowledge: ProcurementKnowledge) -> None:
    for amount in (knowledge.settings.eu_threshold_dkk, knowledge.settings.large_request_dkk):
        assert amount.value > 0 and amount.source.strip()
    assert isinstance(knowledge.settings.large_request_dkk.value, Decimal)
    # A large request is smaller than an EU tender: the kontrolorgan sees it first.
    assert knowledge.settings.large_request_dkk.value < knowledge.settings.eu_threshold_dkk.value


def test_every_stage_with_questions_has_a_show_stopper_for_every_strategy(
    knowledge: ProcurementKnowledge,
) -> None:
    for strategy in ["", *STRATEGIES]:
        stopping = {q.stage for q in knowledge.questions_for(strategy) if q.stops}
        assert stopping == set(STAGES), strategy


@pytest.mark.parametrize(
    ("strategy", "question", "requirement"),
    [
        ("borgernaer_service", "alle_platforme", "alle_platforme"),
        ("sammenhaengende_processer", "data_en_gang", "faelles_infrastruktur"),
        ("genbrug", "konfiguration", "konfigurerbar"),
        ("standardisering", "standardkrav", "standardkontrakt"),
        ("driftsfaellesskab", "driftsfaellesskab", "faelles_drift"),
    ],
)
def test_each_strategy_adds_its_own_question_and_requirement(
    knowledge: ProcurementKnowledge, strategy: str, question: str, requirement: str
) -> None:
    common_questions = {q.key for q in knowledge.questions_for("")}
    common_requirements = {r.key for r in knowledge.requirements_for("")}
    asked = {q.key for q in knowledge.questions_for(strategy)}
    required = {r.key for r in knowledge.requirements_for(strategy)}
    assert asked == common_questions | {question}
    assert required == common_requirements | {requirement}
    for other in STRATEGIES:
        if other != strategy:
            assert question not in {q.key for q in knowledge.questions_for(other)}
            assert requirement not in {r.key for r in knowledge.requirements_for(other)}


def test_the_common_questions_cover_what_every_acquisition_needs(
    knowledge: ProcurementKnowledge,
) -> None:
    common = {q.key: q for q in knowledge.questions_for("")}
    for key in (
        "eksisterende_loesning",  # reuse first
        "totalomkostning",  # total cost over 3-5 years
        "kontraktvej",  # the contract route
        "exit",  # exit and data return
        "databehandling",  # data processing agreement and DPIA
        "arkivpligt",  # archive duty
        "tilgaengelighed",  # WCAG 2.1 AA and the accessibility statement
        "systemejer",  # who will be the systemejer
        "governanceplan",  # which governance plan applies
    ):
        assert key in common, key
    assert common["databehandling"].addressee == "dpo"
    assert "exit_data" in {r.key for r in knowledge.requirements_for("")}


@given(strategy=st.sampled_from(["", *STRATEGIES]))
def test_questions_for_a_strategy_are_in_stage_order_and_file_order_within(
    strategy: str,
) -> None:
    knowledge = procurement_knowledge()
    asked = knowledge.questions_for(strategy)
    stages = [STAGES.index(q.stage) for q in asked]
    assert stages == sorted(stages)
    position = {q.key: i for i, q in enumerate(knowledge.questions)}
    for stage in STAGES:
        keys = [position[q.key] for q in asked if q.stage == stage]
        assert keys == sorted(keys)


@given(name=st.text(max_size=30))
def test_an_unknown_strategy_asks_only_the_common_questions(name: str) -> None:
    knowledge = procurement_knowledge()
    if name in STRATEGIES:
        return
    assert knowledge.questions_for(name) == knowledge.questions_for("")
    assert knowledge.requirements_for(name) == knowledge.requirements_for("")


def test_a_question_is_found_by_key(knowledge: ProcurementKnowledge) -> None:
    exit_question = knowledge.question("exit")
    assert exit_question is not None and exit_question.stage == "beslutning"
    assert knowledge.question("findes_ikke") is None


# Validation --------------------------------------------------------------------------------


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _edited(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    directory = _copy(tmp_path)
    path = directory / "procurement.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return directory


def test_an_unchanged_copy_loads_like_the_shipped_file(tmp_path: Path) -> None:
    copy = procurement_knowledge(_copy(tmp_path))
    assert copy == procurement_knowledge()


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return change


def _duplicate_question(data: dict[str, Any]) -> None:
    data["questions"].append(dict(data["questions"][0]))


def _duplicate_requirement(data: dict[str, Any]) -> None:
    data["requirements"].append(dict(data["requirements"][0]))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_duplicate_question, "duplicate question keys"),
        (_duplicate_requirement, "duplicate requirement keys"),
        (_set(("questions", 0, "strategies"), ["centralisering"]), "unknown strategies"),
        (_set(("requirements", 0, "strategies"), ["alle", "ukendt"]), "unknown strategies"),
        (_set(("questions", 0, "strategies"), []), "strategies"),
        (_set(("questions", 0, "stage"), "ide"), "stage"),
        (_set(("questions", 0, "stage"), "i_drift"), "stage"),
        (_set(("questions", 0, "addressee"), "borgmester"), "addressee"),
        (_set(("questions", 0, "stops"), "måske"), "stops"),
        (_set(("questions", 0, "text"), {"da": "Kun dansk?"}), "en"),
        (_set(("questions", 0, "text"), {"da": "", "en": "Empty Danish?"}), "da"),
        (_set(("questions", 0, "source"), ""), "source"),
        (_set(("questions", 0, "key"), "Med Mellemrum"), "key"),
        (_set(("questions", 0, "extra"), "felt"), "extra"),
        (_set(("requirements", 0, "title"), "bare tekst"), "title"),
        (_set(("settings", "large_request_dkk"), {"value": "mange"}), "large_request_dkk"),
        (_set(("settings", "eu_threshold_dkk", "source"), ""), "eu_threshold_dkk"),
        (_set(("questions",), []), "questions"),
        (_set(("requirements",), []), "requirements"),
    ],
)
def test_a_broken_file_is_refused_naming_what_is_wrong(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], message: str
) -> None:
    directory = _edited(tmp_path, change)
    with pytest.raises(KnowledgeError, match=r"procurement\.yaml") as caught:
        procurement_knowledge(directory)
    assert message in str(caught.value)


def test_a_missing_or_unreadable_file_is_a_knowledge_error(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    (directory / "procurement.yaml").unlink()
    with pytest.raises(KnowledgeError, match=r"procurement\.yaml"):
        procurement_knowledge(directory)
    (directory / "procurement.yaml").write_text("questions: [\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"procurement\.yaml"):
        procurement_knowledge(directory)


def test_a_municipality_may_correct_the_amounts_in_its_own_copy(tmp_path: Path) -> None:
    directory = _edited(
        tmp_path, _set(("settings", "large_request_dkk"), {"value": "750000", "source": "Lokal"})
    )
    own = procurement_knowledge(directory)
    assert own.settings.large_request_dkk.value == Decimal("750000")
    assert procurement_knowledge().settings.large_request_dkk.value == Decimal("500000")
