"""The review knowledge (knowledge/data/reviews.yaml) validates on load: cadence rules in
order, checklists per strategy extending the general one, facts the usage has."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from knowledge.loader import DATA_DIR, KnowledgeError, load
from knowledge.reviews import FACT_FIELDS, GENERAL, review_knowledge


def _copy(tmp_path: Path, change: Any) -> Path:
    for f in DATA_DIR.glob("*.yaml"):
        shutil.copy(f, tmp_path / f.name)
    data = yaml.safe_load((tmp_path / "reviews.yaml").read_text(encoding="utf-8"))
    change(data)
    (tmp_path / "reviews.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return tmp_path


def test_every_strategy_has_a_checklist_that_extends_the_general_one() -> None:
    knowledge = review_knowledge()
    general = knowledge.checklist(GENERAL)
    for option in load().strategies.options:
        checklist = knowledge.checklist_for(option.key)
        assert checklist.key == option.key
        assert checklist.sections[: len(general.sections)] == general.sections
        assert checklist.version.endswith(f"{GENERAL} {general.version}")


def test_items_are_in_danish_and_english_and_facts_are_known() -> None:
    for entry in review_knowledge().checklists:
        for section, item in review_knowledge().checklist(entry.key).items():
            assert item.question.da and item.question.en and section.title.en
            if item.fact:
                assert set(item.fact.fields) <= set(FACT_FIELDS)


def test_the_issues_items_are_asked() -> None:
    keys = {i.key for _s, i in review_knowledge().checklist_for("borgernaer_service").items()}
    assert {
        "browsere",
        "smartphones",
        "pc",
        "tilgaengelighedserklaering",
        "wcag",
        "styringsplan_findes",
        "styringsplan_testet",
        "databehandleraftale",
        "dpia",
        "kontrakt_opsigelse",
        "faelles_infrastruktur",
        "data_en_gang",
        "time_gaelder",
    } <= keys


def test_an_unknown_fact_is_refused(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["checklists"][0]["sections"][0]["items"][0]["fact"] = {
            "fields": ["password"],
            "ok": True,
            "finding": False,
        }

    with pytest.raises(KnowledgeError, match="unknown usage facts"):
        review_knowledge(_copy(tmp_path, change))


def test_a_checklist_for_an_unknown_strategy_is_refused(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["checklists"][1]["key"] = "ukendt_strategi"

    with pytest.raises(KnowledgeError, match="unknown strategies"):
        review_knowledge(_copy(tmp_path, change))


def test_duplicate_item_keys_are_refused(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        extra = data["checklists"][1]["sections"][0]["items"][0]
        extra["key"] = "dpia"

    with pytest.raises(KnowledgeError, match="duplicate item keys"):
        review_knowledge(_copy(tmp_path, change))
