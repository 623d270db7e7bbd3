"""Roadmap services: generation from the five templates, the gate and completion rules,
ordering, deliverables and the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import override

import knowledge
from core.models import AuditEvent
from engine.notice import add_months
from organizations.testing import make_organization, make_user
from roadmaps import services
from roadmaps.choices import GateBody, GateDecision, MilestoneStatus, RoadmapStatus
from roadmaps.models import Gate, Milestone, Roadmap
from roadmaps.tests import factories as f
from roadmaps.tests.factories import TODAY

pytestmark = pytest.mark.django_db

TEMPLATES = [t.option for t in knowledge.load().roadmaps.roadmaps]
YESTERDAY = TODAY - dt.timedelta(days=1)


def _events(obj: object, action: str | None = None) -> list[AuditEvent]:
    events = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(obj),  # type: ignore[arg-type]
        object_id=str(obj.pk),  # type: ignore[attr-defined]
    )
    if action:
        events = events.filter(action=action)
    return list(events.order_by("created_at", "id"))


def _decide(actor, gate: Gate, decision: str, ref: str = "Møde, pkt. 1") -> Gate:  # type: ignore[no-untyped-def]
    """Decide ``gate`` at yesterday's meeting ``ref``."""
    return services.gate_decide(
        actor=actor, gate=gate, decision=decision, decided_on=YESTERDAY, meeting_reference=ref
    )


def _approve(actor, gate: Gate, ref: str = "Møde, pkt. 1") -> Gate:  # type: ignore[no-untyped-def]
    return _decide(actor, gate, "approved", ref)


# Generation -------------------------------------------------------------------------------


def test_five_templates() -> None:
    assert sorted(TEMPLATES) == sorted(
        [
            "standardisering",
            "genbrug",
            "sammenhaengende_processer",
            "borgernaer_service",
            "driftsfaellesskab",
        ]
    )


@pytest.mark.parametrize("strategy", TEMPLATES)
def test_generation_follows_the_template(org, architect, strategy) -> None:  # type: ignore[no-untyped-def]
    kb = knowledge.load()
    template = next(t for t in kb.roadmaps.roadmaps if t.option == strategy)
    start = dt.date(2026, 1, 31)
    with override("da"):
        roadmap = services.roadmap_create_from_strategy(
            actor=architect, organization=org, strategy=strategy, start_date=start
        )
    assert roadmap.derived is template.derived
    assert roadmap.template_key == template.key
    assert roadmap.knowledge_version == kb.version
    assert roadmap.name == kb.option(strategy).name.da
    milestones = list(roadmap.milestones.order_by("order").prefetch_related("gates"))
    assert [m.key for m in milestones] == [s.key for s in template.steps]
    assert [m.order for m in milestones] == list(range(1, len(template.steps) + 1))
    path = kb.roadmaps.decision_path.gates
    for index, (milestone, step) in enumerate(zip(milestones, template.steps, strict=True)):
        assert milestone.title == step.title.da
        assert milestone.description == step.description.da
        assert milestone.deliverables == [d.da for d in step.deliverables]
        assert milestone.deliverables_done == []
        assert milestone.owner == architect
        assert milestone.status == MilestoneStatus.PLANNED
        assert milestone.start_date == add_months(start, 2 * index)
        assert milestone.due_date == add_months(start, 2 * (index + 1))
        gates = sorted(milestone.gates.all(), key=lambda g: g.order)
        # Gates as in the template, in decision-path order, each titled after its milestone.
        assert [g.body for g in gates] == [b for b in path if b in step.gates]
        assert all(g.title.endswith(milestone.title) for g in gates)
        assert all(g.decision == GateDecision.PENDING for g in gates)
        # Planned meetings within the milestone's period, in order, the last on the due date.
        dates = [g.planned_date for g in gates if g.planned_date is not None]
        assert len(dates) == len(gates) and dates == sorted(dates)
        begins, due = milestone.start_date, milestone.due_date
        assert begins is not None and due is not None
        assert all(begins <= d <= due for d in dates)
        if gates:
            assert dates[-1] == milestone.due_date
    expected_gates = sum(len(step.gates) for step in template.steps)
    assert roadmap.gates.count() == expected_gates
    assert [g.order for g in roadmap.gates.order_by("order")] == list(range(1, expected_gates + 1))
    # Audited: the roadmap's creation and the generation summary.
    events = _events(roadmap)
    assert [e.action for e in events] == ["create", "update"]
    assert events[1].changes["generated"]["after"] == {
        "milestones": len(template.steps),
        "gates": expected_gates,
    }


def test_generation_in_english(org, architect) -> None:  # type: ignore[no-untyped-def]
    with override("en"):
        roadmap = services.roadmap_create_from_strategy(
            actor=architect, organization=org, strategy="standardisering"
        )
    assert roadmap.name == knowledge.load().option("standardisering").name.en
    first = roadmap.milestones.get(order=1)
    assert first.title == "Proposal to the finance committee"
    assert roadmap.start_date == TODAY


def test_generation_needs_permission_and_a_known_strategy(org) -> None:  # type: ignore[no-untyped-def]
    reader = make_user(organization=org, roles=["laeser", "redaktoer"])
    with pytest.raises(PermissionDenied):
        services.roadmap_create_from_strategy(actor=reader, organization=org, strategy="genbrug")
    architect = make_user(organization=org, roles=["arkitekt"])
    with pytest.raises(ValueError, match="no roadmap template"):
        services.roadmap_create_from_strategy(actor=architect, organization=org, strategy="x")
    assert not Roadmap.objects.filter(organization=org).exists()


def test_generation_rejects_another_organizations_assessment(org, architect) -> None:  # type: ignore[no-untyped-def]
    from advisor.models import Assessment

    other = make_organization()
    assessment = Assessment.objects.create(organization=other, version=1, title="Naboens")
    with pytest.raises(ValidationError) as exc:
        services.roadmap_create_from_strategy(
            actor=architect, organization=org, strategy="genbrug", assessment=assessment
        )
    assert "assessment" in exc.value.message_dict
    mine = Assessment.objects.create(organization=org, version=1, title="Vores")
    roadmap = services.roadmap_create_from_strategy(
        actor=architect, organization=org, strategy="genbrug", assessment=mine
    )
    assert roadmap.assessment == mine


# The completion rule ----------------------------------------------------------------------


def test_milestone_cannot_be_done_before_its_gates_are_approved(org, architect) -> None:  # type: ignore[no-untyped-def]
    roadmap = services.roadmap_create_from_strategy(
        actor=architect, organization=org, strategy="standardisering"
    )
    first = roadmap.milestones.get(order=1)
    direktion, okonomiudvalg = sorted(first.gates.all(), key=lambda g: g.order)
    with pytest.raises(ValidationError) as exc:
        services.milestone_complete(actor=architect, milestone=first)
    message = exc.value.message_dict["status"][0]
    assert "kan ikke markeres som gennemført" in message
    assert "Direktionen" in message and "Økonomiudvalget" in message
    _approve(architect, direktion)
    with pytest.raises(ValidationError, match="Økonomiudvalget"):
        services.milestone_update(
            actor=architect, milestone=Milestone.objects.get(pk=first.pk), status="done"
        )
    _approve(architect, okonomiudvalg)
    done = services.milestone_complete(
        actor=architect, milestone=Milestone.objects.get(pk=first.pk)
    )
    assert done.status == MilestoneStatus.DONE
    assert done.completed_on == TODAY
    again = services.milestone_update(actor=architect, milestone=done, status="in_progress")
    assert again.completed_on is None


def test_rejected_or_postponed_gate_blocks_completion(org, architect) -> None:  # type: ignore[no-untyped-def]
    roadmap = f.roadmap(org)
    gate = f.gate(roadmap, GateBody.DIREKTION)
    milestone = f.milestone(roadmap, gates=[gate])
    for decision in ("rejected", "postponed"):
        _decide(architect, gate, decision, "Direktionsmøde")
        with pytest.raises(ValidationError, match=r"(afvist|udsat)"):
            services.milestone_complete(actor=architect, milestone=milestone)


def test_a_done_milestone_cannot_get_a_pending_gate(org, architect) -> None:  # type: ignore[no-untyped-def]
    roadmap = f.roadmap(org)
    milestone = f.milestone(roadmap)
    services.milestone_complete(actor=architect, milestone=milestone)
    pending = f.gate(roadmap, GateBody.OKONOMIUDVALG)
    with pytest.raises(ValidationError):
        services.milestone_update(actor=architect, milestone=milestone, gates=[pending])
    with pytest.raises(ValidationError, match="allerede gennemført"):
        services.gate_create(
            actor=architect,
            roadmap=roadmap,
            body=GateBody.KOMMUNALBESTYRELSE,
            title="KB",
            milestones=[milestone],
        )
    with pytest.raises(ValidationError, match="allerede gennemført"):
        services.gate_update(actor=architect, gate=pending, milestones=[milestone])


# The decision path ------------------------------------------------------------------------


def test_later_body_cannot_approve_before_earlier_bodies(org, architect) -> None:  # type: ignore[no-untyped-def]
    roadmap = services.roadmap_create_from_strategy(
        actor=architect, organization=org, strategy="borgernaer_service"
    )
    first = roadmap.milestones.get(order=1)
    direktion, okonomiudvalg, kommunalbestyrelse = sorted(first.gates.all(), key=lambda g: g.order)
    assert [direktion.body, okonomiudvalg.body, kommunalbestyrelse.body] == [
        "direktion",
        "okonomiudvalg",
        "kommunalbestyrelse",
    ]
    with pytest.raises(ValidationError) as exc:
        _approve(architect, okonomiudvalg)
    assert "Økonomiudvalget kan ikke godkende, før Direktionen har godkendt" in str(exc.value)
    with pytest.raises(ValidationError, match="før Direktionen"):
        _approve(architect, kommunalbestyrelse)
    # Rejections and postponements are allowed in any order.
    _decide(architect, okonomiudvalg, "postponed", "ØU 14-04-2026, pkt. 7")
    _approve(architect, direktion)
    with pytest.raises(ValidationError, match="før Økonomiudvalget"):
        _approve(architect, kommunalbestyrelse)
    _approve(architect, Gate.objects.get(pk=okonomiudvalg.pk), "ØU 12-05-2026, pkt. 4")
    _approve(architect, Gate.objects.get(pk=kommunalbestyrelse.pk), "KB 27-05-2026, pkt. 9")
    assert set(first.gates.values_list("decision", flat=True)) == {"approved"}


def test_a_gate_on_its_own_milestone_is_not_held_back(org, architect) -> None:  # type: ignore[no-untyped-def]
    """The kommunalbestyrelse gate of the mandate milestone waits for nothing else."""
    roadmap = services.roadmap_create_from_strategy(
        actor=architect, organization=org, strategy="standardisering"
    )
    mandate = roadmap.milestones.get(order=2)
    (kb_gate,) = mandate.gates.all()
    assert kb_gate.body == "kommunalbestyrelse"
    assert _approve(architect, kb_gate).decision == GateDecision.APPROVED


def test_approval_cannot_be_withdrawn_under_a_later_approval_or_done_milestone(  # type: ignore[no-untyped-def]
    org, architect
) -> None:
    roadmap = f.roadmap(org)
    milestone = f.milestone(roadmap)
    direktion = f.gate(roadmap, GateBody.DIREKTION, milestones=[milestone])
    okonomiudvalg = f.gate(roadmap, GateBody.OKONOMIUDVALG, milestones=[milestone])
    _approve(architect, direktion)
    _approve(architect, okonomiudvalg)
    with pytest.raises(ValidationError, match="trækkes tilbage"):
        _decide(architect, Gate.objects.get(pk=direktion.pk), "rejected", "Direktionsmøde")
    services.milestone_complete(actor=architect, milestone=milestone)
    with pytest.raises(ValidationError, match="er gennemført"):
        services.gate_decide(
            actor=architect, gate=Gate.objects.get(pk=okonomiudvalg.pk), decision="pending"
        )


def test_decision_needs_date_and_meeting_reference(org, architect) -> None:  # type: ignore[no-untyped-def]
    gate = f.gate(org)
    with pytest.raises(ValidationError) as exc:
        services.gate_decide(actor=architect, gate=gate, decision="approved")
    assert set(exc.value.message_dict) == {"decided_on", "meeting_reference"}
    with pytest.raises(ValidationError, match="fremtiden"):
        services.gate_decide(
            actor=architect,
            gate=gate,
            decision="approved",
            decided_on=TODAY + dt.timedelta(days=1),
            meeting_reference="Møde",
        )
    with pytest.raises(ValidationError, match="Ukendt beslutning"):
        services.gate_decide(actor=architect, gate=gate, decision="maybe")
    decided = services.gate_decide(
        actor=architect,
        gate=gate,
        decision="approved",
        decided_on=YESTERDAY,
        meeting_reference="  Direktionsmøde 3, pkt. 2 ",
        note="Enstemmigt",
    )
    assert decided.meeting_reference == "Direktionsmøde 3, pkt. 2"
    withdrawn = services.gate_decide(actor=architect, gate=decided, decision="pending")
    assert (withdrawn.decided_on, withdrawn.meeting_reference) == (None, "")


def test_deciding_needs_gate_decide(org) -> None:  # type: ignore[no-untyped-def]
    gate = f.gate(org)
    editor = make_user(organization=org, roles=["redaktoer", "indkoeber", "systemejer", "laeser"])
    with pytest.raises(PermissionDenied):
        _approve(editor, gate, "x")
    assert Gate.objects.get(pk=gate.pk).decision == GateDecision.PENDING


def test_gate_decision_is_audited(org, architect) -> None:  # type: ignore[no-untyped-def]
    gate = f.gate(org)
    _approve(architect, gate, "ØU 14-04-2026, pkt. 7")
    (event,) = _events(gate, "update")
    assert event.actor == architect
    assert event.organization == org
    assert event.changes["decision"] == {"before": "pending", "after": "approved"}
    assert event.changes["meeting_reference"]["after"] == "ØU 14-04-2026, pkt. 7"
    assert event.changes["decided_on"]["after"] == YESTERDAY.isoformat()


# Milestones -------------------------------------------------------------------------------


def test_milestone_fields_are_validated(org, architect) -> None:  # type: ignore[no-untyped-def]
    milestone = f.milestone(org)
    stranger = make_user()
    with pytest.raises(ValidationError) as exc:
        services.milestone_update(actor=architect, milestone=milestone, owner=stranger)
    assert "owner" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.milestone_update(
            actor=architect,
            milestone=milestone,
            start_date=dt.date(2026, 5, 1),
            due_date=dt.date(2026, 4, 1),
        )
    assert "due_date" in exc.value.message_dict
    foreign_gate = f.gate(make_organization())
    with pytest.raises(ValidationError):
        services.milestone_update(actor=architect, milestone=milestone, gates=[foreign_gate])
    with pytest.raises(ValidationError):
        services.milestone_update(actor=architect, milestone=milestone, roadmap=f.roadmap(org))
    colleague = make_user(organization=org, roles=["laeser"])
    updated = services.milestone_update(
        actor=architect, milestone=milestone, owner=colleague, title="Ny titel"
    )
    assert updated.owner == colleague
    (event,) = _events(milestone, "update")
    assert event.changes["title"]["after"] == "Ny titel"
    assert event.changes["owner"] == {"before": None, "after": colleague.pk}


def test_deliverables_checklist(org, architect) -> None:  # type: ignore[no-untyped-def]
    milestone = f.milestone(org, deliverables=["Plan", "Rapport", "Aftale"])
    checked = services.milestone_deliverables_check(
        actor=architect, milestone=milestone, done=["Aftale", "Plan"]
    )
    assert checked.deliverables_done == ["Plan", "Aftale"]  # in the list's order
    with pytest.raises(ValidationError, match="Ukendt leverance"):
        services.milestone_deliverables_check(actor=architect, milestone=checked, done=["Andet"])
    # Renaming a deliverable drops its tick; unchanged ones keep theirs; blanks and duplicates go.
    edited = services.milestone_update(
        actor=architect, milestone=checked, deliverables=["Plan", " Ny rapport ", "", "Plan"]
    )
    assert edited.deliverables == ["Plan", "Ny rapport"]
    assert edited.deliverables_done == ["Plan"]


def test_add_reorder_move_and_remove_milestones(org, architect) -> None:  # type: ignore[no-untyped-def]
    roadmap = services.roadmap_create_from_strategy(
        actor=architect, organization=org, strategy="genbrug"
    )
    added = services.milestone_create(
        actor=architect, roadmap=roadmap, title="Evaluering", deliverables=["Rapport"]
    )
    assert added.order == 7
    assert _events(added, "create")
    ids = list(roadmap.milestones.order_by("order").values_list("pk", flat=True))
    services.milestone_reorder(actor=architect, roadmap=roadmap, order=ids[::-1])
    assert list(roadmap.milestones.order_by("order").values_list("pk", flat=True)) == ids[::-1]
    event = _events(roadmap, "update")[-1]
    assert event.changes["milestone_order"]["after"][0] == "Evaluering"
    with pytest.raises(ValidationError):
        services.milestone_reorder(actor=architect, roadmap=roadmap, order=ids[:-1])
    with pytest.raises(ValidationError):
        services.milestone_reorder(actor=architect, roadmap=roadmap, order=[*ids[:-1], ids[0]])
    top = Milestone.objects.get(pk=ids[-1])
    services.milestone_move(actor=architect, milestone=top, direction="down")
    assert Milestone.objects.get(pk=ids[-1]).order == 2
    services.milestone_move(
        actor=architect, milestone=Milestone.objects.get(pk=ids[-1]), direction="up"
    )
    assert Milestone.objects.get(pk=ids[-1]).order == 1
    # Moving the first one up changes nothing and records nothing.
    count = AuditEvent.objects.count()
    services.milestone_move(
        actor=architect, milestone=Milestone.objects.get(pk=ids[-1]), direction="up"
    )
    assert AuditEvent.objects.count() == count
    with pytest.raises(ValidationError):
        services.milestone_move(actor=architect, milestone=top, direction="sideways")
    services.milestone_delete(actor=architect, milestone=Milestone.objects.get(pk=ids[3]))
    assert list(roadmap.milestones.order_by("order").values_list("order", flat=True)) == [
        1,
        2,
        3,
        4,
        5,
        6,
    ]
    assert _events(roadmap, "update")[-1].changes["milestone_removed"]["after"]


def test_roadmap_update_and_delete(org, architect) -> None:  # type: ignore[no-untyped-def]
    roadmap = f.roadmap(org)
    milestone = f.milestone(roadmap)
    with pytest.raises(ValidationError, match="kan ikke afsluttes"):
        services.roadmap_update(actor=architect, roadmap=roadmap, status=RoadmapStatus.COMPLETED)
    services.milestone_complete(actor=architect, milestone=milestone)
    done = services.roadmap_update(actor=architect, roadmap=roadmap, status="completed")
    assert done.status == RoadmapStatus.COMPLETED
    with pytest.raises(ValidationError):
        services.roadmap_update(actor=architect, roadmap=roadmap, strategy="genbrug")
    pk = roadmap.pk
    services.roadmap_delete(actor=architect, roadmap=roadmap)
    assert not Roadmap.objects.filter(pk=pk).exists()
    assert AuditEvent.objects.filter(
        action="delete", object_id=str(pk), content_type__model="roadmap"
    ).exists()


def test_gate_create_update_delete(org, architect) -> None:  # type: ignore[no-untyped-def]
    roadmap = f.roadmap(org)
    milestone = f.milestone(roadmap)
    gate = services.gate_create(
        actor=architect,
        roadmap=roadmap,
        body=GateBody.OKONOMIUDVALG,
        title="ØU: status",
        planned_date=dt.date(2026, 6, 2),
        milestones=[milestone],
    )
    assert list(gate.milestones.all()) == [milestone]
    assert _events(gate, "create")[0].organization == org
    with pytest.raises(ValidationError):
        services.gate_update(actor=architect, gate=gate, milestones=[f.milestone(org)])
    services.gate_update(actor=architect, gate=gate, title="ØU: status", milestones=[])
    assert _events(gate, "update")[-1].changes["milestones"] == {
        "before": [milestone.pk],
        "after": [],
    }
    _approve(architect, gate)
    with pytest.raises(ValidationError, match="Beslutningsorganet"):
        services.gate_update(actor=architect, gate=gate, body=GateBody.DIREKTION)
    pk = gate.pk
    services.gate_delete(actor=architect, gate=gate)
    assert not Gate.objects.filter(pk=pk).exists()
    reader = make_user(organization=org, roles=["laeser"])
    with pytest.raises(PermissionDenied):
        services.gate_create(actor=reader, roadmap=roadmap, body="direktion", title="x")
