"""Every roadmap screen: anonymous users, each role, and tenant isolation."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from organizations.models import Organization
from organizations.testing import ViewAccessMixin, ViewCase
from roadmaps.models import Gate, Milestone, Roadmap
from roadmaps.tests import factories as f

pytestmark = pytest.mark.django_db

PLANNERS = frozenset({"arkitekt", "administrator"})


class RoadmapFactories:
    def make_roadmap(self, org: Organization) -> Roadmap:
        roadmap = f.roadmap(org)
        f.milestone(roadmap)
        f.milestone(roadmap)
        return roadmap

    def make_milestone(self, org: Organization) -> Milestone:
        roadmap = f.roadmap(org)
        f.milestone(roadmap)
        return f.milestone(roadmap)

    def make_gate(self, org: Organization) -> Gate:
        roadmap = f.roadmap(org)
        return f.gate(roadmap, milestones=[f.milestone(roadmap)])

    def list_marker(self, org: Organization) -> str:
        f.roadmap(org, name="Naboens hemmelige roadmap")
        return "Naboens hemmelige"


def _milestone_post(test: Any, org: Organization) -> dict[str, Any]:
    return {
        "title": "Ny milepæl",
        "description": "",
        "start_date": "2026-02-01",
        "due_date": "2026-04-01",
        "status": "in_progress",
        "deliverables": "Plan\nRapport",
    }


def _gate_post(test: Any, org: Organization) -> dict[str, Any]:
    return {"body": "okonomiudvalg", "title": "ØU-behandling", "planned_date": "2026-05-05"}


def _decision_post(test: Any, org: Organization) -> dict[str, Any]:
    return {
        "decision": "approved",
        "decided_on": timezone.localdate().isoformat(),
        "meeting_reference": "Direktionsmøde, pkt. 3",
    }


class TestRoadmapViews(RoadmapFactories, ViewAccessMixin):
    view_cases = (
        ViewCase("roadmaps:roadmap_list"),
        ViewCase("roadmaps:roadmap_detail", obj="roadmap"),
        ViewCase("roadmaps:roadmap_timeline", obj="roadmap"),
        ViewCase("roadmaps:roadmap_history", obj="roadmap"),
        ViewCase("roadmaps:roadmap_create", allowed=PLANNERS),
        ViewCase(
            "roadmaps:roadmap_create",
            allowed=PLANNERS,
            method="post",
            data=lambda t, o: {
                "strategy": "genbrug",
                "start_date": "2026-03-01",
                "name": "Genbrug først",
            },
        ),
        ViewCase("roadmaps:roadmap_edit", allowed=PLANNERS, obj="roadmap"),
        ViewCase(
            "roadmaps:roadmap_edit",
            allowed=PLANNERS,
            obj="roadmap",
            method="post",
            data=lambda t, o: {"name": "Omdøbt", "start_date": "2026-01-15", "status": "active"},
        ),
        ViewCase("roadmaps:roadmap_delete", allowed=PLANNERS, obj="roadmap"),
        ViewCase("roadmaps:roadmap_delete", allowed=PLANNERS, obj="roadmap", method="post"),
        ViewCase("roadmaps:milestone_create", allowed=PLANNERS, obj="roadmap"),
        ViewCase(
            "roadmaps:milestone_create",
            allowed=PLANNERS,
            obj="roadmap",
            method="post",
            data=_milestone_post,
        ),
        ViewCase("roadmaps:milestone_edit", allowed=PLANNERS, obj="milestone"),
        ViewCase(
            "roadmaps:milestone_edit",
            allowed=PLANNERS,
            obj="milestone",
            method="post",
            data=_milestone_post,
        ),
        ViewCase("roadmaps:milestone_delete", allowed=PLANNERS, obj="milestone"),
        ViewCase("roadmaps:milestone_delete", allowed=PLANNERS, obj="milestone", method="post"),
        ViewCase(
            "roadmaps:milestone_move",
            allowed=PLANNERS,
            obj="milestone",
            method="post",
            data=lambda t, o: {"direction": "up"},
        ),
        ViewCase("roadmaps:milestone_complete", allowed=PLANNERS, obj="milestone", method="post"),
        ViewCase(
            "roadmaps:milestone_deliverables",
            allowed=PLANNERS,
            obj="milestone",
            method="post",
            data=lambda t, o: {"done": ["Leverance A"]},
        ),
        ViewCase("roadmaps:gate_create", allowed=PLANNERS, obj="roadmap"),
        ViewCase(
            "roadmaps:gate_create", allowed=PLANNERS, obj="roadmap", method="post", data=_gate_post
        ),
        ViewCase("roadmaps:gate_edit", allowed=PLANNERS, obj="gate"),
        ViewCase(
            "roadmaps:gate_edit", allowed=PLANNERS, obj="gate", method="post", data=_gate_post
        ),
        ViewCase("roadmaps:gate_delete", allowed=PLANNERS, obj="gate"),
        ViewCase("roadmaps:gate_delete", allowed=PLANNERS, obj="gate", method="post"),
        ViewCase("roadmaps:gate_decide", allowed=PLANNERS, obj="gate"),
        ViewCase(
            "roadmaps:gate_decide",
            allowed=PLANNERS,
            obj="gate",
            method="post",
            data=_decision_post,
        ),
    )
