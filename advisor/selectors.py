"""Reads of strategy assessments, always scoped to one organization."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from advisor.models import Assessment
from organizations.models import Organization


def assessment_list(*, organization: Organization) -> QuerySet[Assessment]:
    """The organization's assessments, newest version first."""
    return (
        Assessment.objects.filter(organization=organization)
        .select_related("chosen_by")
        .order_by("-version")
    )


def assessment_get(*, organization: Organization, pk: Any) -> Assessment:
    return get_object_or_404(assessment_list(organization=organization), pk=pk)


def assessment_latest(*, organization: Organization) -> Assessment | None:
    """The newest version (draft or completed), or None."""
    return assessment_list(organization=organization).first()
