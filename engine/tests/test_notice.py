"""Notice deadlines across month, quarter, half-year and year ends and leap years.

Every expected value below is worked by hand from the module's definition:
termination = latest period end ≤ target; last notice day = termination − n months,
clamping the day of month.
"""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.notice import (
    RUNS_TO,
    ContractTerms,
    add_months,
    contract_calendar,
    contract_deadlines,
    earliest_termination,
    end_of_month,
    first_period_end,
    is_period_end,
    latest_period_end,
    notice_deadline,
    option_extensions,
    window_of,
)

D = dt.date


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2025, 5, 31), -3, D(2025, 2, 28)),
        (D(2024, 5, 31), -3, D(2024, 2, 29)),  # leap year
        (D(2024, 2, 29), -12, D(2023, 2, 28)),
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        (D(2025, 6, 30), -6, D(2024, 12, 30)),  # day 30 exists in December: kept
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2025, 12, 15), 1, D(2026, 1, 15)),
        (D(2025, 1, 15), -1, D(2024, 12, 15)),
        (D(2025, 8, 17), 0, D(2025, 8, 17)),
    ],
)
def test_add_months_clamps_the_day(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("target", "months", "runs_to", "termination", "last_notice"),
    [
        # month ends
        (D(2025, 5, 31), 3, "month", D(2025, 5, 31), D(2025, 2, 28)),
        (D(2024, 5, 31), 3, "month", D(2024, 5, 31), D(2024, 2, 29)),
        (D(2025, 5, 15), 1, "month", D(2025, 4, 30), D(2025, 3, 30)),
        (D(2025, 3, 31), 1, "month", D(2025, 3, 31), D(2025, 2, 28)),
        (D(2024, 2, 29), 12, "month", D(2024, 2, 29), D(2023, 2, 28)),
        (D(2024, 2, 28), 1, "month", D(2024, 1, 31), D(2023, 12, 31)),  # not a month end in 2024
        (D(2025, 2, 28), 1, "month", D(2025, 2, 28), D(2025, 1, 28)),
        # quarter ends
        (D(2025, 12, 31), 3, "quarter", D(2025, 12, 31), D(2025, 9, 30)),
        (D(2025, 11, 15), 3, "quarter", D(2025, 9, 30), D(2025, 6, 30)),
        (D(2025, 6, 30), 6, "quarter", D(2025, 6, 30), D(2024, 12, 30)),
        (D(2024, 3, 31), 1, "quarter", D(2024, 3, 31), D(2024, 2, 29)),
        (D(2023, 3, 31), 1, "quarter", D(2023, 3, 31), D(2023, 2, 28)),
        (D(2025, 1, 15), 2, "quarter", D(2024, 12, 31), D(2024, 10, 31)),
        (D(2025, 3, 30), 3, "quarter", D(2024, 12, 31), D(2024, 9, 30)),
        # half-year ends
        (D(2025, 10, 31), 6, "half_year", D(2025, 6, 30), D(2024, 12, 30)),
        (D(2025, 12, 31), 6, "half_year", D(2025, 12, 31), D(2025, 6, 30)),
        (D(2025, 5, 31), 3, "half_year", D(2024, 12, 31), D(2024, 9, 30)),
        # year ends
        (D(2025, 6, 30), 12, "year", D(2024, 12, 31), D(2023, 12, 31)),
        (D(2024, 12, 31), 10, "year", D(2024, 12, 31), D(2024, 2, 29)),  # leap year
        (D(2025, 12, 31), 10, "year", D(2025, 12, 31), D(2025, 2, 28)),
        (D(2025, 12, 30), 6, "year", D(2024, 12, 31), D(2024, 6, 30)),
        # no alignment
        (D(2025, 8, 17), 2, "any_day", D(2025, 8, 17), D(2025, 6, 17)),
        (D(2025, 8, 17), 0, "any_day", D(2025, 8, 17), D(2025, 8, 17)),
        (D(2024, 4, 30), 2, "any_day", D(2024, 4, 30), D(2024, 2, 29)),
    ],
)
def test_notice_deadline_hand_worked(
    target: dt.date, months: int, runs_to: str, termination: dt.date, last_notice: dt.date
) -> None:
    result = notice_deadline(target, notice_months=months, runs_to=runs_to)
    assert result is not None
    assert (result.termination_date, result.last_notice_day) == (termination, last_notice)


def test_termination_never_before_irrevocable_until() -> None:
    end = D(2025, 12, 31)
    same_day = notice_deadline(end, notice_months=3, runs_to="quarter", irrevocable_until=end)
    assert same_day is not None and same_day.last_notice_day == D(2025, 9, 30)
    assert (
        notice_deadline(end, notice_months=3, runs_to="quarter", irrevocable_until=D(2026, 1, 1))
        is None
    )
    # 15-12 aligns back to 30-11, which is before the irrevocable date 10-12.
    assert (
        notice_deadline(
            D(2025, 12, 15), notice_months=1, runs_to="month", irrevocable_until=D(2025, 12, 10)
        )
        is None
    )


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        notice_deadline(D(2025, 1, 1), notice_months=-1, runs_to="month")
    with pytest.raises(ValueError, match="negative"):
        earliest_termination(D(2025, 1, 1), notice_months=-1, runs_to="month")
    with pytest.raises(ValueError, match="unknown"):
        is_period_end(D(2025, 1, 1), "week")
    with pytest.raises(ValueError, match="negative"):
        option_extensions(D(2025, 1, 1), remaining=-1, option_months=12)
    with pytest.raises(ValueError, match="months must be one of"):
        contract_calendar([], D(2025, 1, 1), 5)


def test_period_ends() -> None:
    assert end_of_month(2100, 2) == D(2100, 2, 28)  # 2100 is not a leap year
    assert end_of_month(2000, 2) == D(2000, 2, 29)
    assert is_period_end(D(2025, 6, 30), "half_year")
    assert not is_period_end(D(2025, 9, 30), "half_year")
    assert not is_period_end(D(2025, 6, 29), "month")
    assert latest_period_end(D(2025, 1, 31), "year") == D(2024, 12, 31)
    assert latest_period_end(D(2025, 1, 31), "month") == D(2025, 1, 31)
    assert first_period_end(D(2025, 12, 31), "year") == D(2025, 12, 31)
    assert first_period_end(D(2025, 11, 1), "quarter") == D(2025, 12, 31)
    assert first_period_end(D(2025, 11, 1), "any_day") == D(2025, 11, 1)


def test_earliest_termination_of_open_ended_contracts() -> None:
    # Notice today with three months to a quarter end, but irrevocable until year end.
    result = earliest_termination(
        D(2025, 2, 1), notice_months=3, runs_to="quarter", irrevocable_until=D(2025, 12, 31)
    )
    assert (result.termination_date, result.last_notice_day) == (D(2025, 12, 31), D(2025, 9, 30))
    # 31-01 + 1 month = 28-02, but 28-02 needs notice by 28-01: too late, so 31-03.
    result = earliest_termination(D(2025, 1, 31), notice_months=1, runs_to="month")
    assert (result.termination_date, result.last_notice_day) == (D(2025, 3, 31), D(2025, 2, 28))
    # Irrevocable date before the notice period ends changes nothing.
    result = earliest_termination(
        D(2025, 1, 10), notice_months=1, runs_to="month", irrevocable_until=D(2025, 1, 20)
    )
    assert result.termination_date == D(2025, 2, 28)


def test_options_give_possible_extensions() -> None:
    assert option_extensions(D(2024, 2, 29), remaining=2, option_months=12) == (
        D(2025, 2, 28),
        D(2026, 2, 28),
    )
    assert option_extensions(D(2025, 1, 1), remaining=0, option_months=12) == ()


TODAY = D(2025, 1, 1)


def test_contract_deadlines() -> None:
    fixed = contract_deadlines(
        ContractTerms(
            1, D(2025, 12, 31), 6, "half_year", options_offered=3, options_used=1, option_months=24
        ),
        TODAY,
    )
    assert fixed.last_notice_day == D(2025, 6, 30)
    assert fixed.options_remaining == 2
    assert fixed.extensions == (D(2027, 12, 31), D(2029, 12, 31))
    assert not fixed.open_ended and not fixed.notice_passed

    passed = contract_deadlines(ContractTerms(2, D(2025, 2, 28), 3, "month"), TODAY)
    assert passed.last_notice_day == D(2024, 11, 28) and passed.notice_passed

    expired = contract_deadlines(ContractTerms(3, D(2024, 6, 30), 3, "month"), TODAY)
    assert not expired.notice_passed

    open_ended = contract_deadlines(ContractTerms(4, None, 3, "quarter", options_offered=2), TODAY)
    assert open_ended.open_ended and open_ended.options_remaining == 0
    assert open_ended.termination_date == D(2025, 6, 30)

    terminated = contract_deadlines(
        ContractTerms(5, D(2025, 3, 31), 3, "month", options_offered=1, terminated=True), TODAY
    )
    assert terminated.terminated and terminated.last_notice_day is None
    assert terminated.options_remaining == 0

    irrevocable = contract_deadlines(
        ContractTerms(6, D(2025, 6, 15), 1, "quarter", irrevocable_until=D(2025, 6, 1)), TODAY
    )
    assert irrevocable.last_notice_day is None and not irrevocable.notice_passed


def test_calendar_windows_and_order() -> None:
    items = [
        contract_deadlines(ContractTerms(1, D(2025, 3, 31), 1, "month"), TODAY),  # 28-02, 31-03
        contract_deadlines(
            ContractTerms(2, D(2025, 9, 30), 3, "quarter", options_offered=1), TODAY
        ),  # notice 30-06 (6), expiry + option 30-09 (12)
        contract_deadlines(ContractTerms(3, D(2026, 12, 31), 12, "year"), TODAY),  # 31-12-2025
        contract_deadlines(ContractTerms(4, None, 3, "month"), TODAY),  # open-ended: no events
        contract_deadlines(
            ContractTerms(5, D(2025, 2, 15), 3, "month", options_offered=1, terminated=True), TODAY
        ),  # terminated: only the expiry
        contract_deadlines(ContractTerms(6, D(2024, 12, 31), 0, "any_day"), TODAY),  # past
    ]
    three = contract_calendar(items, TODAY, 3)
    assert [(e.key, e.kind, e.date) for e in three] == [
        (5, "expiry", D(2025, 2, 15)),
        (1, "notice", D(2025, 2, 28)),
        (1, "expiry", D(2025, 3, 31)),
    ]
    twelve = contract_calendar(items, TODAY, 12)
    assert [(e.key, e.kind, e.window) for e in twelve][3:6] == [
        (2, "notice", 6),
        (2, "expiry", 12),
        (2, "option", 12),
    ]
    twenty_four = contract_calendar(items, TODAY, 24)
    assert (3, "notice", 12) in [(e.key, e.kind, e.window) for e in twenty_four]
    assert (3, "expiry", 24) in [(e.key, e.kind, e.window) for e in twenty_four]
    assert not any(e.key in (4, 6) for e in twenty_four)


def test_window_of_boundaries() -> None:
    assert window_of(TODAY, TODAY) == 3
    assert window_of(D(2025, 4, 1), TODAY) == 3
    assert window_of(D(2025, 4, 2), TODAY) == 6
    assert window_of(D(2027, 1, 1), TODAY) == 24
    assert window_of(D(2027, 1, 2), TODAY) is None


dates = st.dates(min_value=D(2001, 1, 1), max_value=D(2098, 12, 31))


@given(dates, st.sampled_from(sorted(RUNS_TO)), st.integers(0, 36))
def test_deadline_invariants(target: dt.date, runs_to: str, months: int) -> None:
    result = notice_deadline(target, notice_months=months, runs_to=runs_to)
    assert result is not None
    end = result.termination_date
    assert end <= target and is_period_end(end, runs_to)
    # no later period end fits before the target
    assert first_period_end(end + dt.timedelta(days=1), runs_to) > target
    assert result.last_notice_day <= end
    assert add_months(result.last_notice_day, months) <= end


@given(dates, st.sampled_from(sorted(RUNS_TO)), st.integers(0, 36))
def test_earliest_termination_invariants(today: dt.date, runs_to: str, months: int) -> None:
    result = earliest_termination(today, notice_months=months, runs_to=runs_to)
    assert is_period_end(result.termination_date, runs_to)
    assert result.last_notice_day >= today
    assert result.termination_date >= add_months(today, months)
