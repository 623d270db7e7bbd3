"""Small factories for roadmap tests: minimal valid objects in one organization."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from organizations.models import Organization
from organizations.testing import Entity, unique
from roadmaps.choices import GateBody
from roadmaps.models import Gate, Milestone, Roadmap

_n = itertools.count(1)

#: "Today" for the roadmap tests, worked out once; conftest holds the clock on it.
TODAY = timezone.localdate()


def roadmap(organization: Organization, **fields: Any) -> Roadmap:
    defaults: dict[str, Any] = {
        "name": f"Roadmap {next(_n)}",
        "strategy": "standardisering",
        "template_key": "standardisering",
        "start_date": dt.date(2026, 1, 1),
    }
    return Roadmap.objects.create(organization=organization, **{**defaults, **fields})


def milestone(parent: Roadmap | Organization, **fields: Any) -> Milestone:
    """A milestone at the end of ``parent`` (a roadmap, or a new roadmap of an organization)."""
    owner_roadmap = parent if isinstance(parent, Roadmap) else roadmap(parent)
    gates = fields.pop("gates", [])
    order = owner_roadmap.milestones.count() + 1
    defaults: dict[str, Any] = {
        "title": f"Milepæl {next(_n)}",
        "order": order,
        "deliverables": ["Leverance A", "Leverance B"],
        "start_date": dt.date(2026, 1, 1),
        "due_date": dt.date(2026, 3, 1),
    }
    obj = Milestone.objects.create(roadmap=owner_roadmap, **{**defaults, **fields})
    if gates:
        obj.gates.set(gates)
    return obj


def gate(parent: Roadmap | Organization, body: str = GateBody.DIREKTION, **fields: Any) -> Gate:
    owner_roadmap = parent if isinstance(parent, Roadmap) else roadmap(parent)
    milestones = fields.pop("milestones", [])
    defaults: dict[str, Any] = {
        "title": f"Beslutning {next(_n)}",
        "order": owner_roadmap.gates.count() + 1,
        "planned_date": dt.date(2026, 2, 1),
    }
    obj = Gate.objects.create(roadmap=owner_roadmap, body=body, **{**defaults, **fields})
    if milestones:
        obj.milestones.set(milestones)
    return obj


# The access tests' entities: planners change them, every role reads them.
PLANNERS = frozenset({"arkitekt", "administrator"})
ROADMAP_CASES = Entity("roadmap", change=PLANNERS)
# A milestone's or gate's forms and buttons all lead back to the roadmap's page.
MILESTONE_CASES = Entity("milestone", change=PLANNERS, redirect="roadmaps:roadmap_detail")
GATE_CASES = Entity("gate", change=PLANNERS, redirect="roadmaps:roadmap_detail")


class AccessFactories:
    """The objects the access tests' cases name (``obj="roadmap"`` -> ``make_roadmap``)."""

    last_roadmap: Roadmap | None = None  # the API's milestone order payload reads it

    def make_roadmap(self, org: Organization) -> Roadmap:
        road = roadmap(org)
        milestone(road)
        milestone(road)
        self.last_roadmap = road
        return road

    def make_milestone(self, org: Organization) -> Milestone:
        """The second milestone of its roadmap (so it can move up)."""
        road = roadmap(org)
        milestone(road)
        return milestone(road)

    def make_gate(self, org: Organization) -> Gate:
        road = roadmap(org)
        return gate(road, milestones=[milestone(road)])

    def list_marker(self, org: Organization) -> str:
        marker = unique("Hemmelig roadmap")
        roadmap(org, name=marker)
        return marker
