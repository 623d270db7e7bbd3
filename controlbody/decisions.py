"""What a decision on an agenda item does beyond recording it.

Called by the item workflow's apply hook (:mod:`controlbody.workflow`), under the item's
row lock and in the decision's transaction:

* on a procurement request waiting for the kontrolorgan, *godkendt* (with or without
  conditions) takes procurement's declared move ``to_decision`` (kontrolorgan →
  beslutning), *afvist* its move ``reject`` with the reasoning; *udsat* and *til
  orientering* leave the request where it is. Procurement's own rules run under its row
  lock (an open show stopper refuses the approval, and nothing of the decision is kept);
* each condition becomes a :class:`controlbody.models.Condition`; on a request item it is
  also added to the request through procurement's ``condition_add`` (the request page
  shows it; see the model's docstring for how the two stay one fact);
* the owners of new conditions are told.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from controlbody import choices as c
from controlbody import notify
from controlbody.models import AgendaItem, Condition
from organizations.models import Membership
from procurement import services as procurement
from procurement.choices import Stage
from procurement.models import ProcurementRequest

MAX_CONDITIONS = 20


@dataclass(frozen=True)
class ConditionInput:
    text: str
    due_date: dt.date
    owner: Any = None
    owner_name: str = ""

    def plain(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "due_date": self.due_date.isoformat(),
            "owner": getattr(self.owner, "pk", None),
            "owner_name": self.owner_name,
        }


def conditions_from(organization: Any, rows: Sequence[Mapping[str, Any]]) -> list[ConditionInput]:
    """Validated conditions from plain rows (text, due_date, owner id or user, owner_name);
    rows without text are skipped. Errors name the row."""
    result: list[ConditionInput] = []
    errors: list[str] = []
    rows = [r for r in rows if str(r.get("text") or "").strip()]
    if len(rows) > MAX_CONDITIONS:
        raise ValidationError(_("Højst %(n)s vilkår pr. beslutning.") % {"n": MAX_CONDITIONS})
    owners = {
        r["owner"]
        for r in rows
        if r.get("owner") not in (None, "") and not hasattr(r["owner"], "pk")
    }
    members = {
        m.user_id: m.user
        for m in Membership.objects.filter(
            organization=organization, user_id__in=[o for o in owners if str(o).isdigit()]
        ).select_related("user")
    }
    for number, row in enumerate(rows, start=1):
        text = str(row["text"]).strip()
        due = row.get("due_date")
        if isinstance(due, str):
            try:
                due = dt.date.fromisoformat(due)
            except ValueError:
                due = None
        if not isinstance(due, dt.date):
            errors.append(_("Vilkår %(n)s: angiv en frist.") % {"n": number})
            continue
        owner = row.get("owner")
        if owner in (None, ""):
            owner = None
        elif not hasattr(owner, "pk"):
            owner = members.get(int(owner)) if str(owner).isdigit() else None
            if owner is None:
                errors.append(
                    _("Vilkår %(n)s: den ansvarlige er ikke medlem af organisationen.")
                    % {"n": number}
                )
                continue
        elif not Membership.objects.filter(organization=organization, user=owner).exists():
            errors.append(
                _("Vilkår %(n)s: den ansvarlige er ikke medlem af organisationen.") % {"n": number}
            )
            continue
        name = str(row.get("owner_name") or "").strip()
        if owner is None and not name:
            errors.append(_("Vilkår %(n)s: angiv en ansvarlig.") % {"n": number})
            continue
        result.append(ConditionInput(text=text, due_date=due, owner=owner, owner_name=name[:200]))
    if errors:
        raise ValidationError({"conditions": errors})
    return result


def check_decision(decision: str, conditions: Sequence[ConditionInput]) -> None:
    if decision == c.Decision.APPROVED_WITH_CONDITIONS and not conditions:
        raise ValidationError({"conditions": _("Godkendt med vilkår kræver mindst ét vilkår.")})
    if decision != c.Decision.APPROVED_WITH_CONDITIONS and conditions:
        raise ValidationError(
            {"conditions": _("Vilkår hører til beslutningen »Godkendt med vilkår«.")}
        )


def _inputs(rows: Sequence[Mapping[str, Any]]) -> list[ConditionInput]:
    users = get_user_model().objects.in_bulk([r["owner"] for r in rows if r.get("owner")])
    return [
        ConditionInput(
            text=r["text"],
            due_date=dt.date.fromisoformat(r["due_date"]),
            owner=users.get(r["owner"]) if r.get("owner") else None,
            owner_name=r.get("owner_name", ""),
        )
        for r in rows
    ]


def _move_request(item: AgendaItem, actor: Any) -> str:
    request = item.request
    if request is None or item.kind != c.ItemKind.REQUEST:
        return ""
    if item.decision in (c.Decision.APPROVED, c.Decision.APPROVED_WITH_CONDITIONS):
        name = "to_decision"
    elif item.decision == c.Decision.REJECTED:
        name = "reject"
    else:
        return ""
    # The request as it is now, locked (a copy may predate a move made elsewhere).
    request.refresh_from_db(from_queryset=ProcurementRequest.objects.select_for_update())
    if request.stage != Stage.KONTROLORGAN:
        raise ValidationError(
            _("Anmodningen »%(title)s« venter ikke længere på kontrolorganet (fase: %(stage)s).")
            % {"title": request.title, "stage": request.get_stage_display()}
        )
    moved = procurement.request_move(
        actor=actor,
        request=request,
        transition_name=name,
        reason=item.reasoning,
        note=_("Kontrolorganets møde %(date)s, punkt %(n)s")
        % {"date": item.meeting.date.strftime("%d-%m-%Y"), "n": item.position},
    )
    return str(moved.stage)


def carry_out(item: AgendaItem, actor: Any, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Move the request, create the conditions; returns extras for the audit event."""
    item.decision = fields["decision"]  # the workflow sets it too; the move reads it first
    conditions = _inputs(fields.get("conditions") or [])
    stage = _move_request(item, actor)
    created: list[Condition] = []
    organization = item.meeting.organization
    for row in conditions:
        linked = None
        if item.request is not None:
            linked = procurement.condition_add(
                actor=actor,
                request=item.request,
                text=row.text,
                owner=row.owner,
                owner_name=row.owner_name,
                due_date=row.due_date,
            )
        condition = Condition(
            organization=organization,
            item=item,
            text=row.text,
            owner=row.owner,
            owner_name=row.owner_name,
            due_date=row.due_date,
            request_condition=linked,
        )
        condition.full_clean()
        condition.save()
        created.append(condition)
    notify.conditions_set(created)
    extras: dict[str, Any] = {"conditions": [x.text for x in created]}
    if stage:
        extras["request_stage"] = stage
    return extras
