"""Organization-scoped reads (another organization's object is a 404)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from channels.models import (
    ChannelCount,
    CommunicationActivity,
    Involvement,
    Satisfaction,
    ServiceArea,
    UnitCost,
)


def area_list(*, organization: Any) -> QuerySet[ServiceArea]:
    return ServiceArea.objects.filter(organization=organization)


def area_get(*, organization: Any, pk: Any) -> ServiceArea:
    return get_object_or_404(area_list(organization=organization), pk=pk)


def count_list(*, organization: Any) -> QuerySet[ChannelCount]:
    return ChannelCount.objects.filter(organization=organization).select_related("area")


def activity_list(*, organization: Any) -> QuerySet[CommunicationActivity]:
    return CommunicationActivity.objects.filter(organization=organization).select_related(
        "milestone", "business_case"
    )


def activity_get(*, organization: Any, pk: Any) -> CommunicationActivity:
    return get_object_or_404(activity_list(organization=organization), pk=pk)


def involvement_list(*, organization: Any) -> QuerySet[Involvement]:
    return Involvement.objects.filter(organization=organization).select_related("area", "usage")


def involvement_get(*, organization: Any, pk: Any) -> Involvement:
    return get_object_or_404(involvement_list(organization=organization), pk=pk)


def satisfaction_list(*, organization: Any) -> QuerySet[Satisfaction]:
    return Satisfaction.objects.filter(organization=organization).select_related("area")


def satisfaction_get(*, organization: Any, pk: Any) -> Satisfaction:
    return get_object_or_404(satisfaction_list(organization=organization), pk=pk)


def unitcost_list(*, organization: Any) -> QuerySet[UnitCost]:
    return UnitCost.objects.filter(organization=organization)


def unitcost_get(*, organization: Any, pk: Any) -> UnitCost:
    return get_object_or_404(unitcost_list(organization=organization), pk=pk)
