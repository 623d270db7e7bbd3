from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from procurement import choices as c
from procurement.models import Attachment, Condition, LocalQuestion, ProcurementRequest


def request_list(*, organization: Any) -> QuerySet[ProcurementRequest]:
    """The organization's requests; ``overdue``: open and past the wanted date."""
    overdue = ExpressionWrapper(
        Q(wanted_date__lt=timezone.localdate(), stage__in=c.OPEN_STAGES),
        output_field=BooleanField(),
    )
    return (
        ProcurementRequest.objects.filter(organization=organization)
        .select_related("unit")
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
