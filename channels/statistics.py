"""Reading the contact numbers: monthly series per service area, the digital share,
windows before and after a date, and the effect of a communication activity.

All functions read one organization with a fixed number of queries and return plain
dataclasses the pages, the API and the business-case actuals share.

*Digital share* = contacts in the digital channels (digital self-service, Digital Post,
chat) / all contacts, for the months that have numbers. A window's share is the share of
its summed contacts (months with more contacts weigh more), never an average of monthly
shares.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Sum

from channels.choices import DIGITAL_CHANNELS, Channel
from channels.models import ChannelCount, CommunicationActivity, Satisfaction, ServiceArea

PERCENT = Decimal("0.1")


def add_months(month: dt.date, n: int) -> dt.date:
    """The first day of the month ``n`` months from ``month``.

    >>> add_months(dt.date(2025, 11, 1), 3), add_months(dt.date(2025, 2, 1), -3)
    (datetime.date(2026, 2, 1), datetime.date(2024, 11, 1))
    """
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def share_percent(digital: int, total: int) -> Decimal | None:
    """``digital / total x 100`` with one decimal; None without contacts.

    >>> share_percent(1, 3), share_percent(0, 0)
    (Decimal('33.3'), None)
    """
    if not total:
        return None
    return (Decimal(100 * digital) / Decimal(total)).quantize(PERCENT, ROUND_HALF_UP)


@dataclass
class Month:
    month: dt.date
    by_channel: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_channel.values())

    @property
    def digital(self) -> int:
        return sum(n for c, n in self.by_channel.items() if c in DIGITAL_CHANNELS)

    @property
    def share(self) -> Decimal | None:
        return share_percent(self.digital, self.total)


@dataclass
class AreaSeries:
    """One service area's months (only months with numbers, in order)."""

    area: ServiceArea
    months: list[Month] = field(default_factory=list)

    def month_map(self) -> dict[dt.date, Month]:
        return {m.month: m for m in self.months}


def counts_by_area(
    *, organization: Any, areas: Iterable[int] | None = None
) -> dict[int, dict[dt.date, dict[str, int]]]:
    """{area id: {month: {channel: contacts}}} in one query."""
    rows = ChannelCount.objects.filter(organization=organization)
    if areas is not None:
        rows = rows.filter(area_id__in=list(areas))
    result: dict[int, dict[dt.date, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for area_id, month, channel, contacts in rows.values_list(
        "area_id", "month", "channel", "contacts"
    ):
        result[area_id][month][channel] = contacts
    return result


def area_series(*, organization: Any) -> list[AreaSeries]:
    """Every service area of the organization with its months (two queries)."""
    counts = counts_by_area(organization=organization)
    return [
        AreaSeries(
            area,
            [Month(m, dict(by)) for m, by in sorted(counts.get(area.pk, {}).items())],
        )
        for area in ServiceArea.objects.filter(organization=organization).order_by("name")
    ]


def total_series(series: Sequence[AreaSeries]) -> list[Month]:
    """All areas summed per month."""
    months: dict[dt.date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for one in series:
        for m in one.months:
            for channel, n in m.by_channel.items():
                months[m.month][channel] += n
    return [Month(m, dict(by)) for m, by in sorted(months.items())]


@dataclass(frozen=True)
class Window:
    """Contacts summed over ``first``..``last`` (whole months), and how many of those
    months have numbers (``covered`` of ``months``)."""

    first: dt.date
    last: dt.date
    months: int
    covered: int
    digital: int
    total: int

    @property
    def share(self) -> Decimal | None:
        return share_percent(self.digital, self.total)

    @property
    def complete(self) -> bool:
        return self.covered == self.months


def window(by_month: dict[dt.date, dict[str, int]], first: dt.date, months: int) -> Window:
    digital = total = covered = 0
    for i in range(months):
        counts = by_month.get(add_months(first, i))
        if not counts:
            continue
        covered += 1
        total += sum(counts.values())
        digital += sum(n for c, n in counts.items() if c in DIGITAL_CHANNELS)
    return Window(first, add_months(first, months - 1), months, covered, digital, total)


@dataclass(frozen=True)
class AreaEffect:
    """The digital share of one service area before and after an activity."""

    area: ServiceArea
    before: Window
    after: Window
    others: tuple[CommunicationActivity, ...]  # other activities in the windows, same area

    @property
    def change(self) -> Decimal | None:
        """After minus before, in percentage points (None unless both have contacts)."""
        if self.before.share is None or self.after.share is None:
            return None
        return self.after.share - self.before.share

    @property
    def complete(self) -> bool:
        return self.before.complete and self.after.complete


@dataclass(frozen=True)
class Effect:
    activity: CommunicationActivity
    areas: tuple[AreaEffect, ...]
    all_areas: bool  # no area chosen: every area of the organization is compared
    window_months: int


def activity_effect(activity: CommunicationActivity) -> Effect:
    """The digital share in the activity's service areas over ``window_months`` whole
    months before the activity's month and as many after it; the activity's own month
    is left out (it is partly before, partly after). Other activities dated inside the
    windows for the same area are named, since their effect cannot be told apart."""
    organization = activity.organization
    chosen = list(activity.areas.all())
    all_areas = not chosen
    areas = chosen or list(ServiceArea.objects.filter(organization=organization))
    w = activity.window_months
    month = activity.date.replace(day=1)
    before_first, after_first = add_months(month, -w), add_months(month, 1)
    counts = counts_by_area(organization=organization, areas=[a.pk for a in areas])
    end = add_months(after_first, w) - dt.timedelta(days=1)
    nearby = list(
        CommunicationActivity.objects.filter(
            organization=organization, date__gte=before_first, date__lte=end
        )
        .exclude(pk=activity.pk)
        .prefetch_related("areas")
    )
    results = []
    for area in sorted(areas, key=lambda a: a.name):
        by_month = counts.get(area.pk, {})
        others = tuple(
            other for other in nearby if not other.areas.all() or area in other.areas.all()
        )
        results.append(
            AreaEffect(
                area,
                window(by_month, before_first, w),
                window(by_month, after_first, w),
                others,
            )
        )
    return Effect(activity, tuple(results), all_areas, w)


@dataclass(frozen=True)
class SatisfactionPoint:
    month: dt.date
    channel: str
    percent: Decimal
    respondents: int


def satisfaction_by_area(*, organization: Any) -> dict[int, list[SatisfactionPoint]]:
    """{area id: measurements in month order} (one query)."""
    result: dict[int, list[SatisfactionPoint]] = defaultdict(list)
    rows = Satisfaction.objects.filter(organization=organization).order_by("month", "channel")
    for row in rows:
        result[row.area_id].append(
            SatisfactionPoint(row.month, row.channel, row.satisfied_percent, row.respondents)
        )
    return result


def yearly_totals(
    *, organization: Any, areas: Iterable[int]
) -> dict[tuple[int, int], dict[str, Any]]:
    """{(area id, year): {"months": n, "total": contacts, "digital": contacts}}."""
    result: dict[tuple[int, int], dict[str, Any]] = {}
    months: dict[tuple[int, int], set[int]] = defaultdict(set)
    rows = (
        ChannelCount.objects.filter(organization=organization, area_id__in=list(areas))
        .values("area_id", "month", "channel")
        .annotate(n=Sum("contacts"))
    )
    for row in rows:
        key = (row["area_id"], row["month"].year)
        entry = result.setdefault(key, {"months": 0, "total": 0, "digital": 0})
        entry["total"] += row["n"]
        if row["channel"] in DIGITAL_CHANNELS:
            entry["digital"] += row["n"]
        months[key].add(row["month"].month)
    for key, entry in result.items():
        entry["months"] = len(months[key])
    return result


CHANNEL_ORDER = [c.value for c in Channel]
