from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from controlbody.models import AgendaItem, Condition, ControlBody, Meeting, open_conditions_q


def body_for(*, organization: Any) -> ControlBody | None:
    return ControlBody.objects.filter(organization=organization).first()


def meeting_list(*, organization: Any) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(organization=organization)
        .defer("minutes_inputs", "minutes_docx", "minutes_pdf")
        .prefetch_related("participants")  # the API lists their ids: one query per page
    )


def meeting_get(*, organization: Any, pk: Any) -> Meeting:
    return get_object_or_404(
        Meeting.objects.filter(organization=organization).select_related("body", "organization"),
        pk=pk,
    )


def item_get(*, organization: Any, pk: Any) -> AgendaItem:
    return get_object_or_404(
        AgendaItem.objects.filter(meeting__organization=organization).select_related(
            "meeting__body", "meeting__organization", "request"
        ),
        pk=pk,
    )


def condition_list(*, organization: Any) -> QuerySet[Condition]:
    """The organization's conditions; ``is_open`` (also not met on the request page) and
    ``overdue`` (open and past its due date) as annotations for the filters."""
    is_open = Case(
        When(open_conditions_q(), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    overdue = Case(
        When(open_conditions_q() & Q(due_date__lt=timezone.localdate()), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    return (
        Condition.objects.filter(organization=organization)
        .select_related("owner", "item__meeting", "request_condition")
        .annotate(is_open_now=is_open, overdue=overdue)
    )


def condition_get(*, organization: Any, pk: Any) -> Condition:
    return get_object_or_404(condition_list(organization=organization), pk=pk)
