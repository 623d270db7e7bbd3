"""Contract deadlines: expiry, the last day to give notice, and options awaiting decision.

Definitions (the contract calendar uses exactly these):

* **Period end.** ``runs_to`` says on which days a termination may take effect:
  ``"month"`` the last day of any month, ``"quarter"`` 31-03, 30-06, 30-09 and 31-12,
  ``"half_year"`` 30-06 and 31-12, ``"year"`` 31-12, ``"any_day"`` every day (no
  alignment).
* **Effective termination date** for a target date *T* (normally the contract's end
  date): *T* itself when *T* is a period end, otherwise the latest period end before *T*.
  A termination may never take effect before ``irrevocable_until``; when the effective
  date would fall before it, no termination on or before *T* is possible and
  :func:`notice_deadline` returns ``None`` (the contract simply runs to its end).
* **Last day to give notice** = effective termination date minus ``notice_months``
  calendar months, clamping the day of month to the month's length
  (31-05 minus 3 months is 28-02, or 29-02 in a leap year; see :func:`add_months`).
* **Options.** Each unused option (``options_offered - options_used``) may extend the
  contract by ``option_months``; the decision falls due at the current end date.

The functions take plain :class:`datetime.date` values and never read the clock: the
caller passes ``today``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from engine.errors import EngineError

__all__ = [
    "EVENT_KINDS",
    "RUNS_TO",
    "WINDOWS",
    "CalendarEvent",
    "ContractDeadlines",
    "ContractTerms",
    "NoticeDeadline",
    "add_months",
    "contract_calendar",
    "contract_deadlines",
    "earliest_termination",
    "end_of_month",
    "first_period_end",
    "is_period_end",
    "latest_period_end",
    "notice_deadline",
    "option_extensions",
    "window_of",
]

RUNS_TO: dict[str, int] = {"any_day": 0, "month": 1, "quarter": 3, "half_year": 6, "year": 12}
"""Months between period ends for each ``notice_runs_to`` value (0: every day)."""

WINDOWS: tuple[int, ...] = (3, 6, 12, 24)
"""The calendar's look-ahead windows in months."""

EVENT_KINDS: tuple[str, ...] = ("notice", "expiry", "option")
"""Kinds of calendar events: last day to give notice, expiry, option decision."""

_ONE_DAY = dt.timedelta(days=1)


def _step(runs_to: str) -> int:
    try:
        return RUNS_TO[runs_to]
    except KeyError:
        raise EngineError("unknown_runs_to", {"value": runs_to}) from None


def end_of_month(year: int, month: int) -> dt.date:
    """The last day of the month.

    >>> end_of_month(2024, 2), end_of_month(2023, 2), end_of_month(2025, 12)
    (datetime.date(2024, 2, 29), datetime.date(2023, 2, 28), datetime.date(2025, 12, 31))
    """
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months (negative: back), clamping the day.

    The day of month is kept when the target month has it, else it becomes the target
    month's last day.

    >>> add_months(dt.date(2025, 5, 31), -3)
    datetime.date(2025, 2, 28)
    >>> add_months(dt.date(2024, 5, 31), -3)
    datetime.date(2024, 2, 29)
    >>> add_months(dt.date(2025, 1, 15), 12)
    datetime.date(2026, 1, 15)
    >>> add_months(dt.date(2025, 3, 31), -15)
    datetime.date(2023, 12, 31)
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_period_end(day: dt.date, runs_to: str) -> bool:
    """True when a termination may take effect on ``day``.

    >>> is_period_end(dt.date(2025, 6, 30), "quarter")
    True
    >>> is_period_end(dt.date(2025, 5, 31), "quarter")
    False
    >>> is_period_end(dt.date(2025, 5, 14), "any_day")
    True
    """
    step = _step(runs_to)
    if step == 0:
        return True
    return day == end_of_month(day.year, day.month) and day.month % step == 0


def latest_period_end(day: dt.date, runs_to: str) -> dt.date:
    """The latest period end on or before ``day``.

    >>> latest_period_end(dt.date(2025, 5, 15), "month")
    datetime.date(2025, 4, 30)
    >>> latest_period_end(dt.date(2025, 2, 10), "quarter")
    datetime.date(2024, 12, 31)
    >>> latest_period_end(dt.date(2025, 12, 31), "year")
    datetime.date(2025, 12, 31)
    """
    return _nearest_period_end(day, runs_to, later=False)


def first_period_end(day: dt.date, runs_to: str) -> dt.date:
    """The earliest period end on or after ``day``.

    >>> first_period_end(dt.date(2025, 7, 1), "half_year")
    datetime.date(2025, 12, 31)
    >>> first_period_end(dt.date(2025, 7, 1), "month")
    datetime.date(2025, 7, 31)
    """
    return _nearest_period_end(day, runs_to, later=True)


def _nearest_period_end(day: dt.date, runs_to: str, *, later: bool) -> dt.date:
    """The period end nearest ``day`` on or after it (``later``) or on or before it."""
    step = _step(runs_to)
    if step == 0:
        return day
    year, month = day.year, day.month
    if not later and day != end_of_month(year, month):
        month -= 1
    while month % step:
        month += 1 if later else -1
    if month == 0:  # 12 is a multiple of every step, so the wrap lands on December
        year, month = year - 1, 12
    return end_of_month(year, month)


@dataclass(frozen=True, slots=True)
class NoticeDeadline:
    """When a termination takes effect and the last day notice can be given for it."""

    termination_date: dt.date
    last_notice_day: dt.date

    @classmethod
    def ending_on(cls, termination: dt.date, notice_months: int) -> NoticeDeadline:
        """Termination on ``termination`` with ``notice_months`` of notice."""
        return cls(termination, add_months(termination, -notice_months))


def _refuse_negative(notice_months: int) -> None:
    if notice_months < 0:
        raise EngineError("notice_months_negative")


def notice_deadline(
    target: dt.date,
    *,
    notice_months: int,
    runs_to: str,
    irrevocable_until: dt.date | None = None,
) -> NoticeDeadline | None:
    """The last day to give notice so that the contract ends by ``target``.

    ``termination_date = latest_period_end(target, runs_to)``;
    ``last_notice_day = add_months(termination_date, -notice_months)``. ``None`` when the
    termination date would fall before ``irrevocable_until``.

    Three months' notice to the end of a quarter, contract ending 31-12-2025:

    >>> d = notice_deadline(dt.date(2025, 12, 31), notice_months=3, runs_to="quarter")
    >>> d.termination_date, d.last_notice_day
    (datetime.date(2025, 12, 31), datetime.date(2025, 9, 30))

    Ending 15-11-2025 with notice to a quarter end: terminate 30-09, notify by 30-06.

    >>> d = notice_deadline(dt.date(2025, 11, 15), notice_months=3, runs_to="quarter")
    >>> d.termination_date, d.last_notice_day
    (datetime.date(2025, 9, 30), datetime.date(2025, 6, 30))
    """
    _refuse_negative(notice_months)
    termination = latest_period_end(target, runs_to)
    if irrevocable_until is not None and termination < irrevocable_until:
        return None
    return NoticeDeadline.ending_on(termination, notice_months)


def earliest_termination(
    today: dt.date,
    *,
    notice_months: int,
    runs_to: str,
    irrevocable_until: dt.date | None = None,
) -> NoticeDeadline:
    """For an open-ended contract: the earliest termination if notice is given ``today``.

    The earliest period end *E* on or after ``max(today + notice_months,
    irrevocable_until)`` whose last notice day (``E - notice_months``) is not before
    ``today``.

    >>> d = earliest_termination(dt.date(2025, 3, 10), notice_months=3, runs_to="quarter")
    >>> d.termination_date, d.last_notice_day
    (datetime.date(2025, 6, 30), datetime.date(2025, 3, 30))
    >>> d = earliest_termination(dt.date(2025, 3, 31), notice_months=1, runs_to="any_day")
    >>> d.termination_date, d.last_notice_day
    (datetime.date(2025, 5, 1), datetime.date(2025, 4, 1))
    """
    _refuse_negative(notice_months)
    candidate = max(add_months(today, notice_months), irrevocable_until or dt.date.min)
    termination = first_period_end(candidate, runs_to)
    while add_months(termination, -notice_months) < today:
        termination = first_period_end(termination + _ONE_DAY, runs_to)
    return NoticeDeadline.ending_on(termination, notice_months)


def option_extensions(
    end_date: dt.date, *, remaining: int, option_months: int
) -> tuple[dt.date, ...]:
    """The possible new end dates if the remaining options are used one after another.

    >>> option_extensions(dt.date(2025, 12, 31), remaining=2, option_months=12)
    (datetime.date(2026, 12, 31), datetime.date(2027, 12, 31))
    """
    if remaining < 0 or option_months < 0:
        raise EngineError("options_negative")
    return tuple(add_months(end_date, k * option_months) for k in range(1, remaining + 1))


@dataclass(frozen=True, slots=True)
class ContractTerms:
    """The plain facts of one contract that the deadlines depend on."""

    key: int
    end_date: dt.date | None
    notice_months: int = 0
    runs_to: str = "any_day"
    irrevocable_until: dt.date | None = None
    options_offered: int = 0
    options_used: int = 0
    option_months: int = 12
    terminated: bool = False


@dataclass(frozen=True, slots=True)
class ContractDeadlines:
    """Everything the calendar shows for one contract.

    ``termination_date``/``last_notice_day`` come from :func:`notice_deadline` for a
    contract with an end date and from :func:`earliest_termination` for an open-ended
    one (``open_ended``). ``notice_passed`` is true when the contract has not yet expired
    but its last notice day lies before ``today``.
    """

    key: int
    expiry: dt.date | None
    termination_date: dt.date | None
    last_notice_day: dt.date | None
    options_remaining: int
    extensions: tuple[dt.date, ...]
    open_ended: bool
    terminated: bool
    notice_passed: bool


def contract_deadlines(terms: ContractTerms, today: dt.date) -> ContractDeadlines:
    """Expiry, notice deadline and options of one contract, seen from ``today``.

    >>> terms = ContractTerms(1, dt.date(2026, 5, 31), 3, "month", options_offered=1)
    >>> d = contract_deadlines(terms, dt.date(2026, 1, 1))
    >>> d.last_notice_day, d.extensions
    (datetime.date(2026, 2, 28), (datetime.date(2027, 5, 31),))
    """
    remaining = max(terms.options_offered - terms.options_used, 0)
    if terms.terminated:
        return ContractDeadlines(
            terms.key, terms.end_date, None, None, 0, (), terms.end_date is None, True, False
        )
    if terms.end_date is None:
        deadline: NoticeDeadline | None = earliest_termination(
            today,
            notice_months=terms.notice_months,
            runs_to=terms.runs_to,
            irrevocable_until=terms.irrevocable_until,
        )
        extensions: tuple[dt.date, ...] = ()
    else:
        deadline = notice_deadline(
            terms.end_date,
            notice_months=terms.notice_months,
            runs_to=terms.runs_to,
            irrevocable_until=terms.irrevocable_until,
        )
        extensions = option_extensions(
            terms.end_date, remaining=remaining, option_months=terms.option_months
        )
    notice_passed = (
        terms.end_date is not None
        and terms.end_date >= today
        and deadline is not None
        and deadline.last_notice_day < today
    )
    return ContractDeadlines(
        key=terms.key,
        expiry=terms.end_date,
        termination_date=deadline.termination_date if deadline else None,
        last_notice_day=deadline.last_notice_day if deadline else None,
        options_remaining=remaining if terms.end_date is not None else 0,
        extensions=extensions,
        open_ended=terms.end_date is None,
        terminated=False,
        notice_passed=notice_passed,
    )


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """One dated event: ``kind`` is ``"notice"``, ``"expiry"`` or ``"option"``."""

    key: int
    kind: str
    date: dt.date
    window: int


def window_of(day: dt.date, today: dt.date) -> int | None:
    """The smallest look-ahead window (months) that contains ``day``; ``None`` if none.

    >>> window_of(dt.date(2025, 3, 31), dt.date(2025, 1, 1))
    3
    >>> window_of(dt.date(2025, 4, 2), dt.date(2025, 1, 1))
    6
    >>> window_of(dt.date(2024, 12, 31), dt.date(2025, 1, 1)) is None
    True
    """
    if day < today:
        return None
    for months in WINDOWS:
        if day <= add_months(today, months):
            return months
    return None


def contract_calendar(
    deadlines: Iterable[ContractDeadlines], today: dt.date, months: int
) -> list[CalendarEvent]:
    """The events from ``today`` up to ``today + months`` (inclusive), by date then kind.

    Open-ended contracts have no dated events; terminated contracts keep only their
    expiry. An option awaits decision when options remain and the contract ends in the
    window; its decision date is the end date.

    >>> today = dt.date(2025, 1, 1)
    >>> d = contract_deadlines(ContractTerms(7, dt.date(2025, 6, 30), 2, "month", None, 1), today)
    >>> [(e.kind, e.date.isoformat(), e.window) for e in contract_calendar([d], today, 6)]
    [('notice', '2025-04-30', 6), ('expiry', '2025-06-30', 6), ('option', '2025-06-30', 6)]
    """
    if months not in WINDOWS:
        raise EngineError("window_unknown", {"windows": WINDOWS})
    horizon = add_months(today, months)
    events: list[CalendarEvent] = []
    for item in deadlines:
        candidates: list[tuple[str, dt.date | None]] = [("expiry", item.expiry)]
        if not item.open_ended and not item.terminated:
            candidates.append(("notice", item.last_notice_day))
            if item.options_remaining > 0:
                candidates.append(("option", item.expiry))
        for kind, day in candidates:
            if day is not None and today <= day <= horizon:
                events.append(CalendarEvent(item.key, kind, day, window_of(day, today) or months))
    order = {kind: index for index, kind in enumerate(EVENT_KINDS)}
    events.sort(key=lambda e: (e.date, order[e.kind], e.key))
    return events
