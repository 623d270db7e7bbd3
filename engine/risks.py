"""The risk pool (*risikopulje*): each risk occurs with its probability and then costs a
draw from its consequence; the pool covers the simulated total with a chosen probability.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from engine.lines import Risk
from engine.money import ZERO, from_float, round_ore
from engine.sampling import Distribution, FloatArray, Sampler, as_floats, check_simulation

# RiskDraws and sized_pool serve engine.simulation; they are not part of the API.
__all__ = ["RiskPool", "risk_pool"]


@dataclass(frozen=True, slots=True)
class RiskPool:
    """The risk pool: the expected risk cost and the pool size that covers the simulated
    total risk cost with probability ``coverage``."""

    expected: Decimal
    pool: Decimal
    coverage: Decimal


class RiskDraws:
    """Realised risk costs ``(iterations, R)``: a risk occurs when a uniform draw falls
    below its probability, and then costs a draw from its consequence."""

    def __init__(
        self,
        rng: np.random.Generator,
        risks: Sequence[Risk],
        iterations: int,
        distribution: Distribution,
    ) -> None:
        self.probability = as_floats([r.probability for r in risks])
        self.sampler = Sampler([r.consequence for r in risks], distribution)
        occurred = rng.random((iterations, len(risks))) < self.probability
        consequence = self.sampler.low + self.sampler.width * self.sampler.unit(rng, iterations)
        self.costs: FloatArray = np.where(occurred, consequence, 0.0)

    def quantile(self, level: float) -> FloatArray:
        """Quantile of each risk's cost: 0 up to ``1 - p``, then the consequence's
        quantile at ``(level - (1 - p)) / p``."""
        p = self.probability
        safe = np.where(p > 0, p, 1.0)
        conditional = np.clip((level - (1.0 - p)) / safe, 0.0, 1.0)
        value = self.sampler.low + self.sampler.width * self.sampler.quantile(conditional)
        result: FloatArray = np.where(level > 1.0 - p, value, 0.0)
        return result


def sized_pool(
    risks: Sequence[Risk], totals: FloatArray, coverage: Decimal, distribution: Distribution
) -> RiskPool:
    if distribution is Distribution.PERT:
        expected = sum((r.expected_cost for r in risks), ZERO)
    else:
        expected = sum((r.probability * r.consequence.triangular_mean for r in risks), ZERO)
    size = float(np.quantile(totals, float(coverage))) if risks else 0.0
    return RiskPool(expected=round_ore(expected), pool=from_float(size), coverage=coverage)


def risk_pool(
    risks: Sequence[Risk],
    coverage: Decimal = Decimal("0.8"),
    *,
    iterations: int = 20_000,
    seed: int = 0,
    distribution: Distribution = Distribution.PERT,
) -> RiskPool:
    """Size the risk pool: the ``coverage`` quantile of the simulated total (nominal)
    risk cost, where each risk occurs with its probability and then costs a draw from
    its consequence. ``expected`` is the exact sum of probability x mean consequence.

    >>> from engine.lines import Estimate
    >>> risks = [Risk("A", Decimal("0.5"), Estimate.fixed(Decimal(100)))]
    >>> risk_pool(risks, Decimal("0.8"))
    RiskPool(expected=Decimal('50.00'), pool=Decimal('100.00'), coverage=Decimal('0.8'))
    """
    check_simulation(coverage, iterations)
    draws = RiskDraws(np.random.default_rng(seed), risks, iterations, distribution)
    return sized_pool(risks, draws.costs.sum(axis=1), coverage, distribution)
