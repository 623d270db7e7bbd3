"""Every roadmap screen: anonymous users, each role, and tenant isolation."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from organizations.models import Organization
from organizations.testing import Entity, ViewAccessMixin, ViewCase, fixed, form_cases
from roadmaps.tests import factories as f

pytestmark = pytest.mark.django_db

PLANNERS = frozenset({"arkitekt", "administrator"})


_milestone_post = fixed(
    {
        "title": "Ny milepæl",
        "description": "",
        "start_date": "2026-02-01",
        "due_date": "2026-04-01",
        "status": "in_progress",
        "deliverables": "Plan\nRapport",
    }
)
_gate_post = fixed(
    {"body": "okonomiudvalg", "title": "ØU-behandling", "planned_date": "2026-05-05"}
)


def _decision_post(test: Any, org: Organization) -> dict[str, Any]:
    return {
        "decision": "approved",
        "decided_on": timezone.localdate().isoformat(),
        "meeting_reference": "Direktionsmøde, pkt. 3",
    }


class TestRoadmapViews(f.AccessFactories, ViewAccessMixin):
    view_cases = (
        *Entity("roadmap", change=PLANNERS).pages(
            "roadmaps:roadmap",
            create=fixed(
                {"strategy": "genbrug", "start_date": "2026-03-01", "name": "Genbrug først"}
            ),
            edit=fixed({"name": "Omdøbt", "start_date": "2026-01-15", "status": "active"}),
        ),
        ViewCase("roadmaps:roadmap_timeline", obj="roadmap"),
        *form_cases("roadmaps:milestone_create", _milestone_post, allowed=PLANNERS, obj="roadmap"),
        *Entity("milestone", change=PLANNERS).pages(
            "roadmaps:milestone", edit=_milestone_post, only=("edit", "delete")
        ),
        ViewCase(
            "roadmaps:milestone_move",
            allowed=PLANNERS,
            obj="milestone",
            method="post",
            data=fixed({"direction": "up"}),
        ),
        ViewCase("roadmaps:milestone_complete", allowed=PLANNERS, obj="milestone", method="post"),
        ViewCase(
            "roadmaps:milestone_deliverables",
            allowed=PLANNERS,
            obj="milestone",
            method="post",
            data=fixed({"done": ["Leverance A"]}),
        ),
        *form_cases("roadmaps:gate_create", _gate_post, allowed=PLANNERS, obj="roadmap"),
        *Entity("gate", change=PLANNERS).pages(
            "roadmaps:gate", edit=_gate_post, only=("edit", "delete")
        ),
        *form_cases("roadmaps:gate_decide", _decision_post, allowed=PLANNERS, obj="gate"),
    )
