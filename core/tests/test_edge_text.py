"""Control characters are refused at the edge (issue 17: a NUL in a JSON string gave a 500
on 10 of 11 create endpoints; a bell or an escape was stored and broke exports later),
and what Django answers is not cached."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from organizations.testing import logged_in_client, make_organization, make_token, make_user
from tests.registry_app.models import Lesson

pytestmark = pytest.mark.django_db


def _api(org: Any) -> tuple[Client, dict[str, Any], str]:
    token = make_token(make_user(organization=org, roles=["arkitekt"]))
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {token}"}, f"/api/v1/organizations/{org.pk}"


@pytest.mark.parametrize("bad", ["\u0000", "\u0007", "\u001b", "\u007f"])
def test_a_json_string_with_a_control_character_is_a_400_naming_the_field(bad: str) -> None:
    org = make_organization()
    client, auth, base = _api(org)
    response = client.post(
        f"{base}/lessons",
        {"title": f"Drift{bad}først", "kind": "operation"},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 400
    assert "title" in response.json()["message"] and "styretegn" in response.json()["message"]
    assert not Lesson.objects.exists()


def test_nested_json_and_patch_are_checked_and_tabs_and_newlines_pass() -> None:
    org = make_organization()
    client, auth, base = _api(org)
    ok = client.post(
        f"{base}/lessons",
        {"title": "Drift", "kind": "operation", "body": "Linje 1\nLinje 2\tmed fane"},
        content_type="application/json",
        **auth,
    )
    assert ok.status_code == 201, ok.content
    bad = client.patch(
        f"{base}/lessons/{ok.json()['id']}",
        {"body": ["x", {"y": "a\u0000"}]},
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 400 and "body[1].y" in bad.json()["message"]


def test_a_form_post_with_a_control_character_is_refused_and_saves_nothing() -> None:
    org = make_organization()
    client = logged_in_client(make_user(organization=org, roles=["arkitekt"]), org)
    response = client.post(
        reverse("registry_app:lesson_create"),
        {"title": "Genbrug\u001b", "kind": "procurement", "body": "", "decided_on": ""},
    )
    assert response.status_code == 400
    assert "styretegn" in response.content.decode() and "title" in response.content.decode()
    assert not Lesson.objects.exists()


def test_pages_and_api_answers_are_not_cached() -> None:
    org = make_organization()
    client = logged_in_client(make_user(organization=org, roles=["laeser"]), org)
    assert client.get(reverse("organizations:dashboard"))["Cache-Control"] == "no-store"
    page = client.get(reverse("registry_app:lesson_list"), {"format": "csv"})
    assert page["Cache-Control"] == "no-store"
    api, auth, base = _api(org)
    assert api.get(f"{base}/lessons", **auth)["Cache-Control"] == "no-store"


def test_a_403_is_logged_as_one_line_without_a_traceback(caplog: Any) -> None:
    org = make_organization()
    reader = logged_in_client(make_user(organization=org, roles=["laeser"]), org)
    with caplog.at_level("WARNING", logger="django.request"):
        response = reader.get(reverse("registry_app:lesson_create"))
    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records and all(r.exc_info is None for r in records)
    assert "Forbidden" in records[0].getMessage()
