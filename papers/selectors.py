"""Reads for decision papers, always scoped to one organization."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from advisor.choices import AssessmentStatus
from advisor.models import Assessment
from businesscases.choices import CaseStatus
from businesscases.models import BusinessCase
from organizations.models import Organization
from papers.models import DecisionPaper
from roadmaps.models import Roadmap


def paper_list(*, organization: Organization) -> QuerySet[DecisionPaper]:
    """The organization's papers without the document bytes and inputs (lists stay light)."""
    return (
        DecisionPaper.objects.filter(organization=organization)
        .select_related("created_by", "assessment", "business_case", "roadmap")
        .defer(
            "docx",
            "pdf",
            "inputs",
            "assessment__answers",
            "assessment__facts",
            "assessment__overrides",
            "assessment__result",
            "business_case__template_inputs",
        )
    )


def paper_get(*, organization: Organization, pk: Any) -> DecisionPaper:
    """One paper with its inputs, without the document bytes."""
    return get_object_or_404(
        DecisionPaper.objects.filter(organization=organization)
        .select_related("created_by", "assessment", "business_case", "roadmap")
        .defer("docx", "pdf"),
        pk=pk,
    )


def paper_get_with_documents(*, organization: Organization, pk: Any) -> DecisionPaper:
    """One paper including the stored DOCX and PDF bytes (downloads)."""
    return get_object_or_404(DecisionPaper.objects.filter(organization=organization), pk=pk)


# The sources a paper can be made from --------------------------------------------------------


def assessment_list(*, organization: Organization) -> QuerySet[Assessment]:
    """All the organization's assessments (drafts too)."""
    return Assessment.objects.filter(organization=organization)


def assessment_choices(*, organization: Organization) -> QuerySet[Assessment]:
    """Completed assessments (they carry a result), newest version first."""
    return Assessment.objects.filter(
        organization=organization, status=AssessmentStatus.COMPLETED
    ).order_by("-version")


def case_choices(*, organization: Organization) -> QuerySet[BusinessCase]:
    """Business cases, approved and submitted ones first, then the most recently changed."""
    rank = Case(
        When(status=CaseStatus.APPROVED, then=Value(0)),
        When(status=CaseStatus.SUBMITTED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        BusinessCase.objects.filter(organization=organization)
        .annotate(status_rank=rank)
        .order_by("status_rank", "-updated_at", "-pk")
    )


def roadmap_choices(*, organization: Organization) -> QuerySet[Roadmap]:
    return Roadmap.objects.filter(organization=organization).order_by("-start_date", "-pk")


def source_get(queryset: QuerySet[Any], pk: Any) -> Any:
    """One object of an organization-scoped queryset, or None (bad or foreign id)."""
    try:
        return queryset.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None
