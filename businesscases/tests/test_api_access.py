"""Permissions per role and tenant isolation for every business-case API operation."""

from __future__ import annotations

import pytest

from businesscases.tests import factories as f
from organizations.testing import ApiAccessMixin, ApiCase, Entity, fixed

pytestmark = pytest.mark.django_db

EDIT = frozenset({"redaktoer", "indkoeber", "arkitekt", "administrator"})
DECIDE = frozenset({"administrator"})
ONE = "/api/v1/organizations/{org_id}/business-cases/{case_id}"


_lines = fixed(
    {
        "lines": [
            {
                "name": "Platform",
                "kind": "investment",
                "low": "900",
                "mode": "1000",
                "high": "1200",
                "years": [0],
            },
            {
                "name": "Gevinst",
                "kind": "economic",
                "low": 400,
                "mode": 500,
                "high": 550,
                "years": [1, 2, 3],
                "factors": ["0.5", "1", "1"],
            },
        ]
    }
)


_risks = fixed({"risks": [{"name": "R", "probability": "0.2", "low": 0, "mode": 50, "high": 90}]})


class TestBusinessCaseApi(f.AccessFactories, ApiAccessMixin):
    api_cases = (
        *Entity("case", change=EDIT).operations(
            "/api/v1/organizations/{org_id}/business-cases",
            "{case_id}",
            create=fixed({"name": "Via API", "start_year": 2027}),
            update=fixed({"seed": 99}),
        ),
        ApiCase("PUT", f"{ONE}/lines", allowed=EDIT, obj="case", payload=_lines),
        ApiCase("PUT", f"{ONE}/risks", allowed=EDIT, obj="case", payload=_risks),
        ApiCase("GET", f"{ONE}/result", obj="case"),
        ApiCase("POST", f"{ONE}/submit", allowed=EDIT, obj="case", payload=fixed({})),
        ApiCase(
            "POST",
            f"{ONE}/decide",
            allowed=DECIDE,
            obj="submitted",
            payload=fixed({"decision": "approved", "note": "ØU"}),
        ),
        ApiCase(
            "PUT",
            f"{ONE}/actuals",
            allowed=EDIT,
            obj="approved",
            payload=fixed({"actuals": [{"year": 2026, "kind": "cost", "amount": "950"}]}),
        ),
    )
