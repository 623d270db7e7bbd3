"""The business-case API: envelope, templates, rows, result, status, actuals, audit."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from businesscases.choices import CaseStatus
from businesscases.models import BusinessCase
from businesscases.tests import factories as f
from core.models import AuditEvent
from organizations.testing import make_organization, make_token, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def org() -> Any:
    return make_organization("Apiby")


class Api:
    def __init__(self, org: Any, roles: list[str]) -> None:
        self.base = f"/api/v1/organizations/{org.pk}/business-cases"
        self.headers = {
            "HTTP_AUTHORIZATION": f"Bearer {make_token(make_user(organization=org, roles=roles))}"
        }
        self.client = Client()

    def call(self, method: str, path: str = "", payload: Any = None) -> Any:
        call = getattr(self.client, method)
        if payload is None:
            return call(self.base + path, **self.headers)
        return call(self.base + path, payload, content_type="application/json", **self.headers)


@pytest.fixture
def api(org: Any) -> Api:
    return Api(org, ["arkitekt"])


@pytest.fixture
def admin_api(org: Any) -> Api:
    return Api(org, ["administrator"])


def test_list_envelope_filters_and_constant_queries(org: Any, api: Api) -> None:
    f.simple_case(org, name="Første")
    f.simple_case(org, name="Anden", status=CaseStatus.SUBMITTED)
    body = api.call("get", "?limit=1&sort=name").json()
    assert body["count"] == 2 and [c["name"] for c in body["items"]] == ["Anden"]
    item = body["items"][0]
    assert item["lines"][0]["mode"] == "1000.00" and item["rate"] == "0.0350"
    assert api.call("get", "?status=submitted").json()["count"] == 1
    assert api.call("get", "?limit=500").status_code == 400
    assert api.call("get", "?sort=nope").status_code == 400
    counts = []
    for extra in (1, 15):
        for _ in range(extra):
            case = f.simple_case(org)
            f.risk(case)
            f.actual(case, 2026, "cost", "10")
        with CaptureQueriesContext(connection) as ctx:
            assert api.call("get", "?limit=100").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_create_from_template_and_read_the_result(org: Any, api: Api) -> None:
    partner = make_organization("Partnerby")
    payload = {
        "name": "Driftsfællesskab",
        "start_year": 2027,
        "horizon": 6,
        "template": "shared_operations",
        "inputs": {
            "split": "staff",
            "members": [
                {
                    "organization_id": org.pk,
                    "operations_cost": "30000000",
                    "it_staff_fte": 20,
                    "data_centres": 2,
                },
                {
                    "organization_id": partner.pk,
                    "operations_cost": 20000000,
                    "it_staff_fte": 12,
                    "data_centres": 1,
                },
            ],
        },
        "assumptions": {"consolidation_saving": "0.2"},
    }
    response = api.call("post", "", payload)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["template"] == "shared_operations" and body["status"] == "draft"
    assert {line["bearer"] for line in body["lines"]} == {"Apiby Kommune", "Partnerby Kommune"}
    assert body["template_inputs"]["assumptions"]["consolidation_saving"]["value"] == "0.2"
    result = api.call("get", f"/{body['id']}/result").json()
    assert {b["bearer"] for b in result["by_bearer"]} == {"Apiby Kommune", "Partnerby Kommune"}
    assert len(result["years"]) == 6 and result["years"][0]["year"] == 2027
    assert set(result["simulation"]) >= {"p10", "p50", "p90", "probability_positive"}
    assert result["tornado"] and result == api.call("get", f"/{body['id']}/result").json()
    bad = {
        **payload,
        "inputs": {
            "members": [
                {
                    "organization_id": 999999,
                    "operations_cost": 1,
                    "it_staff_fte": 1,
                    "data_centres": 1,
                }
            ]
        },
    }
    error = api.call("post", "", bad)
    assert error.status_code == 400 and "members" in error.json()["errors"]


def test_rows_replace_status_and_read_only(org: Any, api: Api, admin_api: Api) -> None:
    created = api.call("post", "", {"name": "Blank", "start_year": 2026, "horizon": 4}).json()
    path = f"/{created['id']}"
    lines = {
        "lines": [
            {
                "name": "Platform",
                "kind": "investment",
                "low": 1000,
                "mode": 1000,
                "high": 1000,
                "years": [0],
            },
            {
                "name": "Besparelse",
                "kind": "economic",
                "low": 500,
                "mode": 500,
                "high": 500,
                "years": [1, 2, 3],
            },
        ]
    }
    body = api.call("put", f"{path}/lines", lines).json()
    assert [line["name"] for line in body["lines"]] == ["Platform", "Besparelse"]
    assert api.call("get", f"{path}/result").json()["npv"] == "400.82"
    bad = api.call("put", f"{path}/lines", {"lines": [{**lines["lines"][0], "years": [9]}]})
    assert bad.status_code == 400 and "years" in bad.json()["errors"]
    too_many = {"risks": [{"name": "R", "probability": 0.1, "low": 1, "mode": 2, "high": 3}] * 13}
    assert api.call("put", f"{path}/risks", too_many).status_code == 400
    assert api.call("patch", path, {"horizon": 3}).status_code == 400
    assert api.call("post", f"{path}/decide", {"decision": "approved"}).status_code == 403
    submitted = api.call("post", f"{path}/submit", {"note": "Til ØU"}).json()
    assert submitted["status"] == "submitted" and submitted["versions"][0]["number"] == 1
    assert submitted["versions"][0]["npv"] == "400.82"
    decided = admin_api.call("post", f"{path}/decide", {"decision": "approved"}).json()
    assert decided["status"] == "approved" and decided["version"] == 3
    assert api.call("put", f"{path}/lines", lines).status_code == 400
    assert api.call("delete", path).status_code == 400
    actuals = {
        "actuals": [
            {"year": 2026, "kind": "cost", "amount": "1100.00"},
            {"year": 2027, "kind": "benefit", "amount": 420},
        ]
    }
    body = api.call("put", f"{path}/actuals", actuals).json()
    assert [(a["year"], a["amount"]) for a in body["actuals"]] == [
        (2026, "1100.00"),
        (2027, "420.00"),
    ]
    assert (
        api.call(
            "put", f"{path}/actuals", {"actuals": [{"year": 2040, "kind": "cost", "amount": 1}]}
        ).status_code
        == 400
    )
    events = AuditEvent.objects.filter(object_id=str(created["id"]))
    assert events.filter(action="create").count() == 1
    assert events.filter(action="update").count() >= 4


def test_links_patch_and_delete(org: Any, api: Api) -> None:
    from advisor.models import Assessment

    own = Assessment.objects.create(organization=org, version=1, title="Egen")
    foreign = Assessment.objects.create(
        organization=make_organization(), version=1, title="Fremmed"
    )
    case = f.simple_case(org)
    assert api.call("patch", f"/{case.pk}", {"assessment_id": foreign.pk}).status_code == 400
    body = api.call("patch", f"/{case.pk}", {"assessment_id": own.pk, "seed": 5}).json()
    assert body["assessment_id"] == own.pk and body["seed"] == 5
    assert api.call("delete", f"/{case.pk}").status_code == 204
    assert not BusinessCase.objects.filter(pk=case.pk).exists()
    assert Decimal(api.call("get", "").json()["count"]) == 0
