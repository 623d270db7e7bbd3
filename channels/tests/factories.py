"""Objects of one organization for the channel tests."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from channels.models import (
    ChannelCount,
    CommunicationActivity,
    Involvement,
    Satisfaction,
    ServiceArea,
    UnitCost,
)

_n = itertools.count(1)


def make_area(organization: Any, name: str | None = None) -> ServiceArea:
    return ServiceArea.objects.create(
        organization=organization, name=name or f"Serviceområde {next(_n)}"
    )


def add_counts(
    area: ServiceArea, month: dt.date, personal: int, digital: int
) -> list[ChannelCount]:
    """``personal`` contacts at the counter and ``digital`` by self-service in ``month``."""
    return ChannelCount.objects.bulk_create(
        [
            ChannelCount(
                organization=area.organization,
                area=area,
                month=month,
                channel="attendance",
                contacts=personal,
            ),
            ChannelCount(
                organization=area.organization,
                area=area,
                month=month,
                channel="self_service",
                contacts=digital,
            ),
        ]
    )


def make_activity(
    organization: Any, name: str | None = None, **fields: Any
) -> CommunicationActivity:
    fields.setdefault("date", dt.date(2025, 6, 15))
    return CommunicationActivity.objects.create(
        organization=organization,
        name=name or f"Kampagne {next(_n)}",
        channel="social",
        **fields,
    )


def make_involvement(organization: Any, name: str | None = None) -> Involvement:
    return Involvement.objects.create(
        organization=organization,
        name=name or f"Brugertest {next(_n)}",
        solution="Digital flytning",
        kind="user_test",
        held_on=dt.date(2025, 5, 1),
        participants=6,
    )


def make_satisfaction(organization: Any, area_name: str | None = None) -> Satisfaction:
    return Satisfaction.objects.create(
        organization=organization,
        area=make_area(organization, area_name),
        channel="self_service",
        month=dt.date(2025, 5, 1),
        satisfied_percent=Decimal("80.5"),
        respondents=100,
        method=area_name or "",
    )


def make_unitcost(organization: Any, source: str = "Tidsregistrering") -> UnitCost:
    year = 2000 + next(_n) % 100
    return UnitCost.objects.create(
        organization=organization,
        year=year,
        in_person=Decimal("200"),
        digital=Decimal("60"),
        source=source,
    )
