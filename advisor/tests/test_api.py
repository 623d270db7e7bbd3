"""The assessments API: the whole flow, errors, envelope, limits and query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from advisor.models import Assessment
from advisor.tests import factories as f
from core.models import AuditEvent
from organizations.models import Organization
from organizations.testing import make_organization, make_token, make_user
from roadmaps.models import Roadmap

pytestmark = pytest.mark.django_db


@pytest.fixture
def org() -> Organization:
    return make_organization(population=40_000)


@pytest.fixture
def api(org: Organization) -> Any:
    token = make_token(make_user(organization=org, roles=["arkitekt"]))
    client = Client()
    base = f"/api/v1/organizations/{org.pk}/assessments"

    def call(method: str, path: str = "", payload: Any = None, **params: Any) -> Any:
        headers = {"Authorization": f"Bearer {token}"}
        url = base + path
        if method == "get":
            return client.get(url, params, headers=headers)
        return getattr(client, method)(
            url, payload or {}, content_type="application/json", headers=headers
        )

    return call


def test_the_whole_flow(api: Any, org: Organization) -> None:
    response = api("post", payload={"title": "Via API"})
    assert response.status_code == 201, response.content
    body = response.json()
    pk = body["id"]
    assert body["version"] == 1 and body["status"] == "draft"
    assert body["facts"]["inhabitants"] == {"value": 40000.0, "source": "fra organisationsprofilen"}
    assert body["values"]["inhabitants"] == 40000.0 and body["values"]["cost_pressure"] is None

    answers = {k: v for k, v in f.COST_PRESSED.items() if k != "inhabitants"}
    response = api(
        "patch",
        f"/{pk}",
        {
            "answers": answers,
            "overrides": {"inhabitants": {"value": 60000, "reason": "Efter sammenlægningen."}},
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["overrides"]["inhabitants"] == {
        "value": 60000.0,
        "reason": "Efter sammenlægningen.",
    }
    assert body["values"]["inhabitants"] == 60000.0

    response = api("get", f"/{pk}/result")
    assert response.status_code == 409

    response = api("post", f"/{pk}/complete")
    assert response.status_code == 200
    assert response.json()["status"] == "completed"
    assert response.json()["recommended"] == "standardisering"

    result = api("get", f"/{pk}/result").json()
    assert result["recommended"] == "standardisering"
    assert [o["rank"] for o in result["strategies"]] == [1, 2, 3, 4]
    assert result["strategies"][0]["contributions"][0]["text"]["da"]
    assert "sensitivity" in result and result["others"][0]["key"] == "driftsfaellesskab"
    assert result["clear_winner"] is True and result["margin"] >= result["clear_margin"]
    assert result["data_coverage"]["known"] == result["data_coverage"]["total"]
    assert result["tied"] == [] and result["none_fits"] is False

    response = api("patch", f"/{pk}", {"answers": {"cost_pressure": 1}})
    assert response.status_code == 400 and "afsluttet" in response.json()["message"]

    response = api("post", f"/{pk}/choose", {"option": "standardisering", "note": "Besluttet."})
    assert response.status_code == 200, response.content
    body = response.json()
    roadmap = Roadmap.objects.get(pk=body["roadmap_id"])
    assert roadmap.strategy == "standardisering" and roadmap.assessment_id == pk
    assert body["assessment"]["chosen_option"] == "standardisering"
    assert body["assessment"]["roadmap_ids"] == [roadmap.pk]
    assert AuditEvent.objects.filter(object_id=str(pk), changes__has_key="chosen_option").exists()

    response = api("post", payload={"copy_from_id": pk})
    assert response.status_code == 201 and response.json()["version"] == 2
    assert response.json()["answers"]["cost_pressure"] == 5.0


def test_errors_name_the_field(api: Any, org: Organization) -> None:
    pk = api("post").json()["id"]
    response = api(
        "patch", f"/{pk}", {"overrides": {"inhabitants": {"value": 1000, "reason": " "}}}
    )
    assert response.status_code == 400
    assert "inhabitants" in response.json()["errors"]
    response = api("patch", f"/{pk}", {"answers": {"cost_pressure": 9}})
    assert response.status_code == 400 and "cost_pressure" in response.json()["errors"]
    response = api("patch", f"/{pk}", {"answers": {"cost_pressure": "meget"}})
    assert response.status_code == 400
    other = f.draft(make_organization())
    response = api("post", payload={"copy_from_id": other.pk})
    assert response.status_code == 400
    response = api("post", f"/{pk}/choose", {"option": "genbrug"})
    assert response.status_code == 400 and "Afslut" in response.json()["message"]
    response = api("post", f"/{pk}/refresh-facts")
    assert response.status_code == 200


def test_list_envelope_filters_limits_and_queries(api: Any, org: Organization) -> None:
    f.completed(org)
    f.draft(org)
    body = api("get").json()
    assert body["count"] == 2 and [a["version"] for a in body["items"]] == [2, 1]
    assert api("get", status="completed").json()["count"] == 1
    assert api("get", sort="version").json()["items"][0]["version"] == 1
    assert api("get", limit=101).status_code == 400
    assert api("get", sort="nonsense").status_code == 400
    counts = []
    for extra in (2, 20):
        for _ in range(extra):
            f.draft(org)
        with CaptureQueriesContext(connection) as ctx:
            response = api("get", limit=100)
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    assert Assessment.objects.filter(organization=org).count() == 24
