"""The deterministic business case: yearly and cumulative net flows, NPV, payback,
break-even, benefit/cost ratio, totals by kind and by bearer, and the expected risk cost.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from itertools import accumulate

from engine.finance import Payback, _payback, break_even, discount_factors, npv
from engine.lines import KIND_ORDER, Basis, BusinessCase, LineKind
from engine.money import ORE, ZERO

__all__ = ["BearerTotals", "CaseResult", "evaluate"]

_FOUR = Decimal(4)
_SIX = Decimal(6)
_to_ore = operator.methodcaller("quantize", ORE, ROUND_HALF_UP)
"""``value.quantize(ORE, ROUND_HALF_UP)`` as a C-level callable for ``map``."""


@dataclass(frozen=True, slots=True)
class BearerTotals:
    """Nominal totals over the horizon and the NPV for one bearer."""

    bearer: str
    cost: Decimal
    benefit: Decimal
    net: Decimal
    npv: Decimal


@dataclass(frozen=True, slots=True)
class CaseResult:
    """The deterministic case. Yearly amounts are rounded to the øre for display; the
    NPV is computed from the unrounded flows and rounded once."""

    basis: Basis
    rate: Decimal
    costs: tuple[Decimal, ...]
    benefits: tuple[Decimal, ...]
    net: tuple[Decimal, ...]
    cumulative: tuple[Decimal, ...]
    npv: Decimal
    payback: Payback | None
    break_even: int | None
    benefit_cost_ratio: Decimal | None
    totals_by_kind: dict[LineKind, Decimal]
    by_bearer: tuple[BearerTotals, ...]
    non_monetary: tuple[tuple[str, int], ...]
    expected_risk_cost: Decimal
    npv_after_risks: Decimal


@lru_cache(maxsize=256)
def _years_weight(rate: Decimal, horizon: int, years: tuple[int, ...]) -> Decimal:
    """``sum(1 / (1 + rate) ** t for t in years)``: the present value of 1 kr. a year."""
    return sum(map(discount_factors(rate, horizon).__getitem__, years), ZERO)


def evaluate(case: BusinessCase, basis: Basis = Basis.MOST_LIKELY) -> CaseResult:
    """Compute the deterministic case.

    Net flow per year ``net[t] = benefits[t] - costs[t]``; NPV, payback, break-even and
    the benefit/cost ratio follow :mod:`engine.finance`. ``npv_after_risks`` also
    deducts each risk's expected cost (probability x PERT mean) in its year.

    >>> from engine.lines import Estimate, Line
    >>> case = BusinessCase("Eksempel", (
    ...     Line("Platform", LineKind.INVESTMENT, Estimate.fixed(Decimal(1000)), (0,)),
    ...     Line("Besparelse", LineKind.ECONOMIC, Estimate.fixed(Decimal(500)), (1, 2, 3)),
    ... ), horizon=4)
    >>> result = evaluate(case)
    >>> result.net
    (Decimal('-1000.00'), Decimal('500.00'), Decimal('500.00'), Decimal('500.00'))
    >>> result.npv
    Decimal('400.82')
    """
    # Each accumulator receives the same Decimal operations in the same order as a plain
    # per-line, per-year loop would do, so every unrounded value (and hence every result)
    # is identical to the digit; only the Python overhead around them is kept low.
    horizon = case.horizon
    rate = case.rate
    factors = discount_factors(rate, horizon)
    kind_totals = [ZERO, ZERO, ZERO, ZERO]
    pv_benefits = pv_costs = ZERO
    costs = [ZERO] * horizon
    benefits = [ZERO] * horizon
    # Lines without yearly factors are summed per (bearer, kind, years) first, so each
    # group is spread over its years once: the same sums with far fewer operations.
    groups: dict[tuple[str, int, tuple[int, ...]], list[Decimal]] = {}
    # (bearer, kind slot, nominal total, present value) of each factored line, then of
    # each group, added up below in that order.
    totals: list[tuple[str, int, Decimal, Decimal]] = []
    # Per bearer: [cost total, benefit total, present value of its net flow].
    bearer_totals: dict[str, list[Decimal]] = {}
    non_monetary: list[tuple[str, int]] = []
    most_likely = basis is Basis.MOST_LIKELY
    for line in case.lines:
        slot = line._slot
        if slot == 4:
            non_monetary.append((line.name, line.score or 0))
            continue
        estimate = line.estimate
        amount = (estimate.mode if most_likely else estimate.pert_mean) * line.unit_value
        if not line.factors:
            key = (line.bearer, slot, line.years)
            members = groups.get(key)
            if members is None:
                groups[key] = [amount]
            else:
                members.append(amount)
            continue
        target = costs if slot < 2 else benefits
        for year, factor in zip(line.years, line.factors, strict=True):
            target[year] += amount * factor
        weight = line._pv_weights.get(rate)
        if weight is None:
            weight = line._pv_weights[rate] = sum(
                (f * factors[y] for y, f in zip(line.years, line.factors, strict=True)), ZERO
            )
        totals.append((line.bearer, slot, amount * line._factor_sum, amount * weight))
    for (bearer, slot, years), members in groups.items():
        amount = sum(members, ZERO)
        target = costs if slot < 2 else benefits
        for year in years:
            target[year] += amount
        totals.append(
            (bearer, slot, amount * len(years), amount * _years_weight(rate, horizon, years))
        )
    for bearer, slot, total, present in totals:
        kind_totals[slot] += total
        entry = bearer_totals.get(bearer)
        if entry is None:
            entry = bearer_totals[bearer] = [ZERO, ZERO, ZERO]
        if slot < 2:
            pv_costs += present
            entry[0] += total
            entry[2] -= present
        else:
            pv_benefits += present
            entry[1] += total
            entry[2] += present
    net = list(map(operator.sub, benefits, costs))
    running = list(accumulate(net, operator.add, initial=ZERO))
    del running[0]
    result_npv = npv(rate, net)
    risk_costs = [ZERO] * horizon
    for risk in case.risks:
        c = risk.consequence
        risk_costs[risk.year] += risk.probability * (c.low + _FOUR * c.mode + c.high)
    risk_costs = [r / _SIX for r in risk_costs]
    single = len(bearer_totals) == 1
    bearers = tuple(
        BearerTotals(
            bearer=bearer,
            cost=cost.quantize(ORE, ROUND_HALF_UP),
            benefit=benefit.quantize(ORE, ROUND_HALF_UP),
            net=(benefit - cost).quantize(ORE, ROUND_HALF_UP),
            npv=result_npv if single else pv.quantize(ORE, ROUND_HALF_UP),
        )
        for bearer, (cost, benefit, pv) in bearer_totals.items()
    )
    return CaseResult(
        basis=basis,
        rate=rate,
        costs=tuple(map(_to_ore, costs)),
        benefits=tuple(map(_to_ore, benefits)),
        net=tuple(map(_to_ore, net)),
        cumulative=tuple(map(_to_ore, running)),
        npv=result_npv,
        payback=_payback(net, running),
        break_even=break_even(rate, net),
        benefit_cost_ratio=(
            (pv_benefits / pv_costs).quantize(ORE, ROUND_HALF_UP) if pv_costs else None
        ),
        totals_by_kind={
            kind: total.quantize(ORE, ROUND_HALF_UP)
            for kind, total in zip(KIND_ORDER, kind_totals, strict=False)
        },
        by_bearer=bearers,
        non_monetary=tuple(non_monetary),
        expected_risk_cost=sum(risk_costs, ZERO).quantize(ORE, ROUND_HALF_UP),
        npv_after_risks=(
            npv(rate, list(map(operator.sub, net, risk_costs))) if case.risks else result_npv
        ),
    )
