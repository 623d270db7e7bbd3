"""What falls due in procurement (:mod:`core.due`).

* ``procurement_question``: questions left unanswered. A question put to someone is told
  at once (:mod:`procurement.notify`); it falls due :data:`ANSWER_DAYS` days after its
  stage opened, and is then reminded to the same addressees (one item per request and
  addressee, found by :func:`procurement.notify.waiting_for`).
* ``procurement_condition``: a condition (vilkår) not yet met, by its due date, to its
  owner (else the request's responsible person and submitter). An overdue condition is
  marked for the kontrolorgan's next agenda.
* ``procurement_wanted``: the wanted date of a request still open, to its responsible
  person and submitter.

Each reads the database in a constant number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.due import DueItem
from organizations.models import Membership
from procurement import choices as c
from procurement.models import Condition, LocalQuestion, ProcurementRequest
from procurement.notify import ADDRESSEE_ROLES, waiting_for

#: An open question is due this many days after its stage opened.
ANSWER_DAYS = 14
QUESTIONS = _("Ubesvarede spørgsmål")
CONDITION = _("Vilkår")
WANTED = _("Ønsket dato for anskaffelse")
CLOSED = (c.Stage.AFVIST, c.Stage.TRUKKET_TILBAGE)


def _scoped(queryset: QuerySet[Any], field: str, ids: Collection[int] | None) -> QuerySet[Any]:
    return queryset if ids is None else queryset.filter(**{f"{field}__in": list(ids)})


def _name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username()) if user is not None else ""


def _people(*users: Any) -> tuple[Any, ...]:
    found: dict[int, Any] = {}
    for user in users:
        if user is not None and user.is_active:
            found.setdefault(user.pk, user)
    return tuple(found.values())


def questions(
    *, today: dt.date, until: dt.date, organization_ids: Collection[int] | None = None
) -> Iterator[DueItem]:
    """Open requests with questions unanswered past their answer days (four queries:
    the requests, their answers, the local questions and the members with a role)."""
    opened_by = timezone.make_aware(
        dt.datetime.combine(until - dt.timedelta(days=ANSWER_DAYS - 1), dt.time.min)
    )
    requests = list(
        _scoped(
            ProcurementRequest.objects.filter(stage__in=c.OPEN_STAGES, stage_since__lt=opened_by)
            .exclude(stage=c.Stage.IDE)
            .select_related("organization", "responsible", "submitted_by")
            .prefetch_related("answers")
            .order_by("pk"),
            "organization_id",
            organization_ids,
        )
    )
    if not requests:
        return
    orgs = {r.organization_id for r in requests}
    local: dict[int, list[LocalQuestion]] = {pk: [] for pk in orgs}
    for question in LocalQuestion.objects.filter(organization_id__in=orgs, active=True):
        local[question.organization_id].append(question)
    members: dict[int, dict[str, list[Any]]] = {pk: {} for pk in orgs}
    for m in Membership.objects.filter(
        organization_id__in=orgs, role__in=list(ADDRESSEE_ROLES.values()), user__is_active=True
    ).select_related("user"):
        members[m.organization_id].setdefault(m.role, []).append(m.user)
    for request in requests:
        due = timezone.localdate(request.stage_since) + dt.timedelta(days=ANSWER_DAYS)
        people = list(_people(request.responsible, request.submitted_by))
        found = waiting_for(
            request, people, members[request.organization_id], local[request.organization_id]
        )
        for addressee, items, recipients in found:
            yield DueItem(
                kind="procurement_question",
                kind_label=QUESTIONS,
                key=f"procurement_question:{request.pk}:{addressee}:{due.isoformat()}",
                organization_id=request.organization_id,
                title=f"{request.title} ({len(items)} × {c.Addressee(addressee).label})",
                due_date=due,
                link=f"{request.get_absolute_url()}#h-spoergsmaal",
                recipients=tuple(recipients),
                owner=", ".join(_name(u) for u in recipients) or str(c.Addressee(addressee).label),
                lead_days=(0,),
            )


def conditions(
    *, today: dt.date, until: dt.date, organization_ids: Collection[int] | None = None
) -> Iterator[DueItem]:
    """Conditions not met, due on or before ``until`` (one query)."""
    rows = _scoped(
        Condition.objects.filter(done_on__isnull=True, due_date__lte=until)
        .exclude(request__stage__in=CLOSED)
        .select_related("owner", "request", "request__responsible", "request__submitted_by")
        .order_by("pk"),
        "request__organization_id",
        organization_ids,
    )
    for condition in rows:
        assert condition.due_date is not None
        request = condition.request
        recipients = _people(condition.owner) or _people(request.responsible, request.submitted_by)
        yield DueItem(
            kind="procurement_condition",
            kind_label=CONDITION,
            key=f"procurement_condition:{condition.pk}:{condition.due_date.isoformat()}",
            organization_id=request.organization_id,
            title=f"{condition.text[:120]} ({request.title})",
            due_date=condition.due_date,
            link=f"{request.get_absolute_url()}#vilkaar",
            recipients=recipients,
            owner=_name(condition.owner) or condition.owner_name or _name(request.responsible),
            agenda=condition.due_date < today,
        )


def wanted_dates(
    *, today: dt.date, until: dt.date, organization_ids: Collection[int] | None = None
) -> Iterator[DueItem]:
    """Open requests whose wanted date is on or before ``until`` (one query)."""
    rows = _scoped(
        ProcurementRequest.objects.filter(
            Q(stage__in=c.OPEN_STAGES), wanted_date__isnull=False, wanted_date__lte=until
        )
        .select_related("responsible", "submitted_by")
        .order_by("pk"),
        "organization_id",
        organization_ids,
    )
    for request in rows:
        assert request.wanted_date is not None
        yield DueItem(
            kind="procurement_wanted",
            kind_label=WANTED,
            key=f"procurement_wanted:{request.pk}:{request.wanted_date.isoformat()}",
            organization_id=request.organization_id,
            title=f"{request.title} ({c.Stage(request.stage).label})",
            due_date=request.wanted_date,
            link=request.get_absolute_url(),
            recipients=_people(request.responsible, request.submitted_by),
            owner=_name(request.responsible) or request.responsible_name,
            lead_days=(0,),
        )
