"""Permissions per role and tenant isolation for every strategy API operation."""

from __future__ import annotations

import pytest

from advisor.tests import factories as f
from organizations.testing import ApiAccessMixin, ApiCase, Entity, fixed

pytestmark = pytest.mark.django_db

CHANGE = frozenset({"arkitekt", "administrator"})
ORG = "/api/v1/organizations/{org_id}/assessments"


class TestAdvisorApi(f.AccessFactories, ApiAccessMixin):
    api_cases = (
        *Entity("draft", change=CHANGE).operations(
            ORG,
            "{assessment_id}",
            create=fixed({"title": "Via API"}),
            update=fixed({"answers": {"cost_pressure": 4}}),
            only=("list", "create", "detail", "update"),
        ),
        ApiCase("POST", f"{ORG}/{{assessment_id}}/refresh-facts", allowed=CHANGE, obj="draft"),
        ApiCase("POST", f"{ORG}/{{assessment_id}}/complete", allowed=CHANGE, obj="draft"),
        ApiCase(
            "POST",
            f"{ORG}/{{assessment_id}}/choose",
            allowed=CHANGE,
            obj="completed",
            payload=fixed({"option": "genbrug", "note": "Valgt via API."}),
        ),
        ApiCase("GET", f"{ORG}/{{assessment_id}}/result", obj="completed"),
    )
