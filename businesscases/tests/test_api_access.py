"""Permissions per role and tenant isolation for every business-case API operation."""

from __future__ import annotations

import pytest

from businesscases.tests import factories as f
from organizations.testing import ApiAccessMixin, ApiCase, fixed

pytestmark = pytest.mark.django_db

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
        *f.CASE_CASES.operations(
            "/api/v1/organizations/{org_id}/business-cases",
            "{case_id}",
            create=fixed({"name": "Via API", "start_year": 2027}),
            update=fixed({"seed": 99}),
        ),
        f.CASE_CASES.call("PUT", f"{ONE}/lines", _lines),
        f.CASE_CASES.call("PUT", f"{ONE}/risks", _risks),
        ApiCase("GET", f"{ONE}/result", obj="case"),
        f.CASE_CASES.call("POST", f"{ONE}/submit", fixed({})),
        f.SUBMITTED_CASES.call(
            "POST", f"{ONE}/decide", fixed({"decision": "approved", "note": "ØU"})
        ),
        f.APPROVED_CASES.call(
            "PUT",
            f"{ONE}/actuals",
            fixed({"actuals": [{"year": 2026, "kind": "cost", "amount": "950"}]}),
        ),
    )
