"""Demo roadmap for Eksempel Kommune: the chosen strategy's roadmap, half done.

The advisor's demo chooses "sammenhaengende_processer" and generates its roadmap through
``roadmap_create_from_strategy`` (created if it is missing). ``seed(result)`` moves the plan
so it began about eight months ago, names owners among the demo users, records the
decisions of direktion, økonomiudvalg and kommunalbestyrelse with dates and meeting
references, completes the first half of the milestones, leaves the fourth overdue, and
adds one økonomiudvalg gate that is still waiting (so the dashboard has a next decision).
Decisions and completions go through the services, so they are in the history.
Idempotent: a roadmap with a completed milestone is left alone. Synthetic data only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from engine.notice import add_months
from organizations.demo import DemoResult
from roadmaps import services
from roadmaps.choices import GateBody, MilestoneStatus
from roadmaps.models import Gate, Milestone, Roadmap

CHOSEN = "sammenhaengende_processer"
MONTHS_AGO = 8
# Milestone owners in template order (demo usernames).
OWNERS = ["admin", "admin", "arkitekt", "arkitekt", "indkoeber", "redaktoer"]
# Days after the start of the plan on which each body decided, and the agenda item.
DECISIONS = {
    GateBody.DIREKTION: (25, "Direktionsmøde {day}, pkt. 3"),
    GateBody.OKONOMIUDVALG: (46, "ØU {day}, pkt. 7"),
    GateBody.KOMMUNALBESTYRELSE: (89, "KB {day}, pkt. 12"),
}
PENDING_GATE_TITLE = "Økonomiudvalget: Integrationskrav i indkøbspolitikken"


def _find_or_create(result: DemoResult, actor: Any, start: dt.date) -> Roadmap:
    kommune = result.kommune
    roadmap = (
        Roadmap.objects.filter(organization=kommune, strategy=CHOSEN)
        .order_by("-created_at", "-pk")
        .first()
    )
    if roadmap is not None:
        return roadmap
    from advisor.models import Assessment

    assessment = (
        Assessment.objects.filter(organization=kommune, chosen_option=CHOSEN)
        .order_by("-version")
        .first()
    )
    return services.roadmap_create_from_strategy(
        actor=actor,
        organization=kommune,
        strategy=CHOSEN,
        assessment=assessment,
        start_date=start,
    )


def _replan(roadmap: Roadmap, start: dt.date) -> list[Milestone]:
    """Move the plan to ``start`` (the generator's spacing), gates spread as generated."""
    Roadmap.objects.filter(pk=roadmap.pk).update(start_date=start)
    milestones = list(roadmap.milestones.order_by("order", "pk").prefetch_related("gates"))
    path = services.decision_path()
    for index, milestone in enumerate(milestones):
        begins = add_months(start, services.STEP_MONTHS * index)
        due = add_months(start, services.STEP_MONTHS * (index + 1))
        Milestone.objects.filter(pk=milestone.pk).update(start_date=begins, due_date=due)
        milestone.start_date, milestone.due_date = begins, due
        gates = sorted(milestone.gates.all(), key=lambda g: path.index(g.body))
        for position, gate in enumerate(gates, start=1):
            planned = begins + dt.timedelta(days=(due - begins).days * position // len(gates))
            Gate.objects.filter(pk=gate.pk).update(planned_date=planned)
    return milestones


@transaction.atomic
def seed(result: DemoResult) -> None:
    actor = result.users["arkitekt"]
    today = timezone.localdate()
    start = add_months(today, -MONTHS_AGO)
    roadmap = _find_or_create(result, actor, start)
    if roadmap.milestones.filter(status=MilestoneStatus.DONE).exists():
        return
    milestones = _replan(roadmap, start)
    for milestone, username in zip(milestones, OWNERS, strict=False):
        services.milestone_update(actor=actor, milestone=milestone, owner=result.users[username])
    # The decisions, in the decision path's order.
    for gate in roadmap.gates.order_by("order"):
        if gate.body not in DECISIONS:
            continue
        days, reference = DECISIONS[GateBody(gate.body)]
        day = min(start + dt.timedelta(days=days), today)
        services.gate_decide(
            actor=actor,
            gate=gate,
            decision="approved",
            decided_on=day,
            meeting_reference=reference.format(day=day.strftime("%d-%m-%Y")),
        )
    # The first half is done, each shortly before its due date.
    half = len(milestones) // 2
    for milestone in milestones[:half]:
        fresh = Milestone.objects.get(pk=milestone.pk)
        services.milestone_update(
            actor=actor,
            milestone=fresh,
            status=MilestoneStatus.DONE,
            deliverables_done=list(fresh.deliverables),
            completed_on=min(fresh.due_date - dt.timedelta(days=9), today)
            if fresh.due_date
            else today,
        )
    # The next one is under way and overdue, with part of its deliverables done.
    if len(milestones) > half:
        late = Milestone.objects.get(pk=milestones[half].pk)
        services.milestone_update(
            actor=actor,
            milestone=late,
            status=MilestoneStatus.IN_PROGRESS,
            due_date=today - dt.timedelta(days=20),
            deliverables_done=list(late.deliverables[:1]),
        )
    # One decision is still ahead: the procurement policy's integration requirements.
    if len(milestones) > half + 1 and not roadmap.gates.filter(title=PENDING_GATE_TITLE).exists():
        services.gate_create(
            actor=actor,
            roadmap=roadmap,
            body=GateBody.OKONOMIUDVALG,
            title=PENDING_GATE_TITLE,
            planned_date=today + dt.timedelta(days=33),
            note="Indkøbspolitikken skal kræve dataudveksling via de fælleskommunale komponenter.",
            milestones=[Milestone.objects.get(pk=milestones[half + 1].pk)],
        )
