"""Audited writes of the kontrolorgan: the body, its meetings, agendas, decisions and
conditions.

Permissions: ``controlbody.view`` (every member) reads; ``controlbody.run`` (arkitekt,
administrator) keeps the body, plans meetings, generates and edits agendas, records
decisions, approves minutes and closes conditions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from controlbody import agenda, notify
from controlbody import choices as c
from controlbody.decisions import check_decision, conditions_from
from controlbody.models import AgendaItem, BodyMember, Condition, ControlBody, Meeting
from controlbody.workflow import ITEM_WORKFLOW, MEETING_WORKFLOW, decision_transition
from core import audit
from core.concurrency import check_expected
from core.permissions import require
from core.services import create_audited, delete_audited, touch, update_audited
from core.workflow import transition
from organizations.models import Membership, Organization
from procurement import services as procurement

RUN = "controlbody.run"


# The body ---------------------------------------------------------------------------------


def body_save(
    *,
    actor: Any,
    organization: Organization,
    name: str = "Kontrolorgan",
    mandate: str = "",
    established_by: Any = None,
    members: Sequence[tuple[Any, str]] | None = None,
) -> ControlBody:
    """Create or update the organization's kontrolorgan; ``members`` (user, role) replaces
    the members when given (one chair, one secretary, members of the organization)."""
    require(actor, organization, RUN)
    if established_by is not None and established_by.roadmap.organization_id != organization.pk:
        raise ValidationError({"established_by": _("Milepælen findes ikke i organisationen.")})
    rows = _member_rows(organization, members) if members is not None else None
    with transaction.atomic():
        body = ControlBody.objects.select_for_update().filter(organization=organization).first()
        fields: dict[str, Any] = {
            "name": (name or "").strip() or "Kontrolorgan",
            "mandate": mandate.strip(),
        }
        if body is None:
            body = create_audited(
                model=ControlBody,
                actor=actor,
                organization=organization,
                established_by=established_by,
                **fields,
            )
        with audit.audited(actor=actor, obj=body):
            for key, value in {**fields, "established_by": established_by}.items():
                setattr(body, key, value)
            body.full_clean()
            body.save()
            if rows is not None:
                body.members.all().delete()
                BodyMember.objects.bulk_create(
                    BodyMember(body=body, user=user, role=role) for user, role in rows
                )
    return body


def _member_rows(
    organization: Organization, members: Sequence[tuple[Any, str]]
) -> list[tuple[Any, str]]:
    users = [u for u, _role in members]
    if len({u.pk for u in users}) != len(users):
        raise ValidationError({"members": _("Et medlem er nævnt to gange.")})
    for _user, role in members:
        if role not in c.MemberRole.values:
            raise ValidationError({"members": _("Ukendt rolle: %(role)s") % {"role": role}})
    for role in (c.MemberRole.CHAIR, c.MemberRole.SECRETARY):
        if sum(1 for _u, r in members if r == role) > 1:
            raise ValidationError(
                {"members": _("Kontrolorganet har kun én formand og én sekretær.")}
            )
    known = set(
        Membership.objects.filter(organization=organization, user__in=users).values_list(
            "user_id", flat=True
        )
    )
    strangers = [str(u) for u in users if u.pk not in known]
    if strangers:
        raise ValidationError(
            {
                "members": _("Ikke medlem af organisationen: %(names)s")
                % {"names": ", ".join(strangers)}
            }
        )
    return list(members)


# Meetings ---------------------------------------------------------------------------------

MEETING_FIELDS = ("title", "date", "start_time", "place", "guests", "participants")


def _participants(organization: Organization, fields: dict[str, Any]) -> dict[str, Any]:
    if "participants" not in fields:
        return {}
    users = list(fields.pop("participants") or [])
    known = set(
        Membership.objects.filter(organization=organization, user__in=users).values_list(
            "user_id", flat=True
        )
    )
    if any(u.pk not in known for u in users):
        raise ValidationError({"participants": _("En deltager er ikke medlem af organisationen.")})
    return {"participants": users}


def meeting_create(*, actor: Any, organization: Organization, **fields: Any) -> Meeting:
    require(actor, organization, RUN)
    body = ControlBody.objects.filter(organization=organization).first()
    if body is None:  # the first meeting establishes the body (its page completes it)
        body = create_audited(model=ControlBody, actor=actor, organization=organization)
    fields = {k: v for k, v in fields.items() if k in MEETING_FIELDS}
    m2m = _participants(organization, fields)
    return create_audited(
        model=Meeting, actor=actor, organization=organization, body=body, m2m=m2m, **fields
    )


def meeting_update(*, actor: Any, meeting: Meeting, **fields: Any) -> Meeting:
    require(actor, meeting.organization, RUN, meeting)
    fields = {k: v for k, v in fields.items() if k in MEETING_FIELDS}
    m2m = _participants(meeting.organization, fields)
    with transaction.atomic():
        _lock_meeting(meeting, allow_held=True)
        return update_audited(obj=meeting, actor=actor, m2m=m2m or None, **fields)


def meeting_delete(*, actor: Any, meeting: Meeting) -> None:
    require(actor, meeting.organization, RUN, meeting)
    with transaction.atomic():
        _lock_meeting(meeting)
        if meeting.items.exclude(decision="").exists():
            raise ValidationError(_("Et møde med beslutninger kan ikke slettes."))
        delete_audited(obj=meeting, actor=actor)


def _lock_meeting(meeting: Meeting, *, allow_held: bool = False) -> None:
    """Re-read the meeting under a row lock; its agenda may change only while it is planned
    (and, for decisions and the meeting's details, while it is held)."""
    meeting.refresh_from_db(from_queryset=Meeting.objects.select_for_update())
    allowed = {c.MeetingStatus.PLANNED} | ({c.MeetingStatus.HELD} if allow_held else set())
    if meeting.status not in allowed:
        if meeting.status == c.MeetingStatus.APPROVED:
            raise ValidationError(_("Referatet er godkendt; mødet kan ikke ændres."))
        raise ValidationError(_("Mødet er afholdt; dagsordenen kan ikke ændres."))


def meeting_move(
    *, actor: Any, meeting: Meeting, transition_name: str, now: dt.datetime | None = None
) -> Meeting:
    """Hold the meeting, approve its minutes (stores them) or reopen it."""
    moved = transition(MEETING_WORKFLOW, meeting, transition_name, actor=actor, now=now)
    if moved.status == c.MeetingStatus.APPROVED and transition_name == "approve_minutes":
        notify.minutes_approved(moved, actor)
    return moved


# The agenda -------------------------------------------------------------------------------


def agenda_generate(
    *, actor: Any, meeting: Meeting, today: dt.date | None = None
) -> list[AgendaItem]:
    """Add what is due and not on the agenda yet (see :mod:`controlbody.agenda`)."""
    require(actor, meeting.organization, RUN, meeting)
    with transaction.atomic():
        _lock_meeting(meeting)
        with audit.audited(actor=actor, obj=meeting, values=agenda.snapshot):
            new = agenda.add_new(meeting, today)
            meeting.agenda_generated_at = timezone.now()
            meeting.save(update_fields=["agenda_generated_at", "updated_at"])
        if new:
            notify.agenda_ready(meeting, actor, meeting.items.count())
    return new


def _agenda_change(actor: Any, item_or_meeting: AgendaItem | Meeting) -> Any:
    meeting = item_or_meeting if isinstance(item_or_meeting, Meeting) else item_or_meeting.meeting
    require(actor, meeting.organization, RUN, meeting)
    _lock_meeting(meeting)
    check_expected(meeting)  # an expected version (If-Match) is compared before touch moves it
    touch(meeting)
    return audit.audited(actor=actor, obj=meeting, values=agenda.snapshot)


@transaction.atomic
def item_add(*, actor: Any, meeting: Meeting, title: str, description: str = "") -> AgendaItem:
    if not title.strip():
        raise ValidationError({"title": _("Skriv punktets overskrift.")})
    with _agenda_change(actor, meeting):
        last = meeting.items.order_by("-position").values_list("position", flat=True).first() or 0
        item = AgendaItem(
            meeting=meeting,
            position=last + 1,
            kind=c.ItemKind.FREE,
            title=title.strip()[:300],
            description=description.strip(),
        )
        item.full_clean()
        item.save()
    return item


@transaction.atomic
def item_update(*, actor: Any, item: AgendaItem, title: str, description: str = "") -> AgendaItem:
    if not title.strip():
        raise ValidationError({"title": _("Skriv punktets overskrift.")})
    with _agenda_change(actor, item):
        item.title, item.description = title.strip()[:300], description.strip()
        item.full_clean()
        item.save(update_fields=["title", "description"])
    return item


@transaction.atomic
def item_move(*, actor: Any, item: AgendaItem, to: int) -> AgendaItem:
    """Move the item to position ``to`` (1 = first); the others close up."""
    with _agenda_change(actor, item):
        items = [i for i in item.meeting.items.order_by("position", "pk") if i.pk != item.pk]
        to = max(1, min(int(to), len(items) + 1))
        items.insert(to - 1, item)
        for number, row in enumerate(items, start=1):
            row.position = number
        AgendaItem.objects.bulk_update(items, ["position"])
    return item


@transaction.atomic
def item_delete(*, actor: Any, item: AgendaItem) -> None:
    """Take a point off the agenda (generating again brings a still-due one back)."""
    with _agenda_change(actor, item):
        if item.decision:
            raise ValidationError(_("Et punkt med en beslutning kan ikke fjernes."))
        meeting = item.meeting
        item.delete()
        agenda.renumber(meeting)


# Decisions --------------------------------------------------------------------------------


def item_decide(
    *,
    actor: Any,
    item: AgendaItem,
    decision: str,
    reasoning: str,
    conditions: Iterable[Mapping[str, Any]] = (),
) -> AgendaItem:
    """Record the item's decision (once) with its reasoning and conditions; a decision on a
    procurement request moves the request (see :mod:`controlbody.decisions`)."""
    organization = item.meeting.organization
    require(actor, organization, RUN, item)
    name = decision_transition(decision)
    rows = conditions_from(organization, list(conditions))
    check_decision(decision, rows)
    if item.meeting.status == c.MeetingStatus.APPROVED:
        raise ValidationError(_("Referatet er godkendt; beslutninger kan ikke ændres."))
    return transition(
        ITEM_WORKFLOW,
        item,
        name,
        actor=actor,
        decision=decision,
        reasoning=reasoning,
        conditions=[r.plain() for r in rows],
    )


# Conditions -------------------------------------------------------------------------------


def condition_close(
    *,
    actor: Any,
    condition: Condition,
    status: str,
    closing_note: str = "",
    closed_on: dt.date | None = None,
) -> Condition:
    """Close an open condition as met (opfyldt) or lapsed (bortfaldet), with a note; a
    condition on a request is closed on the request too."""
    require(actor, condition.organization, RUN, condition)
    if status not in (c.ConditionStatus.MET, c.ConditionStatus.LAPSED):
        raise ValidationError({"status": _("Vælg opfyldt eller bortfaldet.")})
    if status == c.ConditionStatus.LAPSED and not closing_note.strip():
        raise ValidationError({"closing_note": _("Skriv hvorfor vilkåret er bortfaldet.")})
    closed_on = closed_on or timezone.localdate()
    if closed_on > timezone.localdate():
        raise ValidationError({"closed_on": _("Datoen for lukning kan ikke ligge i fremtiden.")})
    with transaction.atomic():
        condition.refresh_from_db(
            from_queryset=Condition.objects.select_for_update(of=("self",)).select_related(
                "request_condition"
            )
        )
        check_expected(condition)  # a stale If-Match is a 412 before "already closed"
        if condition.status != c.ConditionStatus.OPEN:
            raise ValidationError(_("Vilkåret er allerede lukket."))
        with audit.audited(actor=actor, obj=condition):
            condition.status = status
            condition.closed_on = closed_on
            condition.closing_note = closing_note.strip()
            condition.full_clean()
            condition.save()
        linked = condition.request_condition
        if linked is not None and linked.done_on is None:
            procurement.condition_done(actor=actor, condition=linked, done_on=closed_on)
    return condition


__all__ = [
    "agenda_generate",
    "body_save",
    "condition_close",
    "item_add",
    "item_decide",
    "item_delete",
    "item_move",
    "item_update",
    "meeting_create",
    "meeting_delete",
    "meeting_move",
    "meeting_update",
]
