"""The knowledge base validates on load and agrees with the engine."""

import shutil
from pathlib import Path

import pytest
import yaml

from engine.case_templates import TEMPLATES, defaults
from engine.channels import PRESETS
from knowledge.loader import (
    DATA_DIR,
    FILES,
    KnowledgeBase,
    KnowledgeError,
    channel_presets,
    load,
    mitigations_for,
    strategy_model,
    template_defaults,
)


@pytest.fixture
def kb() -> KnowledgeBase:
    return load()


def copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def edit(directory: Path, name: str, change) -> None:  # type: ignore[no-untyped-def]
    path = directory / FILES[name]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_shipped_knowledge_loads_and_is_cached(kb: KnowledgeBase) -> None:
    assert kb.version == "2025.1"
    assert load() is kb
    assert load(DATA_DIR) is not kb


def test_four_strategies_and_the_driftsfaellesskab_option(kb: KnowledgeBase) -> None:
    keys = [o.key for o in kb.strategies.options]
    assert keys == [
        "standardisering",
        "genbrug",
        "sammenhaengende_processer",
        "borgernaer_service",
        "driftsfaellesskab",
    ]
    assert kb.option("driftsfaellesskab").kind == "operating_model"
    assert len(kb.option("driftsfaellesskab").perspectives) == 3
    with pytest.raises(KeyError):
        kb.option("nope")


def test_every_text_is_in_danish_and_english(kb: KnowledgeBase) -> None:
    def walk(node: object) -> int:
        if isinstance(node, dict):
            if set(node) >= {"da", "en"}:
                assert node["da"].strip() and node["en"].strip()
                assert node["da"] != node["en"] or len(node["da"]) < 30
                return 1
            return sum(walk(v) for v in node.values())
        if isinstance(node, list):
            return sum(walk(v) for v in node)
        return 0

    assert walk(kb.model_dump(mode="json")) > 300


def test_every_disadvantage_has_a_mitigation_and_a_likelihood(kb: KnowledgeBase) -> None:
    for option in kb.strategies.options:
        for item in option.disadvantages:
            assert mitigations_for(item.key, kb), item.key
            assert item.key in kb.strategy_model.disadvantages[option.key]


def test_risks_have_default_probability_and_impact(kb: KnowledgeBase) -> None:
    options = {r.option for r in kb.risks.risks}
    assert options == {o.key for o in kb.strategies.options}
    for risk in kb.risks.risks:
        assert 0 < risk.probability < 1
        assert 1 <= risk.impact <= 5


def test_roadmaps_cover_every_option_with_gates(kb: KnowledgeBase) -> None:
    roadmaps = {r.option: r for r in kb.roadmaps.roadmaps}
    assert set(roadmaps) == {o.key for o in kb.strategies.options}
    assert not roadmaps["standardisering"].derived
    assert not roadmaps["borgernaer_service"].derived
    for key in ("genbrug", "sammenhaengende_processer", "driftsfaellesskab"):
        assert roadmaps[key].derived and roadmaps[key].note is not None
    for roadmap in roadmaps.values():
        gates = {gate for step in roadmap.steps for gate in step.gates}
        assert {"direktion", "okonomiudvalg"} <= gates
        assert "kommunalbestyrelse" in gates
        assert roadmap.steps[0].block == "forslag"
        assert roadmap.steps[-1].block == "gennemfoersel"
    assert [g.key for g in kb.roadmaps.gates] == kb.roadmaps.decision_path.gates


def test_published_roadmap_for_standardisation(kb: KnowledgeBase) -> None:
    steps = next(r for r in kb.roadmaps.roadmaps if r.key == "standardisering").steps
    assert [s.block for s in steps] == [
        "forslag",
        "mandat",
        "planer",
        "kontrolorgan",
        "gennemfoersel",
    ]
    assert len(steps[0].deliverables) == 3  # business case, process, pros/cons and risks


def test_checklists_are_seeded_from_the_eight_fda_principles(kb: KnowledgeBase) -> None:
    principles = sorted(c.principle for c in kb.checklists.checklists if c.principle)
    assert principles == list(range(1, 9))


def test_template_defaults_equal_the_engine_defaults(kb: KnowledgeBase) -> None:
    assert set(kb.template_defaults.templates) == set(TEMPLATES)
    for template in TEMPLATES:
        assert template_defaults(template, kb) == defaults(template), template


def test_channel_presets_equal_the_engine_presets() -> None:
    assert channel_presets() == PRESETS


def test_strategy_model_is_built_from_the_data(kb: KnowledgeBase) -> None:
    model = strategy_model(kb)
    assert model.version == kb.version
    assert {o.key: o.prior for o in model.options} == kb.strategy_model.priors
    assert max(model.options, key=lambda o: o.prior).key == "sammenhaengende_processer"
    shadow = next(d for d in model.disadvantages if d.key == "skygge_it")
    assert shadow.option == "standardisering"
    assert shadow.mitigations


BROKEN = [
    ("strategies", lambda d: d["options"][0]["name"].pop("en"), "en"),
    ("strategies", lambda d: d["options"][0].update(roadmap="nope"), "unknown roadmap"),
    ("strategies", lambda d: d["options"][0].update(extra="x"), "extra"),
    ("strategies", lambda d: d.update(version="2099.1"), "same version"),
    (
        "strategies",
        lambda d: d["options"][1]["disadvantages"].append(d["options"][0]["disadvantages"][0]),
        "twice",
    ),
    (
        "strategies",
        lambda d: d["options"][0]["advantages"].append(d["options"][0]["advantages"][0]),
        "duplicate",
    ),
    ("mitigations", lambda d: d["mitigations"][0]["addresses"].append("nope"), "unknown"),
    (
        "mitigations",
        lambda d: d.update(
            mitigations=[
                m
                for m in d["mitigations"]
                if m["key"] != "hurtigspor" and "laengere_vej" not in m["addresses"]
            ]
        ),
        "without mitigation",
    ),
    ("risks", lambda d: d["risks"][0].update(option="nope"), "unknown option"),
    ("risks", lambda d: d["risks"][0].update(disadvantage="videnstab_krav"), "not a disadvantage"),
    ("risks", lambda d: d["risks"][0].update(mitigations=["nope"]), "unknown mitigation"),
    ("risks", lambda d: d["risks"][0].update(probability=1.5), "less than or equal"),
    ("strategy_model", lambda d: d["priors"].pop("genbrug"), "prior"),
    ("strategy_model", lambda d: d["rules"][0].update(fact="nope"), "unknown option or fact"),
    ("strategy_model", lambda d: d["facts"][0].update(max=0), "max must exceed"),
    (
        "strategy_model",
        lambda d: d["disadvantages"]["genbrug"].update(skygge_it={"base": 0.1}),
        "not a disadvantage",
    ),
    (
        "strategy_model",
        lambda d: d["disadvantages"]["genbrug"]["ikke_best_of_breed"].update(
            drivers=[{"fact": "nope", "weight": 0.1}]
        ),
        "unknown fact",
    ),
    (
        "strategy_model",
        lambda d: d["disadvantages"]["genbrug"].pop("ikke_best_of_breed"),
        "no likelihood",
    ),
    ("roadmaps", lambda d: d["roadmaps"][2].pop("note"), "say so"),
    ("roadmaps", lambda d: d["roadmaps"][0].update(option="nope"), "unknown option"),
    ("roadmaps", lambda d: d["roadmaps"][0]["steps"][0].update(block="nope"), "building block"),
    ("roadmaps", lambda d: d["roadmaps"][0]["steps"][0].update(gates=["borgmester"]), "gates"),
    ("checklists", lambda d: d["checklists"].pop(0), "eight FDA"),
    ("checklists", lambda d: d["checklists"][-1].update(strategy="nope"), "unknown strategy"),
    ("channel_prices", lambda d: d["presets"].append(d["presets"][0]), "duplicate"),
    ("template_defaults", lambda d: d["labels"].pop("hourly_rate"), "without a label"),
]


@pytest.mark.parametrize(("name", "change", "message"), BROKEN)
def test_schema_rejects_broken_data(tmp_path: Path, name: str, change, message: str) -> None:  # type: ignore[no-untyped-def]
    directory = copy_data(tmp_path)
    edit(directory, name, change)
    with pytest.raises(KnowledgeError, match=message):
        load(directory)


def test_missing_or_malformed_files_are_reported(tmp_path: Path) -> None:
    directory = copy_data(tmp_path)
    (directory / FILES["risks"]).unlink()
    with pytest.raises(KnowledgeError, match=r"risks\.yaml"):
        load(directory)
    directory = copy_data(tmp_path / "second")
    (directory / FILES["risks"]).write_text("risks: [unclosed", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"risks\.yaml"):
        load(directory)
