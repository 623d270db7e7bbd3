"""``GET /api/v1/organizations/{org_id}/analyses/overdue``: everything overdue in the
organization (``within``: also what falls due in the next N days, 0–365), the items in the
``{items, count}`` envelope with the counts by kind and by owner; ``kind`` and ``owner``
narrow the items. Any member may read it (``notifications.view``)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from core.api import ORG
from core.api.tenancy import member_organization
from notifications.overdue import overdue, parse_within

router = Router(tags=["analysis"])


class OverdueItemOut(Schema):
    kind: str
    kind_label: str
    key: str = Field(description="The thing and its due date; a moved date is a new key.")
    title: str
    due_date: dt.date
    days_overdue: int = Field(description="Days past the due date; negative: days left.")
    overdue: bool
    owner: str = Field(description="The responsible person or unit as shown in Styrbar.")
    link: str
    agenda: bool = Field(description="Taken up on the kontrolorgan's next meeting.")


class OverdueGroupOut(Schema):
    key: str
    label: str
    count: int


class OverdueOut(Schema):
    today: dt.date
    within: int
    items: list[OverdueItemOut]
    count: int
    by_kind: list[OverdueGroupOut]
    by_owner: list[OverdueGroupOut]


@router.get(f"{ORG}/analyses/overdue", response=OverdueOut, summary="Everything overdue")
def overdue_analysis(
    request: HttpRequest, org_id: int, within: str = "", kind: str = "", owner: str | None = None
) -> OverdueOut:
    organization = member_organization(request, org_id, "notifications.view")
    try:
        days = parse_within(within)
    except ValidationError as exc:
        raise HttpError(400, exc.messages[0]) from exc
    today = timezone.localdate()
    result = overdue(organization=organization, today=today, within=days, kind=kind, owner=owner)
    return OverdueOut(
        today=today,
        within=days,
        items=[
            OverdueItemOut(
                kind=item.kind,
                kind_label=str(item.kind_label),
                key=item.key,
                title=item.title,
                due_date=item.due_date,
                days_overdue=-item.days_left(today),
                overdue=item.is_overdue(today),
                owner=item.owner,
                link=item.link,
                agenda=item.agenda,
            )
            for item in result.items
        ],
        count=result.count,
        by_kind=[OverdueGroupOut(key=g.key, label=g.label, count=g.count) for g in result.by_kind],
        by_owner=[
            OverdueGroupOut(key=g.key, label=g.label, count=g.count) for g in result.by_owner
        ],
    )
