"""What the advisor reads from the channel measurements, through the registry hook
``channel_facts`` (the advisor is a lower layer and does not import channels), and the
digital share the anonymous benchmarks read through ``channel_digital_shares`` (sharing
is a sibling layer and does not import channels either).

``citizen_satisfaction_pressure`` (1-5) from the satisfaction measurements: over the
twelve months up to the newest measured month, the share of satisfied respondents
(weighted by respondents, every channel and service area) gives the pressure - 90 % or
more satisfied is 1, at least 80 % is 2, at least 70 % is 3, at least 60 % is 4, below
that 5 - and one more (at most 5) when it fell five points or more from the twelve
months before. Unknown without measurements.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Sum

from channels.choices import DIGITAL_CHANNELS
from channels.models import ChannelCount, Satisfaction
from organizations.models import Organization

LEVELS = ((Decimal(90), 1), (Decimal(80), 2), (Decimal(70), 3), (Decimal(60), 4))
"""(at least this % satisfied, pressure); below the last, 5."""
FALL = Decimal(5)
"""A fall of this many points from the year before adds one to the pressure."""


def _months_back(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 - count
    return dt.date(index // 12, index % 12 + 1, 1)


def _share(rows: list[tuple[dt.date, Decimal, int]]) -> Decimal | None:
    respondents = sum(n for _m, _p, n in rows)
    if not respondents:
        return None
    return sum((p * n for _m, p, n in rows), Decimal(0)) / respondents


def _dk(value: Decimal) -> str:
    return f"{value:.0f}"


def advisor_facts(*, organization: Organization) -> dict[str, tuple[Any, str]]:
    """``{"citizen_satisfaction_pressure": (value or None, Danish source)}`` - one query."""
    rows = list(
        Satisfaction.objects.filter(organization=organization).values_list(
            "month", "satisfied_percent", "respondents"
        )
    )
    if not rows:
        return {"citizen_satisfaction_pressure": (None, "Ingen tilfredshedsmålinger.")}
    newest = max(month for month, _p, _n in rows).replace(day=1)
    start = _months_back(newest, 11)
    recent = [row for row in rows if row[0] >= start]
    before = [row for row in rows if _months_back(start, 12) <= row[0] < start]
    share = _share(recent)
    if share is None:
        return {
            "citizen_satisfaction_pressure": (None, "Tilfredshedsmålingerne har ingen besvarelser.")
        }
    pressure = next((level for floor, level in LEVELS if share >= floor), 5)
    source = (
        f"målt i {len(recent)} tilfredshedsmålinger med {sum(n for *_r, n in recent)} "
        f"besvarelser {start:%m.%Y}–{newest:%m.%Y}: {_dk(share)} % tilfredse"
    )
    previous = _share(before)
    if previous is not None and previous - share >= FALL:
        pressure = min(5, pressure + 1)
        source += f", {_dk(previous - share)} point færre end de 12 måneder før"
    return {"citizen_satisfaction_pressure": (float(pressure), source)}


def digital_shares(*, organization_ids: list[int], year: int) -> dict[int, Decimal]:
    """The anonymous benchmarks' digital share of contacts (read through the registry hook
    ``channel_digital_shares``): per municipality, the year's contacts in the digital
    channels in % of all its counted contacts that year, to two decimals. A municipality
    without counted contacts in the year is left out. One query."""
    totals: dict[int, list[int]] = {}
    for org_id, channel, contacts in (
        ChannelCount.objects.filter(organization_id__in=organization_ids, month__year=year)
        .values("organization_id", "channel")
        .annotate(n=Sum("contacts"))
        .values_list("organization_id", "channel", "n")
    ):
        counted = totals.setdefault(org_id, [0, 0])
        counted[1] += contacts or 0
        if channel in DIGITAL_CHANNELS:
            counted[0] += contacts or 0
    return {
        org_id: (Decimal(100) * digital / total).quantize(Decimal("0.01"), ROUND_HALF_UP)
        for org_id, (digital, total) in totals.items()
        if total
    }
