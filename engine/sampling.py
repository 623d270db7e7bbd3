"""Drawing three-point estimates for the Monte Carlo simulation (numpy, floats only
inside the simulation): PERT by inverse-transform sampling, triangular in closed form.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from engine.errors import EngineError
from engine.lines import Estimate

# The rest (Sampler, pert_tables, ...) serves engine.risks and engine.simulation only.
__all__ = ["Distribution"]

FloatArray = npt.NDArray[np.float64]


class Distribution(StrEnum):
    """Distribution drawn for a three-point estimate in the simulation."""

    PERT = "pert"
    TRIANGULAR = "triangular"


_CDF_GRID = 4096
"""Points on which the PERT (beta) density is integrated to build its quantile table."""
_TABLE_SIZE = 1024
"""Intervals in each quantile table (inverse CDF, interpolated linearly)."""


def as_floats(values: Sequence[Decimal]) -> FloatArray:
    """The Decimals as a float64 array (floats only inside the simulation)."""
    return np.array([float(v) for v in values], dtype=np.float64)


def pert_tables(mode_share: FloatArray) -> FloatArray:
    """Quantile tables ``Q(k / 1024)`` of the standard PERT, i.e. ``Beta(a, b)`` with
    ``a = 1 + 4 m`` and ``b = 1 + 4 (1 - m)`` where ``m = (mode - low) / (high - low)``
    (Malcolm et al. 1959; Vose, *Risk Analysis*, 2008). The density is integrated with
    the trapezoidal rule on 4,096 intervals and inverted by linear interpolation."""
    x = np.linspace(0.0, 1.0, _CDF_GRID + 1)
    alpha = 1.0 + 4.0 * mode_share
    beta = 1.0 + 4.0 * (1.0 - mode_share)
    pdf = np.power(x, (alpha - 1.0)[:, None]) * np.power(1.0 - x, (beta - 1.0)[:, None])
    cdf = np.zeros_like(pdf)
    cdf[:, 1:] = np.cumsum(pdf[:, 1:] + pdf[:, :-1], axis=1)
    cdf /= cdf[:, -1:]
    probabilities = np.linspace(0.0, 1.0, _TABLE_SIZE + 1)
    tables = np.empty((len(mode_share), _TABLE_SIZE + 1))
    for row, row_cdf in enumerate(cdf):
        tables[row] = np.interp(probabilities, row_cdf, x)
    return tables


class Sampler:
    """Draws from K three-point estimates on the unit scale: ``value = low + width x U``.

    PERT draws use inverse-transform sampling through :func:`pert_tables` (one uniform
    per draw, then a table look-up), which is several times faster than numpy's beta
    generator. Triangular draws use the closed-form inverse CDF: ``sqrt(u c)`` for
    ``u < c``, else ``1 - sqrt((1 - u)(1 - c))`` with ``c = (mode - low) / (high - low)``.
    """

    def __init__(self, estimates: Sequence[Estimate], distribution: Distribution) -> None:
        self.low = as_floats([e.low for e in estimates])
        self.width = as_floats([e.high for e in estimates]) - self.low
        safe = np.where(self.width > 0, self.width, 1.0)
        self.mode_share = (as_floats([e.mode for e in estimates]) - self.low) / safe
        self.distribution = distribution
        self.count = len(estimates)
        if distribution is Distribution.PERT:
            self.tables = pert_tables(self.mode_share)
            self.offsets = np.arange(self.count, dtype=np.intp) * (_TABLE_SIZE + 1)

    def unit(
        self, rng: np.random.Generator, iterations: int, groups: FloatArray | None = None
    ) -> FloatArray:
        """``(iterations, K)`` unit draws in [0, 1]. ``groups`` (one integer per estimate,
        ``0..G-1``) draws the estimates of a group from one uniform, so they move together
        (each still along its own distribution)."""
        if groups is None:
            u = rng.random((iterations, self.count))
        else:
            u = rng.random((iterations, int(groups.max()) + 1))[:, groups]
        if self.distribution is Distribution.TRIANGULAR:
            c = self.mode_share
            drawn: FloatArray = np.where(
                u < c, np.sqrt(u * c), 1.0 - np.sqrt((1.0 - u) * (1.0 - c))
            )
            return drawn
        u *= _TABLE_SIZE
        index = u.astype(np.intp)
        u -= index
        index += self.offsets
        flat = self.tables.ravel()
        lower = flat[index]
        index += 1
        upper = flat[index]
        upper -= lower
        upper *= u
        lower += upper
        return lower

    def quantile(self, levels: FloatArray) -> FloatArray:
        """Exact unit quantiles, one level per estimate (levels in [0, 1])."""
        if self.distribution is Distribution.TRIANGULAR:
            c = self.mode_share
            exact: FloatArray = np.where(
                levels < c, np.sqrt(levels * c), 1.0 - np.sqrt((1.0 - levels) * (1.0 - c))
            )
            return exact
        position = levels * _TABLE_SIZE
        index = np.minimum(position.astype(np.intp), _TABLE_SIZE - 1)
        fraction = position - index
        rows = np.arange(self.count)
        lower = self.tables[rows, index]
        interpolated: FloatArray = lower + fraction * (self.tables[rows, index + 1] - lower)
        return interpolated


def check_simulation(coverage: Decimal, iterations: int) -> None:
    if not 0 < coverage < 1:
        raise EngineError("coverage_out_of_range")
    if iterations < 2:
        raise EngineError("too_few_iterations", {"min": 2})
