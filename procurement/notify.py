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
* **Deadlines** (the wanted date, conditions' due dates, questions left unanswered) are
  reported as due items by :mod:`procurement.due` and reminded by the daily
  ``manage.py send_reminders``; it finds the addressees of open questions with
  :func:`waiting_for`, the same rule as above.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.choices import Role
from knowledge.procurement import procurement_knowledge
from notifications.choices import Kind
from notifications.models import Notification
from notifications.services import Draft, deliver
from organizations.models import Membership
from procurement import choices as c
from procurement.models import ProcurementRequest
from procurement.questions import AskedQuestion, Question, asked, open_by_addressee

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


def _in_language(text: Any) -> Any:
    """A knowledge text (Danish and English) in whatever language is active when shown."""
    return lazy(lambda: text.get((get_language() or "da")[:2]), str)()


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


def waiting_for(
    request: ProcurementRequest,
    people: list[Any],
    members: dict[str, list[Any]],
    local: Iterable[Any] | None = None,
) -> Iterator[tuple[str, list[AskedQuestion], list[Any]]]:
    """Who must answer what: ``(addressee, open questions, users)`` for each addressee
    with a user in Styrbar. ``people`` are the request's responsible person and
    submitter, ``members`` the organization's members by role (:func:`_members`),
    ``local`` its active local questions (read when ``None``)."""
    if request.ended:
        return
    answers = {a.question_key: a for a in request.answers.all()}
    waiting = open_by_addressee(asked(request, answers, local), request.stage)
    responsible = [u for u in people if u.pk == request.responsible_id] or [
        u for u in people if u.pk == request.submitted_by_id
    ]
    for addressee, items in waiting.items():
        if addressee == c.Addressee.FORVALTNING:
            recipients = responsible
        elif addressee in ADDRESSEE_ROLES:
            recipients = _unique(members.get(ADDRESSEE_ROLES[addressee], []))
        else:
            continue
        yield addressee, items, recipients


def _question_drafts(request: ProcurementRequest, people: list[Any]) -> Iterator[Draft]:
    if request.ended:
        return
    roles = list(ADDRESSEE_ROLES.values())
    members = _members(request.organization, roles)
    link = f"{request.get_absolute_url()}#h-spoergsmaal"
    for addressee, items, recipients in waiting_for(request, people, members):
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
