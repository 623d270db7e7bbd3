"""The channel pages: the overview (volumes and digital share over time, all service
areas and each), one service area (its months beside its satisfaction measurements,
involvement and activities), and the communication activity's before/after panel.

Every chart has a table with the same numbers; coverage (months with numbers) is stated
beside each figure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from channels import selectors, statistics
from channels.choices import Channel
from channels.resources import ACTIVITIES, INVOLVEMENTS, SATISFACTION, UNIT_COSTS
from core.charts import bar_chart
from core.permissions import has_perm
from core.views import ObjectDetailView, ObjectViews, OrgView

L = gettext_lazy


def month_label(month: dt.date) -> str:
    return month.strftime("%m-%Y")


def volume_chart(months: Sequence[statistics.Month]) -> dict[str, Any]:
    """Contacts per channel per month, stacked."""
    return bar_chart(
        [month_label(m.month) for m in months],
        [(str(c.label), [m.by_channel.get(c.value, 0) for m in months]) for c in Channel],
        unit=_("henvendelser"),
        stacked=True,
    )


def share_chart(
    months: Sequence[statistics.Month],
    satisfaction: Sequence[statistics.SatisfactionPoint] = (),
) -> dict[str, Any]:
    """The digital share per month (a line, in %); beside it the satisfaction
    measurements of the digital self-service channel, where there are any."""
    categories = [m.month for m in months]
    series: list[dict[str, Any]] = [
        {
            "name": _("Digital andel (%)"),
            "kind": "line",
            "data": [None if m.share is None else float(m.share) for m in months],
        }
    ]
    by_month = {
        p.month: float(p.percent) for p in satisfaction if p.channel == Channel.SELF_SERVICE
    }
    if by_month:
        series.append(
            {
                "name": _("Tilfredse med digital selvbetjening (%)"),
                "kind": "line",
                "data": [by_month.get(month) for month in categories],
            }
        )
    return {
        "type": "bar",
        "categories": [month_label(m) for m in categories],
        "series": series,
        "unit": "%",
        "horizontal": False,
        "stacked": False,
    }


def coverage(months: Sequence[statistics.Month]) -> dict[str, Any]:
    """First and last month with numbers, and how many months in between lack them."""
    if not months:
        return {"first": None, "last": None, "months": 0, "missing": 0}
    first, last = months[0].month, months[-1].month
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    return {"first": first, "last": last, "months": len(months), "missing": span - len(months)}


def month_rows(
    months: Sequence[statistics.Month],
    satisfaction: Sequence[statistics.SatisfactionPoint] = (),
) -> list[dict[str, Any]]:
    by_month: dict[dt.date, list[statistics.SatisfactionPoint]] = {}
    for point in satisfaction:
        by_month.setdefault(point.month, []).append(point)
    return [
        {
            "month": m.month,
            "counts": [m.by_channel.get(c.value) for c in Channel],
            "total": m.total,
            "share": m.share,
            "satisfaction": [
                (Channel(p.channel).label, p.percent, p.respondents)
                for p in by_month.get(m.month, [])
            ],
        }
        for m in months
    ]


class ChannelViews(ObjectViews):
    selector_get = staticmethod(selectors.area_get)
    view_permission = "channels.view"
    change_permission = "channels.change"
    url_stem = "channels:area"


class OverviewView(OrgView):
    permission = "channels.view"
    title = L("Kanaler og kommunikation")

    def get(self, request: HttpRequest) -> HttpResponse:
        org = self.organization
        series = statistics.area_series(organization=org)
        total = statistics.total_series(series)
        recent = total[-12:]
        areas = []
        for one in series:
            last = one.months[-12:]
            digital = sum(m.digital for m in last)
            contacts = sum(m.total for m in last)
            areas.append(
                {
                    "area": one.area,
                    "months": len(one.months),
                    "last_months": len(last),
                    "contacts": contacts,
                    "share": statistics.share_percent(digital, contacts),
                    "first": one.months[0].month if one.months else None,
                    "last": one.months[-1].month if one.months else None,
                }
            )
        context = self.base_context(
            channels=[c.label for c in Channel],
            areas=areas,
            rows=month_rows(total),
            coverage=coverage(total),
            recent_share=statistics.share_percent(
                sum(m.digital for m in recent), sum(m.total for m in recent)
            ),
            recent_months=len(recent),
            charts={"chart-volume": volume_chart(total), "chart-share": share_chart(total)}
            if total
            else {},
            can_import=has_perm(request.user, org, "portfolio.change")
            and has_perm(request.user, org, "channels.change"),
            sections=[
                (ACTIVITIES.url_name("list"), ACTIVITIES.label_plural),
                (INVOLVEMENTS.url_name("list"), INVOLVEMENTS.label_plural),
                (SATISFACTION.url_name("list"), SATISFACTION.label_plural),
                (UNIT_COSTS.url_name("list"), UNIT_COSTS.label_plural),
            ],
        )
        return render(request, "channels/overview.html", context)


class AreaDetailView(ChannelViews, ObjectDetailView):
    template_name = "channels/area_detail.html"

    def get_context_data(self, **extra: Any) -> dict[str, Any]:
        area = self.object
        org = self.organization
        counts = statistics.counts_by_area(organization=org, areas=[area.pk]).get(area.pk, {})
        months = [statistics.Month(m, dict(by)) for m, by in sorted(counts.items())]
        points = statistics.satisfaction_by_area(organization=org).get(area.pk, [])
        return super().get_context_data(
            title=str(area),
            channels=[c.label for c in Channel],
            rows=month_rows(months, points),
            coverage=coverage(months),
            charts={
                "chart-volume": volume_chart(months),
                "chart-share": share_chart(months, points),
            }
            if months
            else {},
            activities=list(area.activities.order_by("-date")),
            involvements=list(selectors.involvement_list(organization=org).filter(area=area)),
            **extra,
        )


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def activity_panel(view: Any, activity: Any) -> dict[str, Any]:
    """The before/after panel of an activity's page."""
    effect = statistics.activity_effect(activity)
    changes = [a.change for a in effect.areas if a.change is not None]
    return {
        "effect": effect,
        "effect_charts": {
            "chart-effect": {
                "type": "bar",
                "categories": [a.area.name for a in effect.areas],
                "series": [
                    {
                        "name": _("Før (%)"),
                        "kind": "bar",
                        "data": [_float(a.before.share) for a in effect.areas],
                    },
                    {
                        "name": _("Efter (%)"),
                        "kind": "bar",
                        "data": [_float(a.after.share) for a in effect.areas],
                    },
                ],
                "unit": "%",
                "horizontal": False,
                "stacked": False,
            }
        }
        if effect.areas
        else {},
        "effect_measured": len(changes),
        "effect_change_min": min(changes, default=Decimal(0)),
        "effect_change_max": max(changes, default=Decimal(0)),
    }
