"""Who procurement tells what, through the notifications app.

* **A request changes stage** (:func:`request_moved`, from ``request_move``): its
  submitter and responsible person and, when it enters kontrolorgan or beslutning, the
  process team (the members with the role indkøber or arkitekt) — never the person who
  moved it.
* **A question is addressed to someone** (:func:`questions_addressed`, from
  ``request_create``, ``answer_set`` and every move): each question that is open in the
  request's stage goes to its addressee — forvaltning questions to the request's
  responsible person (the submitter when no responsible user is named), indkøber and
  arkitekt questions to the members with that role. Leverandør and DPO questions have
  no user in Styrbar and notify nobody. Each person hears of each question of a request
  once.
* **A deadline passes** (:func:`deadlines`, run daily by ``manage.py notify_deadlines``):
  the wanted date of an open request (to its submitter and responsible person) and the
  due date of a condition not yet met (to its owner, else the request's responsible
  person and submitter). Each deadline is told once; a new date is a new deadline.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import formats, timezone
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.choices import Role
from knowledge.procurement import procurement_knowledge
from notifications.choices import Kind
from notifications.models import Notification
from notifications.services import Draft, batched, deliver
from organizations.models import Membership
from procurement import choices as c
from procurement.models import Condition, ProcurementRequest
from procurement.questions import Question, asked, open_by_addressee

TEAM_ROLES = (Role.INDKOEBER, Role.ARKITEKT)
TEAM_STAGES = (c.Stage.KONTROLORGAN, c.Stage.BESLUTNING)
ADDRESSEE_ROLES: dict[str, str] = {
    c.Addressee.INDKOEBER: Role.INDKOEBER,
    c.Addressee.ARKITEKT: Role.ARKITEKT,
}
CHUNK = 500

MOVED = _("»%(title)s« er nu i fasen »%(stage)s« (flyttet af %(actor)s).")
MOVED_BECAUSE = _("»%(title)s« er nu i fasen »%(stage)s« (flyttet af %(actor)s): %(reason)s")
QUESTION = _("»%(title)s« venter på dit svar (%(addressee)s): %(question)s")
WANTED = _(
    "Den ønskede dato for »%(title)s« (%(date)s) er passeret, og anmodningen er stadig i "
    "fasen »%(stage)s«."
)
CONDITION = _("Fristen for vilkåret »%(condition)s« til »%(title)s« (%(date)s) er overskredet.")


def _in_language(text: Any) -> Any:
    """A knowledge text (Danish and English) in whatever language is active when shown."""
    return lazy(lambda: text.get((get_language() or "da")[:2]), str)()


def _date(day: date) -> Any:
    """The date in the reader's format (dd-mm-åååå in Danish)."""
    return lazy(lambda: formats.date_format(day, "SHORT_DATE_FORMAT"), str)()


def _name(actor: Any) -> str:
    if getattr(actor, "is_authenticated", False):
        return str(actor.get_full_name() or actor.get_username())
    return str(actor)


def _unique(users: Iterable[Any]) -> list[Any]:
    seen: dict[int, Any] = {}
    for user in users:
        if user is not None and user.pk not in seen:
            seen[user.pk] = user
    return list(seen.values())


def _people(request: ProcurementRequest) -> list[Any]:
    """The responsible person and the submitter (one query)."""
    ids = [pk for pk in (request.responsible_id, request.submitted_by_id) if pk is not None]
    if not ids:
        return []
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=ids)}
    return _unique(users.get(pk) for pk in ids)


def _members(organization: Any, roles: Iterable[str]) -> dict[str, list[Any]]:
    """The organization's active members with each role (one query)."""
    found: dict[str, list[Any]] = {}
    for m in Membership.objects.filter(
        organization=organization, role__in=list(roles), user__is_active=True
    ).select_related("user"):
        found.setdefault(m.role, []).append(m.user)
    return found


def _question_text(question: Question) -> Any:
    shipped = None if question.local else procurement_knowledge().question(question.key)
    return question.text if shipped is None else _in_language(shipped.text.to_text())


def _question_drafts(request: ProcurementRequest, people: list[Any]) -> Iterator[Draft]:
    if request.ended:
        return
    waiting = open_by_addressee(asked(request), request.stage)
    roles = [ADDRESSEE_ROLES[a] for a in waiting if a in ADDRESSEE_ROLES]
    members = _members(request.organization, roles) if roles else {}
    responsible = [u for u in people if u.pk == request.responsible_id] or [
        u for u in people if u.pk == request.submitted_by_id
    ]
    link = f"{request.get_absolute_url()}#h-spoergsmaal"
    for addressee, items in waiting.items():
        if addressee == c.Addressee.FORVALTNING:
            recipients = responsible
        elif addressee in ADDRESSEE_ROLES:
            recipients = _unique(members.get(ADDRESSEE_ROLES[addressee], []))
        else:
            continue
        for item in items:
            question = item.question
            params = {
                "addressee": c.Addressee(addressee).label,
                "title": request.title,
                "question": _question_text(question),
            }
            for user in recipients:
                yield Draft(
                    user,
                    request.organization,
                    QUESTION,
                    params,
                    kind=Kind.QUESTION,
                    link=link,
                    key=f"procurement.question:{request.pk}:{question.key}",
                )


def questions_addressed(*, request: ProcurementRequest) -> list[Notification]:
    """Tell each addressee of the request's open questions of each one not told before."""
    with transaction.atomic():
        return deliver(_question_drafts(request, _people(request)))


def request_moved(
    *, actor: Any, request: ProcurementRequest, reason: str = ""
) -> list[Notification]:
    """The request is in a new stage: tell those concerned, and the addressees of the
    questions the stage opens (one e-mail per person)."""
    people = _people(request)
    recipients = list(people)
    if request.stage in TEAM_STAGES:
        team = _members(request.organization, TEAM_ROLES)
        recipients = _unique([*recipients, *(u for role in TEAM_ROLES for u in team.get(role, []))])
    actor_pk = getattr(actor, "pk", None) if getattr(actor, "is_authenticated", False) else None
    params = {
        "title": request.title,
        "stage": c.Stage(request.stage).label,
        "actor": _name(actor),
        "reason": reason.strip(),
    }
    key = f"procurement.stage:{request.pk}:{request.stage}:{request.stage_since.isoformat()}"
    stage = [
        Draft(
            user,
            request.organization,
            MOVED_BECAUSE if params["reason"] else MOVED,
            params,
            kind=Kind.STAGE,
            link=request.get_absolute_url(),
            key=key,
        )
        for user in recipients
        if user.pk != actor_pk
    ]
    with transaction.atomic():
        return deliver([*stage, *_question_drafts(request, people)])


# Deadlines -------------------------------------------------------------------------------


def _wanted_drafts(request: ProcurementRequest) -> Iterator[Draft]:
    assert request.wanted_date is not None
    params = {
        "title": request.title,
        "date": _date(request.wanted_date),
        "stage": c.Stage(request.stage).label,
    }
    for user in _unique([request.responsible, request.submitted_by]):
        yield Draft(
            user,
            request.organization,
            WANTED,
            params,
            kind=Kind.DEADLINE,
            link=request.get_absolute_url(),
            key=f"procurement.wanted:{request.pk}:{request.wanted_date.isoformat()}",
        )


def _condition_drafts(condition: Condition) -> Iterator[Draft]:
    assert condition.due_date is not None
    request = condition.request
    params = {
        "condition": condition.text[:120],
        "title": request.title,
        "date": _date(condition.due_date),
    }
    owners = [condition.owner] if condition.owner is not None else []
    for user in owners or _unique([request.responsible, request.submitted_by]):
        yield Draft(
            user,
            request.organization,
            CONDITION,
            params,
            kind=Kind.DEADLINE,
            link=f"{request.get_absolute_url()}#vilkaar",
            key=f"procurement.condition:{condition.pk}:{condition.due_date.isoformat()}",
        )


def deadlines(*, today: date | None = None) -> int:
    """Notify every organization's passed deadlines (before ``today``) not told before;
    returns how many notifications were created."""
    today = today or timezone.localdate()
    created = 0
    requests = (
        ProcurementRequest.objects.filter(stage__in=c.OPEN_STAGES, wanted_date__lt=today)
        .select_related("organization", "responsible", "submitted_by")
        .order_by("pk")
    )
    for chunk in batched(requests.iterator(chunk_size=CHUNK), CHUNK):
        with transaction.atomic():
            created += len(deliver(d for r in chunk for d in _wanted_drafts(r)))
    conditions = (
        Condition.objects.filter(done_on__isnull=True, due_date__lt=today)
        .exclude(request__stage__in=(c.Stage.AFVIST, c.Stage.TRUKKET_TILBAGE))
        .select_related(
            "owner", "request__organization", "request__responsible", "request__submitted_by"
        )
        .order_by("pk")
    )
    for chunk in batched(conditions.iterator(chunk_size=CHUNK), CHUNK):
        with transaction.atomic():
            created += len(deliver(d for cond in chunk for d in _condition_drafts(cond)))
    return created
