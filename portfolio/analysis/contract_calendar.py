"""Contract calendar: notice deadlines, expiries and options ahead."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy

from engine import notice
from organizations.models import Organization
from portfolio import choices as c
from portfolio.analysis.common import resolve_today
from portfolio.analysis.results import (
    CalendarEventRow,
    ContractCalendar,
    ContractDeadlineRow,
    MonthCount,
    WindowCount,
)
from portfolio.models import (
    Contract,
)

EVENT_LABELS = {
    "notice": gettext_lazy("Sidste opsigelsesdag"),
    "expiry": gettext_lazy("Udløb"),
    "option": gettext_lazy("Option skal besluttes"),
}


def contract_calendar(
    *, organization: Organization, months: int = 12, today: dt.date | None = None
) -> ContractCalendar:
    """Expiries, last notice days and option decisions in the next ``months`` (3/6/12/24).

    The rules are :mod:`engine.notice`'s. One query.
    """
    if months not in notice.WINDOWS:
        raise ValueError(f"months must be one of {notice.WINDOWS}")
    today = resolve_today(today)
    runs_to_labels = dict(c.NoticeRunsTo.choices)
    rows: dict[int, ContractDeadlineRow] = {}
    deadlines: list[notice.ContractDeadlines] = []
    contracts = Contract.objects.filter(organization=organization).select_related(
        "vendor", "responsible_unit"
    )
    for contract in contracts.order_by("end_date", "name", "pk"):
        terms = notice.ContractTerms(
            key=contract.pk,
            end_date=contract.end_date,
            notice_months=contract.notice_months,
            runs_to=contract.notice_runs_to,
            irrevocable_until=contract.irrevocable_until,
            options_offered=contract.options_offered,
            options_used=contract.options_used,
            option_months=contract.option_months,
            terminated=contract.terminated,
        )
        deadline = notice.contract_deadlines(terms, today)
        deadlines.append(deadline)
        rows[contract.pk] = ContractDeadlineRow(
            contract_id=contract.pk,
            number=contract.number,
            name=contract.name,
            vendor=contract.vendor.name if contract.vendor else "",
            responsible_unit=contract.responsible_unit.name if contract.responsible_unit else "",
            expiry=deadline.expiry,
            termination_date=deadline.termination_date,
            last_notice_day=deadline.last_notice_day,
            notice_months=contract.notice_months,
            notice_runs_to=contract.notice_runs_to,
            notice_runs_to_label=str(
                runs_to_labels.get(contract.notice_runs_to, contract.notice_runs_to)
            ),
            irrevocable_until=contract.irrevocable_until,
            options_remaining=deadline.options_remaining,
            extensions=list(deadline.extensions),
            open_ended=deadline.open_ended,
            terminated=deadline.terminated,
            notice_passed=deadline.notice_passed,
        )
    all_events = notice.contract_calendar(deadlines, today, max(notice.WINDOWS))
    windows = []
    for window in notice.WINDOWS:
        inside = [e for e in all_events if e.window <= window]
        windows.append(
            WindowCount(
                months=window,
                notice=sum(1 for e in inside if e.kind == "notice"),
                expiry=sum(1 for e in inside if e.kind == "expiry"),
                option=sum(1 for e in inside if e.kind == "option"),
            )
        )
    events = [
        CalendarEventRow(
            date=e.date,
            kind=e.kind,
            kind_label=str(EVENT_LABELS[e.kind]),
            window=e.window,
            contract_id=e.key,
            contract=str(rows[e.key].name),
            vendor=rows[e.key].vendor,
        )
        for e in all_events
        if e.window <= months
    ]
    month_keys = [notice.add_months(today.replace(day=1), i) for i in range(months + 1)]
    per_month: dict[str, dict[str, int]] = {
        m.strftime("%Y-%m"): {"notice": 0, "expiry": 0, "option": 0} for m in month_keys
    }
    for event in events:
        per_month[event.date.strftime("%Y-%m")][event.kind] += 1
    return ContractCalendar(
        today=today,
        months=months,
        windows=windows,
        by_month=[MonthCount(month, **counts) for month, counts in per_month.items()],
        events=events,
        notice_passed=[r for r in rows.values() if r.notice_passed],
        open_ended=[r for r in rows.values() if r.open_ended and not r.terminated],
        contracts=list(rows.values()),
    )
