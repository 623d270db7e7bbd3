"""The channel numbers and the communication plan's effect, under
/api/v1/organizations/{org_id}/… (the plan, involvement, satisfaction and measured unit
prices have their CRUD from their resources; imports go through the imports API with
``kind=channels``).

* ``GET …/channel-statistics``: every service area with its months (contacts per
  channel, total, digital share in %), optionally only ``area`` and months
  ``from_month``..``to_month`` (``YYYY-MM``), with the coverage (months with numbers,
  months missing between the first and the last).
* ``GET …/communication-activities/{activity_id}/effect``: the digital share in the
  activity's service areas before and after it, with the window and its coverage.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from channels import selectors, statistics
from channels.choices import DIGITAL_CHANNELS, Channel
from channels.views import coverage
from core.api import ORG
from core.api.tenancy import member_organization

router = Router(tags=["channels"])
OPERATION_ID_PREFIX = "channels_api"
VIEW = "channels.view"


class MonthOut(Schema):
    month: str  # YYYY-MM
    contacts: dict[str, int]  # channel -> contacts
    total: int
    digital: int
    digital_share_percent: Decimal | None


class CoverageOut(Schema):
    first_month: str | None
    last_month: str | None
    months_with_numbers: int
    months_missing: int


class AreaStatisticsOut(Schema):
    id: int
    name: str
    coverage: CoverageOut
    months: list[MonthOut]


class StatisticsOut(Schema):
    channels: list[str]
    digital_channels: list[str]
    areas: list[AreaStatisticsOut]


def _month_param(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        raise HttpError(400, _("%(name)s: en måned som ÅÅÅÅ-MM.") % {"name": name}) from None


def _ym(month: dt.date | None) -> str | None:
    return None if month is None else month.strftime("%Y-%m")


@router.get(
    f"{ORG}/channel-statistics",
    response=StatisticsOut,
    summary="Contacts per service area, month and channel, with the digital share",
)
def channel_statistics(
    request: HttpRequest,
    org_id: int,
    area: int | None = None,
    from_month: str | None = None,
    to_month: str | None = None,
) -> Any:
    org = member_organization(request, org_id, VIEW)
    first, last = _month_param(from_month, "from_month"), _month_param(to_month, "to_month")
    if area is not None:
        selectors.area_get(organization=org, pk=area)
    areas = []
    for one in statistics.area_series(organization=org):
        if area is not None and one.area.pk != area:
            continue
        months = [
            m
            for m in one.months
            if (first is None or m.month >= first) and (last is None or m.month <= last)
        ]
        cover = coverage(months)
        areas.append(
            {
                "id": one.area.pk,
                "name": one.area.name,
                "coverage": {
                    "first_month": _ym(cover["first"]),
                    "last_month": _ym(cover["last"]),
                    "months_with_numbers": cover["months"],
                    "months_missing": cover["missing"],
                },
                "months": [
                    {
                        "month": _ym(m.month),
                        "contacts": m.by_channel,
                        "total": m.total,
                        "digital": m.digital,
                        "digital_share_percent": m.share,
                    }
                    for m in months
                ],
            }
        )
    return {
        "channels": [c.value for c in Channel],
        "digital_channels": [c.value for c in Channel if c in DIGITAL_CHANNELS],
        "areas": areas,
    }


class WindowOut(Schema):
    first_month: str
    last_month: str
    months: int
    months_with_numbers: int
    contacts: int
    digital: int
    digital_share_percent: Decimal | None


class AreaEffectOut(Schema):
    area_id: int
    area: str
    before: WindowOut
    after: WindowOut
    change_points: Decimal | None
    complete: bool
    other_activities: list[int]


class EffectOut(Schema):
    activity_id: int
    date: dt.date
    window_months: int
    all_areas: bool
    areas: list[AreaEffectOut]


def _window(w: statistics.Window) -> dict[str, Any]:
    return {
        "first_month": _ym(w.first),
        "last_month": _ym(w.last),
        "months": w.months,
        "months_with_numbers": w.covered,
        "contacts": w.total,
        "digital": w.digital,
        "digital_share_percent": w.share,
    }


@router.get(
    f"{ORG}/communication-activities/{{activity_id}}/effect",
    response=EffectOut,
    summary="The digital share before and after a communication activity",
)
def activity_effect(request: HttpRequest, org_id: int, activity_id: int) -> Any:
    org = member_organization(request, org_id, VIEW)
    activity = selectors.activity_get(organization=org, pk=activity_id)
    effect = statistics.activity_effect(activity)
    return {
        "activity_id": activity.pk,
        "date": activity.date,
        "window_months": effect.window_months,
        "all_areas": effect.all_areas,
        "areas": [
            {
                "area_id": a.area.pk,
                "area": a.area.name,
                "before": _window(a.before),
                "after": _window(a.after),
                "change_points": a.change,
                "complete": a.complete,
                "other_activities": [o.pk for o in a.others],
            }
            for a in effect.areas
        ],
    }
