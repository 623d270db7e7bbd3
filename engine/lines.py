"""The inputs of a business case after the Danish state model: lines, three-point
estimates, risks and the case they form.

The state model compares scenario 0 (no project) with scenario 1 (the project) and
computes the *difference*: every :class:`Line` is a cost or a benefit of scenario 1
relative to scenario 0 (use :func:`scenario_difference` when both scenarios are known in
full). Lines carry a three-point estimate (minimum, most likely, maximum) and the unit
or organisation that bears or receives them. Up to 12 named :class:`Risk` s, each with a
probability and a three-point consequence, form the risk pool (*risikopulje*).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from engine.errors import EngineError
from engine.finance import DEFAULT_DISCOUNT_RATE
from engine.money import ZERO

# COST_KINDS and KIND_ORDER serve engine.evaluation; they are not part of the API.
__all__ = [
    "MAX_HORIZON",
    "MAX_RISKS",
    "MIN_HORIZON",
    "Basis",
    "BusinessCase",
    "Driver",
    "Estimate",
    "Line",
    "LineKind",
    "Risk",
    "efficiency_line",
    "non_monetary_line",
    "scenario_difference",
    "year_range",
]

MIN_HORIZON = 3
MAX_HORIZON = 10
MAX_RISKS = 12
"""The state model names at most 12 risks."""

_ONE = Decimal(1)


class LineKind(StrEnum):
    """What a line is. Investments and operation are costs; the rest are benefits."""

    INVESTMENT = "investment"
    """One-off cost (anskaffelse, implementering, omstilling)."""
    OPERATION = "operation"
    """Recurring cost (drift, licenser, vedligehold)."""
    ECONOMIC = "economic"
    """Economic benefit that can be taken out of the budget (budgetvirkning)."""
    EFFICIENCY = "efficiency"
    """Efficiency benefit: hours freed x hourly rate (frigjort tid)."""
    NON_MONETARY = "non_monetary"
    """Non-monetary benefit, scored 0-5 and never added to the NPV."""


COST_KINDS = frozenset({LineKind.INVESTMENT, LineKind.OPERATION})
KIND_ORDER = (
    LineKind.INVESTMENT,
    LineKind.OPERATION,
    LineKind.ECONOMIC,
    LineKind.EFFICIENCY,
    LineKind.NON_MONETARY,
)


class Basis(StrEnum):
    """Which value of a three-point estimate the deterministic case uses."""

    MOST_LIKELY = "most_likely"
    EXPECTED = "expected"
    """The PERT mean (min + 4 x most likely + max) / 6."""


@dataclass(frozen=True, slots=True)
class Estimate:
    """Three-point estimate (minimum, most likely, maximum) with ``low <= mode <= high``.

    >>> e = Estimate(Decimal(80), Decimal(100), Decimal(150))
    >>> e.pert_mean
    Decimal('105')
    >>> e.triangular_mean
    Decimal('110')
    >>> Estimate.fixed(Decimal(5))
    Estimate(low=Decimal('5'), mode=Decimal('5'), high=Decimal('5'))
    >>> Estimate.spread(Decimal(200), Decimal("0.1"), Decimal("0.3"))
    Estimate(low=Decimal('180.0'), mode=Decimal('200'), high=Decimal('260.0'))
    >>> Estimate(Decimal(2), Decimal(1), Decimal(3))
    Traceback (most recent call last):
    ...
    engine.errors.EngineError: an estimate needs low <= most likely <= high
    """

    low: Decimal
    mode: Decimal
    high: Decimal

    def __post_init__(self) -> None:
        for value in (self.low, self.mode, self.high):
            if not isinstance(value, Decimal):
                raise TypeError("estimates are Decimal")
        if not self.low <= self.mode <= self.high:
            raise EngineError("estimate_order")

    @classmethod
    def fixed(cls, value: Decimal) -> Estimate:
        """An estimate without uncertainty."""
        return cls(value, value, value)

    @classmethod
    def spread(cls, mode: Decimal, below: Decimal, above: Decimal) -> Estimate:
        """``mode x (1 - below)``, ``mode``, ``mode x (1 + above)`` for a non-negative mode."""
        if mode < 0 or below < 0 or above < 0:
            raise EngineError("spread_negative")
        return cls(mode * (1 - below), mode, mode * (1 + above))

    @property
    def pert_mean(self) -> Decimal:
        """PERT mean ``(low + 4 x mode + high) / 6``."""
        return (self.low + 4 * self.mode + self.high) / 6

    @property
    def triangular_mean(self) -> Decimal:
        """Triangular mean ``(low + mode + high) / 3``."""
        return (self.low + self.mode + self.high) / 3

    def point(self, basis: Basis) -> Decimal:
        """The value used by the deterministic case for ``basis``."""
        return self.mode if basis is Basis.MOST_LIKELY else self.pert_mean


def year_range(start: int, stop: int) -> tuple[int, ...]:
    """Year indices ``start .. stop - 1`` (0 = the first year of the case).

    >>> year_range(1, 5)
    (1, 2, 3, 4)
    """
    return tuple(range(start, stop))


@dataclass(frozen=True, slots=True)
class Line:
    """One cost or benefit of scenario 1 relative to scenario 0.

    The amount in year ``years[i]`` is ``estimate x unit_value x factors[i]`` (factors
    default to 1). ``unit_value`` turns a quantity into kroner, e.g. hours x hourly
    rate for efficiency benefits or a count x price. ``bearer`` is the unit or
    organisation that pays (for costs) or receives (for benefits) the amount.
    """

    name: str
    kind: LineKind
    estimate: Estimate
    years: tuple[int, ...]
    bearer: str = ""
    factors: tuple[Decimal, ...] = ()
    unit_value: Decimal = _ONE
    score: int | None = None
    key: str = ""
    group: str = ""
    """Lines with the same non-empty ``group`` come from one assumption (e.g. the same
    saving rate for every member) and are drawn together in the simulation."""
    # Derived on construction, to keep evaluation fast: the kind's position in
    # KIND_ORDER, the sum of the factors, and a per-rate cache of sum(factor x 1/(1+r)^t).
    _slot: int = field(default=0, init=False, repr=False, compare=False)
    _factor_sum: Decimal = field(default=ZERO, init=False, repr=False, compare=False)
    _pv_weights: dict[Decimal, Decimal] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_slot", KIND_ORDER.index(self.kind))
        object.__setattr__(self, "_factor_sum", sum(self.factors, ZERO))
        if self.factors and len(self.factors) != len(self.years):
            raise EngineError("factors_per_year", {"name": self.name})
        if len(set(self.years)) != len(self.years) or any(y < 0 for y in self.years):
            raise EngineError("years_invalid", {"name": self.name})
        if self.estimate.low < 0 or self.unit_value < 0 or any(f < 0 for f in self.factors):
            raise EngineError("amount_negative", {"name": self.name})
        if self.kind is LineKind.NON_MONETARY:
            if self.score is None or not 0 <= self.score <= 5:
                raise EngineError("score_out_of_range", {"name": self.name, "min": 0, "max": 5})
            if self.estimate.high != 0:
                raise EngineError("non_monetary_amount", {"name": self.name})
        elif self.score is not None:
            raise EngineError("score_not_allowed", {"name": self.name})

    @property
    def is_cost(self) -> bool:
        """True for investments and operation costs."""
        return self.kind in COST_KINDS

    @property
    def is_monetary(self) -> bool:
        """False for non-monetary benefits, which never enter the NPV."""
        return self.kind is not LineKind.NON_MONETARY

    def weights(self) -> tuple[Decimal, ...]:
        """Per-year multipliers ``unit_value x factor`` aligned with :attr:`years`."""
        if self.factors:
            return tuple(self.unit_value * f for f in self.factors)
        return (self.unit_value,) * len(self.years)


def efficiency_line(
    name: str,
    hours: Estimate,
    hourly_rate: Decimal,
    years: tuple[int, ...],
    *,
    bearer: str = "",
    factors: tuple[Decimal, ...] = (),
    key: str = "",
) -> Line:
    """An efficiency benefit: hours freed per year x hourly rate.

    >>> line = efficiency_line("Data genbruges", Estimate.fixed(Decimal(100)), Decimal(400), (1, 2))
    >>> line.weights()
    (Decimal('400'), Decimal('400'))
    """
    return Line(
        name=name,
        kind=LineKind.EFFICIENCY,
        estimate=hours,
        years=years,
        bearer=bearer,
        factors=factors,
        unit_value=hourly_rate,
        key=key,
    )


def non_monetary_line(name: str, score: int, *, bearer: str = "", key: str = "") -> Line:
    """A non-monetary benefit scored 0-5 (0 = none, 5 = very large).

    >>> non_monetary_line("Borgertilfredshed", 4).is_monetary
    False
    """
    return Line(
        name=name,
        kind=LineKind.NON_MONETARY,
        estimate=Estimate.fixed(ZERO),
        years=(),
        bearer=bearer,
        score=score,
        key=key,
    )


def scenario_difference(
    scenario0: Sequence[Decimal], scenario1: Sequence[Decimal]
) -> tuple[Decimal, ...]:
    """Yearly gain of scenario 1 over scenario 0 given both scenarios' costs:
    ``scenario0[t] - scenario1[t]`` (positive = the project saves money).

    >>> scenario_difference([Decimal(100), Decimal(100)], [Decimal(120), Decimal(70)])
    (Decimal('-20'), Decimal('30'))
    """
    if len(scenario0) != len(scenario1):
        raise EngineError("scenario_years_differ")
    return tuple(a - b for a, b in zip(scenario0, scenario1, strict=True))


@dataclass(frozen=True, slots=True)
class Risk:
    """A named risk: probability (0-1) and a three-point economic consequence, hitting
    as a cost in ``year``. Expected cost = probability x PERT mean of the consequence.

    >>> consequence = Estimate(Decimal(0), Decimal(100), Decimal(200))
    >>> r = Risk("Leverandør forsinket", Decimal("0.25"), consequence)
    >>> r.expected_cost
    Decimal('25.00')
    """

    name: str
    probability: Decimal
    consequence: Estimate
    year: int = 0
    bearer: str = ""
    key: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.probability <= 1:
            raise EngineError("probability_out_of_range", {"name": self.name})
        if self.consequence.low < 0 or self.year < 0:
            raise EngineError("risk_negative", {"name": self.name})

    @property
    def expected_cost(self) -> Decimal:
        """``probability x (low + 4 x mode + high) / 6``."""
        return self.probability * self.consequence.pert_mean


@dataclass(frozen=True, slots=True)
class Driver:
    """An uncertain assumption behind whole lines, drawn only in the simulation.

    Each iteration draws ``x`` from :attr:`estimate` and ``y`` from :attr:`minus`, both
    from one uniform (a high ``x`` goes with a high ``y``), and multiplies the value of
    every monetary line of :attr:`group` by ``max(0, x - y) / (x_mode - y_mode)``. At
    the most likely values the factor is 1, so the deterministic case - and every
    calculation outside the simulation - is unchanged. Two uses: the saving per contact
    of a channel shift (in-person price minus digital price) and the adoption reached
    (the digital share's ceiling minus today's share).

    >>> price = Driver("prices", "Pris", "shift",
    ...     Estimate(Decimal(75), Decimal(250), Decimal(250)),
    ...     Estimate(Decimal(20), Decimal("83.33"), Decimal("83.33")))
    >>> price.most_likely
    Decimal('166.67')
    >>> Driver("x", "X", "shift", Estimate.fixed(Decimal(1)), Estimate.fixed(Decimal(1)))
    Traceback (most recent call last):
    ...
    engine.errors.EngineError: X: the most likely value of a driver must be positive
    """

    key: str
    name: str
    group: str
    estimate: Estimate
    minus: Estimate = Estimate(ZERO, ZERO, ZERO)

    def __post_init__(self) -> None:
        if not self.group:
            raise EngineError("driver_without_group", {"name": self.name})
        if self.most_likely <= 0:
            raise EngineError("driver_not_positive", {"name": self.name})

    @property
    def most_likely(self) -> Decimal:
        """``x_mode - y_mode``: the value at which the factor is 1."""
        return self.estimate.mode - self.minus.mode


@dataclass(frozen=True, slots=True)
class BusinessCase:
    """A business case: lines and risks over a horizon of 3-10 years (default 5), and
    the :class:`Driver` s the simulation draws for groups of its lines."""

    name: str
    lines: tuple[Line, ...]
    horizon: int = 5
    rate: Decimal = DEFAULT_DISCOUNT_RATE
    risks: tuple[Risk, ...] = ()
    drivers: tuple[Driver, ...] = ()

    def __post_init__(self) -> None:
        if not MIN_HORIZON <= self.horizon <= MAX_HORIZON:
            raise EngineError("horizon_out_of_range", {"min": MIN_HORIZON, "max": MAX_HORIZON})
        if len(self.risks) > MAX_RISKS:
            raise EngineError("too_many_risks", {"max": MAX_RISKS})
        for line in self.lines:
            if any(year >= self.horizon for year in line.years):
                raise EngineError("line_beyond_horizon", {"name": line.name})
        for risk in self.risks:
            if risk.year >= self.horizon:
                raise EngineError("risk_beyond_horizon", {"name": risk.name})
        if len({driver.key for driver in self.drivers}) != len(self.drivers):
            raise EngineError("drivers_not_unique")
