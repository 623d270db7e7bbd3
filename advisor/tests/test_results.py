"""The stored result and 'what would change the ranking', checked against the engine."""

from __future__ import annotations

import pytest

import knowledge
from advisor.questions import QUESTIONS, STEPS, question, questions_in
from advisor.results import (
    ANSWERED,
    COMPUTED,
    MISSING,
    OVERRIDDEN,
    build_result,
    effective_values,
    fact_rows,
    neutral_value,
)
from advisor.tests.factories import COST_PRESSED
from engine.strategy import rank
from organizations.testing import make_organization

pytestmark = pytest.mark.django_db

MODEL = knowledge.strategy_model()
SPECS = {f.key: f for f in MODEL.facts}


def test_every_fact_of_the_model_has_one_question_in_a_step() -> None:
    assert [q.key for q in QUESTIONS if q.key in SPECS] == [q.key for q in QUESTIONS]
    assert {q.key for q in QUESTIONS} == set(SPECS)
    assert sum(len(questions_in(s.key)) for s in STEPS) == len(QUESTIONS)
    assert 3 <= len(STEPS) <= 4
    for item in QUESTIONS:
        assert item.label.da.endswith("?") and item.help.da and item.help.en


def test_values_come_from_override_then_fact_then_answer() -> None:
    from advisor.tests.factories import draft

    assessment = draft(
        make_organization(),
        answers={"cost_pressure": 4.0, "inhabitants": 1.0},
        facts={
            "inhabitants": {"value": 40000.0, "source": "fra organisationsprofilen"},
            "integration_coverage": {"value": 0.5, "source": "beregnet fra 2 systemer"},
            "kombit_component_use": {"value": None, "source": "Ingen integrationer."},
        },
        overrides={"integration_coverage": {"value": 0.8, "reason": "Kendt."}},
    )
    values = effective_values(assessment)
    assert values["cost_pressure"] == 4.0
    assert values["inhabitants"] == 40000.0
    assert values["integration_coverage"] == 0.8
    assert values["kombit_component_use"] is None
    rows = {r.key: r for r in fact_rows(assessment)}
    assert rows["cost_pressure"].origin == ANSWERED and rows["cost_pressure"].display == "4"
    assert rows["inhabitants"].origin == COMPUTED and rows["inhabitants"].display == "40.000"
    assert rows["integration_coverage"].origin == OVERRIDDEN
    assert rows["integration_coverage"].display == "80 %"
    assert rows["integration_coverage"].computed_display == "50 %"
    assert rows["integration_coverage"].reason == "Kendt."
    assert rows["kombit_component_use"].origin == MISSING
    assert rows["kombit_component_use"].source == "Ingen integrationer."


def test_result_matches_the_engine_and_the_knowledge() -> None:
    result = build_result(COST_PRESSED)
    ranking = rank(COST_PRESSED, MODEL)
    assert result["recommended"] == ranking.recommended == "standardisering"
    assert [o["key"] for o in result["strategies"]] == [o.key for o in ranking.strategies]
    assert [o["score"] for o in result["strategies"]] == [o.score for o in ranking.strategies]
    assert (
        result["margin"]
        == ranking.margin
        == round(ranking.strategies[0].raw_score - ranking.strategies[1].raw_score, 3)
    )
    assert result["clear_winner"] is ranking.clear_winner
    assert result["data_coverage"]["known"] == ranking.data_coverage.known
    assert result["data_coverage"]["text"]["da"].startswith("Datagrundlag: ")
    top = result["strategies"][0]
    kb = knowledge.load()
    assert len(top["advantages"]) == len(kb.option("standardisering").advantages)
    shadow = next(d for d in top["disadvantages"] if d["key"] == "skygge_it")
    assert shadow["flagged"] and shadow["mitigations"]
    risk = next(r for r in top["risks"] if r["key"] == "skygge_it")
    assert risk["flagged"] and risk["mitigations"]
    assert result["others"][0]["key"] == "driftsfaellesskab"


def _recommended_with(values: dict[str, float | None], key: str, value: float) -> str:
    changed = dict(values)
    changed[key] = value
    return rank(changed, MODEL).recommended


@pytest.mark.parametrize(
    "values",
    [
        {},
        {"cost_pressure": 3, "management_commitment": 2, "data_collected_twice_share": 0.2},
        {"cost_pressure": 4, "purchasing_decentralisation": 4, "kombit_component_use": 0.2},
    ],
)
def test_what_would_change_the_ranking_is_honest(values: dict[str, float | None]) -> None:
    """Each reported change flips the recommendation when applied; a value just short of
    it (for a 1-5 answer: the whole answer one step back) does not."""
    result = build_result(values)
    current = result["recommended"]
    changes = result["sensitivity"]["strategies"]
    assert changes, "these profiles can all be tipped by one fact"
    for change in changes:
        spec = SPECS[change["fact"]]
        assert _recommended_with(values, change["fact"], change["to"]) == change["outcome"]
        assert change["outcome"] != current
        start = change["from"] if change["from"] is not None else neutral_value(spec, MODEL)
        if question(change["fact"]).kind == "scale":  # the whole answer one step back
            short = change["to"] - 1 if change["direction"] == "up" else change["to"] + 1
        else:
            short = start + (change["to"] - start) * 0.9
        assert _recommended_with(values, change["fact"], short) == current
    distances = [c["distance"] for c in changes]
    assert distances == sorted(distances)
    robust = {r["da"] for r in result["sensitivity"]["robust"]}
    assert robust.isdisjoint({c["label"]["da"] for c in changes})
    assert len(robust) + len(changes) == len(MODEL.facts)


def test_the_driftsfaellesskab_verdict_and_what_would_change_it() -> None:
    values = {"inhabitants": 20_000.0, "it_recruitment_difficulty": 3.0}
    result = build_result(values)
    verdict = result["sensitivity"]["others"][0]
    assert verdict["key"] == "driftsfaellesskab" and verdict["recommended"] is False
    recruitment = next(c for c in verdict["changes"] if c["fact"] == "it_recruitment_difficulty")
    assert recruitment["direction"] == "up" and recruitment["outcome"] == "yes"
    assert recruitment["to"] == float(int(recruitment["to"]))  # a whole 1-5 answer
    changed = dict(values, it_recruitment_difficulty=recruitment["to"])
    assert rank(changed, MODEL).option("driftsfaellesskab").score >= MODEL.recommend_threshold
