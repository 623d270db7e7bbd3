"""Discounting after the Danish state convention.

The state's business case model discounts each year's net flow to year 0 with the
discount rate set by Finansministeriet: 3.5 % real for years 0-35 (in force since
7 January 2021; 4 % before). Year 0 is the first year of the case and is not
discounted. Every function takes the rate explicitly; :data:`DEFAULT_DISCOUNT_RATE` is
only a default.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache

from engine.errors import EngineError
from engine.money import ZERO, round_ore

__all__ = [
    "DEFAULT_DISCOUNT_RATE",
    "Payback",
    "benefit_cost_ratio",
    "break_even",
    "cumulative",
    "discount_factors",
    "npv",
    "payback",
    "present_value",
]

DEFAULT_DISCOUNT_RATE = Decimal("0.035")
"""Finansministeriet's real discount rate for years 0-35 (2021): 3.5 %."""

_PRECISION = 50
_HUNDREDTH = Decimal("0.01")
_MINUS_ONE = Decimal(-1)


def _check_rate(rate: Decimal) -> None:
    if not isinstance(rate, Decimal):
        raise TypeError("rate must be a Decimal, e.g. Decimal('0.035')")
    if rate <= _MINUS_ONE:
        raise EngineError("rate_too_low")


def discount_factors(rate: Decimal, years: int) -> tuple[Decimal, ...]:
    """Discount factors ``1 / (1 + rate) ** t`` for ``t = 0 .. years - 1`` (unrounded).

    >>> [round(f, 6) for f in discount_factors(Decimal("0.035"), 3)]
    [Decimal('1.000000'), Decimal('0.966184'), Decimal('0.933511')]
    """
    _check_rate(rate)
    return _factors(rate, years)


@lru_cache(maxsize=64)
def _factors(rate: Decimal, years: int) -> tuple[Decimal, ...]:
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        base = 1 + rate
        return tuple(1 / base**t for t in range(years))


def present_value(rate: Decimal, amount: Decimal, year: int) -> Decimal:
    """Present value ``amount / (1 + rate) ** year``, unrounded.

    >>> round(present_value(Decimal("0.035"), Decimal("1035"), 1), 2)
    Decimal('1000.00')
    """
    _check_rate(rate)
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        return amount / (1 + rate) ** year


def npv(rate: Decimal, cashflows: Sequence[Decimal]) -> Decimal:
    """Net present value: ``sum(cashflows[t] / (1 + rate) ** t for t = 0, 1, ...)``.

    Year 0 is not discounted (t starts at 0), as in the state's business case model.
    The sum is computed with 50 significant digits and rounded once, to the øre, with
    ROUND_HALF_UP.

    >>> npv(Decimal("0.035"), [Decimal("-1000"), Decimal("500"), Decimal("500"), Decimal("500")])
    Decimal('400.82')
    >>> npv(Decimal("0.035"), [])
    Decimal('0.00')
    """
    _check_rate(rate)
    powers = _powers(rate, len(cashflows))
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        total = sum(map(operator.truediv, cashflows, powers), ZERO)
    return round_ore(total)


@lru_cache(maxsize=64)
def _powers(rate: Decimal, years: int) -> tuple[Decimal, ...]:
    """``(1 + rate) ** t`` for ``t = 0 .. years - 1``, multiplied up with 50 digits."""
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        base = 1 + rate
        factor = Decimal(1)
        powers = []
        for _ in range(years):
            powers.append(factor)
            factor *= base
        return tuple(powers)


def cumulative(cashflows: Sequence[Decimal]) -> tuple[Decimal, ...]:
    """Running totals of the yearly flows (undiscounted).

    >>> cumulative([Decimal(-100), Decimal(60), Decimal(60)])
    (Decimal('-100'), Decimal('-40'), Decimal('20'))
    """
    running = ZERO
    out: list[Decimal] = []
    for flow in cashflows:
        running += flow
        out.append(running)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Payback:
    """When the cumulative net flow is recovered for good.

    ``year`` is the index of the year (0 = first year of the case) in which the running
    total turns non-negative and stays so; ``month`` (1-12) is the month in that year,
    0 when nothing had to be recovered; ``years`` is the elapsed time in years from the
    start of year 0, rounded to two decimals.
    """

    year: int
    month: int
    years: Decimal


def _recovery_index(running: Sequence[Decimal]) -> int | None:
    """First index from which every running total is >= 0, or None."""
    if not running or running[-1] < 0:
        return None
    index = len(running)
    while index > 0 and running[index - 1] >= 0:
        index -= 1
    return index


def payback(cashflows: Sequence[Decimal]) -> Payback | None:
    """Payback time from undiscounted flows, assuming each year's flow is spread evenly.

    With ``C[t]`` the cumulative flow and ``k`` the first year from which ``C[t] >= 0``
    holds for every later year, the fraction of year ``k`` needed is
    ``f = -C[k-1] / cashflows[k]``; the month is ``ceil(12 * f)`` and the elapsed time
    ``k + f`` years. Returns None if the flows never recover (or are empty).

    >>> payback([Decimal(-1000), Decimal(400), Decimal(400), Decimal(400)])
    Payback(year=3, month=6, years=Decimal('3.50'))
    >>> payback([Decimal(100), Decimal(100)])
    Payback(year=0, month=0, years=Decimal('0.00'))
    >>> payback([Decimal(-1000), Decimal(100)]) is None
    True
    """
    return _payback(cashflows, cumulative(cashflows))


def _payback(cashflows: Sequence[Decimal], running: Sequence[Decimal]) -> Payback | None:
    """:func:`payback` given the cumulative flows ``running`` already computed."""
    index = _recovery_index(running)
    if index is None:
        return None
    previous = running[index - 1] if index > 0 else ZERO
    if previous >= 0:
        return Payback(year=index, month=0, years=Decimal(index).quantize(_HUNDREDTH))
    fraction = -previous / cashflows[index]
    month = max(1, math.ceil(fraction * 12))
    years = (index + fraction).quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)
    return Payback(year=index, month=month, years=years)


def break_even(rate: Decimal, cashflows: Sequence[Decimal]) -> int | None:
    """Break-even year: the first year index from which the *discounted* cumulative net
    flow is >= 0 and stays so (discounted payback). None if it never breaks even.

    >>> flows = [Decimal(-1000), Decimal(400), Decimal(400), Decimal(400)]
    >>> break_even(Decimal("0.035"), flows)
    3
    >>> break_even(Decimal("0.5"), flows) is None
    True
    """
    discounted = list(map(operator.mul, cashflows, discount_factors(rate, len(cashflows))))
    return _recovery_index(cumulative(discounted))


def benefit_cost_ratio(
    rate: Decimal, benefits: Sequence[Decimal], costs: Sequence[Decimal]
) -> Decimal | None:
    """Benefit/cost ratio ``PV(benefits) / PV(costs)``, costs given as positive amounts,
    rounded to two decimals (ROUND_HALF_UP). None when the costs' present value is 0.

    >>> rate = Decimal("0.035")
    >>> benefit_cost_ratio(rate, [Decimal(0), Decimal(1035)], [Decimal(500), Decimal(0)])
    Decimal('2.00')
    >>> benefit_cost_ratio(Decimal("0.035"), [Decimal(1)], [Decimal(0)]) is None
    True
    """
    factors = discount_factors(rate, max(len(benefits), len(costs)))
    pv_benefits = sum(map(operator.mul, benefits, factors), ZERO)
    pv_costs = sum(map(operator.mul, costs, factors), ZERO)
    if pv_costs == 0:
        return None
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        return (pv_benefits / pv_costs).quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)
