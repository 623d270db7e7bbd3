"""Gate decisions on the workflow mechanism: records, the order rules checked again under
the lock (also with two real connections on PostgreSQL) and the overdue query."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from core.models import TransitionRecord
from core.testing import postgres_race, race
from core.workflow import overdue, records
from organizations.testing import make_organization, make_user
from roadmaps import services
from roadmaps.choices import GateBody, GateDecision, MilestoneStatus
from roadmaps.models import Gate, Milestone
from roadmaps.services import GATE_WORKFLOW
from roadmaps.tests import factories as f
from roadmaps.tests.factories import TODAY

YESTERDAY = TODAY - dt.timedelta(days=1)


def _decide(actor: Any, gate: Gate, decision: str = "approved", ref: str = "Møde 1") -> Gate:
    fields: dict[str, Any] = {}
    if decision != "pending":
        fields = {"decided_on": YESTERDAY, "meeting_reference": ref}
    return services.gate_decide(actor=actor, gate=gate, decision=decision, **fields)


def _path(org: Any) -> tuple[Gate, Gate]:
    """Direktion and økonomiudvalg gates of one milestone (Økonomiudvalget comes second)."""
    roadmap = f.roadmap(org)
    milestone = f.milestone(roadmap)
    first = f.gate(roadmap, GateBody.DIREKTION, milestones=[milestone])
    second = f.gate(roadmap, GateBody.OKONOMIUDVALG, milestones=[milestone])
    return first, second


@pytest.mark.django_db
def test_a_decision_is_recorded_with_who_from_to_and_why() -> None:
    org = make_organization()
    architect = make_user("arkitekten", organization=org, roles=["arkitekt"])
    gate = f.gate(org)
    _decide(architect, gate, ref="Direktionsmøde 3, pkt. 2")
    _decide(architect, gate, ref="Direktionsmøde 3, pkt. 2")  # the same again: nothing new
    _decide(architect, gate, "pending")

    withdrawn, approved = records(GATE_WORKFLOW, gate)
    assert (approved.transition, approved.from_state, approved.to_state) == (
        "approve",
        "pending",
        "approved",
    )
    assert approved.actor == architect and approved.organization == org
    assert approved.fields == {
        "decided_on": YESTERDAY.isoformat(),
        "meeting_reference": "Direktionsmøde 3, pkt. 2",
    }
    assert (withdrawn.transition, withdrawn.to_state, withdrawn.fields) == (
        "withdraw",
        "pending",
        {},
    )


@pytest.mark.django_db
def test_order_rules_are_checked_against_the_locked_rows_not_the_callers_copy() -> None:
    org = make_organization()
    architect = make_user(organization=org, roles=["arkitekt"])
    first, second = _path(org)
    _decide(architect, first)
    stale_second = Gate.objects.get(pk=second.pk)  # loaded while direktion had approved
    _decide(architect, first, "pending")
    with pytest.raises(ValidationError, match="før Direktionen"):
        _decide(architect, stale_second)

    _decide(architect, first)
    stale_first = Gate.objects.get(pk=first.pk)
    _decide(architect, second)
    with pytest.raises(ValidationError, match="trækkes tilbage"):
        _decide(architect, stale_first, "pending")
    assert set(Gate.objects.values_list("decision", flat=True)) == {GateDecision.APPROVED}


@pytest.mark.django_db
def test_overdue_gates_are_past_their_meeting_without_a_final_decision() -> None:
    org = make_organization()
    architect = make_user(organization=org, roles=["arkitekt"])
    roadmap = f.roadmap(org)
    past = TODAY - dt.timedelta(days=10)
    pending = f.gate(roadmap, planned_date=past)
    postponed = f.gate(roadmap, planned_date=past)
    decided = f.gate(roadmap, planned_date=past)
    f.gate(roadmap, planned_date=TODAY + dt.timedelta(days=3))
    f.gate(roadmap, planned_date=None)
    _decide(architect, postponed, "postponed")
    _decide(architect, decided, "rejected")

    late = overdue(GATE_WORKFLOW, Gate.objects.filter(roadmap=roadmap))

    assert set(late) == {pending, postponed}


# PostgreSQL: two connections at once -----------------------------------------------------


@postgres_race
def test_postgres_the_same_decision_twice_at_once_is_recorded_once(round_: int) -> None:
    org = make_organization()
    architect = make_user(organization=org, roles=["arkitekt"])
    gate = f.gate(org)
    copies = [Gate.objects.get(pk=gate.pk) for _ in range(2)]

    outcomes = race(*(lambda g=g: _decide(architect, g) for g in copies))

    assert outcomes == [None, None]
    assert Gate.objects.get(pk=gate.pk).decision == GateDecision.APPROVED
    assert records(GATE_WORKFLOW, gate).count() == 1


@postgres_race
def test_postgres_withdrawing_gate_one_and_approving_gate_two_cannot_pass(round_: int) -> None:
    """Without the lock on the roadmap's gates both could succeed, leaving Økonomiudvalget
    approved on top of a withdrawn direktion decision."""
    org = make_organization()
    architect = make_user(organization=org, roles=["arkitekt"])
    first, second = _path(org)
    _decide(architect, first)
    first_copy, second_copy = Gate.objects.get(pk=first.pk), Gate.objects.get(pk=second.pk)

    outcomes = race(
        lambda: _decide(architect, first_copy, "pending"),
        lambda: _decide(architect, second_copy),
    )

    failed = [o for o in outcomes if o is not None]
    assert len(failed) == 1 and isinstance(failed[0], ValidationError)
    decisions = (Gate.objects.get(pk=first.pk).decision, Gate.objects.get(pk=second.pk).decision)
    assert decisions in {
        (GateDecision.PENDING, GateDecision.PENDING),  # the withdrawal came first
        (GateDecision.APPROVED, GateDecision.APPROVED),  # the approval came first
    }
    assert (
        TransitionRecord.objects.filter(object_id__in=[str(first.pk), str(second.pk)]).count() == 2
    )


@postgres_race
def test_postgres_withdrawing_a_gate_and_completing_its_milestone_cannot_pass(round_: int) -> None:
    org = make_organization()
    architect = make_user(organization=org, roles=["arkitekt"])
    roadmap = f.roadmap(org)
    milestone = f.milestone(roadmap)
    gate = f.gate(roadmap, GateBody.DIREKTION, milestones=[milestone])
    _decide(architect, gate)
    gate_copy = Gate.objects.get(pk=gate.pk)
    milestone_copy = Milestone.objects.get(pk=milestone.pk)

    outcomes = race(
        lambda: _decide(architect, gate_copy, "pending"),
        lambda: services.milestone_complete(actor=architect, milestone=milestone_copy),
    )

    failed = [o for o in outcomes if o is not None]
    assert len(failed) == 1 and isinstance(failed[0], ValidationError)
    done = Milestone.objects.get(pk=milestone.pk).status == MilestoneStatus.DONE
    approved = Gate.objects.get(pk=gate.pk).decision == GateDecision.APPROVED
    assert done == approved
