"""Permissions per role and tenant isolation for every decision paper API operation."""

from __future__ import annotations

from typing import Any

import pytest

from organizations.models import Organization
from organizations.testing import ApiAccessMixin, ApiCase, unique
from papers.models import DecisionPaper
from papers.tests import factories as f

pytestmark = pytest.mark.django_db

ORG = "/api/v1/organizations/{org_id}/decision-papers"
CREATORS = frozenset({"arkitekt", "administrator"})


def _payload(test: Any, organization: Organization) -> dict[str, Any]:
    return {"roadmap_id": f.roadmap(organization).pk, "title": "Via API"}


class TestPaperApi(ApiAccessMixin):
    api_cases = (
        ApiCase("GET", ORG),
        ApiCase("POST", ORG, allowed=CREATORS, payload=_payload),
        ApiCase("GET", f"{ORG}/{{paper_id}}", obj="paper"),
        ApiCase("GET", f"{ORG}/{{paper_id}}/docx", obj="paper"),
        ApiCase("GET", f"{ORG}/{{paper_id}}/pdf", obj="paper"),
    )

    def make_paper(self, organization: Organization) -> DecisionPaper:
        return f.paper(organization)

    def list_marker(self, organization: Organization) -> str:
        marker = unique("Hemmeligt oplæg")
        f.paper(organization, title=marker)
        return marker
