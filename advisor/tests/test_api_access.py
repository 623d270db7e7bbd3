"""Permissions per role and tenant isolation for every strategy API operation."""

from __future__ import annotations

import pytest

from advisor.tests import factories as f
from organizations.testing import ApiAccessMixin, ApiCase, Entity, fixed

pytestmark = pytest.mark.django_db

CHANGE = frozenset({"arkitekt", "administrator"})
ORG = "/api/v1/organizations/{org_id}/assessments"


DRAFT = Entity("draft", change=CHANGE)
COMPLETED = Entity("completed", change=CHANGE)
ONE = f"{ORG}/{{assessment_id}}"


class TestAdvisorApi(f.AccessFactories, ApiAccessMixin):
    api_cases = (
        *DRAFT.operations(
            ORG,
            "{assessment_id}",
            create=fixed({"title": "Via API"}),
            update=fixed({"answers": {"cost_pressure": 4}}),
            only=("list", "create", "detail", "update"),
        ),
        DRAFT.call("POST", f"{ONE}/refresh-facts"),
        DRAFT.call("POST", f"{ONE}/complete"),
        COMPLETED.call(
            "POST", f"{ONE}/choose", fixed({"option": "genbrug", "note": "Valgt via API."})
        ),
        ApiCase("GET", f"{ONE}/result", obj="completed"),
    )
