"""Business case rows -> the engine, and the engine's answer -> figures, charts and tables.

Pure conversion: no queries beyond reading the rows handed in, no writes, no caching (a
result is computed from the rows every time, so there is nothing to invalidate).

* :func:`engine_case` turns a :class:`~businesscases.models.BusinessCase` with its lines
  and risks into :class:`engine.business_case.BusinessCase` (amounts stay Decimal).
* :func:`compute` evaluates it (:func:`engine.business_case.evaluate`) and, when asked,
  runs the seeded Monte Carlo simulation (:func:`engine.business_case.simulate`) with the
  case's iterations, seed and risk-pool coverage - the same seed gives the same result.
* :func:`summary` is the JSON-ready result (API, frozen versions); :func:`charts` the
  chart specifications for ``static/js/styrbar-charts.js``.
* :func:`plan_by_year` and :func:`variance` compare the plan with the actual figures
  recorded after approval (benefit realisation); :data:`DRIFT_THRESHOLD` is the rule of
  the dashboard card.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from businesscases.choices import ActualKind, BudgetReduction, CaseTemplate
from businesscases.models import BenefitActual, BusinessCase, CaseLine, CaseRisk
from engine.business_case import (
    BusinessCase as EngineCase,
)
from engine.business_case import (
    CaseResult,
    Driver,
    Estimate,
    Line,
    LineKind,
    Risk,
    SimulationResult,
    evaluate,
    non_monetary_line,
    simulate,
)
from engine.case_templates.channel_shift import (
    PriceScenario,
    ServiceVolume,
    break_even_in_person,
    price_scenarios,
    shift_drivers,
)
from engine.channels import ChannelPrices
from engine.common import Assumption
from engine.finance import DEFAULT_DISCOUNT_RATE, cumulative, discount_factors
from engine.money import ORE, ZERO, format_mio

FACTOR_PLACES = Decimal("0.000001")
"""Stored phase-in factors keep six decimals (a percentage with four)."""

DRIFT_THRESHOLD = Decimal(10)
"""A case drifts from plan when its actual net benefit deviates more than 10 % (see
:func:`variance`)."""

HISTOGRAM_BINS = 20
TORNADO_BARS = 10


# --- model -> engine --------------------------------------------------------------------


def line_key(line: CaseLine) -> str:
    return f"line:{line.pk}"


def risk_key(risk: CaseRisk) -> str:
    return f"risk:{risk.pk}"


def engine_line(line: CaseLine) -> Line:
    """One row as an engine line. Non-monetary rows carry only their score."""
    kind = LineKind(line.kind)
    if kind is LineKind.NON_MONETARY:
        return non_monetary_line(line.name, line.score or 0, bearer=line.bearer, key=line_key(line))
    return Line(
        name=line.name,
        kind=kind,
        estimate=Estimate(Decimal(line.low), Decimal(line.mode), Decimal(line.high)),
        years=tuple(int(year) for year in line.years),
        bearer=line.bearer,
        factors=tuple(Decimal(str(f)) for f in line.factors or ()),
        unit_value=Decimal(line.unit_value),
        key=line_key(line),
        group=line.group,
    )


def engine_risk(risk: CaseRisk) -> Risk:
    return Risk(
        name=risk.name,
        probability=Decimal(risk.probability),
        consequence=Estimate(Decimal(risk.low), Decimal(risk.mode), Decimal(risk.high)),
        year=risk.year,
        bearer=risk.bearer,
        key=risk_key(risk),
    )


def engine_case(
    case: BusinessCase,
    lines: Iterable[CaseLine],
    risks: Iterable[CaseRisk],
    drivers: tuple[Driver, ...] = (),
) -> EngineCase:
    """The case as the engine sees it (raises ValueError on rows the engine refuses;
    the services validate every row first, so stored cases always convert)."""
    return EngineCase(
        name=case.name,
        lines=tuple(engine_line(line) for line in lines),
        horizon=case.horizon,
        rate=Decimal(case.rate),
        risks=tuple(engine_risk(risk) for risk in risks),
        drivers=drivers,
    )


# --- the computation --------------------------------------------------------------------


@dataclass(frozen=True)
class YearRow:
    """One calendar year of the deterministic case."""

    year: int
    cost: Decimal
    benefit: Decimal
    net: Decimal
    cumulative: Decimal
    discounted_cumulative: Decimal


@dataclass(frozen=True)
class Computation:
    """The evaluated (and possibly simulated) case with its calendar years."""

    case: BusinessCase
    engine: EngineCase
    result: CaseResult
    simulation: SimulationResult | None
    years: tuple[YearRow, ...]
    # A channel-shift case: its NPV with each price preset, and the break-even price.
    price_scenarios: tuple[PriceScenario, ...] = ()
    break_even_price: Decimal | None = None

    @property
    def has_lines(self) -> bool:
        return bool(self.engine.lines)

    def calendar_year(self, index: int | None) -> int | None:
        return None if index is None else self.case.start_year + index


def _stored_prices(chosen: dict[str, Any], name: str) -> ChannelPrices:
    in_person, digital = chosen[f"{name}.in_person"], chosen[f"{name}.digital"]
    return ChannelPrices(
        "case",
        Assumption(Decimal(in_person["value"]), str(in_person.get("source", ""))),
        Assumption(Decimal(digital["value"]), str(digital.get("source", ""))),
    )


def _chosen(case: BusinessCase) -> dict[str, Any] | None:
    if case.template != CaseTemplate.CHANNEL_SHIFT:
        return None
    chosen = (case.template_inputs or {}).get("assumptions") or {}
    return chosen if isinstance(chosen, dict) else None


def case_prices(case: BusinessCase) -> ChannelPrices | None:
    """A channel-shift case's unit prices as its template inputs recorded them (None for
    another template, or a case whose inputs no longer hold them)."""
    chosen = _chosen(case)
    try:
        return None if chosen is None else _stored_prices(chosen, "prices")
    except (KeyError, TypeError, InvalidOperation, ValueError):
        return None


def case_drivers(case: BusinessCase) -> tuple[Driver, ...]:
    """A channel-shift case's uncertain unit prices and adoption, rebuilt from the ranges
    and services its template inputs recorded
    (:func:`engine.case_templates.channel_shift.shift_drivers`); the simulation draws
    them for the saving lines (group ``shift``). Empty for another template, or a case
    created before the ranges existed (then only the lines' own ranges are drawn)."""
    chosen = _chosen(case)
    if chosen is None:
        return ()
    try:
        prices = tuple(_stored_prices(chosen, n) for n in ("prices_low", "prices", "prices_high"))
        ceiling = tuple(
            Decimal(chosen[key]["value"])
            for key in ("adoption_ceiling_low", "adoption_ceiling", "adoption_ceiling_high")
        )
        services = tuple(
            ServiceVolume(str(row["name"]), Decimal(row["in_person"]), Decimal(row["digital"]))
            for row in (case.template_inputs.get("inputs") or {}).get("services") or ()
        )
        return shift_drivers(
            (prices[0], prices[1], prices[2]), (ceiling[0], ceiling[1], ceiling[2]), services
        )
    except (KeyError, TypeError, InvalidOperation, ValueError):
        return ()


def compute(
    case: BusinessCase,
    lines: Sequence[CaseLine] | None = None,
    risks: Sequence[CaseRisk] | None = None,
    *,
    with_simulation: bool = True,
) -> Computation:
    """Evaluate the case and (``with_simulation``) simulate it with its own iterations,
    seed and coverage. ``lines``/``risks`` default to the case's (prefetched) rows."""
    rows = list(case.lines.all()) if lines is None else list(lines)
    risk_rows = list(case.risks.all()) if risks is None else list(risks)
    model = engine_case(case, rows, risk_rows, case_drivers(case))
    result = evaluate(model)
    simulation = (
        simulate(
            model,
            iterations=case.iterations,
            seed=case.seed,
            coverage=Decimal(case.coverage),
        )
        if with_simulation and (model.lines or model.risks)
        else None
    )
    factors = discount_factors(model.rate, model.horizon)
    discounted = cumulative([n * f for n, f in zip(result.net, factors, strict=True)])
    years = tuple(
        YearRow(
            year=case.start_year + t,
            cost=result.costs[t],
            benefit=result.benefits[t],
            net=result.net[t],
            cumulative=result.cumulative[t],
            discounted_cumulative=discounted[t].quantize(ORE, ROUND_HALF_UP),
        )
        for t in range(model.horizon)
    )
    prices = case_prices(case)
    scenarios = price_scenarios(model, prices) if prices is not None else ()
    return Computation(
        case,
        model,
        result,
        simulation,
        years,
        price_scenarios=scenarios,
        break_even_price=(
            break_even_in_person(model, prices) if scenarios and prices is not None else None
        ),
    )


# --- JSON summary (API, frozen versions) ------------------------------------------------


def _rate(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}".replace(".", ",") + " %"


def _money(value: Decimal) -> str:
    return f"{value.quantize(ORE, ROUND_HALF_UP):.2f}"


def _range(estimate: Estimate) -> dict[str, str]:
    return {"low": str(estimate.low), "mode": str(estimate.mode), "high": str(estimate.high)}


def _optional_money(value: Decimal | None) -> str | None:
    return None if value is None else _money(value)


def budget_statement(case: BusinessCase, economic_total: Decimal) -> str:
    """Whether the case proposes a budget reduction, said plainly (Danish, like the paper)."""
    amount = format_mio(economic_total)
    if economic_total <= 0:
        return "Casen har ingen økonomiske gevinster i budgettet; der er ingen budgetreduktion."
    if case.budget_reduction == BudgetReduction.PROPOSED:
        return (
            f"Det foreslås, at de økonomiske gevinster i budgettet ({amount} over "
            f"{case.horizon} år) tages ud af budgettet."
        )
    if case.budget_reduction == BudgetReduction.NOT_PROPOSED:
        return (
            f"De økonomiske gevinster i budgettet ({amount} over {case.horizon} år) bliver i "
            "forvaltningen; der foreslås ingen budgetreduktion."
        )
    return (
        f"Casen har {amount} i økonomiske gevinster i budgettet over {case.horizon} år, men "
        "der er ikke taget stilling til, om de tages ud af budgettet."
    )


def summary(computation: Computation) -> dict[str, Any]:
    """The result as plain JSON: money as decimal strings, years as calendar years."""
    result = computation.result
    case = computation.case
    payback = result.payback
    economic = result.totals_by_kind.get(LineKind.ECONOMIC, ZERO)
    data: dict[str, Any] = {
        "basis": str(result.basis),
        "rate": str(result.rate),
        "horizon": case.horizon,
        "start_year": case.start_year,
        "npv": _money(result.npv),
        "expected_npv": None,
        "most_likely_outside_band": None,
        "price_level": {
            "basis": "faste priser",
            "base_year": case.start_year,
            "text": (
                f"Alle beløb er i faste priser (prisniveau {case.start_year}); de fremskrives ikke."
            ),
        },
        "rate_source": (
            "Finansministeriets kalkulationsrente (real, 2021): 3,5 %"
            if result.rate == DEFAULT_DISCOUNT_RATE
            else f"Kommunens egen diskonteringsrente: {_rate(result.rate)}"
        ),
        "npv_after_risks": _money(result.npv_after_risks),
        "payback": (
            None
            if payback is None
            else {
                "year": computation.calendar_year(payback.year),
                "year_index": payback.year,
                "month": payback.month,
                "years": str(payback.years),
            }
        ),
        "break_even": computation.calendar_year(result.break_even),
        "benefit_cost_ratio": (
            None if result.benefit_cost_ratio is None else str(result.benefit_cost_ratio)
        ),
        "totals_by_kind": {str(k): _money(v) for k, v in result.totals_by_kind.items()},
        "by_bearer": [
            {
                "bearer": row.bearer,
                "cost": _money(row.cost),
                "benefit": _money(row.benefit),
                "net": _money(row.net),
                "npv": _money(row.npv),
            }
            for row in result.by_bearer
        ],
        "non_monetary": [{"name": name, "score": score} for name, score in result.non_monetary],
        "expected_risk_cost": _money(result.expected_risk_cost),
        "years": [
            {
                "year": row.year,
                "cost": _money(row.cost),
                "benefit": _money(row.benefit),
                "net": _money(row.net),
                "cumulative": _money(row.cumulative),
                "discounted_cumulative": _money(row.discounted_cumulative),
            }
            for row in computation.years
        ],
        "simulation": None,
        "risk_pool": None,
        "tornado": [],
        "price_scenarios": [
            {
                "key": scenario.key,
                "in_person": _money(scenario.in_person),
                "digital": _money(scenario.digital),
                "npv": _money(scenario.npv),
            }
            for scenario in computation.price_scenarios
        ],
        "break_even_in_person": _optional_money(computation.break_even_price),
        "drivers": [
            {
                "key": driver.key,
                "name": driver.name,
                "group": driver.group,
                "range": _range(driver.estimate),
                "minus": _range(driver.minus),
                "most_likely": str(driver.most_likely),
            }
            for driver in computation.engine.drivers
        ],
        "budget": {
            "economic_benefits": _money(economic),
            "reduction": str(case.budget_reduction),
            "text": budget_statement(case, economic),
        },
    }
    sim = computation.simulation
    if sim is not None:
        data["expected_npv"] = _money(sim.expected_npv)
        data["most_likely_outside_band"] = sim.most_likely_outside_band
        data["simulation"] = {
            "iterations": sim.iterations,
            "seed": sim.seed,
            "distribution": str(sim.distribution),
            "mean": _money(sim.mean),
            "p10": _money(sim.p10),
            "p50": _money(sim.p50),
            "p90": _money(sim.p90),
            "probability_positive": str(sim.probability_positive),
        }
        data["risk_pool"] = {
            "expected": _money(sim.risk_pool.expected),
            "pool": _money(sim.risk_pool.pool),
            "coverage": str(sim.risk_pool.coverage),
        }
        data["tornado"] = [
            {
                "name": bar.name,
                "key": bar.key,
                "is_risk": bar.is_risk,
                "npv_low": _money(bar.npv_low),
                "npv_high": _money(bar.npv_high),
                "swing": _money(bar.swing),
                "variance_share": str(bar.variance_share),
            }
            for bar in sim.tornado
        ]
    return data


# --- charts -----------------------------------------------------------------------------


def _number(value: Decimal) -> float:
    return float(value.quantize(Decimal(1), ROUND_HALF_UP))


def _series(name: str, kind: str, values: Iterable[Decimal]) -> dict[str, Any]:
    """One chart series: whole kroner."""
    return {"name": name, "kind": kind, "data": [_number(value) for value in values]}


def histogram_label(low: Decimal, high: Decimal, scale: Decimal) -> str:
    """A bin's midpoint with one decimal in the unit ``scale`` (1, 1.000 or 1.000.000 kr.),
    Danish style: ``-1,2 mio.``, ``512,0 t.``.

    >>> histogram_label(Decimal(1_000_000), Decimal(1_400_000), Decimal(1_000_000))
    '1,2 mio.'
    """
    middle = ((low + high) / 2 / scale).quantize(Decimal("0.1"), ROUND_HALF_UP)
    suffix = {Decimal(1_000_000): " mio.", Decimal(1_000): " t."}.get(scale, "")
    return f"{middle}".replace(".", ",") + suffix


def histogram_scale(bins: Sequence[Any]) -> Decimal:
    """Million kroner for ranges over a million, thousands over a thousand, else kroner."""
    largest = max((max(abs(b.low), abs(b.high)) for b in bins), default=ZERO)
    if largest >= 1_000_000:
        return Decimal(1_000_000)
    if largest >= 1_000:
        return Decimal(1_000)
    return Decimal(1)


def charts(computation: Computation, labels: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Chart specifications by element id. ``labels`` carries the translated series
    names (the templates translate; this module stays free of gettext)."""
    years = [str(row.year) for row in computation.years]
    specs: dict[str, dict[str, Any]] = {
        "chart-cashflow": {
            "type": "bar",
            "categories": years,
            "unit": "kr.",
            "series": [
                _series(labels["costs"], "bar", (-r.cost for r in computation.years)),
                _series(labels["benefits"], "bar", (r.benefit for r in computation.years)),
                _series(labels["net"], "line", (r.net for r in computation.years)),
            ],
        },
        "chart-cumulative": {
            "type": "bar",
            "categories": years,
            "unit": "kr.",
            "series": [
                _series(labels["cumulative"], "line", (r.cumulative for r in computation.years)),
                _series(
                    labels["discounted"],
                    "line",
                    (r.discounted_cumulative for r in computation.years),
                ),
            ],
        },
    }
    sim = computation.simulation
    if sim is not None:
        bins = sim.histogram(HISTOGRAM_BINS)
        specs["chart-histogram"] = {
            "type": "bar",
            "categories": [histogram_label(b.low, b.high, histogram_scale(bins)) for b in bins],
            "unit": labels["iterations"],
            "series": [
                {"name": labels["frequency"], "kind": "bar", "data": [b.count for b in bins]}
            ],
        }
        bars = sim.tornado[:TORNADO_BARS]
        if bars:
            base = sim.deterministic_npv
            specs["chart-tornado"] = {
                "type": "bar",
                "horizontal": True,
                "categories": [bar.name for bar in bars],
                "unit": "kr.",
                "series": [
                    _series(labels["low"], "bar", (bar.npv_low - base for bar in bars)),
                    _series(labels["high"], "bar", (bar.npv_high - base for bar in bars)),
                ],
            }
    return specs


def histogram_rows(computation: Computation) -> list[tuple[Decimal, Decimal, int, Decimal]]:
    """(low, high, count, share in %) per bin of the NPV histogram."""
    sim = computation.simulation
    if sim is None:
        return []
    return [
        (b.low, b.high, b.count, (Decimal(100 * b.count) / sim.iterations).quantize(Decimal("0.1")))
        for b in sim.histogram(HISTOGRAM_BINS)
    ]


# --- benefit realisation ----------------------------------------------------------------


@dataclass(frozen=True)
class VarianceRow:
    """Plan and actual for one calendar year. Actual cost/benefit are None when not
    recorded; ``actual_net`` then uses the planned value for the missing figure."""

    year: int
    planned_cost: Decimal
    planned_benefit: Decimal
    actual_cost: Decimal | None
    actual_benefit: Decimal | None

    @property
    def planned_net(self) -> Decimal:
        return self.planned_benefit - self.planned_cost

    @property
    def reported(self) -> bool:
        return self.actual_cost is not None or self.actual_benefit is not None

    @property
    def actual_net(self) -> Decimal | None:
        if not self.reported:
            return None
        cost = self.planned_cost if self.actual_cost is None else self.actual_cost
        benefit = self.planned_benefit if self.actual_benefit is None else self.actual_benefit
        return benefit - cost

    @property
    def variance(self) -> Decimal | None:
        actual = self.actual_net
        return None if actual is None else actual - self.planned_net

    @property
    def variance_percent(self) -> Decimal | None:
        return percent(self.variance, self.planned_net)


def percent(deviation: Decimal | None, planned: Decimal) -> Decimal | None:
    """``deviation / |planned| x 100`` with one decimal; None when planned is 0."""
    if deviation is None or planned == 0:
        return None
    return (deviation / abs(planned) * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Variance:
    """Plan versus actual over the years with recorded figures (the *reported* years)."""

    rows: tuple[VarianceRow, ...]
    planned_net: Decimal
    actual_net: Decimal
    deviation: Decimal
    deviation_percent: Decimal | None
    reported_years: tuple[int, ...]

    @property
    def drifting(self) -> bool:
        """True when the actual net benefit of the reported years deviates more than
        :data:`DRIFT_THRESHOLD` % from the planned (either way); with a planned net of
        exactly 0, any deviation counts."""
        if not self.reported_years:
            return False
        if self.deviation_percent is None:
            return self.deviation != 0
        return abs(self.deviation_percent) > DRIFT_THRESHOLD


def plan_by_year(computation: Computation) -> list[tuple[int, Decimal, Decimal]]:
    """(calendar year, planned cost, planned benefit) from the evaluated case."""
    return [(row.year, row.cost, row.benefit) for row in computation.years]


def variance(
    plan: Sequence[tuple[int, Decimal, Decimal]], actuals: Iterable[BenefitActual]
) -> Variance:
    """Compare the plan with the recorded actual figures.

    The rule: a year is *reported* when at least one actual figure (cost or benefit) is
    recorded for it; a figure not recorded in a reported year counts at its planned
    value. The actual and planned net benefit (benefits - costs) are summed over the
    reported years only; the deviation is ``actual - planned`` and the deviation in %
    is ``deviation / |planned| x 100``.

    >>> from businesscases.models import BenefitActual as A
    >>> plan = [(2026, Decimal(1000), Decimal(0)), (2027, Decimal(100), Decimal(600))]
    >>> v = variance(plan, [A(year=2026, kind="cost", amount=Decimal(1100))])
    >>> v.planned_net, v.actual_net, v.deviation_percent, v.drifting
    (Decimal('-1000'), Decimal('-1100'), Decimal('-10.0'), False)
    >>> variance(plan, [A(year=2027, kind="benefit", amount=Decimal(400))]).deviation_percent
    Decimal('-40.0')
    """
    recorded: dict[tuple[int, str], Decimal] = {
        (a.year, a.kind): Decimal(a.amount) for a in actuals
    }
    rows = tuple(
        VarianceRow(
            year=year,
            planned_cost=cost,
            planned_benefit=benefit,
            actual_cost=recorded.get((year, ActualKind.COST)),
            actual_benefit=recorded.get((year, ActualKind.BENEFIT)),
        )
        for year, cost, benefit in plan
    )
    reported = [row for row in rows if row.reported]
    planned = sum((row.planned_net for row in reported), ZERO)
    actual = sum((row.actual_net or ZERO for row in reported), ZERO)
    return Variance(
        rows=rows,
        planned_net=planned,
        actual_net=actual,
        deviation=actual - planned,
        deviation_percent=percent(actual - planned, planned),
        reported_years=tuple(row.year for row in reported),
    )


def variance_chart(report: Variance, labels: dict[str, str]) -> dict[str, Any]:
    """Planned and actual net benefit per year (actual missing where nothing is recorded)."""
    return {
        "type": "bar",
        "categories": [str(row.year) for row in report.rows],
        "unit": "kr.",
        "series": [
            _series(labels["planned"], "bar", (row.planned_net for row in report.rows)),
            {
                "name": labels["actual"],
                "kind": "bar",
                "data": [
                    None if row.actual_net is None else _number(row.actual_net)
                    for row in report.rows
                ],
            },
        ],
    }
