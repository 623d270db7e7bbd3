"""The kontrolorgan's conditions as due items (:mod:`core.due`).

Every open condition due on or before ``until``; an overdue one is marked ``agenda=True``,
so it comes onto the next meeting's agenda by itself and into the reminders. A condition on
a procurement request carries the key procurement's own deadline notice uses
(``procurement.condition:<id>:<date>``), so a reader that also gets procurement's
conditions from another provider can tell it is the same one (the agenda keeps one item
per key). Three queries whatever the number of conditions.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.utils.translation import gettext_lazy as _

from controlbody.models import BodyMember, Condition, open_conditions_q
from core.due import DueItem

KIND = "control_condition"
LABEL = _("Vilkår fra kontrolorganet")


def key_of(condition: Condition) -> str:
    due = condition.due_date.isoformat()
    if condition.request_condition_id is not None:
        return f"procurement.condition:{condition.request_condition_id}:{due}"
    return f"{KIND}:{condition.pk}:{due}"


def conditions(
    *, today: date, until: date, organization_ids: Collection[int] | None = None
) -> list[DueItem]:
    rows = (
        Condition.objects.filter(open_conditions_q(), due_date__lte=until)
        .select_related("owner", "item__meeting", "request_condition")
        .order_by("due_date", "pk")
    )
    if organization_ids is not None:
        rows = rows.filter(organization_id__in=list(organization_ids))
    found = list(rows)
    # Without a user as owner, the body's secretary and chair are reminded.
    fallback: dict[int, list[object]] = {}
    orphans = {r.organization_id for r in found if r.owner is None}
    if orphans:
        for member in BodyMember.objects.filter(
            body__organization_id__in=orphans, role__in=("formand", "sekretaer")
        ).select_related("user", "body"):
            fallback.setdefault(member.body.organization_id, []).append(member.user)
    return [
        DueItem(
            kind=KIND,
            kind_label=LABEL,
            key=key_of(row),
            organization_id=row.organization_id,
            title=row.text[:200],
            due_date=row.due_date,
            link=row.get_absolute_url(),
            recipients=(row.owner,)
            if row.owner is not None
            else tuple(fallback.get(row.organization_id, ())),
            owner=row.owner_label,
            agenda=row.due_date < today,
        )
        for row in found
    ]
