"""Optimistic concurrency and lost updates (issue 17): saves write only the changed
columns, the API answers an ETag and honours If-Match (412 on a stale version), edit forms
carry the version and show a conflict page instead of overwriting. The PostgreSQL tests
race real connections in threads."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.concurrency import etag, if_match_allows, version
from core.models import AuditEvent
from core.services import update_audited
from core.testing import postgres_race, race
from organizations.testing import logged_in_client, make_organization, make_token, make_user
from portfolio.models import SystemUsage
from portfolio.tests import factories as pf
from tests.registry_app.models import Lesson


def _lesson(org: Any, **fields: Any) -> Lesson:
    defaults = {"title": "Drift først", "kind": "operation", "body": "Første tekst"}
    return Lesson.objects.create(organization=org, **{**defaults, **fields})


def _api(org: Any) -> tuple[Client, dict[str, Any], str]:
    token = make_token(make_user(organization=org, roles=["arkitekt"]))
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {token}"}, f"/api/v1/organizations/{org.pk}"


def _form(lesson: Lesson, **changes: Any) -> dict[str, Any]:
    data = {"title": lesson.title, "kind": lesson.kind, "body": lesson.body, "decided_on": ""}
    return {**data, **changes}


# The version --------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_version_moves_with_every_write_and_only_then() -> None:
    org = make_organization()
    user = make_user(organization=org, roles=["arkitekt"])
    lesson = _lesson(org)
    first = version(lesson)
    assert version(Lesson.objects.get(pk=lesson.pk)) == first  # a re-read is the same version
    update_audited(obj=lesson, actor=user, body="Første tekst")  # nothing changed
    assert version(Lesson.objects.get(pk=lesson.pk)) == first
    update_audited(obj=lesson, actor=user, body="Anden tekst")
    assert version(Lesson.objects.get(pk=lesson.pk)) != first


@pytest.mark.django_db
def test_if_match_accepts_the_current_tag_a_list_a_weak_tag_and_a_star() -> None:
    lesson = _lesson(make_organization())
    tag = etag(lesson)
    assert if_match_allows(None, lesson) and if_match_allows("*", lesson)
    assert if_match_allows(tag, lesson) and if_match_allows(f'"x", W/{tag}', lesson)
    assert not if_match_allows('"0123"', lesson)


@pytest.mark.django_db
def test_an_update_writes_only_the_changed_columns() -> None:
    org = make_organization()
    user = make_user(organization=org, roles=["arkitekt"])
    lesson = _lesson(org)
    with CaptureQueriesContext(connection) as ctx:
        update_audited(obj=lesson, actor=user, title="Drift først", body="Ny tekst")
    updates = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1
    assigned = updates[0].split(" SET ")[1].split(" WHERE ")[0]
    assert '"body"' in assigned and '"updated_at"' in assigned
    assert '"title"' not in assigned and '"kind"' not in assigned


@pytest.mark.django_db
def test_a_stale_copy_does_not_overwrite_another_field() -> None:
    """The lost update of the issue, without threads: two copies read before either save."""
    org = make_organization()
    user = make_user(organization=org, roles=["arkitekt"])
    lesson = _lesson(org)
    first, second = Lesson.objects.get(pk=lesson.pk), Lesson.objects.get(pk=lesson.pk)
    update_audited(obj=first, actor=user, title="Ny titel")
    update_audited(obj=second, actor=user, body="Ny tekst")
    lesson.refresh_from_db()
    assert (lesson.title, lesson.body) == ("Ny titel", "Ny tekst")


@pytest.mark.django_db
def test_only_linked_rows_changing_still_moves_the_version() -> None:
    org = make_organization()
    user = make_user(organization=org, roles=["arkitekt"])
    usage = pf.usage(org)
    unit = pf.unit(org)
    before = version(usage)
    update_audited(obj=usage, actor=user, m2m={"using_units": [unit]})
    assert version(SystemUsage.objects.get(pk=usage.pk)) != before


# The API ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_api_answers_an_etag_and_refuses_a_stale_if_match() -> None:
    org = make_organization()
    lesson = _lesson(org)
    client, auth, base = _api(org)
    url = f"{base}/lessons/{lesson.pk}"
    got = client.get(url, **auth)
    tag = got["ETag"]
    assert got.status_code == 200 and tag == etag(lesson)

    ok = client.patch(
        url, {"body": "B"}, content_type="application/json", HTTP_IF_MATCH=tag, **auth
    )
    assert ok.status_code == 200 and ok["ETag"] != tag
    stale = client.patch(
        url, {"title": "T"}, content_type="application/json", HTTP_IF_MATCH=tag, **auth
    )
    assert stale.status_code == 412
    assert "If-Match" in stale.json()["message"]
    assert Lesson.objects.get(pk=lesson.pk).title == "Drift først"
    assert client.delete(url, HTTP_IF_MATCH=tag, **auth).status_code == 412
    assert client.delete(url, HTTP_IF_MATCH=ok["ETag"], **auth).status_code == 204


@pytest.mark.django_db
def test_a_patch_without_if_match_keeps_what_another_patch_changed() -> None:
    org = make_organization()
    usage = pf.usage(org, notes="")
    client, auth, base = _api(org)
    url = f"{base}/usages/{usage.pk}"
    client.patch(url, {"notes": "Fra A"}, content_type="application/json", **auth)
    client.patch(url, {"archive_notes": "Fra B"}, content_type="application/json", **auth)
    usage.refresh_from_db()
    assert (usage.notes, usage.archive_notes) == ("Fra A", "Fra B")


@pytest.mark.django_db
def test_the_openapi_document_names_etag_if_match_and_412() -> None:
    import json

    from config.api import api

    paths = json.loads(json.dumps(api.get_openapi_schema(), default=str))["paths"]
    item = paths["/api/v1/organizations/{org_id}/lessons/{pk}"]
    assert "ETag" in item["get"]["responses"]["200"]["headers"]
    for method in ("patch", "delete"):
        assert "412" in item[method]["responses"]
        names = [p["name"] for p in item[method]["parameters"]]
        assert "If-Match" in names
    assert {"400", "401", "403", "404", "413"} <= set(item["patch"]["responses"])
    assert item["patch"]["responses"]["412"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }


# The forms --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_edit_form_carries_the_version() -> None:
    org = make_organization()
    lesson = _lesson(org)
    client = logged_in_client(make_user(organization=org, roles=["arkitekt"]), org)
    page = client.get(reverse("registry_app:lesson_edit", args=[lesson.pk])).content.decode()
    assert f'name="_version" value="{version(lesson)}"' in page


@pytest.mark.django_db
def test_a_stale_form_shows_the_conflict_page_with_both_values() -> None:
    org = make_organization()
    lesson = _lesson(org)
    user = make_user(organization=org, roles=["arkitekt"])
    client = logged_in_client(user, org)
    url = reverse("registry_app:lesson_edit", args=[lesson.pk])
    opened = version(lesson)
    update_audited(obj=Lesson.objects.get(pk=lesson.pk), actor=user, body="Kollegaens tekst")

    response = client.post(url, {**_form(lesson, body="Min tekst"), "_version": opened})

    assert response.status_code == 409
    page = response.content.decode()
    assert "Min tekst" in page and "Kollegaens tekst" in page
    assert "ikke gemt" in page and user.username in page
    assert Lesson.objects.get(pk=lesson.pk).body == "Kollegaens tekst"
    # "Gem mine værdier alligevel" re-sends the values against the current version.
    current = version(Lesson.objects.get(pk=lesson.pk))
    assert f'name="_version" value="{current}"' in page
    again = client.post(url, {**_form(lesson, body="Min tekst"), "_version": current})
    assert again.status_code == 302
    assert Lesson.objects.get(pk=lesson.pk).body == "Min tekst"


@pytest.mark.django_db
def test_a_current_form_saves_and_an_invalid_one_keeps_its_version() -> None:
    org = make_organization()
    lesson = _lesson(org)
    user = make_user(organization=org, roles=["arkitekt"])
    client = logged_in_client(user, org)
    url = reverse("registry_app:lesson_edit", args=[lesson.pk])
    opened = version(lesson)
    invalid = client.post(url, {**_form(lesson, title=""), "_version": opened})
    assert invalid.status_code == 400
    assert f'name="_version" value="{opened}"' in invalid.content.decode()
    saved = client.post(url, {**_form(lesson, body="Ny"), "_version": opened})
    assert saved.status_code == 302
    assert AuditEvent.objects.filter(object_id=str(lesson.pk), action="update").count() == 1


# PostgreSQL: real connections in threads ------------------------------------------------


@postgres_race
def test_postgres_two_patches_of_different_fields_both_survive(round_: int) -> None:
    org = make_organization()
    usage = pf.usage(org, notes="", archive_notes="")
    client_a, auth, base = _api(org)
    client_b = Client()
    url = f"{base}/usages/{usage.pk}"

    def patch(client: Client, body: dict[str, str]) -> None:
        response = client.patch(url, body, content_type="application/json", **auth)
        assert response.status_code == 200, response.content

    outcomes = race(
        lambda: patch(client_a, {"notes": f"A{round_}"}),
        lambda: patch(client_b, {"archive_notes": f"B{round_}"}),
    )
    assert outcomes == [None, None]
    usage.refresh_from_db()
    assert (usage.notes, usage.archive_notes) == (f"A{round_}", f"B{round_}")


@postgres_race
def test_postgres_two_patches_with_the_same_if_match_one_wins(round_: int) -> None:
    org = make_organization()
    lesson = _lesson(org)
    client_a, auth, base = _api(org)
    client_b = Client()
    url = f"{base}/lessons/{lesson.pk}"
    tag = client_a.get(url, **auth)["ETag"]
    statuses: list[int] = []

    def patch(client: Client, body: dict[str, str]) -> None:
        response = client.patch(
            url, body, content_type="application/json", HTTP_IF_MATCH=tag, **auth
        )
        statuses.append(response.status_code)

    assert race(
        lambda: patch(client_a, {"title": "A"}), lambda: patch(client_b, {"body": "B"})
    ) == [None, None]
    assert sorted(statuses) == [200, 412]
    lesson.refresh_from_db()
    assert (lesson.title == "A") != (lesson.body == "B")  # exactly one of them was written


@postgres_race
def test_postgres_two_form_saves_one_gets_the_conflict_page(round_: int) -> None:
    org = make_organization()
    lesson = _lesson(org)
    users = [make_user(organization=org, roles=["arkitekt"]) for _ in range(2)]
    clients = [logged_in_client(user, org) for user in users]
    url = reverse("registry_app:lesson_edit", args=[lesson.pk])
    opened = version(lesson)
    statuses: list[int] = []

    def save(client: Client, body: str) -> None:
        response = client.post(url, {**_form(lesson, body=body), "_version": opened})
        statuses.append(response.status_code)

    assert race(lambda: save(clients[0], "Fra A"), lambda: save(clients[1], "Fra B")) == [
        None,
        None,
    ]
    assert sorted(statuses) == [302, 409]
    assert AuditEvent.objects.filter(object_id=str(lesson.pk), action="update").count() == 1


@pytest.mark.django_db
def test_two_decisions_from_forms_opened_at_once_the_second_gets_the_conflict_page() -> None:
    """Issue 17: 'approved' and 'rejected' on the same gate both succeeded (last write won)."""
    import datetime as dt

    from roadmaps.models import Gate
    from roadmaps.tests import factories as rf

    org = make_organization()
    client = logged_in_client(make_user(organization=org, roles=["arkitekt"]), org)
    gate = rf.gate(org)
    url = reverse("roadmaps:gate_decide", args=[gate.pk])
    page = client.get(url).content.decode()
    opened = version(gate)
    assert f'name="_version" value="{opened}"' in page
    post = {"decided_on": dt.date.today().isoformat(), "meeting_reference": "Møde 1"}
    first = client.post(url, {**post, "decision": "approved", "_version": opened})
    second = client.post(url, {**post, "decision": "rejected", "_version": opened})
    assert (first.status_code, second.status_code) == (302, 409)
    assert Gate.objects.get(pk=gate.pk).decision == "approved"
