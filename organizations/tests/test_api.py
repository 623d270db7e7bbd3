from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.models import AuditEvent
from organizations.models import OrganizationUnit
from organizations.testing import make_organization, make_token, make_user

pytestmark = pytest.mark.django_db


def _client_for(role: str = "administrator"):  # type: ignore[no-untyped-def]
    org = make_organization()
    user = make_user(organization=org, roles=[role])
    return org, user, {"HTTP_AUTHORIZATION": f"Bearer {make_token(user)}"}


def test_health_needs_no_auth() -> None:
    response = Client().get("/api/v1/health")
    assert response.status_code == 200
    body = response.json()
    assert (
        body["status"] == "ok" and body["database"] in {"sqlite", "postgresql"} and body["version"]
    )
    assert body["database"] == connection.vendor


def test_openapi_and_docs_are_served() -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/organizations/{org_id}/units" in schema["paths"]
    docs = Client().get("/api/v1/docs")
    assert docs.status_code == 200
    # Swagger UI comes from the project's own static files, never from a CDN.
    html = docs.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn" not in html.lower()


def test_list_envelope_limit_and_offset() -> None:
    org, _user, auth = _client_for()
    for i in range(12):
        OrganizationUnit.objects.create(organization=org, name=f"Enhed {i:02d}")
    client = Client()
    page = client.get(
        f"/api/v1/organizations/{org.pk}/units", {"limit": 5, "offset": 10}, **auth
    ).json()
    assert page["count"] == 12 and [u["name"] for u in page["items"]] == ["Enhed 10", "Enhed 11"]
    too_many = client.get(f"/api/v1/organizations/{org.pk}/units", {"limit": 101}, **auth)
    assert too_many.status_code == 400 and "100" in too_many.json()["message"]
    bad_sort = client.get(f"/api/v1/organizations/{org.pk}/units", {"sort": "hemmelig"}, **auth)
    assert bad_sort.status_code == 400 and "sorteres" in bad_sort.json()["message"]
    bad_since = client.get(
        f"/api/v1/organizations/{org.pk}/units", {"changed_since": "i går"}, **auth
    )
    assert bad_since.status_code == 400


def test_changed_since_and_filters() -> None:
    org, _user, auth = _client_for()
    OrganizationUnit.objects.create(organization=org, name="Gammel", kind="team")
    client = Client()
    later = client.get(
        f"/api/v1/organizations/{org.pk}/units", {"changed_since": "2999-01-01T00:00:00"}, **auth
    ).json()
    assert later["count"] == 0
    teams = client.get(f"/api/v1/organizations/{org.pk}/units", {"kind": "team"}, **auth).json()
    assert [u["name"] for u in teams["items"]] == ["Gammel"]


def test_create_update_delete_units_are_audited_and_validated() -> None:
    org, user, auth = _client_for()
    client = Client()
    created = client.post(
        f"/api/v1/organizations/{org.pk}/units",
        {"name": "Borgerservice", "kind": "afdeling"},
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 201
    unit_id = created.json()["id"]
    bad = client.post(
        f"/api/v1/organizations/{org.pk}/units",
        {"name": "X", "ean": "12"},
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 400 and "ean" in bad.json()["errors"]
    patched = client.patch(
        f"/api/v1/organizations/{org.pk}/units/{unit_id}",
        {"local_id": "BS1"},
        content_type="application/json",
        **auth,
    )
    assert patched.status_code == 200 and patched.json()["local_id"] == "BS1"
    assert (
        client.delete(f"/api/v1/organizations/{org.pk}/units/{unit_id}", **auth).status_code == 204
    )
    actions = list(
        AuditEvent.objects.filter(
            object_id=str(unit_id), actor=user, content_type__model="organizationunit"
        ).values_list("action", flat=True)
    )
    assert sorted(actions) == ["create", "delete", "update"]


@pytest.mark.parametrize("limit", [10, 50, 100])
def test_unit_list_query_count_is_constant(limit: int) -> None:
    org, _user, auth = _client_for()
    parent = OrganizationUnit.objects.create(organization=org, name="Top")
    for i in range(120):
        OrganizationUnit.objects.create(organization=org, name=f"U{i}", parent=parent)
    with CaptureQueriesContext(connection) as ctx:
        response = Client().get(f"/api/v1/organizations/{org.pk}/units", {"limit": limit}, **auth)
    assert response.status_code == 200 and len(response.json()["items"]) == limit
    # token lookup, last-used update, org, roles, count, page
    assert len(ctx.captured_queries) <= 8, [q["sql"] for q in ctx.captured_queries]
