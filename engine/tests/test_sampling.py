"""PERT and triangular draws of three-point estimates."""

from decimal import Decimal

import numpy as np
import pytest

from engine.lines import Estimate
from engine.sampling import Distribution, Sampler, pert_tables

D = Decimal


@pytest.mark.parametrize("distribution", list(Distribution))
def test_draws_match_the_distribution_means(distribution: Distribution) -> None:
    estimate = Estimate(D(100), D(150), D(400))
    sampler = Sampler([estimate], distribution)
    draws = sampler.low + sampler.width * sampler.unit(np.random.default_rng(5), 200_000)
    expected = estimate.pert_mean if distribution is Distribution.PERT else estimate.triangular_mean
    assert abs(draws.mean() - float(expected)) < 1.0
    assert draws.min() >= 100
    assert draws.max() <= 400


def test_pert_tables_are_exact_for_the_uniform_and_symmetric_cases() -> None:
    tables = pert_tables(np.array([0.5, 0.0]))
    # m = 0.5 -> Beta(3, 3): symmetric, median 0.5.
    assert tables[0, 512] == pytest.approx(0.5, abs=1e-9)
    # m = 0 -> Beta(1, 5): Q(u) = 1 - (1 - u)^(1/5).
    assert tables[1, 512] == pytest.approx(1 - 0.5 ** (1 / 5), abs=1e-4)
    assert tables[1, 0] == 0.0
    assert tables[1, -1] == pytest.approx(1.0)
