"""Permissions per role and tenant isolation for every roadmap API operation."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone

from organizations.models import Organization
from organizations.testing import ApiAccessMixin, ApiCase, fixed
from roadmaps.tests import factories as f

pytestmark = pytest.mark.django_db

ORG = "/api/v1/organizations/{org_id}"
ROADMAP = f"{ORG}/roadmaps/{{roadmap_id}}"


class Factories(f.AccessFactories):
    """A milestone or gate path gets its own roadmap's id."""

    def _path(self, case: ApiCase, organization: Organization, obj: Any) -> str:
        path = case.path.replace("{org_id}", str(organization.pk))
        if obj is not None:
            path = path.replace("{roadmap_id}", str(getattr(obj, "roadmap_id", obj.pk)))
            path = re.sub(r"\{[a-z_]+\}", str(obj.pk), path)
        return path


def _decision(test: Any, org: Organization) -> dict[str, Any]:
    return {
        "decision": "approved",
        "decided_on": timezone.localdate().isoformat(),
        "meeting_reference": "Direktionsmøde, pkt. 2",
    }


def _reversed_order(test: Any, org: Organization) -> dict[str, Any]:
    roadmap = test.last_roadmap
    ids = list(roadmap.milestones.order_by("order").values_list("pk", flat=True))
    return {"ids": ids[::-1]}


class TestRoadmapApi(Factories, ApiAccessMixin):
    api_cases = (
        *f.ROADMAP_CASES.operations(
            f"{ORG}/roadmaps",
            "{roadmap_id}",
            create=fixed({"strategy": "borgernaer_service", "start_date": "2026-02-01"}),
            update=fixed({"name": "Ny"}),
        ),
        ApiCase("GET", f"{ROADMAP}/milestones", obj="roadmap"),
        f.ROADMAP_CASES.call(
            "POST",
            f"{ROADMAP}/milestones",
            fixed({"title": "Evaluering", "deliverables": ["Evalueringsrapport"]}),
        ),
        f.ROADMAP_CASES.call("PUT", f"{ROADMAP}/milestones/order", _reversed_order),
        *f.MILESTONE_CASES.operations(
            f"{ROADMAP}/milestones",
            "{milestone_id}",
            update=fixed({"status": "in_progress", "deliverables_done": ["Leverance A"]}),
            only=("update", "delete"),
        ),
        ApiCase("GET", f"{ROADMAP}/gates", obj="roadmap"),
        f.GATE_CASES.call("POST", f"{ROADMAP}/gates/{{gate_id}}/decision", _decision),
    )
