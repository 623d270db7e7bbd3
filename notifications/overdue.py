"""Everything overdue in one organization, by kind and by owner: the page
``/notifikationer/forfalden/``, the dashboard card "Forfalden" and the API's
``analyses/overdue`` read this one function (over :func:`core.due.due_items`).

``within`` adds what falls due in the next ``within`` days (0–365); ``kind`` and
``owner`` narrow the items (the groups always count everything found).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.due import DueItem, due_items

MAX_WITHIN = 365
NO_OWNER = ""


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Overdue:
    today: date
    within: int
    items: list[DueItem]
    by_kind: list[Group]
    by_owner: list[Group]
    total: int  # overdue + due within ``within``, before the kind/owner filter

    @property
    def count(self) -> int:
        return len(self.items)


def parse_within(value: Any) -> int:
    """``within`` from a query string: 0–365 days, else a Danish error."""
    if value in (None, ""):
        return 0
    try:
        within = int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("within skal være et helt antal dage (0–365).")) from None
    if not 0 <= within <= MAX_WITHIN:
        raise ValidationError(_("within skal være mellem 0 og 365 dage."))
    return within


def overdue(
    *, organization: Any, today: date, within: int = 0, kind: str = "", owner: str | None = None
) -> Overdue:
    """The organization's overdue items (and those due within ``within`` days)."""
    found = [
        item
        for item in due_items(today=today, horizon_days=within, organization_ids=[organization.pk])
        if item.organization_id == organization.pk
        and (item.due_date < today or (within and item.days_left(today) <= within))
    ]
    labels: dict[str, str] = {}
    kinds: Counter[str] = Counter()
    owners: Counter[str] = Counter()
    for item in found:
        labels.setdefault(item.kind, str(item.kind_label))
        kinds[item.kind] += 1
        owners[item.owner] += 1
    items = [
        item
        for item in found
        if (not kind or item.kind == kind) and (owner is None or item.owner == owner)
    ]
    return Overdue(
        today=today,
        within=within,
        items=items,
        by_kind=[Group(k, labels[k], n) for k, n in sorted(kinds.items(), key=_largest)],
        by_owner=[
            Group(o, o or _("Ingen ansvarlig"), n) for o, n in sorted(owners.items(), key=_largest)
        ],
        total=len(found),
    )


def _largest(pair: tuple[str, int]) -> tuple[int, str]:
    return (-pair[1], pair[0])
