"""Writes to roadmaps: generation from the knowledge base, milestones and approval gates.

Every function is atomic, checks the actor's permission in the roadmap's organization and
records AuditEvents. The rules of the decision path live here:

* a milestone cannot be set to done while any gate it waits for is not approved;
* a gate cannot be approved before the gates of the earlier bodies in the decision path
  (direktion → økonomiudvalg → kommunalbestyrelse) of the same milestone are approved,
  and an approved gate cannot be withdrawn while a later body's gate of the same
  milestone, or a done milestone, rests on it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

import knowledge
from core import audit
from core.choices import AuditAction
from core.concurrency import check_expected
from core.permissions import require
from core.services import create_audited, delete_audited, touch, update_audited
from core.workflow import Machine, Transition, transition
from engine.notice import add_months
from organizations.models import Membership, Organization
from roadmaps.choices import GateBody, GateDecision, MilestoneStatus, RoadmapStatus
from roadmaps.models import Gate, Milestone, Roadmap

# Default spacing of the generated plan (editable afterwards).
STEP_MONTHS = 2


# Helpers -------------------------------------------------------------------------------


def decision_path() -> list[str]:
    """The approval bodies in the order a proposal passes them (from the knowledge base)."""
    path = list(knowledge.load().roadmaps.decision_path.gates)
    return path + [body for body in GateBody.values if body not in path]


def _rank(body: str) -> int:
    return decision_path().index(body)


def _lang() -> str:
    return "en" if (get_language() or "da").startswith("en") else "da"


def _check_member(organization: Organization, owner: Any) -> None:
    if owner is None:
        return
    if not Membership.objects.filter(organization=organization, user=owner).exists():
        raise ValidationError({"owner": _("Den ansvarlige skal være medlem af organisationen.")})


def _check_dates(start: dt.date | None, due: dt.date | None) -> None:
    if start and due and due < start:
        raise ValidationError({"due_date": _("Fristen kan ikke ligge før starten.")})


def _check_gates_belong(roadmap: Roadmap, gates: Iterable[Gate]) -> None:
    for gate in gates:
        if gate.roadmap_id != roadmap.pk:
            raise ValidationError({"gates": _("%(gate)s findes ikke.") % {"gate": gate}})


def _blocking_gates(gates: Iterable[Gate]) -> list[Gate]:
    return [gate for gate in gates if gate.decision != GateDecision.APPROVED]


def _completion_error(blocking: Sequence[Gate]) -> ValidationError:
    names = "; ".join(f"{gate} ({gate.get_decision_display().lower()})" for gate in blocking)
    return ValidationError(
        {
            "status": _(
                "Milepælen kan ikke markeres som gennemført, før alle dens "
                "beslutningspunkter er godkendt. Mangler: %(gates)s."
            )
            % {"gates": names}
        }
    )


def _lock_roadmap(roadmap_id: int) -> None:
    """Lock the roadmap's row first in every write of its milestones and gates (one order
    for all: roadmap, gates, milestones): a reordering and an edit, two reorderings in
    different orders, or a gate's decision and a milestone's completion then queue behind
    each other instead of each holding a row the other waits for (a deadlock on
    PostgreSQL)."""
    Roadmap.objects.select_for_update().filter(pk=roadmap_id).values_list("pk").first()


def _lock_roadmap_gates(roadmap_id: int) -> None:
    """Lock the roadmap and then its gates (in one order, so two writers cannot deadlock):
    gate decisions and milestone completion read each other's rows."""
    _lock_roadmap(roadmap_id)
    gates = Gate.objects.select_for_update().filter(roadmap_id=roadmap_id).order_by("pk")
    list(gates.values_list("pk", flat=True))


def _renumber(roadmap: Roadmap) -> None:
    """Give the roadmap's milestones the orders 1, 2, 3, … in their current order."""
    for index, milestone in enumerate(roadmap.milestones.order_by("order", "pk"), start=1):
        if milestone.order != index:
            Milestone.objects.filter(pk=milestone.pk).update(order=index)


# Roadmaps ------------------------------------------------------------------------------


@transaction.atomic
def roadmap_create_from_strategy(
    *,
    actor: Any,
    organization: Organization,
    strategy: str,
    assessment: Any = None,
    start_date: dt.date | None = None,
    name: str = "",
) -> Roadmap:
    """Generate the roadmap of ``strategy`` from its template in ``knowledge/``.

    One milestone per template step (title, description, deliverables in the active
    language), due every ``STEP_MONTHS`` months from ``start_date``; one gate per approval
    body the template names (direktion, økonomiudvalg, kommunalbestyrelse), in the
    template's decision-path order, each linked to the milestones that need it. The
    planned meetings of a milestone's gates are spread over its period in that order, the
    last on its due date. The actor owns the milestones until someone else is chosen.
    """
    require(actor, organization, "roadmap.change")
    kb = knowledge.load()
    template = next((r for r in kb.roadmaps.roadmaps if r.option == strategy), None)
    if template is None:
        raise ValueError(f"no roadmap template for {strategy!r}")
    if assessment is not None and assessment.organization_id != organization.pk:
        raise ValidationError({"assessment": _("Strategivurderingen findes ikke.")})
    lang = _lang()
    option = kb.option(strategy)
    start = start_date or timezone.localdate()
    owner = (
        actor
        if getattr(actor, "is_authenticated", False)
        and Membership.objects.filter(organization=organization, user=actor).exists()
        else None
    )
    roadmap = create_audited(
        model=Roadmap,
        actor=actor,
        organization=organization,
        name=name or getattr(option.name, lang),
        strategy=strategy,
        template_key=template.key,
        derived=template.derived,
        knowledge_version=kb.version,
        assessment=assessment,
        start_date=start,
    )
    labels = {g.key: getattr(g.label, lang) for g in kb.roadmaps.gates}
    gates: dict[tuple[str, str], Gate] = {}
    order = 0
    for index, step in enumerate(template.steps, start=1):
        begins = add_months(start, STEP_MONTHS * (index - 1))
        due = add_months(start, STEP_MONTHS * index)
        milestone = Milestone.objects.create(
            roadmap=roadmap,
            order=index,
            key=step.key,
            title=getattr(step.title, lang),
            description=getattr(step.description, lang),
            deliverables=[getattr(d, lang) for d in step.deliverables],
            owner=owner,
            start_date=begins,
            due_date=due,
        )
        bodies = [body for body in kb.roadmaps.decision_path.gates if body in step.gates]
        for position, body in enumerate(bodies, start=1):
            gate = gates.get((step.key, body))
            if gate is None:
                order += 1
                span = (due - begins).days
                gate = Gate.objects.create(
                    roadmap=roadmap,
                    order=order,
                    body=body,
                    title=f"{labels[body]}: {milestone.title}",
                    planned_date=begins + dt.timedelta(days=span * position // len(bodies)),
                )
                gates[(step.key, body)] = gate
            milestone.gates.add(gate)
    audit.record(
        actor=actor,
        organization=organization,
        action=AuditAction.UPDATE,
        obj=roadmap,
        extra={"generated": {"milestones": len(template.steps), "gates": len(gates)}},
    )
    return roadmap


def roadmap_create_for_chosen_strategy(*, actor: Any, assessment: Any, option: str) -> Roadmap:
    """The advisor's "strategy chosen" handler (registered in ``RoadmapsConfig.ready``):
    generate the chosen strategy's roadmap, linked to the assessment."""
    return roadmap_create_from_strategy(
        actor=actor, organization=assessment.organization, strategy=option, assessment=assessment
    )


def roadmap_update(*, actor: Any, roadmap: Roadmap, **fields: Any) -> Roadmap:
    """Change name, start date or status (active, completed, cancelled)."""
    require(actor, roadmap.organization, "roadmap.change")
    allowed = {"name", "start_date", "status"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(_("Feltet %(field)s kan ikke ændres.") % {"field": min(unknown)})
    if fields.get("status") == RoadmapStatus.COMPLETED:
        open_count = roadmap.milestones.exclude(status=MilestoneStatus.DONE).count()
        if open_count:
            raise ValidationError(
                {
                    "status": _(
                        "Roadmappen kan ikke afsluttes, mens %(n)s milepæle ikke er gennemført."
                    )
                    % {"n": open_count}
                }
            )
    return update_audited(obj=roadmap, actor=actor, **fields)


def roadmap_delete(*, actor: Any, roadmap: Roadmap) -> None:
    require(actor, roadmap.organization, "roadmap.change")
    delete_audited(obj=roadmap, actor=actor)


def _roadmap_changed(actor: Any, roadmap: Roadmap, extra: dict[str, Any]) -> None:
    """A child of the roadmap changed: the roadmap counts as updated (``extra`` says how)."""
    touch(roadmap)
    audit.record(
        actor=actor,
        organization=roadmap.organization,
        action=AuditAction.UPDATE,
        obj=roadmap,
        extra=extra,
    )


# Milestones ----------------------------------------------------------------------------

MILESTONE_FIELDS = {
    "title",
    "description",
    "deliverables",
    "deliverables_done",
    "owner",
    "start_date",
    "due_date",
    "status",
    "completed_on",
    "gates",
}


def _clean_deliverables(items: Iterable[Any]) -> list[str]:
    result: list[str] = []
    for item in items:
        text = str(item).strip()
        if text and text not in result:
            result.append(text)
    return result


def _milestone_fields(milestone: Milestone, fields: dict[str, Any]) -> dict[str, Any]:
    """Validate and complete the new values of a milestone (shared by create and update)."""
    unknown = set(fields) - MILESTONE_FIELDS
    if unknown:
        raise ValidationError(_("Feltet %(field)s kan ikke ændres.") % {"field": min(unknown)})
    roadmap = milestone.roadmap
    if "owner" in fields:
        _check_member(roadmap.organization, fields["owner"])
    if "deliverables" in fields:
        fields["deliverables"] = _clean_deliverables(fields["deliverables"] or [])
    deliverables = fields.get("deliverables", milestone.deliverables)
    done = set(fields.get("deliverables_done", milestone.deliverables_done) or [])
    # A ticked deliverable that no longer exists is dropped; order follows the list.
    fields["deliverables_done"] = [d for d in deliverables if d in done]
    _check_dates(
        fields.get("start_date", milestone.start_date), fields.get("due_date", milestone.due_date)
    )
    gates = fields.get("gates")
    if gates is not None:
        gates = list(gates)
        _check_gates_belong(roadmap, gates)
        fields["gates"] = gates
    status = fields.get("status", milestone.status)
    if status == MilestoneStatus.DONE:
        current = (
            gates if gates is not None else (list(milestone.gates.all()) if milestone.pk else [])
        )
        blocking = _blocking_gates(current)
        if blocking:
            raise _completion_error(blocking)
        if not fields.get("completed_on") and not milestone.completed_on:
            fields["completed_on"] = timezone.localdate()
    else:
        fields["completed_on"] = None
    return fields


@transaction.atomic
def milestone_create(*, actor: Any, roadmap: Roadmap, title: str, **fields: Any) -> Milestone:
    """Add a milestone at the end of the roadmap."""
    require(actor, roadmap.organization, "roadmap.change")
    _lock_roadmap(roadmap.pk)
    last = roadmap.milestones.aggregate(last=Max("order"))["last"] or 0
    milestone = Milestone(roadmap=roadmap, order=last + 1, title=title)
    fields = _milestone_fields(milestone, {"title": title, **fields})
    gates = fields.pop("gates", None)
    milestone = create_audited(
        model=Milestone,
        actor=actor,
        m2m={"gates": gates} if gates else None,
        roadmap=roadmap,
        order=last + 1,
        **fields,
    )
    touch(roadmap)
    return milestone


@transaction.atomic
def milestone_update(*, actor: Any, milestone: Milestone, **fields: Any) -> Milestone:
    """Change a milestone. Setting status to done needs every gate it waits for approved
    (checked with the roadmap's gates locked, so no approval is withdrawn meanwhile)."""
    require(actor, milestone.roadmap.organization, "roadmap.change")
    _lock_roadmap(milestone.roadmap_id)
    if fields.get("status") == MilestoneStatus.DONE:
        _lock_roadmap_gates(milestone.roadmap_id)
    fields = _milestone_fields(milestone, dict(fields))
    gates = fields.pop("gates", None)
    milestone = update_audited(
        obj=milestone,
        actor=actor,
        m2m={"gates": gates} if gates is not None else None,
        **fields,
    )
    touch(milestone.roadmap)
    return milestone


def milestone_complete(*, actor: Any, milestone: Milestone) -> Milestone:
    """Mark a milestone as done (today), under the same gate rule as ``milestone_update``."""
    return milestone_update(actor=actor, milestone=milestone, status=MilestoneStatus.DONE)


def milestone_deliverables_check(
    *, actor: Any, milestone: Milestone, done: Iterable[str]
) -> Milestone:
    """Tick the deliverables in ``done`` (others are unticked)."""
    chosen = set(done)
    unknown = chosen - set(milestone.deliverables)
    if unknown:
        raise ValidationError(
            {"deliverables_done": _("Ukendt leverance: %(name)s.") % {"name": min(unknown)}}
        )
    return milestone_update(actor=actor, milestone=milestone, deliverables_done=list(chosen))


@transaction.atomic
def milestone_delete(*, actor: Any, milestone: Milestone) -> None:
    roadmap = milestone.roadmap
    require(actor, roadmap.organization, "roadmap.change")
    _lock_roadmap(roadmap.pk)
    title = milestone.title
    delete_audited(obj=milestone, actor=actor)
    _renumber(roadmap)
    _roadmap_changed(actor, roadmap, {"milestone_removed": title})


@transaction.atomic
def milestone_reorder(*, actor: Any, roadmap: Roadmap, order: Sequence[int]) -> Roadmap:
    """Put the roadmap's milestones in the order of the ids in ``order`` (all of them)."""
    require(actor, roadmap.organization, "roadmap.change")
    _lock_roadmap(roadmap.pk)
    # A version the caller expects (If-Match) is compared under the roadmap's row lock
    # before the order is read, so two reorderings from one reading cannot interleave.
    check_expected(roadmap)
    ids = list(roadmap.milestones.order_by("order", "pk").values_list("pk", flat=True))
    if sorted(order) != sorted(ids) or len(set(order)) != len(order):
        raise ValidationError(
            {"order": _("Rækkefølgen skal nævne hver af roadmappens milepæle præcis én gang.")}
        )
    if list(order) == ids:
        return roadmap
    with audit.audited(actor=actor, obj=roadmap, values=_milestone_order):
        for index, pk in enumerate(order, start=1):
            Milestone.objects.filter(pk=pk).update(order=index)
        touch(roadmap)
    return roadmap


def _milestone_order(roadmap: Roadmap) -> dict[str, Any]:
    titles = roadmap.milestones.order_by("order", "pk").values_list("title", flat=True)
    return {"milestone_order": list(titles)}


def milestone_move(*, actor: Any, milestone: Milestone, direction: str) -> Roadmap:
    """Move a milestone one place ``up`` or ``down``."""
    if direction not in {"up", "down"}:
        raise ValidationError(_("Ukendt retning."))
    roadmap = milestone.roadmap
    ids = list(roadmap.milestones.order_by("order", "pk").values_list("pk", flat=True))
    index = ids.index(milestone.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(ids):
        ids[index], ids[target] = ids[target], ids[index]
    return milestone_reorder(actor=actor, roadmap=roadmap, order=ids)


# Gates ---------------------------------------------------------------------------------


def _gate_fields(gate: Gate, fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - {"body", "title", "planned_date", "note", "milestones"}
    if unknown:
        raise ValidationError(_("Feltet %(field)s kan ikke ændres.") % {"field": min(unknown)})
    milestones = fields.get("milestones")
    if milestones is not None:
        milestones = list(milestones)
        for milestone in milestones:
            if milestone.roadmap_id != gate.roadmap_id:
                raise ValidationError({"milestones": _("%(m)s findes ikke.") % {"m": milestone}})
        if gate.decision != GateDecision.APPROVED:
            done = [m for m in milestones if m.status == MilestoneStatus.DONE]
            if done:
                raise ValidationError(
                    {
                        "milestones": _(
                            "%(m)s er allerede gennemført og kan ikke vente på en beslutning, "
                            "der ikke er godkendt."
                        )
                        % {"m": done[0]}
                    }
                )
        fields["milestones"] = milestones
    return fields


@transaction.atomic
def gate_create(*, actor: Any, roadmap: Roadmap, body: str, title: str, **fields: Any) -> Gate:
    """Add an approval gate to the roadmap, optionally linked to milestones."""
    require(actor, roadmap.organization, "roadmap.change")
    _lock_roadmap(roadmap.pk)
    last = roadmap.gates.aggregate(last=Max("order"))["last"] or 0
    fields = _gate_fields(Gate(roadmap=roadmap), dict(fields))
    milestones = fields.pop("milestones", None)
    gate = create_audited(
        model=Gate,
        actor=actor,
        audit_organization=roadmap.organization,
        roadmap=roadmap,
        order=last + 1,
        body=body,
        title=title,
        **fields,
    )
    if milestones:
        gate.milestones.set(milestones)
    touch(roadmap)
    return gate


@transaction.atomic
def gate_update(*, actor: Any, gate: Gate, **fields: Any) -> Gate:
    """Change a gate's body, title, planned meeting, note or the milestones waiting for it."""
    roadmap = gate.roadmap
    require(actor, roadmap.organization, "roadmap.change")
    _lock_roadmap(roadmap.pk)
    fields = _gate_fields(gate, dict(fields))
    milestones = fields.pop("milestones", None)
    if "body" in fields and fields["body"] != gate.body and gate.decision == GateDecision.APPROVED:
        raise ValidationError(
            {"body": _("Beslutningsorganet kan ikke ændres, når beslutningen er godkendt.")}
        )
    gate = update_audited(obj=gate, actor=actor, audit_organization=roadmap.organization, **fields)
    if milestones is not None:
        with audit.audited(
            actor=actor, obj=gate, organization=roadmap.organization, values=_gate_milestones
        ):
            gate.milestones.set(milestones)
    touch(roadmap)
    return gate


def _gate_milestones(gate: Gate) -> dict[str, Any]:
    return {"milestones": sorted(gate.milestones.values_list("pk", flat=True))}


@transaction.atomic
def gate_delete(*, actor: Any, gate: Gate) -> None:
    roadmap = gate.roadmap
    require(actor, roadmap.organization, "roadmap.change")
    _lock_roadmap(roadmap.pk)
    title = str(gate)
    delete_audited(obj=gate, actor=actor, audit_organization=roadmap.organization)
    _roadmap_changed(actor, roadmap, {"gate_removed": title})


def _siblings(gate: Gate) -> list[Gate]:
    """The other gates on the gate's milestones, in order."""
    return list(
        Gate.objects.filter(milestones__in=gate.milestones.all())
        .exclude(pk=gate.pk)
        .distinct()
        .order_by("order")
    )


def _not_in_future(fields: Mapping[str, Any]) -> dict[str, Any]:
    decided_on = fields.get("decided_on")
    if decided_on is not None and decided_on > timezone.localdate():
        return {"decided_on": _("En beslutning kan ikke have en dato i fremtiden.")}
    return {}


def _earlier_approved(gate: Gate, fields: Mapping[str, Any]) -> None:
    """A body approves only after the earlier bodies of the same milestones have."""
    rank = _rank(gate.body)
    waiting = [
        other
        for other in _siblings(gate)
        if _rank(other.body) < rank and other.decision != GateDecision.APPROVED
    ]
    if waiting:
        first = waiting[0]
        raise ValidationError(
            {
                "decision": _(
                    "%(body)s kan ikke godkende, før %(earlier)s har godkendt "
                    "»%(title)s«. Beslutningsvejen er Direktionen, Økonomiudvalget og "
                    "derefter Kommunalbestyrelsen."
                )
                % {
                    "body": gate.get_body_display(),
                    "earlier": first.get_body_display(),
                    "title": first.title,
                }
            }
        )


def _nothing_rests_on(gate: Gate, fields: Mapping[str, Any]) -> None:
    """An approval cannot be withdrawn while a later body's approval or a done milestone
    rests on it."""
    if gate.decision != GateDecision.APPROVED:
        return
    rank = _rank(gate.body)
    later = [
        other
        for other in _siblings(gate)
        if _rank(other.body) > rank and other.decision == GateDecision.APPROVED
    ]
    if later:
        raise ValidationError(
            {
                "decision": _(
                    "Godkendelsen kan ikke trækkes tilbage, fordi »%(title)s« allerede er "
                    "godkendt på grundlag af den."
                )
                % {"title": later[0].title}
            }
        )
    done = gate.milestones.filter(status=MilestoneStatus.DONE).first()
    if done is not None:
        raise ValidationError(
            {
                "decision": _(
                    "Godkendelsen kan ikke trækkes tilbage, fordi milepælen »%(title)s« er "
                    "gennemført."
                )
                % {"title": done.title}
            }
        )


def _set_decision(gate: Gate, actor: Any, fields: Mapping[str, Any]) -> None:
    gate.decided_on = fields.get("decided_on")
    gate.meeting_reference = (fields.get("meeting_reference") or "").strip()
    if fields.get("note") is not None:
        gate.note = fields["note"]


def _decision(name: str, target: str) -> Transition:
    """A body's decision: any gate may be decided (again) whatever its decision is."""
    recorded = target != GateDecision.PENDING
    return Transition(
        name,
        tuple(GateDecision.values),
        target,
        permission="gate.decide",
        required={
            "decided_on": gettext_lazy("Angiv datoen for beslutningen."),
            "meeting_reference": gettext_lazy(
                "Angiv mødereferencen, f.eks. mødet og punktet på dagsordenen."
            ),
        }
        if recorded
        else {},
        clean=_not_in_future if recorded else None,
        check=_earlier_approved if target == GateDecision.APPROVED else _nothing_rests_on,
        apply=_set_decision,
    )


GATE_WORKFLOW = Machine(
    name="roadmaps.gate",
    model=Gate,
    field="decision",
    states=tuple(GateDecision.values),
    transitions=(
        _decision("approve", GateDecision.APPROVED),
        _decision("reject", GateDecision.REJECTED),
        _decision("postpone", GateDecision.POSTPONED),
        _decision("withdraw", GateDecision.PENDING),
    ),
    final=(GateDecision.APPROVED, GateDecision.REJECTED),
    deadline="planned_date",
    lock=lambda gate: _lock_roadmap_gates(gate.roadmap_id),  # the order rules span them
    organization=lambda gate: gate.roadmap.organization,
)
"""A gate's decision; overdue: the planned meeting has passed and no decision is recorded
(or it was postponed)."""


@transaction.atomic
def gate_decide(
    *,
    actor: Any,
    gate: Gate,
    decision: str,
    decided_on: dt.date | None = None,
    meeting_reference: str = "",
    note: str | None = None,
) -> Gate:
    """Record the body's decision (approved, rejected, postponed) with date and meeting.

    ``decision="pending"`` withdraws a recorded decision (date and reference are cleared).
    The gates of the roadmap are locked while the order rules are checked, so a withdrawal
    and a later body's approval cannot pass each other.
    """
    roadmap = gate.roadmap
    require(actor, roadmap.organization, "gate.decide")
    if decision not in GateDecision.values:
        raise ValidationError({"decision": _("Ukendt beslutning.")})
    fields: dict[str, Any] = {"note": note}
    if decision != GateDecision.PENDING:
        fields.update(decided_on=decided_on, meeting_reference=meeting_reference)
    gate = transition(GATE_WORKFLOW, gate, decision, actor=actor, **fields)
    touch(roadmap)
    return gate
