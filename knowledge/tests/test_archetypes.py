"""Archetype municipalities against the shipped strategy model (weights in YAML)."""

import dataclasses
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.strategy import Profile, Ranking, StrategyModel, rank
from knowledge.loader import strategy_model

AVERAGE = Profile(
    cost_pressure=3,
    purchasing_decentralisation=3,
    spend_outside_central_share=0.3,
    overlapping_systems_per_capability=2,
    integration_coverage=0.5,
    data_collected_twice_share=0.25,
    in_person_contacts_per_inhabitant=1.5,
    self_service_adoption=0.5,
    communication_budget=3,
    it_recruitment_difficulty=3,
    kombit_component_use=0.5,
    political_appetite_central_control=3,
    management_commitment=3,
    process_maturity=3,
    inhabitants=55_000,
    it_spend_per_inhabitant=1_300,
    extra={"procurement_lead_time_days": 45, "show_stopper_share": 0.15},
)


@pytest.fixture(scope="module")
def model() -> StrategyModel:
    return strategy_model()


def rank_like_average(model: StrategyModel, **changes: Any) -> Ranking:
    """Rank an average municipality that differs in ``changes``."""
    return rank(dataclasses.replace(AVERAGE, **changes), model)


def facts_pushing(ranking: Ranking, option: str, direction: str) -> set[str]:
    return {c.fact for c in ranking.option(option).contributions if c.direction == direction}


def test_cost_pressed_decentralised_buyer_standardises_first_and_flags_shadow_it(
    model: StrategyModel,
) -> None:
    ranking = rank_like_average(
        model,
        cost_pressure=5,
        purchasing_decentralisation=5,
        spend_outside_central_share=0.45,
        it_spend_per_inhabitant=1_500,
        political_appetite_central_control=4,
    )
    assert ranking.recommended == "standardisering"
    assert ranking.overrides_prior
    assert {"cost_pressure", "purchasing_decentralisation"} <= facts_pushing(
        ranking, "standardisering", "for"
    )
    standard = ranking.option("standardisering")
    shadow = next(d for d in standard.disadvantages if d.key == "skygge_it")
    assert shadow.flagged
    assert standard.disadvantages[0].key == "skygge_it"
    assert shadow.mitigations
    assert "purchasing_decentralisation" in {d.fact for d in shadow.drivers}


def test_many_overlapping_systems_point_to_reuse(model: StrategyModel) -> None:
    ranking = rank_like_average(model, overlapping_systems_per_capability=2.9)
    assert ranking.recommended == "genbrug"
    assert ranking.option("genbrug").contributions[0].fact == "overlapping_systems_per_capability"
    assert ranking.option("genbrug").overrides_prior


def test_many_in_person_contacts_and_low_adoption_point_to_citizen_centric_service(
    model: StrategyModel,
) -> None:
    ranking = rank_like_average(
        model,
        in_person_contacts_per_inhabitant=2.7,
        self_service_adoption=0.2,
        communication_budget=2,
    )
    assert ranking.recommended == "borgernaer_service"
    assert {"in_person_contacts_per_inhabitant", "self_service_adoption"} <= facts_pushing(
        ranking, "borgernaer_service", "for"
    )
    citizen = ranking.option("borgernaer_service")
    assert citizen.disadvantages[0].key == "kommunikationsomkostninger"
    assert citizen.disadvantages[0].flagged
    assert "communication_budget" in {d.fact for d in citizen.disadvantages[0].drivers}


def test_an_average_municipality_gets_coherent_processes(model: StrategyModel) -> None:
    ranking = rank(AVERAGE, model)
    assert ranking.recommended == "sammenhaengende_processer"
    assert ranking.recommended == ranking.prior_recommended
    assert not ranking.overrides_prior
    assert all(not o.overrides_prior for o in ranking.strategies)
    assert ranking.option("sammenhaengende_processer").confidence == 1.0
    assert ranking.missing_facts == ()


def test_a_municipality_we_know_nothing_about_gets_the_prior(model: StrategyModel) -> None:
    ranking = rank(Profile(), model)
    assert ranking.recommended == "sammenhaengende_processer"
    assert all(o.confidence == 0 for o in ranking.strategies)


def test_small_municipality_with_recruitment_problems_and_driftsfaellesskab(
    model: StrategyModel,
) -> None:
    small = rank_like_average(
        model, inhabitants=15_000, it_recruitment_difficulty=5, process_maturity=2
    )
    shared = small.option("driftsfaellesskab")
    average = rank(AVERAGE, model).option("driftsfaellesskab")
    assert shared.score >= 0.6
    assert shared.score > average.score + 0.2
    assert shared.overrides_prior and not average.overrides_prior
    assert {"inhabitants", "it_recruitment_difficulty"} <= {
        c.fact for c in shared.contributions if c.direction == "for"
    }
    biting = {d.key: d for d in shared.disadvantages}
    assert biting["videnstab_forretning"].flagged
    assert biting["koordineringsomkostninger"].flagged
    assert all(d.mitigations for d in shared.disadvantages)


unit = st.floats(min_value=-0.04, max_value=0.04)


@settings(max_examples=60, deadline=None)
@given(st.lists(unit, min_size=16, max_size=16))
def test_near_average_municipalities_keep_the_prior(
    model: StrategyModel, noise: list[float]
) -> None:
    specs = {f.key: f for f in model.facts}
    values = AVERAGE.facts()
    profile = {
        key: value + n * (specs[key].maximum - specs[key].minimum)
        for (key, value), n in zip(values.items(), noise, strict=False)
        if value is not None
    }
    assert rank(profile, model).recommended == "sammenhaengende_processer"
