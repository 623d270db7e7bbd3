from typing import Any

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from procurement import choices as c
from procurement.models import Attachment, Condition, LocalQuestion, ProcurementRequest


def request_list(*, organization: Any) -> QuerySet[ProcurementRequest]:
    """The organization's requests; ``overdue``: open and past the wanted date."""
    # CASE, not the bare condition: without a wanted date the condition is NULL in SQL, and
    # such a request would be neither overdue nor not overdue (``overdue=false`` missed it).
    overdue = Case(
        When(Q(wanted_date__lt=timezone.localdate(), stage__in=c.OPEN_STAGES), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    return (
        ProcurementRequest.objects.filter(organization=organization)
        .select_related("unit")
        .prefetch_related("kle_subjects")  # the API lists their ids: one query per page
        .annotate(overdue=overdue)
    )


def request_get(*, organization: Any, pk: Any) -> ProcurementRequest:
    return get_object_or_404(
        request_list(organization=organization).select_related(
            "business_process",
            "responsible",
            "submitted_by",
            "reuse_usage__catalog_system",
            "reuse_contract",
            "business_case",
            "usage__catalog_system",
            "contract",
        ),
        pk=pk,
    )


def condition_get(*, organization: Any, pk: Any) -> Condition:
    return get_object_or_404(
        Condition.objects.filter(request__organization=organization).select_related("request"),
        pk=pk,
    )


def local_question_list(*, organization: Any) -> QuerySet[LocalQuestion]:
    return LocalQuestion.objects.filter(organization=organization)


def local_question_get(*, organization: Any, pk: Any) -> LocalQuestion:
    return get_object_or_404(local_question_list(organization=organization), pk=pk)


def attachment_get(*, organization: Any, pk: Any) -> Attachment:
    return get_object_or_404(
        Attachment.objects.filter(request__organization=organization).select_related("request"),
        pk=pk,
    )
