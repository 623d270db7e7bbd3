"""Reads of import jobs and saved column mappings, always within one organization."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from interop.models import ImportJob, ImportMapping
from organizations.models import Organization


def job_list(*, organization: Organization) -> QuerySet[ImportJob]:
    return (
        ImportJob.objects.filter(organization=organization)
        .select_related("created_by")
        .defer("data", "rows")
    )


def job_get(*, organization: Organization, pk: int) -> ImportJob:
    return get_object_or_404(
        ImportJob.objects.select_related("created_by", "organization").defer("data"),
        organization=organization,
        pk=pk,
    )


def mapping_list(*, organization: Organization) -> QuerySet[ImportMapping]:
    return ImportMapping.objects.filter(organization=organization)


def mapping_get(*, organization: Organization, pk: int) -> ImportMapping:
    return get_object_or_404(ImportMapping, organization=organization, pk=pk)
