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
    citizen_satisfaction_pressure=3,
    neighbour_cooperation=3,
    fragile_operations=3,
    central_team_capacity=3,
    investment_capacity=3,
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
    assert ranking.option("sammenhaengende_processer").coverage == 1.0
    assert ranking.missing_facts == ()
    assert ranking.clear_winner and ranking.margin is not None and ranking.margin >= 0.05
    assert ranking.data_coverage.known == ranking.data_coverage.total == len(model.facts)
    assert ranking.warnings == ()


def test_a_municipality_we_know_nothing_about_gets_the_prior(model: StrategyModel) -> None:
    ranking = rank(Profile(), model)
    assert ranking.recommended == "sammenhaengende_processer"
    assert all(o.coverage == 0 for o in ranking.strategies)
    assert ranking.data_coverage.known == 0
    assert "Kommunens egne forhold" not in ranking.summary.da
    assert "0 af" in ranking.summary.da


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
@given(st.lists(unit, min_size=23, max_size=23))
def test_near_average_municipalities_keep_the_prior(
    model: StrategyModel, noise: list[float]
) -> None:
    specs = {f.key: f for f in model.facts}
    values = AVERAGE.facts()
    profile = {
        key: value if specs[key].whole else value + n * (specs[key].maximum - specs[key].minimum)
        for (key, value), n in zip(values.items(), noise, strict=False)
        if value is not None
    }
    assert rank(profile, model).recommended == "sammenhaengende_processer"


# Ties, extremes and preconditions -------------------------------------------------------


def test_cost_pressure_four_in_an_average_profile_is_not_decided_by_list_order(
    model: StrategyModel,
) -> None:
    ranking = rank_like_average(model, cost_pressure=4)
    first, second = ranking.strategies[0], ranking.strategies[1]
    assert ranking.margin == round(first.raw_score - second.raw_score, 3)
    if ranking.tied:
        assert not ranking.clear_winner and "står lige" in ranking.summary.da
    else:
        assert first.raw_score > second.raw_score
    assert ranking.clear_winner == (ranking.margin >= model.clear_margin and not ranking.tied)


def test_every_answer_at_maximum_ranks_on_unclamped_scores(model: StrategyModel) -> None:
    top = {f.key: f.maximum for f in model.facts}
    ranking = rank(top, model)
    raws = [o.raw_score for o in ranking.strategies]
    assert raws == sorted(raws, reverse=True)
    assert any(o.raw_score > 1 for o in ranking.strategies)
    assert all(0 <= o.score <= 1 for o in ranking.strategies)
    assert ranking.tied == () or not ranking.clear_winner
    assert not ranking.none_fits


def test_every_answer_at_minimum_fits_nothing_yet(model: StrategyModel) -> None:
    bottom = {f.key: f.minimum for f in model.facts}
    bottom["inhabitants"] = 10_000
    ranking = rank(bottom, model)
    assert ranking.none_fits and ranking.recommended == "" and not ranking.clear_winner
    assert ranking.establish_first[0].key == "forvaltningernes_opbakning"
    assert ranking.summary.da.startswith("Ingen strategi passer endnu")
    assert all(o.blocked for o in ranking.strategies)
    citizen = ranking.option("borgernaer_service")
    assert citizen.score <= 0.40


def test_without_commitment_and_mandate_standardisation_is_not_recommended(
    model: StrategyModel,
) -> None:
    ranking = rank_like_average(
        model,
        cost_pressure=5,
        purchasing_decentralisation=5,
        political_appetite_central_control=1,
        management_commitment=1,
    )
    standard = ranking.option("standardisering")
    assert standard.blocked
    assert {c.key for c in standard.caps} == {"forvaltningernes_opbakning", "politisk_mandat"}
    assert ranking.recommended == ""
    assert [p.key for p in ranking.establish_first][:2] == [
        "forvaltningernes_opbakning",
        "politisk_mandat",
    ]


def test_without_a_mandate_only_the_strategies_that_need_it_are_capped(
    model: StrategyModel,
) -> None:
    ranking = rank_like_average(model, political_appetite_central_control=1, cost_pressure=5)
    assert ranking.option("standardisering").blocked and ranking.option("genbrug").blocked
    assert not ranking.option("sammenhaengende_processer").blocked
    assert ranking.recommended == "sammenhaengende_processer"


def test_no_investment_capacity_holds_back_citizen_centric_service(model: StrategyModel) -> None:
    ranking = rank_like_average(
        model,
        in_person_contacts_per_inhabitant=2.7,
        self_service_adoption=0.2,
        investment_capacity=1,
    )
    citizen = ranking.option("borgernaer_service")
    assert citizen.blocked and ranking.recommended != "borgernaer_service"


def test_inhabitants_and_recruitment_move_the_strategies(model: StrategyModel) -> None:
    small = rank_like_average(model, inhabitants=12_000, it_recruitment_difficulty=5)
    large = rank_like_average(model, inhabitants=95_000, it_recruitment_difficulty=1)
    assert small.option("genbrug").raw_score > large.option("genbrug").raw_score
    assert (
        small.option("sammenhaengende_processer").raw_score
        < large.option("sammenhaengende_processer").raw_score
    )
    assert "inhabitants" in {c.fact for c in small.option("genbrug").contributions}


def test_new_facts_count_for_their_options(model: StrategyModel) -> None:
    pressed = rank_like_average(model, citizen_satisfaction_pressure=5)
    assert "citizen_satisfaction_pressure" in facts_pushing(pressed, "borgernaer_service", "for")
    willing = rank_like_average(model, neighbour_cooperation=5, fragile_operations=5)
    assert {"neighbour_cooperation", "fragile_operations"} <= facts_pushing(
        willing, "driftsfaellesskab", "for"
    )
    alone = rank_like_average(model, neighbour_cooperation=1, inhabitants=12_000)
    assert alone.option("driftsfaellesskab").blocked


def test_backwards_reasons_are_gone(model: StrategyModel) -> None:
    low_cost = rank_like_average(model, cost_pressure=1)
    coherent = next(
        c
        for c in low_cost.option("sammenhaengende_processer").contributions
        if c.fact == "cost_pressure"
    )
    assert coherent.direction == "for"
    assert "dyrere på kort sigt" not in coherent.text.da
    full = rank_like_average(model, self_service_adoption=1.0)
    citizen = next(
        c
        for c in full.option("borgernaer_service").contributions
        if c.fact == "self_service_adoption"
    )
    assert citizen.direction == "against" and "Lav brug" not in citizen.text.da


def test_contradictory_answers_are_warned(model: StrategyModel) -> None:
    ranking = rank_like_average(
        model, in_person_contacts_per_inhabitant=20, self_service_adoption=1.0
    )
    keys = {w.key for w in ranking.warnings}
    assert "contradiction:selvbetjening_og_fremmoede" in keys
    assert "scale:in_person_contacts_per_inhabitant" in keys
