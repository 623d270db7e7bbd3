"""The five case templates."""

import dataclasses
from decimal import Decimal
from typing import TypeVar

import pytest

from engine.case_templates import (
    TEMPLATES,
    ChannelShiftInputs,
    Member,
    ProcessFlow,
    ProcessInputs,
    ProcurementInputs,
    ReuseInputs,
    ServiceVolume,
    SharedOperationsInputs,
    SplitKey,
    channel_shift,
    coherent_processes,
    defaults,
    reuse,
    shared_operations,
    standardised_procurement,
)
from engine.channels import KL_2011
from engine.common import SOURCE_STYRBAR, Assumption
from engine.evaluation import evaluate
from engine.lines import LineKind

D = Decimal
ZERO_SPREAD = Assumption(D(0), "test")
T = TypeVar(
    "T", ChannelShiftInputs, SharedOperationsInputs, ProcurementInputs, ReuseInputs, ProcessInputs
)


def no_spread(inputs: T) -> T:
    """The same inputs with three-point spreads switched off (min = most likely = max)."""
    return dataclasses.replace(
        inputs,
        cost_below=ZERO_SPREAD,
        cost_above=ZERO_SPREAD,
        benefit_below=ZERO_SPREAD,
        benefit_above=ZERO_SPREAD,
    )


def test_every_default_is_sourced_and_editable() -> None:
    for key in TEMPLATES:
        values = defaults(key)
        assert values
        for name, assumption in values.items():
            assert assumption.source.strip(), name
    result = reuse(ReuseInputs(D(2), best_of_breed_haircut=Assumption(D("0.5"), "Egen vurdering")))
    used = dict(result.assumptions)
    assert used["best_of_breed_haircut"] == Assumption(D("0.5"), "Egen vurdering")
    assert used["typical_purchase_price"].source == SOURCE_STYRBAR


def test_channel_shift_golden_with_kl_prices() -> None:
    # One service, 8,000 in person + 2,000 digital: share 0.2. KL 2011 saves 55 kr.
    # per contact moved. Costs set to round numbers; no spreads.
    inputs = no_spread(
        ChannelShiftInputs(
            services=(ServiceVolume("Borgerservice", D(8000), D(2000)),),
            horizon=3,
            prices=KL_2011,
            platform_investment=Assumption(D(100_000), "test"),
            platform_operation_share=Assumption(D("0.1"), "test"),
            communication_per_year=Assumption(D(20_000), "test"),
            review_per_year=Assumption(D(5_000), "test"),
        )
    )
    result = channel_shift(inputs)
    curve = dict(result.adoption)["Borgerservice"]
    moved = dict(result.shifted)["Borgerservice"]
    assert curve[0] == D("0.2000")
    assert moved[0] == 0
    assert moved[1] == 10_000 * (curve[1] - D("0.2"))
    outcome = evaluate(result.case)
    # Year 0: -100,000 - 20,000 - 5,000; later years: 55 x moved - 10,000 - 25,000.
    assert outcome.net[0] == D("-125000.00")
    assert outcome.net[1] == (55 * moved[1] - 35_000).quantize(D("0.01"))
    assert outcome.net[2] == (55 * moved[2] - 35_000).quantize(D("0.01"))
    assert result.flag("communication_cost") is not None
    assert result.flag("adoption_ceiling") is not None
    # Communication is 60,000 of 100,000 + 20,000 + 75,000 = 195,000 -> 31 %.
    assert "31 %" in result.flags[0].text.da


def test_channel_shift_ceiling_must_stay_below_one() -> None:
    inputs = ChannelShiftInputs(
        services=(ServiceVolume("A", D(10), D(0)),),
        adoption_ceiling=Assumption(D(1), "test"),
    )
    with pytest.raises(ValueError):
        channel_shift(inputs)


def two_members(**kwargs: object) -> SharedOperationsInputs:
    return SharedOperationsInputs(
        members=(
            Member("Stor", D(30_000_000), D(20), 2),
            Member("Lille", D(10_000_000), D(8), 1),
        ),
        **kwargs,  # type: ignore[arg-type]
    )


def test_shared_operations_makes_disadvantages_explicit_costs() -> None:
    result = shared_operations(no_spread(two_members()))
    keys = {line.key for line in result.case.lines}
    for prefix in ("coordination", "startup", "invoicing", "retained", "salary", "transition"):
        assert f"{prefix}:Stor" in keys
        assert f"{prefix}:Lille" in keys
    startup = next(line for line in result.case.lines if line.key == "startup:Lille")
    assert startup.years == (0, 1)
    # Lille's share of common costs: 10 / 40 = 0.25 of 6 % of 40 mio. = 600,000.
    assert startup.estimate.mode == D(600_000)
    # The host (first member) keeps one data centre; Lille closes its only one.
    assert "data_centres:Stor" in keys
    assert "closure:Lille" in keys
    for flag in ("knowledge_loss", "coordination", "approval", "short_term_costs"):
        assert result.flag(flag) is not None, flag


def test_who_pays_who_gains_adds_up_to_the_case() -> None:
    result = shared_operations(two_members())
    outcome = evaluate(result.case)
    assert [row.member for row in result.who_pays] == ["Stor", "Lille"]
    assert sum(row.share for row in result.who_pays) == 1
    assert sum(row.pays for row in result.who_pays) == sum(outcome.costs)
    assert sum(row.gains for row in result.who_pays) == sum(outcome.benefits)
    assert abs(sum(row.npv for row in result.who_pays) - outcome.npv) <= D("0.01")
    for row in result.who_pays:
        assert row.net == row.gains - row.pays


@pytest.mark.parametrize("split", list(SplitKey))
def test_split_keys(split: SplitKey) -> None:
    result = shared_operations(two_members(split=split))
    shares = [row.share for row in result.who_pays]
    expected = {
        SplitKey.EQUAL: [D("0.5"), D("0.5")],
        SplitKey.STAFF: [D("0.7143"), D("0.2857")],
        SplitKey.OPERATIONS_COST: [D("0.75"), D("0.25")],
    }[split]
    assert shares == expected


def test_uneven_split_is_flagged() -> None:
    inputs = SharedOperationsInputs(
        members=(Member("Vært", D(1_000_000), D(2), 1), Member("Gæst", D(1_000_000), D(2), 1)),
        split=SplitKey.EQUAL,
        consolidation_saving=Assumption(D("0.01"), "test"),
    )
    result = shared_operations(inputs)
    assert result.flag("uneven_split") is not None


def test_shared_operations_validation() -> None:
    with pytest.raises(ValueError, match="two members"):
        shared_operations(SharedOperationsInputs(members=(Member("A", D(1), D(1), 1),)))
    zero = (Member("A", D(0), D(0), 1), Member("B", D(0), D(0), 1))
    with pytest.raises(ValueError, match="split"):
        shared_operations(SharedOperationsInputs(members=zero, split=SplitKey.STAFF))
    with pytest.raises(ValueError, match="phase-in"):
        shared_operations(two_members(saving_ramp_years=Assumption(D(0), "test")))


def test_shared_operations_without_short_term_loss_has_no_such_flag() -> None:
    cheap = {
        "transition_investment_share": Assumption(D(0), "test"),
        "startup_coordination_share": Assumption(D(0), "test"),
        "coordination_share": Assumption(D(0), "test"),
        "invoicing_per_member": Assumption(D(0), "test"),
        "retained_fte_per_member": Assumption(D(0), "test"),
        "salary_uplift": Assumption(D(0), "test"),
        "data_centre_closure_cost": Assumption(D(0), "test"),
        "saving_ramp_years": Assumption(D("0.5"), "test"),
    }
    result = shared_operations(two_members(**cheap))
    assert result.flag("short_term_costs") is None


def test_standardised_procurement_golden() -> None:
    inputs = no_spread(ProcurementInputs(D(10_000_000), D(100), horizon=3))
    result = standardised_procurement(inputs)
    outcome = evaluate(result.case)
    # Full-effect savings: 10 mio. x (0.15 x 0.10 + 0.20 x 0.05) = 250,000, phased in
    # over 4 years: 0, 62,500, 125,000.
    # Costs: team 2 x 650,000 = 1,300,000 a year; lead time 100 x 10 x 500 = 500,000;
    # process set-up 300,000 in year 0 and 100,000 a year after.
    assert outcome.benefits == (D("0.00"), D("62500.00"), D("125000.00"))
    assert outcome.costs == (D("2100000.00"), D("1900000.00"), D("1900000.00"))
    risk = result.case.risks[0]
    # Shadow IT: 0.4 x 250,000 x (3 - 2) years.
    assert risk.consequence.mode == D(100_000)
    assert risk.probability == D("0.3")
    assert result.flag("shadow_it") is not None


def test_reuse_golden() -> None:
    result = reuse(no_spread(ReuseInputs(D(2), horizon=3)))
    outcome = evaluate(result.case)
    # Year 1: avoided 2 x 400,000 + 2 x 1 x 80,000 = 960,000;
    #   costs: adaptation 0.35 x 800,000 = 280,000, haircut 0.2 x 2 x 480,000 = 192,000,
    #   overview 100,000.
    # Year 2: avoided 800,000 + 320,000 = 1,120,000; haircut 0.4 x 560,000 = 224,000.
    assert outcome.benefits == (D("0.00"), D("960000.00"), D("1120000.00"))
    assert outcome.costs == (D("100000.00"), D("572000.00"), D("604000.00"))
    assert result.flag("best_of_breed") is not None


def test_coherent_processes_golden() -> None:
    inputs = no_spread(
        ProcessInputs((ProcessFlow("Byggesag", D(6000), D(10)),), integrations=D(2), horizon=3)
    )
    result = coherent_processes(inputs)
    outcome = evaluate(result.case)
    # 6,000 cases x 10 min / 60 = 1,000 hours x 400 kr. = 400,000, ramped 0, 0.5, 1.
    assert outcome.benefits == (D("0.00"), D("200000.00"), D("400000.00"))
    # Year 0: integrations 0.5 x 500,000 + mapping 300,000 + governance 325,000.
    # Years 1-2: integrations 250,000 (year 1 only) + operation 60,000 + governance.
    assert outcome.costs == (D("875000.00"), D("635000.00"), D("385000.00"))
    assert outcome.totals_by_kind[LineKind.EFFICIENCY] == D("600000.00")
    assert result.flag("benefit_realisation") is not None
    assert result.flag("no_quick_purchases") is not None
    assert result.flag("missing") is None


def test_lines_from_one_assumption_are_drawn_together_and_widen_the_band() -> None:
    from engine.simulation import simulate

    case = shared_operations(two_members()).case
    saving = [line for line in case.lines if line.key.startswith("saving:")]
    assert {line.group for line in saving} == {"saving"} and len(saving) == 2
    together = simulate(case, iterations=20_000, seed=5)
    apart = simulate(
        dataclasses.replace(
            case, lines=tuple(dataclasses.replace(line, group="") for line in case.lines)
        ),
        iterations=20_000,
        seed=5,
    )
    assert together.p90 - together.p10 > apart.p90 - apart.p10
    assert together.deterministic_npv == apart.deterministic_npv
    assert abs(together.mean - apart.mean) < (apart.p90 - apart.p10) / 20
