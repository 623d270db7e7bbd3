"""Permissions per role and tenant isolation for every strategy API operation."""

from __future__ import annotations

import pytest

from advisor.models import Assessment
from advisor.tests import factories as f
from organizations.models import Organization
from organizations.testing import ApiAccessMixin, ApiCase

pytestmark = pytest.mark.django_db

CHANGE = frozenset({"arkitekt", "administrator"})
ORG = "/api/v1/organizations/{org_id}/assessments"


class TestAdvisorApi(ApiAccessMixin):
    def make_draft(self, org: Organization) -> Assessment:
        return f.draft(org)

    def make_completed(self, org: Organization) -> Assessment:
        return f.completed(org)

    api_cases = (
        ApiCase("GET", ORG),
        ApiCase("POST", ORG, allowed=CHANGE, payload=lambda t, o: {"title": "Via API"}),
        ApiCase("GET", f"{ORG}/{{assessment_id}}", obj="draft"),
        ApiCase(
            "PATCH",
            f"{ORG}/{{assessment_id}}",
            allowed=CHANGE,
            obj="draft",
            payload=lambda t, o: {"answers": {"cost_pressure": 4}},
        ),
        ApiCase("POST", f"{ORG}/{{assessment_id}}/refresh-facts", allowed=CHANGE, obj="draft"),
        ApiCase("POST", f"{ORG}/{{assessment_id}}/complete", allowed=CHANGE, obj="draft"),
        ApiCase(
            "POST",
            f"{ORG}/{{assessment_id}}/choose",
            allowed=CHANGE,
            obj="completed",
            payload=lambda t, o: {"option": "genbrug", "note": "Valgt via API."},
        ),
        ApiCase("GET", f"{ORG}/{{assessment_id}}/result", obj="completed"),
    )
