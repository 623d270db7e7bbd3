"""Reads of business cases, always scoped to one organization."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from businesscases.choices import CaseStatus
from businesscases.models import BusinessCase, CaseVersion
from organizations.models import Organization


def case_list(*, organization: Organization) -> QuerySet[BusinessCase]:
    return BusinessCase.objects.filter(organization=organization).select_related(
        "organization", "assessment", "milestone", "milestone__roadmap", "decided_by"
    )


def case_get(*, organization: Organization, pk: Any) -> BusinessCase:
    return get_object_or_404(case_list(organization=organization), pk=pk)


def case_with_rows(*, organization: Organization, pk: Any) -> BusinessCase:
    """A case with its lines, risks and actuals loaded (three queries, any row count)."""
    return get_object_or_404(
        case_list(organization=organization).prefetch_related("lines", "risks", "actuals"),
        pk=pk,
    )


def approved_cases(*, organization: Organization) -> QuerySet[BusinessCase]:
    """Approved cases with their lines and actuals loaded (benefit realisation)."""
    return (
        BusinessCase.objects.filter(organization=organization, status=CaseStatus.APPROVED)
        .prefetch_related("lines", "actuals")
        .order_by("name", "pk")
    )


def version_list(*, case: BusinessCase) -> QuerySet[CaseVersion]:
    return case.versions.select_related("created_by")


def version_get(*, case: BusinessCase, number: Any) -> CaseVersion:
    return get_object_or_404(version_list(case=case), number=number)
