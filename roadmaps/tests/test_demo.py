"""The demo roadmap: the chosen strategy's roadmap, half done, one milestone overdue."""

from __future__ import annotations

import pytest
from django.utils import timezone

from core.models import AuditEvent
from organizations.demo import seed_foundation
from roadmaps import demo, selectors, services
from roadmaps.choices import GateDecision, MilestoneStatus
from roadmaps.models import Roadmap

pytestmark = pytest.mark.django_db


def _check_half_done(roadmap: Roadmap) -> None:
    today = timezone.localdate()
    milestones = list(roadmap.milestones.order_by("order"))
    assert len(milestones) == 6
    assert [m.status for m in milestones] == [
        MilestoneStatus.DONE,
        MilestoneStatus.DONE,
        MilestoneStatus.DONE,
        MilestoneStatus.IN_PROGRESS,
        MilestoneStatus.PLANNED,
        MilestoneStatus.PLANNED,
    ]
    assert [m.is_overdue for m in milestones] == [False, False, False, True, False, False]
    assert all(m.owner is not None for m in milestones)
    assert all(m.completed_on and m.completed_on <= today for m in milestones[:3])
    assert milestones[0].deliverables_done == milestones[0].deliverables
    # The plan began about eight months ago.
    assert 230 <= (today - roadmap.start_date).days <= 250
    decided = list(roadmap.gates.filter(decision=GateDecision.APPROVED).order_by("order"))
    assert [g.body for g in decided] == ["direktion", "okonomiudvalg", "kommunalbestyrelse"]
    days = [g.decided_on for g in decided if g.decided_on is not None]
    assert len(days) == 3 and days == sorted(days)
    assert all(g.meeting_reference for g in decided)
    assert decided[1].meeting_reference.startswith("ØU ")
    pending = selectors.pending_gates(organization=roadmap.organization).first()
    assert pending is not None and pending.title == demo.PENDING_GATE_TITLE
    assert pending.planned_date is not None and pending.planned_date > today


def test_seed_creates_the_roadmap_when_the_advisor_did_not() -> None:
    result = seed_foundation()
    demo.seed(result)
    roadmap = Roadmap.objects.get(organization=result.kommune, strategy=demo.CHOSEN)
    assert roadmap.derived
    _check_half_done(roadmap)
    events = AuditEvent.objects.count()
    demo.seed(result)
    assert Roadmap.objects.filter(organization=result.kommune).count() == 1
    assert AuditEvent.objects.count() == events


def test_seed_makes_the_advisors_roadmap_half_done() -> None:
    result = seed_foundation()
    generated = services.roadmap_create_from_strategy(
        actor=result.users["arkitekt"], organization=result.kommune, strategy=demo.CHOSEN
    )
    assert generated.start_date == timezone.localdate()
    demo.seed(result)
    assert Roadmap.objects.filter(organization=result.kommune).count() == 1
    _check_half_done(Roadmap.objects.get(pk=generated.pk))
    overdue = selectors.overdue_milestones(organization=result.kommune)
    assert [m.key for m in overdue] == ["kontrolorgan"]
