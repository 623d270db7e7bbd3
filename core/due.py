"""Things that fall due: the one shape in which every module reports them.

A module that has deadlines (a contract's last notice day, a data processor's oversight,
a roadmap milestone, a solution review, a governance plan's test, a condition from the
kontrolorgan, an open procurement question, …) registers a *due provider* in its
``AppConfig.ready()``::

    registry.due("contract_notice", "portfolio.due:contract_notices", order=10)

A provider is called as ``provider(today=…, until=…, organization_ids=…)`` and returns the
open things due on or before ``until`` — overdue ones included — as :class:`DueItem`
values, reading the database in a constant number of queries. ``organization_ids`` is
``None`` for every organization or a collection of ids to limit the read to.

Everything that asks "what is due?" reads :func:`due_items`: the daily reminders
(``manage.py send_reminders``), the overdue analysis and dashboard, and the
kontrolorgan's agenda. Lower layers call it without importing the apps that provide.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django_stubs_ext import StrOrPromise

from core.registry import registry

#: When a reminder goes out before the due date, by default (days ahead; 0 = on the day).
DEFAULT_LEAD_DAYS: tuple[int, ...] = (7, 0)


@dataclass(frozen=True)
class DueItem:
    """One thing that falls due.

    ``kind`` is the provider's registered name; ``key`` identifies the thing *and* its
    due date (``"contract_notice:12:2027-03-31"``), so a moved deadline is a new one.
    ``recipients`` are the users responsible (users, not ids); ``owner`` is how the
    responsible person or unit is named where it is shown (also when no user is known).
    ``agenda`` marks things the kontrolorgan takes up on its next meeting. ``lead_days``
    says how many days ahead reminders go out (e.g. ``(90, 30, 7, 0)`` for a notice day).
    """

    kind: str
    kind_label: StrOrPromise
    key: str
    organization_id: int
    title: str
    due_date: date
    link: str
    recipients: tuple[Any, ...] = ()
    owner: str = ""
    agenda: bool = False
    lead_days: tuple[int, ...] = DEFAULT_LEAD_DAYS

    def days_left(self, today: date) -> int:
        return (self.due_date - today).days

    def is_overdue(self, today: date) -> bool:
        return self.due_date < today


def due_items(
    *,
    today: date,
    horizon_days: int = 90,
    organization_ids: Collection[int] | None = None,
    kinds: Iterable[str] | None = None,
) -> list[DueItem]:
    """Everything open that is due within ``horizon_days`` of ``today`` or overdue, from
    every registered provider (or only ``kinds``), ordered by due date, kind and title."""
    until = today + timedelta(days=horizon_days)
    wanted = set(kinds) if kinds is not None else None
    items: list[DueItem] = []
    for kind, provider in registry.due_providers():
        if wanted is not None and kind not in wanted:
            continue
        items.extend(provider(today=today, until=until, organization_ids=organization_ids))
    items.sort(key=lambda item: (item.due_date, item.kind, item.title, item.key))
    return items
