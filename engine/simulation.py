"""Monte Carlo simulation of a business case's NPV: the distribution, its percentiles,
the tornado ranking of lines and risks, and the risk pool, from one seeded numpy Generator.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

from engine.evaluation import evaluate
from engine.finance import discount_factors
from engine.lines import BusinessCase, Driver, Line
from engine.money import ZERO, from_float
from engine.risks import RiskDraws, RiskPool, sized_pool
from engine.sampling import Distribution, FloatArray, Sampler, as_floats, check_simulation

__all__ = ["HistogramBin", "SimulationResult", "TornadoBar", "simulate"]


@dataclass(frozen=True, slots=True)
class TornadoBar:
    """How much one line or risk moves the NPV: the NPV with that item at its own 10th
    and 90th percentile and everything else at the deterministic case (risks not
    occurring), and the share of the simulated NPV's variance it explains,
    ``cov(item's NPV contribution, NPV) / var(NPV)`` (the shares sum to 1)."""

    name: str
    key: str
    is_risk: bool
    npv_low: Decimal
    npv_high: Decimal
    swing: Decimal
    variance_share: Decimal


@dataclass(frozen=True, slots=True)
class HistogramBin:
    """One bin of the NPV histogram: ``low <= NPV < high`` (the last bin includes high)."""

    low: Decimal
    high: Decimal
    count: int


@dataclass(frozen=True, slots=True)
class SimulationResult:
    """The NPV distribution of a simulated case."""

    iterations: int
    seed: int
    distribution: Distribution
    deterministic_npv: Decimal
    mean: Decimal
    p10: Decimal
    p50: Decimal
    p90: Decimal
    probability_positive: Decimal
    tornado: tuple[TornadoBar, ...]
    risk_pool: RiskPool
    samples: FloatArray = field(repr=False, compare=False)

    @property
    def expected_npv(self) -> Decimal:
        """The headline: the expected NPV (the simulation's mean). Skewed estimates
        (costs -10/+30 %, benefits -30/+10 %) put it below the most-likely calculation."""
        return self.mean

    @property
    def most_likely_outside_band(self) -> bool:
        """Whether the most-likely (deterministic) NPV lies outside the simulation's own
        P10-P90 band - then it must not be read as a typical outcome."""
        return not self.p10 <= self.deterministic_npv <= self.p90

    def histogram(self, bins: int = 20) -> tuple[HistogramBin, ...]:
        """Bin the simulated NPVs into ``bins`` equal-width bins (e.g. for a chart)."""
        counts, edges = np.histogram(self.samples, bins=bins)
        return tuple(
            HistogramBin(from_float(float(edges[i])), from_float(float(edges[i + 1])), int(n))
            for i, n in enumerate(counts)
        )


def _line_coefficients(case: BusinessCase, lines: Sequence[Line]) -> FloatArray:
    """NPV per unit of each line's estimate: ``sign x sum_t weight_t / (1 + r) ** t``."""
    factors = discount_factors(case.rate, case.horizon)
    coefficients = []
    for line in lines:
        pv = sum((w * factors[y] for y, w in zip(line.years, line.weights(), strict=True)), ZERO)
        coefficients.append(-pv if line.is_cost else pv)
    return as_floats(coefficients)


def _groups(lines: Sequence[Line]) -> FloatArray | None:
    """One draw index per line: lines sharing a ``group`` share an index (``None`` when
    no line has a group, so the draws stay exactly as without groups)."""
    if not any(line.group for line in lines):
        return None
    index: dict[str, int] = {}
    groups = []
    for position, line in enumerate(lines):
        name = line.group or f"\x00{position}"
        groups.append(index.setdefault(name, len(index)))
    return np.asarray(groups, dtype=np.intp)


class _DriverDraws:
    """The drivers' factors ``max(0, x - y) / (x_mode - y_mode)`` per iteration, shape
    ``(iterations, drivers)``; ``x`` and ``y`` of one driver share a uniform."""

    def __init__(
        self,
        rng: np.random.Generator,
        drivers: Sequence[Driver],
        iterations: int,
        distribution: Distribution,
    ) -> None:
        count = len(drivers)
        self.most_likely = as_floats([d.most_likely for d in drivers])
        self.sampler = Sampler(
            [d.estimate for d in drivers] + [d.minus for d in drivers], distribution
        )
        together: FloatArray = np.concatenate([np.arange(count), np.arange(count)]).astype(np.intp)
        unit = self.sampler.unit(rng, iterations, together) if count else np.zeros((0, 0))
        self.count = count
        self.factors = self._factor(unit)

    def _factor(self, unit: FloatArray) -> FloatArray:
        values: FloatArray = self.sampler.low + self.sampler.width * unit
        difference = values[:, : self.count] - values[:, self.count :]
        factors: FloatArray = np.maximum(difference, 0.0) / self.most_likely
        return factors

    def quantile(self, level: float) -> FloatArray:
        """Each driver's factor with both its draws at ``level`` (one row)."""
        row: FloatArray = self._factor(
            self.sampler.quantile(np.full(2 * self.count, level))[None, :]
        )[0]
        return row


def _share(values: FloatArray) -> list[Decimal]:
    return [Decimal(str(round(float(v), 4))) for v in values]


def _bar(name: str, key: str, is_risk: bool, at: tuple[float, float], share: Decimal) -> TornadoBar:
    low, high = from_float(min(at)), from_float(max(at))
    return TornadoBar(name, key, is_risk, low, high, high - low, share)


def simulate(
    case: BusinessCase,
    *,
    iterations: int = 10_000,
    seed: int = 0,
    distribution: Distribution = Distribution.PERT,
    coverage: Decimal = Decimal("0.8"),
) -> SimulationResult:
    """Monte Carlo simulation of the case's NPV.

    The NPV is linear in every line's value, so each line reduces to a coefficient
    ``c_i = sign_i x sum_t weight_it / (1 + r) ** t`` and one simulated NPV is
    ``sum_i c_i x value_i - sum_j d_j x risk_cost_j`` with ``d_j = 1 / (1 + r) **
    year_j``. Every draw is made at once, shape ``(iterations, lines)``, from a seeded
    numpy Generator (lines first, then risk occurrences, then risk consequences), so
    the same seed gives the same result. Lines without spread are not drawn. Lines that
    share a ``group`` (one assumption behind several lines) are drawn from one uniform,
    so they move together instead of cancelling out. The case's drivers
    (:class:`~engine.lines.Driver`: unit prices, adoption) are drawn last and multiply
    the lines of their group; they are not linear, so those lines' values are drawn in
    full. The tornado gets one bar per driver (key ``driver:<key>``); with several
    drivers on one line, their interaction is in no bar's variance share, so the shares
    then sum to a little less or more than 1.

    >>> from engine.lines import Estimate, LineKind
    >>> case = BusinessCase("Eksempel", (
    ...     Line("Platform", LineKind.INVESTMENT,
    ...          Estimate(Decimal(900), Decimal(1000), Decimal(1100)), (0,)),
    ...     Line("Besparelse", LineKind.ECONOMIC,
    ...          Estimate(Decimal(400), Decimal(500), Decimal(600)), (1, 2, 3)),
    ... ), horizon=4)
    >>> result = simulate(case, iterations=20_000, seed=1)
    >>> abs(result.p50 - result.deterministic_npv) < 5
    True
    >>> result.probability_positive
    Decimal('1.0')
    >>> [bar.name for bar in result.tornado]
    ['Besparelse', 'Platform']
    """
    check_simulation(coverage, iterations)
    rng = np.random.default_rng(seed)
    monetary = [line for line in case.lines if line.is_monetary]
    coefficients = _line_coefficients(case, monetary)
    modes = as_floats([line.estimate.mode for line in monetary])
    drawn = [i for i, line in enumerate(monetary) if line.estimate.low < line.estimate.high]
    deterministic = evaluate(case).npv

    sampler = Sampler([monetary[i].estimate for i in drawn], distribution)
    weights = sampler.width * coefficients[drawn]
    unit = sampler.unit(rng, iterations, _groups([monetary[i] for i in drawn]))
    constant = float(modes @ coefficients) - float(
        (modes[drawn] - sampler.low) @ coefficients[drawn]
    )
    samples: FloatArray = unit @ weights + constant

    risks = RiskDraws(rng, case.risks, iterations, distribution)
    risk_factors = discount_factors(case.rate, case.horizon)
    risk_discount = as_floats([risk_factors[r.year] for r in case.risks])
    samples -= risks.costs @ risk_discount

    # Drivers (drawn last, so a case without them draws exactly as before): each driven
    # line's value is multiplied by the product of its drivers' factors. ``effects``
    # holds each driver's first-order effect sum_i c_i x value_i x (f - 1) for the
    # variance shares; the interaction of several drivers is not attributed to either.
    drivers = _DriverDraws(rng, case.drivers, iterations, distribution)
    position = {i: n for n, i in enumerate(drawn)}
    effects = np.zeros((iterations, drivers.count))
    driven_modes = np.zeros(drivers.count)
    for i, line in enumerate(monetary):
        mine = [d for d, driver in enumerate(case.drivers) if driver.group == line.group]
        if not mine:
            continue
        n = position.get(i)
        value = modes[i] if n is None else sampler.low[n] + sampler.width[n] * unit[:, n]
        contribution = coefficients[i] * value
        samples += contribution * (np.prod(drivers.factors[:, mine], axis=1) - 1.0)
        for d in mine:
            effects[:, d] += contribution * (drivers.factors[:, d] - 1.0)
            driven_modes[d] += coefficients[i] * modes[i]

    centred = samples - samples.mean()
    variance = float(centred @ centred)
    scale = 1.0 / variance if variance > 0 else 0.0
    line_shares = _share(weights * (unit.T @ centred) * scale)
    risk_shares = _share(-risk_discount * (risks.costs.T @ centred) * scale)
    driver_shares = _share((effects.T @ centred) * scale)

    base = float(deterministic)
    levels = (0.1, 0.9)
    line_q = [
        sampler.low + sampler.width * sampler.quantile(np.full(len(drawn), q)) for q in levels
    ]
    risk_q = [risks.quantile(q) for q in levels]
    bars = []
    for n, i in enumerate(drawn):
        line = monetary[i]
        at = [base + float(coefficients[i] * (q[n] - modes[i])) for q in line_q]
        bars.append(_bar(line.name, line.key, False, (at[0], at[1]), line_shares[n]))
    for j, risk in enumerate(case.risks):
        at = [base - float(risk_discount[j] * q[j]) for q in risk_q]
        bars.append(_bar(risk.name, risk.key, True, (at[0], at[1]), risk_shares[j]))
    driver_q = [drivers.quantile(q) for q in levels]
    for d, driver in enumerate(case.drivers):
        at = [base + float(driven_modes[d] * (q[d] - 1.0)) for q in driver_q]
        bars.append(
            _bar(driver.name, f"driver:{driver.key}", False, (at[0], at[1]), driver_shares[d])
        )
    p10, p50, p90 = np.percentile(samples, [10, 50, 90])
    return SimulationResult(
        iterations=iterations,
        seed=seed,
        distribution=distribution,
        deterministic_npv=deterministic,
        mean=from_float(float(samples.mean())),
        p10=from_float(float(p10)),
        p50=from_float(float(p50)),
        p90=from_float(float(p90)),
        probability_positive=Decimal(str(round(float((samples > 0).mean()), 4))),
        tornado=tuple(sorted(bars, key=lambda bar: (-bar.swing, bar.name))),
        risk_pool=sized_pool(case.risks, risks.costs.sum(axis=1), coverage, distribution),
        samples=samples,
    )
