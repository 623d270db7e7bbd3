"""Who the kontrolorgan tells what (through :mod:`notifications.services`).

* a new or extended agenda: every member of the body, once per meeting and version of the
  agenda (the number of items);
* approved minutes: every member, once per meeting;
* a new condition: its owner (a user), once per condition.
Never the person who did it (they know).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from controlbody.models import Condition, Meeting
from notifications.choices import Kind
from notifications.services import Draft, deliver

AGENDA = _(
    "Dagsordenen til kontrolorganets møde »%(meeting)s« den %(date)s er klar (%(n)s punkter)."
)
MINUTES = _("Referatet af kontrolorganets møde »%(meeting)s« den %(date)s er godkendt.")
CONDITION = _("Du er ansvarlig for et vilkår fra kontrolorganet: »%(text)s« (frist %(date)s).")


def _members(meeting: Meeting, actor: Any) -> list[Any]:
    actor_pk = getattr(actor, "pk", None)
    return [m.user for m in meeting.body.members.select_related("user") if m.user_id != actor_pk]


def _date(value: Any) -> str:
    return str(value.strftime("%d-%m-%Y"))


def agenda_ready(meeting: Meeting, actor: Any, count: int) -> None:
    deliver(
        Draft(
            recipient=user,
            organization=meeting.organization,
            message=AGENDA,
            params={"meeting": meeting.title, "date": _date(meeting.date), "n": count},
            kind=Kind.INFO,
            link=meeting.get_absolute_url(),
            key=f"controlbody.agenda:{meeting.pk}:{count}",
        )
        for user in _members(meeting, actor)
    )


def minutes_approved(meeting: Meeting, actor: Any) -> None:
    deliver(
        Draft(
            recipient=user,
            organization=meeting.organization,
            message=MINUTES,
            params={"meeting": meeting.title, "date": _date(meeting.date)},
            kind=Kind.INFO,
            link=meeting.get_absolute_url(),
            key=f"controlbody.minutes:{meeting.pk}",
        )
        for user in _members(meeting, actor)
    )


def conditions_set(conditions: Iterable[Condition]) -> None:
    deliver(
        Draft(
            recipient=condition.owner,
            organization=condition.organization,
            message=CONDITION,
            params={"text": condition.text[:120], "date": _date(condition.due_date)},
            kind=Kind.INFO,
            link=condition.get_absolute_url(),
            key=f"controlbody.condition:{condition.pk}",
        )
        for condition in conditions
        if condition.owner is not None
    )
