"""Monte Carlo simulation: distribution, tornado, the risk pool it sizes, histogram."""

from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.evaluation import evaluate
from engine.lines import BusinessCase, Estimate, Line, LineKind, Risk
from engine.sampling import Distribution
from engine.simulation import simulate

D = Decimal


def sample_case() -> BusinessCase:
    return BusinessCase(
        "Sim",
        (
            Line("Platform", LineKind.INVESTMENT, Estimate(D(800), D(1000), D(1600)), (0,)),
            Line("Drift", LineKind.OPERATION, Estimate.fixed(D(100)), (1, 2, 3, 4)),
            Line("Gevinst", LineKind.ECONOMIC, Estimate(D(300), D(500), D(550)), (1, 2, 3, 4)),
            Line("Kvalitet", LineKind.NON_MONETARY, Estimate.fixed(D(0)), (), score=3),
        ),
        horizon=5,
        risks=(Risk("Leverandør", D("0.3"), Estimate(D(100), D(200), D(500)), year=1, key="r1"),),
    )


def test_same_seed_same_result_and_different_seed_differs() -> None:
    a = simulate(sample_case(), iterations=2000, seed=7)
    b = simulate(sample_case(), iterations=2000, seed=7)
    c = simulate(sample_case(), iterations=2000, seed=8)
    assert a == b
    assert np.array_equal(a.samples, b.samples)
    assert a.p50 != c.p50


def test_outputs_are_decimal_and_ordered() -> None:
    result = simulate(sample_case(), iterations=5000, seed=1)
    assert result.p10 <= result.p50 <= result.p90
    for value in (result.p10, result.p50, result.p90, result.mean, result.probability_positive):
        assert isinstance(value, Decimal)
    assert D(0) <= result.probability_positive <= D(1)
    assert result.deterministic_npv == evaluate(sample_case()).npv
    assert result.iterations == 5000
    assert result.seed == 1


def test_tornado_ranks_items_by_swing_and_shares_sum_to_one() -> None:
    result = simulate(sample_case(), iterations=20_000, seed=3)
    names = [bar.name for bar in result.tornado]
    # Fixed and non-monetary lines do not move the NPV and are left out.
    assert set(names) == {"Platform", "Gevinst", "Leverandør"}
    swings = [bar.swing for bar in result.tornado]
    assert swings == sorted(swings, reverse=True)
    assert names[0] == "Gevinst"  # 4 years x 250 kr. of spread beats the platform's 800
    total_share = sum((bar.variance_share for bar in result.tornado), D(0))
    assert abs(total_share - 1) < D("0.001")
    risk_bar = next(bar for bar in result.tornado if bar.is_risk)
    assert risk_bar.key == "r1"
    # The risk does not occur at its 10th percentile (p = 0.3): NPV stays deterministic.
    assert risk_bar.npv_high == result.deterministic_npv
    assert risk_bar.npv_low < risk_bar.npv_high
    for bar in result.tornado:
        assert bar.npv_low <= bar.npv_high
        assert bar.swing == bar.npv_high - bar.npv_low


def test_tornado_line_quantiles_match_the_distribution() -> None:
    # Triangular(0, 0, 1) has P90 = 1 - sqrt(0.1): the bar's high end is exact.
    case = BusinessCase(
        "Tri", (Line("A", LineKind.ECONOMIC, Estimate(D(0), D(0), D(1000)), (0,)),), horizon=3
    )
    result = simulate(case, iterations=1000, seed=0, distribution=Distribution.TRIANGULAR)
    bar = result.tornado[0]
    assert bar.npv_high == D(str(round(1000 * (1 - 0.1**0.5), 2)))


def test_simulation_risk_pool_uses_the_coverage() -> None:
    result = simulate(sample_case(), iterations=5000, seed=2, coverage=D("0.95"))
    assert result.risk_pool.coverage == D("0.95")
    # 0.3 x PERT mean (100 + 4 x 200 + 500) / 6 = 0.3 x 233.33 = 70.00
    assert result.risk_pool.expected == D("70.00")
    assert result.risk_pool.pool >= D("200.00")


def test_validation_of_simulation_arguments() -> None:
    with pytest.raises(ValueError, match="coverage"):
        simulate(sample_case(), coverage=D(1))
    with pytest.raises(ValueError, match="iterations"):
        simulate(sample_case(), iterations=1)


def test_case_without_uncertainty_has_no_spread() -> None:
    case = BusinessCase(
        "Fixed", (Line("A", LineKind.ECONOMIC, Estimate.fixed(D(100)), (0, 1)),), horizon=3
    )
    result = simulate(case, iterations=100)
    assert result.p10 == result.p90 == result.deterministic_npv
    assert result.tornado == ()
    assert result.probability_positive == D(1)


def test_histogram_counts_every_iteration() -> None:
    result = simulate(sample_case(), iterations=3000, seed=4)
    bins = result.histogram(bins=12)
    assert len(bins) == 12
    assert sum(b.count for b in bins) == 3000
    assert bins[0].low <= result.p10 <= bins[-1].high


symmetric = st.tuples(
    st.integers(min_value=0, max_value=100_000), st.integers(min_value=0, max_value=50_000)
)


@settings(max_examples=25, deadline=None)
@given(
    lines=st.lists(symmetric, min_size=1, max_size=6),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    distribution=st.sampled_from(list(Distribution)),
)
def test_median_approaches_the_deterministic_case_for_symmetric_estimates(
    lines: list[tuple[int, int]], seed: int, distribution: Distribution
) -> None:
    built = tuple(
        Line(
            f"L{i}",
            LineKind.ECONOMIC if i % 2 else LineKind.OPERATION,
            Estimate(
                D(mode - spread) if mode >= spread else D(0), D(mode), D(mode + min(spread, mode))
            ),
            (i % 3, 3),
        )
        for i, (mode, spread) in enumerate(lines)
    )
    case = BusinessCase("Sym", built, horizon=4)
    result = simulate(case, iterations=20_000, seed=seed, distribution=distribution)
    total_spread = sum(2 * min(spread, mode) for mode, spread in lines) * 2
    tolerance = max(D("0.01"), D(total_spread) * D("0.02"))
    assert abs(result.p50 - result.deterministic_npv) <= tolerance
    assert abs(result.mean - result.deterministic_npv) <= tolerance


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**63 - 1))
def test_same_seed_gives_the_same_result(seed: int) -> None:
    first = simulate(sample_case(), iterations=500, seed=seed)
    second = simulate(sample_case(), iterations=500, seed=seed)
    assert first == second


def test_the_headline_is_the_expected_value_and_the_most_likely_may_fall_outside_the_band() -> None:
    skewed = BusinessCase(
        name="Skæv",
        lines=(
            Line(
                "Gevinst",
                LineKind.ECONOMIC,
                Estimate(Decimal(100), Decimal(1000), Decimal(1010)),
                (1, 2, 3),
            ),
            Line(
                "Drift",
                LineKind.OPERATION,
                Estimate(Decimal(495), Decimal(500), Decimal(1200)),
                (1, 2, 3),
            ),
        ),
        horizon=4,
    )
    result = simulate(skewed, iterations=4_000, seed=3)
    assert result.expected_npv == result.mean < result.deterministic_npv
    assert result.most_likely_outside_band == (
        not result.p10 <= result.deterministic_npv <= result.p90
    )
    assert result.most_likely_outside_band


def test_grouped_and_single_lines_mix() -> None:
    def line(name: str, group: str) -> Line:
        estimate = Estimate(Decimal(400), Decimal(500), Decimal(600))
        return Line(name, LineKind.ECONOMIC, estimate, (1, 2), group=group)

    case = BusinessCase("Blandet", (line("A", "pris"), line("B", "pris"), line("C", "")), horizon=3)
    grouped = simulate(case, iterations=5_000, seed=2)
    single = simulate(
        BusinessCase("Enkelt", (line("A", ""), line("B", ""), line("C", "")), horizon=3),
        iterations=5_000,
        seed=2,
    )
    assert grouped.p90 - grouped.p10 > single.p90 - single.p10
