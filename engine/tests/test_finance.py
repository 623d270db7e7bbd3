"""Finance core: golden values worked out by hand, and invariants."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.common import Assumption
from engine.finance import (
    DEFAULT_DISCOUNT_RATE,
    Payback,
    benefit_cost_ratio,
    break_even,
    cumulative,
    discount_factors,
    npv,
    payback,
    present_value,
)
from engine.money import format_dkk, from_float, round_ore, sum_money, to_decimal

D = Decimal
RATE = D("0.035")


def exact_npv(rate: Fraction, flows: list[int]) -> Fraction:
    """Spreadsheet-style: sum of flow_t / (1 + r)^t with exact fractions."""
    return sum((Fraction(f) / (1 + rate) ** t for t, f in enumerate(flows)), Fraction(0))


def test_default_rate_is_finansministeriets_3_5_percent() -> None:
    assert D("0.035") == DEFAULT_DISCOUNT_RATE


def test_npv_golden_five_year_case() -> None:
    # Year:      0           1         2         3         4
    # Net:  -1,000,000   330,000   530,000   530,000   530,000
    # Factors 1/1.035^t: 1, 0.966183575, 0.933510700, 0.901942706, 0.871442228
    # PV: -1,000,000 + 318,840.58 + 494,760.67 + 478,029.63 + 461,864.38 = 753,495.27
    flows = [D(-1_000_000), D(330_000), D(530_000), D(530_000), D(530_000)]
    assert npv(RATE, flows) == D("753495.27")
    assert (
        abs(exact_npv(Fraction(35, 1000), [int(f) for f in flows]) - Fraction("753495.27")) < 0.005
    )


def test_npv_golden_ten_year_case() -> None:
    flows = [-250_000, 40_000] + [90_000] * 8
    assert npv(RATE, [D(f) for f in flows]) == D("386382.61")
    assert abs(exact_npv(Fraction(35, 1000), flows) - Fraction("386382.61")) < 0.005


def test_year_zero_is_not_discounted() -> None:
    assert npv(RATE, [D("1234.56")]) == D("1234.56")
    assert npv(RATE, [D(0), D(1035)]) == D("1000.00")


def test_npv_rounds_once_half_up() -> None:
    assert npv(D(0), [D("0.004"), D("0.004")]) == D("0.01")  # rounding each would give 0
    assert npv(D(0), [D("0.005")]) == D("0.01")
    assert npv(D(0), [D("-0.005")]) == D("-0.01")


def test_npv_rejects_float_rate_and_rates_at_or_below_minus_one() -> None:
    with pytest.raises(TypeError):
        npv(0.035, [D(1)])  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        npv(D(-1), [D(1)])


def test_discount_factors_and_present_value() -> None:
    factors = discount_factors(RATE, 3)
    assert factors[0] == 1
    assert abs(factors[2] * D("1.035") ** 2 - 1) < D("1e-40")
    assert round(present_value(RATE, D(1071.225), 2), 2) == D("1000.00")


def test_cumulative() -> None:
    assert cumulative([D(-5), D(2), D(4)]) == (D(-5), D(-3), D(1))
    assert cumulative([]) == ()


def test_payback_golden() -> None:
    # Cumulative: -1000, -600, -200, +200 -> recovered in year 3 after 200/400 = 0.5 year.
    result = payback([D(-1000), D(400), D(400), D(400)])
    assert result == Payback(year=3, month=6, years=D("3.50"))
    # Cumulative -100, -10, +20: 10/30 of year 2 -> month ceil(4.0) = 4, 2.33 years.
    assert payback([D(-100), D(90), D(30)]) == Payback(year=2, month=4, years=D("2.33"))


def test_payback_is_the_last_recovery() -> None:
    # Recovers in year 1, dips below zero in year 2, recovers for good in year 3.
    result = payback([D(-100), D(150), D(-100), D(100)])
    assert result is not None
    assert result.year == 3


def test_payback_without_recovery_or_flows() -> None:
    assert payback([]) is None
    assert payback([D(-1), D(0)]) is None
    assert payback([D(0), D(5)]) == Payback(0, 0, D("0.00"))


def test_break_even_is_discounted_payback() -> None:
    flows = [D(-1000), D(520), D(520)]
    # Undiscounted: recovered in year 2. Discounted: -1000 + 502.42 + 485.43 < 0.
    assert payback(flows) is not None
    assert break_even(RATE, flows) is None
    assert break_even(RATE, [D(-1000), D(600), D(600)]) == 2


def test_benefit_cost_ratio() -> None:
    # PV benefits = 1035/1.035 = 1000; PV costs = 400 + 103.5/1.035 = 500 -> 2.00
    assert benefit_cost_ratio(RATE, [D(0), D(1035)], [D(400), D("103.5")]) == D("2.00")
    assert benefit_cost_ratio(RATE, [D(5)], [D(0)]) is None


def test_assumptions_need_a_source() -> None:
    with pytest.raises(ValueError):
        Assumption(D(1), "  ")


def test_money_helpers() -> None:
    assert to_decimal("12.50") == D("12.50")
    with pytest.raises(TypeError):
        to_decimal(True)
    assert round_ore(D("0.005")) == D("0.01")
    assert from_float(1234.5678) == D("1234.57")
    with pytest.raises(ValueError):
        from_float(float("inf"))
    assert sum_money([]) == 0
    assert format_dkk(D("1234.5")) == "1.234,50 kr."
    assert format_dkk(D("0")) == "0,00 kr."


money = st.decimals(min_value=-10_000_000, max_value=10_000_000, places=2)
# Later flows of at least 1,000 kr. move the NPV by more than an øre per 0.1 %-point.
positive = st.decimals(min_value=1000, max_value=10_000_000, places=2)
rates = st.decimals(min_value=0, max_value=D("0.2"), places=3)


@given(
    first=money,
    later=st.lists(positive, min_size=1, max_size=9),
    low=rates,
    step=st.decimals(min_value=D("0.001"), max_value=D("0.1"), places=3),
)
def test_npv_falls_as_the_rate_rises_when_later_flows_are_positive(
    first: Decimal, later: list[Decimal], low: Decimal, step: Decimal
) -> None:
    flows = [first, *later]
    assert npv(low + step, flows) < npv(low, flows)


@given(st.lists(money, min_size=1, max_size=10))
def test_payback_agrees_with_cumulative_flows(flows: list[Decimal]) -> None:
    running = cumulative(flows)
    result = payback(flows)
    if result is None:
        assert running[-1] < 0
        return
    assert all(value >= 0 for value in running[result.year :])
    if result.year > 0:
        assert running[result.year - 1] < 0
    assert result.year <= result.years <= result.year + 1
    assert (result.month == 0) == (result.year == 0 or running[result.year - 1] >= 0)


@given(st.lists(money, min_size=1, max_size=10))
def test_break_even_at_zero_rate_is_the_payback_year(flows: list[Decimal]) -> None:
    plain = payback(flows)
    assert break_even(D(0), flows) == (None if plain is None else plain.year)
