"""Business case: structure, validation and a golden case worked out by hand."""

from decimal import Decimal

import pytest

from engine.evaluation import evaluate
from engine.finance import Payback
from engine.lines import (
    Basis,
    BusinessCase,
    Estimate,
    Line,
    LineKind,
    Risk,
    efficiency_line,
    non_monetary_line,
    scenario_difference,
    year_range,
)

D = Decimal


def fixed(value: int | str) -> Estimate:
    return Estimate.fixed(D(value))


def golden_case() -> BusinessCase:
    return BusinessCase(
        "Golden",
        (
            Line("Platform", LineKind.INVESTMENT, fixed(1_000_000), (0,), bearer="IT"),
            Line("Drift", LineKind.OPERATION, fixed(120_000), year_range(1, 5), bearer="IT"),
            Line(
                "Budgetgevinst",
                LineKind.ECONOMIC,
                fixed(450_000),
                year_range(1, 5),
                bearer="Social",
            ),
            efficiency_line("Frigjort tid", fixed(500), D(400), year_range(2, 5), bearer="Social"),
            non_monetary_line("Borgertilfredshed", 4, bearer="Social"),
        ),
        horizon=5,
        risks=(Risk("Forsinkelse", D("0.5"), Estimate(D(0), D(60_000), D(120_000)), year=1),),
    )


def test_golden_case_spreadsheet_style() -> None:
    # Year        0           1         2         3         4
    # Costs   1,000,000   120,000   120,000   120,000   120,000
    # Benefit         0   450,000   650,000   650,000   650,000  (500 h x 400 from year 2)
    # Net    -1,000,000   330,000   530,000   530,000   530,000
    result = evaluate(golden_case())
    assert result.costs == (D("1000000.00"), *(D("120000.00"),) * 4)
    assert result.benefits == (D("0.00"), D("450000.00"), *(D("650000.00"),) * 3)
    assert result.net == (D("-1000000.00"), D("330000.00"), *(D("530000.00"),) * 3)
    assert result.cumulative == (
        D("-1000000.00"),
        D("-670000.00"),
        D("-140000.00"),
        D("390000.00"),
        D("920000.00"),
    )
    assert result.npv == D("753495.27")  # see test_finance: exact fraction check
    # Cumulative after year 2 is -140,000; year 3 brings 530,000, so recovery takes
    # 140,000 / 530,000 = 0.264 of year 3 -> month ceil(3.17) = 4, 3.26 years.
    assert result.payback == Payback(year=3, month=4, years=D("3.26"))
    assert result.break_even == 3
    # PV benefits = 450,000/1.035 + 650,000 (1/1.035^2 + 1/1.035^3 + 1/1.035^4)
    #             = 434,782.609 + 606,781.955 + 586,262.759 + 566,437.448 = 2,194,264.77
    # PV costs    = 1,000,000 + 120,000 x 3.6730793 = 1,440,769.51 -> ratio 1.52
    assert result.benefit_cost_ratio == D("1.52")
    assert result.totals_by_kind == {
        LineKind.INVESTMENT: D("1000000.00"),
        LineKind.OPERATION: D("480000.00"),
        LineKind.ECONOMIC: D("1800000.00"),
        LineKind.EFFICIENCY: D("600000.00"),
    }
    assert result.non_monetary == (("Borgertilfredshed", 4),)
    # Risk: 0.5 x (0 + 4 x 60,000 + 120,000) / 6 = 30,000 in year 1 -> PV 28,985.51
    assert result.expected_risk_cost == D("30000.00")
    assert result.npv_after_risks == D("724509.76")


def test_totals_by_bearer_show_who_pays_and_who_gains() -> None:
    rows = {row.bearer: row for row in evaluate(golden_case()).by_bearer}
    assert rows["IT"].cost == D("1480000.00")
    assert rows["IT"].benefit == D("0.00")
    assert rows["IT"].net == D("-1480000.00")
    assert rows["Social"].benefit == D("2400000.00")
    # Each bearer's NPV is rounded on its own: PV costs 1,440,769.51, PV benefits
    # 2,194,264.77; together they agree with the case NPV to the øre.
    assert rows["IT"].npv == D("-1440769.51")
    assert rows["Social"].npv == D("2194264.77")
    assert abs(rows["IT"].npv + rows["Social"].npv - D("753495.27")) <= D("0.01")


def test_single_bearer_npv_equals_case_npv() -> None:
    case = BusinessCase("One", (Line("A", LineKind.ECONOMIC, fixed(100), (1, 2)),), horizon=3)
    result = evaluate(case)
    assert result.by_bearer[0].npv == result.npv
    assert result.npv_after_risks == result.npv


def test_expected_basis_uses_the_pert_mean() -> None:
    case = BusinessCase(
        "Pert",
        (Line("A", LineKind.ECONOMIC, Estimate(D(60), D(90), D(180)), (0,)),),
        horizon=3,
    )
    # (60 + 4 x 90 + 180) / 6 = 100
    assert evaluate(case, Basis.EXPECTED).npv == D("100.00")
    assert evaluate(case).npv == D("90.00")


def test_factors_scale_each_year() -> None:
    line = Line(
        "Ramp",
        LineKind.ECONOMIC,
        fixed(1000),
        (0, 1, 2),
        factors=(D(0), D("0.5"), D(1)),
    )
    result = evaluate(BusinessCase("Ramp", (line,), horizon=3))
    assert result.benefits == (D("0.00"), D("500.00"), D("1000.00"))
    assert line.weights() == (D(0), D("0.5"), D(1))
    assert result.totals_by_kind[LineKind.ECONOMIC] == D("1500.00")


def test_estimate_helpers() -> None:
    e = Estimate(D(80), D(100), D(150))
    assert e.point(Basis.MOST_LIKELY) == 100
    assert e.point(Basis.EXPECTED) == D(105)
    with pytest.raises(TypeError):
        Estimate(1, 2, 3)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Estimate.spread(D(-1), D(0), D(0))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"factors": (D(1),)},
        {"years": (1, 1)},
        {"years": (-1,)},
        {"estimate": Estimate(D(-1), D(0), D(1))},
        {"factors": (D(-1), D(1))},
        {"score": 3},
    ],
)
def test_line_validation(kwargs: dict[str, object]) -> None:
    base: dict[str, object] = {
        "name": "X",
        "kind": LineKind.OPERATION,
        "estimate": fixed(1),
        "years": (0, 1),
    }
    base.update(kwargs)
    with pytest.raises(ValueError):
        Line(**base)  # type: ignore[arg-type]


def test_non_monetary_validation() -> None:
    with pytest.raises(ValueError):
        non_monetary_line("X", 6)
    with pytest.raises(ValueError):
        Line("X", LineKind.NON_MONETARY, fixed(5), (), score=3)
    assert non_monetary_line("X", 0).weights() == ()
    assert Line("Cost", LineKind.OPERATION, fixed(1), (0,)).is_cost


def test_case_validation() -> None:
    line = Line("A", LineKind.OPERATION, fixed(1), (5,))
    with pytest.raises(ValueError, match="horizon"):
        BusinessCase("X", (), horizon=2)
    with pytest.raises(ValueError, match="horizon"):
        BusinessCase("X", (), horizon=11)
    with pytest.raises(ValueError, match="beyond"):
        BusinessCase("X", (line,), horizon=5)
    risk = Risk("R", D("0.1"), fixed(1), year=5)
    with pytest.raises(ValueError, match="beyond"):
        BusinessCase("X", (), horizon=5, risks=(risk,))
    many = tuple(Risk(f"R{i}", D("0.1"), fixed(1)) for i in range(13))
    with pytest.raises(ValueError, match="12"):
        BusinessCase("X", (), risks=many)


def test_risk_validation() -> None:
    with pytest.raises(ValueError):
        Risk("R", D("1.1"), fixed(1))
    with pytest.raises(ValueError):
        Risk("R", D("0.1"), fixed(1), year=-1)


def test_scenario_difference() -> None:
    assert scenario_difference([D(10), D(10)], [D(4), D(12)]) == (D(6), D(-2))
    with pytest.raises(ValueError):
        scenario_difference([D(1)], [])


def test_business_case_re_exports_the_public_names_of_its_modules() -> None:
    from engine import business_case, evaluation, lines, risks, sampling, simulation

    modules = (lines, evaluation, risks, sampling, simulation)
    # The names callers imported from engine.business_case before it was split.
    assert sorted(business_case.__all__) == sorted(
        [
            "MAX_HORIZON",
            "MAX_RISKS",
            "MIN_HORIZON",
            "Basis",
            "BearerTotals",
            "BusinessCase",
            "Driver",
            "CaseResult",
            "Distribution",
            "Estimate",
            "HistogramBin",
            "Line",
            "LineKind",
            "Risk",
            "RiskPool",
            "SimulationResult",
            "TornadoBar",
            "efficiency_line",
            "evaluate",
            "non_monetary_line",
            "risk_pool",
            "scenario_difference",
            "simulate",
            "year_range",
        ]
    )
    for name in business_case.__all__:
        (home,) = [m for m in modules if name in m.__all__]
        assert getattr(business_case, name) is getattr(home, name)
