"""Permissions per role and tenant isolation for every business-case API operation."""

from __future__ import annotations

from typing import Any

import pytest

from businesscases.choices import CaseStatus
from businesscases.models import BusinessCase
from businesscases.tests import factories as f
from organizations.models import Organization
from organizations.testing import ApiAccessMixin, ApiCase

pytestmark = pytest.mark.django_db

EDIT = frozenset({"redaktoer", "indkoeber", "arkitekt", "administrator"})
DECIDE = frozenset({"administrator"})
ONE = "/api/v1/organizations/{org_id}/business-cases/{case_id}"


class CaseApiFactories:
    def make_case(self, organization: Organization) -> BusinessCase:
        case = f.simple_case(organization)
        f.risk(case)
        return case

    def make_submitted(self, organization: Organization) -> BusinessCase:
        return f.simple_case(organization, status=CaseStatus.SUBMITTED, version=2)

    def make_approved(self, organization: Organization) -> BusinessCase:
        return f.approved_case(organization)


def _lines(test: Any, org: Organization) -> dict[str, Any]:
    return {
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


def _risks(test: Any, org: Organization) -> dict[str, Any]:
    return {"risks": [{"name": "R", "probability": "0.2", "low": 0, "mode": 50, "high": 90}]}


class TestBusinessCaseApi(CaseApiFactories, ApiAccessMixin):
    api_cases = (
        ApiCase("GET", "/api/v1/organizations/{org_id}/business-cases"),
        ApiCase(
            "POST",
            "/api/v1/organizations/{org_id}/business-cases",
            allowed=EDIT,
            payload=lambda t, o: {"name": "Via API", "start_year": 2027},
        ),
        ApiCase("GET", ONE, obj="case"),
        ApiCase("PATCH", ONE, allowed=EDIT, obj="case", payload=lambda t, o: {"seed": 99}),
        ApiCase("DELETE", ONE, allowed=EDIT, obj="case"),
        ApiCase("PUT", f"{ONE}/lines", allowed=EDIT, obj="case", payload=_lines),
        ApiCase("PUT", f"{ONE}/risks", allowed=EDIT, obj="case", payload=_risks),
        ApiCase("GET", f"{ONE}/result", obj="case"),
        ApiCase("POST", f"{ONE}/submit", allowed=EDIT, obj="case", payload=lambda t, o: {}),
        ApiCase(
            "POST",
            f"{ONE}/decide",
            allowed=DECIDE,
            obj="submitted",
            payload=lambda t, o: {"decision": "approved", "note": "ØU"},
        ),
        ApiCase(
            "PUT",
            f"{ONE}/actuals",
            allowed=EDIT,
            obj="approved",
            payload=lambda t, o: {"actuals": [{"year": 2026, "kind": "cost", "amount": "950"}]},
        ),
    )
