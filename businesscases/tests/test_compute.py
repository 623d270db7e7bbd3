"""Model -> engine conversion, the result summary and the benefit-realisation variance."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from businesscases import compute
from businesscases.choices import LineKind
from businesscases.models import BenefitActual, BusinessCase, CaseLine, CaseRisk
from businesscases.tests import factories as f
from engine.business_case import Estimate
from engine.business_case import LineKind as EngineKind
from organizations.testing import make_organization


def _case(**fields: object) -> BusinessCase:
    values: dict[str, object] = {"name": "Håndregnet", "start_year": 2026, "horizon": 4}
    values.update(fields)
    return BusinessCase(**values)


def _line(
    pk: int, name: str, kind: str, amounts: tuple[int, int, int], years: list[int], **fields: Any
) -> CaseLine:
    """An unsaved line with the three-point estimate ``amounts`` (low, mode, high)."""
    low, mode, high = (Decimal(amount) for amount in amounts)
    return CaseLine(
        pk=pk, name=name, kind=kind, low=low, mode=mode, high=high, years=years, **fields
    )


def _platform_and_saving(
    platform: tuple[int, int, int], saving: tuple[int, int, int]
) -> list[CaseLine]:
    """An investment in the first year and a saving in each of the three after it."""
    return [
        _line(1, "Platform", LineKind.INVESTMENT, platform, [0]),
        _line(2, "Besparelse", LineKind.ECONOMIC, saving, [1, 2, 3]),
    ]


def test_npv_of_a_small_case_worked_out_by_hand() -> None:
    """-1.000 kr. in 2026, +500 kr. in 2027-2029, discounted at 3,5 %:
    -1000 + 500/1,035 + 500/1,035^2 + 500/1,035^3
    = -1000 + 483,0918 + 466,7554 + 450,9714 = 400,8186 ~ 400,82 kr."""
    case = _case()
    lines = _platform_and_saving((1000, 1000, 1000), (500, 500, 500))
    result = compute.compute(case, lines, [], with_simulation=False)
    assert result.result.npv == Decimal("400.82")
    assert [row.year for row in result.years] == [2026, 2027, 2028, 2029]
    assert [row.net for row in result.years] == [
        Decimal("-1000.00"),
        Decimal("500.00"),
        Decimal("500.00"),
        Decimal("500.00"),
    ]
    assert result.result.payback is not None
    assert (result.result.payback.year, result.result.payback.month) == (2, 12)
    assert result.calendar_year(result.result.break_even) == 2029


def test_conversion_keeps_kinds_phase_in_hourly_rate_bearer_and_score() -> None:
    """An efficiency line: 10 hours x 400 kr. at 50 % in 2027 and 100 % in 2028:
    2.000/1,035 + 4.000/1,035^2 = 1.932,37 + 3.734,04 = 5.666,41 kr."""
    case = _case(horizon=3)
    line = _line(
        7,
        "Tid",
        LineKind.EFFICIENCY,
        (8, 10, 11),
        [1, 2],
        factors=["0.5", "1"],
        unit_value=Decimal(400),
        bearer="Jobcenter",
    )
    score = _line(8, "Tilfredshed", LineKind.NON_MONETARY, (0, 0, 0), [], score=4)
    engine = compute.engine_case(case, [line, score], [])
    converted = engine.lines[0]
    assert converted.kind is EngineKind.EFFICIENCY
    assert converted.estimate == Estimate(Decimal(8), Decimal(10), Decimal(11))
    assert converted.factors == (Decimal("0.5"), Decimal(1))
    assert converted.unit_value == Decimal(400)
    assert converted.bearer == "Jobcenter"
    assert converted.key == "line:7"
    assert engine.lines[1].score == 4 and not engine.lines[1].is_monetary
    result = compute.compute(case, [line, score], [], with_simulation=False).result
    assert result.npv == Decimal("5666.41")
    assert result.non_monetary == (("Tilfredshed", 4),)
    assert [b.bearer for b in result.by_bearer] == ["Jobcenter"]


def test_risks_convert_and_reduce_the_npv_after_risks() -> None:
    """Risk: 50 % x PERT mean (0 + 4 x 100 + 200)/6 = 50 kr. in 2026 (not discounted)."""
    case = _case()
    risk = CaseRisk(
        pk=3,
        name="Forsinkelse",
        probability=Decimal("0.5"),
        low=Decimal(0),
        mode=Decimal(100),
        high=Decimal(200),
        year=0,
        bearer="IT",
    )
    line = _line(1, "Gevinst", LineKind.ECONOMIC, (100, 100, 100), [0])
    result = compute.compute(case, [line], [risk], with_simulation=False).result
    assert result.expected_risk_cost == Decimal("50.00")
    assert result.npv - result.npv_after_risks == Decimal("50.00")
    assert compute.engine_risk(risk).key == "risk:3"


@pytest.mark.django_db
def test_simulation_is_seeded_and_the_summary_is_json() -> None:
    org = make_organization()
    case = f.simple_case(org, iterations=3_000, seed=11)
    f.risk(case)
    first = compute.summary(compute.compute(case))
    again = compute.summary(compute.compute(BusinessCase.objects.get(pk=case.pk)))
    assert first == again
    assert first["npv"] == "400.82"
    assert first["simulation"]["iterations"] == 3_000
    assert set(first["simulation"]) >= {"p10", "p50", "p90", "probability_positive"}
    assert Decimal(first["simulation"]["p10"]) < Decimal(first["simulation"]["p90"])
    assert first["risk_pool"]["coverage"] == "0.80"
    assert {bar["key"] for bar in first["tornado"]} == {
        f"line:{pk}" for pk in case.lines.values_list("pk", flat=True)
    } | {f"risk:{case.risks.get().pk}"}
    assert [row["year"] for row in first["years"]] == [2026, 2027, 2028, 2029]
    case.seed = 12
    assert compute.summary(compute.compute(case))["simulation"]["p50"] != first["simulation"]["p50"]


def test_charts_have_the_series_of_their_tables() -> None:
    case = _case(iterations=2_000)
    lines = _platform_and_saving((900, 1000, 1200), (300, 500, 550))
    computation = compute.compute(case, lines, [])
    labels = {
        k: k
        for k in (
            "costs",
            "benefits",
            "net",
            "cumulative",
            "discounted",
            "iterations",
            "frequency",
            "low",
            "high",
        )
    }
    charts = compute.charts(computation, labels)
    assert set(charts) == {"chart-cashflow", "chart-cumulative", "chart-histogram", "chart-tornado"}
    assert charts["chart-cashflow"]["series"][0]["data"] == [-1000.0, 0.0, 0.0, 0.0]
    assert charts["chart-cumulative"]["series"][0]["data"][-1] == 500.0
    histogram = charts["chart-histogram"]["series"][0]["data"]
    assert sum(histogram) == 2_000 and len(histogram) == compute.HISTOGRAM_BINS
    assert sum(row[2] for row in compute.histogram_rows(computation)) == 2_000
    assert charts["chart-tornado"]["categories"][0] == "Besparelse"


def test_empty_case_has_no_simulation() -> None:
    computation = compute.compute(_case(), [], [])
    assert computation.simulation is None and not computation.has_lines
    assert compute.summary(computation)["simulation"] is None


PLAN = [
    (2026, Decimal(1000), Decimal(0)),
    (2027, Decimal(100), Decimal(600)),
    (2028, Decimal(100), Decimal(600)),
]


def _actual(year: int, kind: str, amount: int) -> BenefitActual:
    return BenefitActual(year=year, kind=kind, amount=Decimal(amount))


def test_variance_over_reported_years_only() -> None:
    report = compute.variance(
        PLAN,
        [
            _actual(2026, "cost", 1050),
            _actual(2026, "benefit", 0),
            _actual(2027, "cost", 100),
            _actual(2027, "benefit", 450),
        ],
    )
    assert report.reported_years == (2026, 2027)
    # planned: -1000 + 500 = -500; actual: -1050 + 350 = -700; -200 / 500 = -40 %
    assert (report.planned_net, report.actual_net) == (Decimal(-500), Decimal(-700))
    assert report.deviation == Decimal(-200)
    assert report.deviation_percent == Decimal("-40.0")
    assert report.drifting
    row = report.rows[1]
    assert row.variance == Decimal(-150) and row.variance_percent == Decimal("-30.0")
    assert report.rows[2].actual_net is None and report.rows[2].variance_percent is None


def test_a_missing_figure_counts_as_planned_and_ten_percent_is_not_drift() -> None:
    report = compute.variance(PLAN, [_actual(2026, "cost", 1100)])
    assert report.actual_net == Decimal(-1100)
    assert report.deviation_percent == Decimal("-10.0")
    assert not report.drifting
    assert compute.variance(PLAN, [_actual(2026, "cost", 1101)]).drifting
    assert compute.variance(PLAN, [_actual(2027, "benefit", 600)]).deviation == 0


def test_no_actuals_no_drift_and_zero_plan() -> None:
    assert not compute.variance(PLAN, []).drifting
    zero = [(2026, Decimal(100), Decimal(100))]
    report = compute.variance(zero, [_actual(2026, "benefit", 90)])
    assert report.deviation_percent is None and report.drifting
    assert not compute.variance(zero, [_actual(2026, "benefit", 100)]).drifting
