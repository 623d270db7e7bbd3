"""A module added by the checklist alone (tests/registry_app) gets everything from the
registry: pages, API, menu entry, dashboard card, audit-log type, demo data and its access
tests, without a line changed outside its folder (the test settings install it)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from core.models import AuditEvent
from core.registry import registry
from core.testing import assert_constant_queries
from organizations.models import Organization
from organizations.testing import (
    ApiAccessMixin,
    ViewAccessMixin,
    logged_in_client,
    make_organization,
    make_token,
    make_user,
    unique,
)
from tests.registry_app.models import Lesson
from tests.registry_app.resources import LESSONS

pytestmark = pytest.mark.django_db


class Lessons:
    def make_lesson(self, organization: Organization) -> Lesson:
        n = Lesson.objects.filter(organization=organization).count()
        return Lesson.objects.create(organization=organization, title=f"Notat {n}", kind="project")

    def list_marker(self, organization: Organization) -> str:
        marker = unique("Hemmeligt notat")
        Lesson.objects.create(organization=organization, title=marker, kind="project")
        return marker


class TestLessonPages(Lessons, ViewAccessMixin):
    view_cases = LESSONS.view_cases("lesson")


class TestLessonApi(Lessons, ApiAccessMixin):
    api_cases = LESSONS.api_cases("lesson")


def test_the_registry_gives_menu_card_audit_type_and_seeder() -> None:
    assert "registry_app:lesson_list" in [item.url_name for item in registry.menu_items()]
    assert "registry_app" in registry.audited_app_labels()
    assert "registry_app" in [seeder.name for seeder in registry.seeders()]
    org = make_organization()
    client = logged_in_client(make_user(organization=org, roles=["laeser"]), org)
    page = client.get(reverse("organizations:dashboard")).content.decode()
    assert reverse("registry_app:lesson_list") in page  # the menu entry
    assert "Erfaringsnotater" in page  # the card
    log = client.get(reverse("organizations:audit_log")).content.decode()
    assert 'value="lesson"' in log  # the audit log filters by the new type


def test_pages_write_through_the_services_with_audit() -> None:
    org = make_organization()
    user = make_user(organization=org, roles=["arkitekt"])
    client = logged_in_client(user, org)
    response = client.post(
        reverse("registry_app:lesson_create"),
        {"title": "Genbrug før køb", "kind": "procurement", "body": "", "decided_on": "2026-03-01"},
    )
    lesson = Lesson.objects.get(organization=org)
    assert response.status_code == 302 and response["Location"] == lesson.get_absolute_url()
    detail = client.get(lesson.get_absolute_url()).content.decode()
    assert "Genbrug før køb" in detail and "Anskaffelse" in detail and "01-03-2026" in detail
    client.post(
        reverse("registry_app:lesson_edit", args=[lesson.pk]),
        {"title": "Genbrug altid før køb", "kind": "procurement", "body": "", "decided_on": ""},
    )
    client.post(reverse("registry_app:lesson_delete", args=[lesson.pk]))
    events = AuditEvent.objects.filter(organization=org, object_repr__startswith="Genbrug")
    assert sorted(events.values_list("action", flat=True)) == ["create", "delete", "update"]
    update = events.get(action="update")
    assert update.changes["title"] == {
        "before": "Genbrug før køb",
        "after": "Genbrug altid før køb",
    }


def test_the_api_lists_filters_and_writes() -> None:
    org = make_organization()
    token = make_token(make_user(organization=org, roles=["arkitekt"]))
    headers: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    from django.test import Client

    client = Client()
    base = f"/api/v1/organizations/{org.pk}/lessons"
    created = client.post(
        base,
        {"title": "Drift først", "kind": "operation"},
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    client.post(
        base, {"title": "Projekt", "kind": "project"}, content_type="application/json", **headers
    )
    page = client.get(base, {"kind": "operation"}, **headers).json()
    assert page["count"] == 1 and page["items"][0]["title"] == "Drift først"
    bad = client.get(base, {"sort": "password"}, **headers)
    assert bad.status_code == 400
    patched = client.patch(
        f"{base}/{pk}", {"body": "Tjek driftsaftalen"}, content_type="application/json", **headers
    )
    assert patched.json()["body"] == "Tjek driftsaftalen" and patched.json()["kind"] == "operation"
    duplicate = client.post(
        base, {"title": "Projekt", "kind": "project"}, content_type="application/json", **headers
    )
    assert duplicate.status_code == 400 and "titel" in duplicate.json()["message"]
    assert client.delete(f"{base}/{pk}", **headers).status_code == 204


def test_the_list_costs_the_same_queries_for_more_rows() -> None:
    org = make_organization()
    client = logged_in_client(make_user(organization=org, roles=["laeser"]), org)
    counter = iter(range(10_000))

    def add(n: int) -> None:
        Lesson.objects.bulk_create(
            Lesson(organization=org, title=f"Notat {next(counter)}", kind="project")
            for _ in range(n)
        )

    assert_constant_queries(client, reverse("registry_app:lesson_list"), add)


def test_the_openapi_document_names_the_list_parameters() -> None:
    from config.api import api

    operation = api.get_openapi_schema()["paths"]["/api/v1/organizations/{org_id}/lessons"]["get"]
    kind = next(p for p in operation["parameters"] if p["name"] == "kind")
    assert kind["schema"]["enum"] == ["procurement", "operation", "project"]
    assert operation["operationId"] == "registry_app_api_lesson_list"
