"""The kontrolorgan's two workflows, on the shared mechanism (:mod:`core.workflow`).

* ``controlbody.meeting``: planlagt → afholdt → referat godkendt. Approving the minutes
  needs every item decided; its freeze hook stores the minutes' inputs and the DOCX/PDF
  rendered from them (:mod:`controlbody.minutes`), so they never change afterwards.
* ``controlbody.item``: an item's decision, taken once (from "undecided") under the item's
  row lock. The decision's hook moves a procurement request in its own workflow in the same
  transaction (:mod:`controlbody.decisions`), so two decisions at once on one item end with
  one decision and one move.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from controlbody import choices as c
from controlbody.models import AgendaItem, Meeting
from core.workflow import Machine, Transition

RUN = "controlbody.run"
S = c.MeetingStatus
D = c.Decision


def _all_decided(meeting: Meeting, fields: Mapping[str, Any]) -> None:
    undecided = [str(i.position) for i in meeting.items.all() if not i.decision]
    if undecided:
        raise ValidationError(
            _("Referatet kan ikke godkendes, før alle punkter har en beslutning (punkt %(items)s).")
            % {"items": ", ".join(undecided)}
        )
    if not meeting.items.exists():
        raise ValidationError(_("Mødet har ingen punkter på dagsordenen."))


def _freeze_minutes(
    meeting: Meeting, actor: Any, transition: Transition, fields: Mapping[str, Any]
) -> dict[str, Any]:
    if transition.name != "approve_minutes":
        return {}
    from controlbody.minutes import freeze

    return freeze(meeting, actor=actor, now=fields.get("now") or timezone.now())


MEETING_WORKFLOW = Machine(
    name="controlbody.meeting",
    model=Meeting,
    states=tuple(S.values),
    final=(S.APPROVED,),
    deadline="date",
    freeze=_freeze_minutes,
    transitions=(
        Transition(
            "hold",
            (S.PLANNED,),
            S.HELD,
            permission=RUN,
            refusal=gettext_lazy("Kun et planlagt møde kan markeres som afholdt."),
        ),
        Transition(
            "approve_minutes",
            (S.HELD,),
            S.APPROVED,
            permission=RUN,
            check=_all_decided,
            refusal=gettext_lazy("Referatet kan kun godkendes for et afholdt møde."),
        ),
        Transition(
            "reopen",
            (S.HELD,),
            S.PLANNED,
            permission=RUN,
            refusal=gettext_lazy("Kun et afholdt møde uden godkendt referat kan genåbnes."),
        ),
    ),
)

MEETING_LABELS = {
    "hold": gettext_lazy("Markér mødet som afholdt"),
    "approve_minutes": gettext_lazy("Godkend referatet"),
    "reopen": gettext_lazy("Genåbn mødet"),
}


def _organization(item: AgendaItem) -> Any:
    return item.meeting.organization


def _meeting_open(item: AgendaItem, fields: Mapping[str, Any]) -> None:
    if item.meeting.status == S.APPROVED:
        raise ValidationError(_("Referatet er godkendt; beslutninger kan ikke ændres."))


def _decided(item: AgendaItem, actor: Any, fields: Mapping[str, Any]) -> dict[str, Any]:
    from controlbody.decisions import carry_out

    item.reasoning = str(fields["reasoning"]).strip()
    item.decided_at = timezone.now()
    item.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    return carry_out(item, actor, fields)


def _decision(name: str, target: str) -> Transition:
    return Transition(
        name,
        (D.UNDECIDED,),
        target,
        permission=RUN,
        required={"reasoning": gettext_lazy("Skriv begrundelsen for beslutningen.")},
        refusal=gettext_lazy("Punktet har allerede en beslutning."),
        check=_meeting_open,
        apply=_decided,
    )


ITEM_WORKFLOW = Machine(
    name="controlbody.item",
    model=AgendaItem,
    field="decision",
    states=tuple(D.values),
    final=tuple(v for v in D.values if v),
    organization=_organization,
    transitions=tuple(_decision(f"decide_{value}", value) for value in D.values if value),
)


def decision_transition(decision: str) -> str:
    if decision not in D.values or not decision:
        raise ValidationError({"decision": _("Vælg en beslutning.")})
    return f"decide_{decision}"
