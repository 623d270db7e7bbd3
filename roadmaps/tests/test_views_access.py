"""Every roadmap screen: anonymous users, each role, and tenant isolation."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from organizations.models import Organization
from organizations.testing import ViewAccessMixin, ViewCase, fixed
from roadmaps.tests import factories as f

pytestmark = pytest.mark.django_db


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
        *f.ROADMAP_CASES.pages(
            "roadmaps:roadmap",
            create=fixed(
                {"strategy": "genbrug", "start_date": "2026-03-01", "name": "Genbrug først"}
            ),
            edit=fixed({"name": "Omdøbt", "start_date": "2026-01-15", "status": "active"}),
        ),
        ViewCase("roadmaps:roadmap_timeline", obj="roadmap"),
        *f.ROADMAP_CASES.form("roadmaps:milestone_create", _milestone_post),
        *f.MILESTONE_CASES.pages(
            "roadmaps:milestone", edit=_milestone_post, only=("edit", "delete")
        ),
        f.MILESTONE_CASES.post("roadmaps:milestone_move", fixed({"direction": "up"})),
        f.MILESTONE_CASES.post("roadmaps:milestone_complete"),
        f.MILESTONE_CASES.post("roadmaps:milestone_deliverables", fixed({"done": ["Leverance A"]})),
        *f.ROADMAP_CASES.form("roadmaps:gate_create", _gate_post),
        *f.GATE_CASES.pages("roadmaps:gate", edit=_gate_post, only=("edit", "delete")),
        *f.GATE_CASES.form("roadmaps:gate_decide", _decision_post),
    )
