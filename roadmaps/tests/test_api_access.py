"""Permissions per role and tenant isolation for every roadmap API operation."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone

from organizations.models import Organization
from organizations.testing import ApiAccessMixin, ApiCase
from roadmaps.models import Gate, Milestone, Roadmap
from roadmaps.tests import factories as f

pytestmark = pytest.mark.django_db

PLANNERS = frozenset({"arkitekt", "administrator"})
ORG = "/api/v1/organizations/{org_id}"
ROADMAP = f"{ORG}/roadmaps/{{roadmap_id}}"


class Factories:
    """Objects for the cases; a milestone or gate path gets its own roadmap's id."""

    last_roadmap: Roadmap | None = None

    def make_roadmap(self, org: Organization) -> Roadmap:
        roadmap = f.roadmap(org)
        f.milestone(roadmap)
        f.milestone(roadmap)
        self.last_roadmap = roadmap
        return roadmap

    def make_milestone(self, org: Organization) -> Milestone:
        return f.milestone(f.roadmap(org))

    def make_gate(self, org: Organization) -> Gate:
        roadmap = f.roadmap(org)
        return f.gate(roadmap, milestones=[f.milestone(roadmap)])

    def _path(self, case: ApiCase, organization: Organization, obj: Any) -> str:
        path = case.path.replace("{org_id}", str(organization.pk))
        if obj is not None:
            path = path.replace("{roadmap_id}", str(getattr(obj, "roadmap_id", obj.pk)))
            path = re.sub(r"\{[a-z_]+\}", str(obj.pk), path)
        return path


def _reversed_order(test: Any, org: Organization) -> dict[str, Any]:
    roadmap = test.last_roadmap
    ids = list(roadmap.milestones.order_by("order").values_list("pk", flat=True))
    return {"ids": ids[::-1]}


class TestRoadmapApi(Factories, ApiAccessMixin):
    api_cases = (
        ApiCase("GET", f"{ORG}/roadmaps"),
        ApiCase(
            "POST",
            f"{ORG}/roadmaps",
            allowed=PLANNERS,
            payload=lambda t, o: {"strategy": "borgernaer_service", "start_date": "2026-02-01"},
        ),
        ApiCase("GET", ROADMAP, obj="roadmap"),
        ApiCase(
            "PATCH", ROADMAP, allowed=PLANNERS, obj="roadmap", payload=lambda t, o: {"name": "Ny"}
        ),
        ApiCase("DELETE", ROADMAP, allowed=PLANNERS, obj="roadmap"),
        ApiCase("GET", f"{ROADMAP}/milestones", obj="roadmap"),
        ApiCase(
            "POST",
            f"{ROADMAP}/milestones",
            allowed=PLANNERS,
            obj="roadmap",
            payload=lambda t, o: {"title": "Evaluering", "deliverables": ["Evalueringsrapport"]},
        ),
        ApiCase(
            "PUT",
            f"{ROADMAP}/milestones/order",
            allowed=PLANNERS,
            obj="roadmap",
            payload=_reversed_order,
        ),
        ApiCase(
            "PATCH",
            f"{ROADMAP}/milestones/{{milestone_id}}",
            allowed=PLANNERS,
            obj="milestone",
            payload=lambda t, o: {"status": "in_progress", "deliverables_done": ["Leverance A"]},
        ),
        ApiCase(
            "DELETE", f"{ROADMAP}/milestones/{{milestone_id}}", allowed=PLANNERS, obj="milestone"
        ),
        ApiCase("GET", f"{ROADMAP}/gates", obj="roadmap"),
        ApiCase(
            "POST",
            f"{ROADMAP}/gates/{{gate_id}}/decision",
            allowed=PLANNERS,
            obj="gate",
            payload=lambda t, o: {
                "decision": "approved",
                "decided_on": timezone.localdate().isoformat(),
                "meeting_reference": "Direktionsmøde, pkt. 2",
            },
        ),
    )
