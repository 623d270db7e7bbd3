"""Derived figures cached per organization (core.orgcache): computed once per change of
the organization's data, never served across organizations, roles, days or languages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from core.orgcache import data_stamp, org_cached, shared_card
from core.testing import hold_day
from organizations import services
from organizations.testing import logged_in_client, make_organization, make_user

pytestmark = pytest.mark.django_db


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, request: Any = None) -> dict[str, int]:
        self.calls += 1
        return {"calls": self.calls}


def _fresh(org: Any) -> Any:
    """The organization as a new request sees it (the stamp is read once per object)."""
    return type(org).objects.get(pk=org.pk)


def test_a_result_is_computed_once_until_the_organization_changes() -> None:
    org = make_organization()
    admin = make_user(organization=org, roles=["administrator"])
    compute = Counter()
    assert org_cached(_fresh(org), "figure", compute) == {"calls": 1}
    assert org_cached(_fresh(org), "figure", compute) == {"calls": 1}
    before = data_stamp(_fresh(org))
    services.unit_create(actor=admin, organization=org, name="Ny forvaltning")
    assert data_stamp(_fresh(org)) > before
    assert org_cached(_fresh(org), "figure", compute) == {"calls": 2}
    assert compute.calls == 2


def test_another_organizations_change_does_not_count_and_results_never_cross() -> None:
    first, second = make_organization(), make_organization()
    admin = make_user(organization=second, roles=["administrator"])
    assert org_cached(_fresh(first), "figure", lambda: "første") == "første"
    assert org_cached(_fresh(second), "figure", lambda: "anden") == "anden"
    services.unit_create(actor=admin, organization=second, name="Kun hos den anden")
    assert org_cached(_fresh(first), "figure", lambda: "genberegnet") == "første"
    assert org_cached(_fresh(second), "figure", lambda: "genberegnet") == "genberegnet"


def test_parts_and_language_are_part_of_the_key() -> None:
    org = make_organization()
    assert org_cached(_fresh(org), "figure", lambda: 2025, 2025) == 2025
    assert org_cached(_fresh(org), "figure", lambda: 2026, 2026) == 2026
    with translation.override("en"):
        assert org_cached(_fresh(org), "figure", lambda: "english") == "english"
    with translation.override("da"):
        assert org_cached(_fresh(org), "figure", lambda: "dansk") == "dansk"


def test_a_shared_card_is_kept_apart_per_role_set_and_day(monkeypatch: Any) -> None:
    org = make_organization()
    reader = make_user(organization=org, roles=["laeser"])
    admin = make_user(organization=org, roles=["administrator"])
    compute = Counter()

    @shared_card
    def card(request: Any) -> dict[str, int]:
        return compute(request)

    def request(user: Any) -> Any:
        made = RequestFactory().get("/")
        made.user = user
        made.organization = _fresh(org)  # type: ignore[attr-defined]
        return made

    hold_day(monkeypatch, dt.date(2026, 3, 2))
    assert card(request(reader))["calls"] == 1
    assert card(request(make_user(organization=org, roles=["laeser"])))["calls"] == 1
    assert card(request(admin))["calls"] == 2
    hold_day(monkeypatch, dt.date(2026, 3, 3))
    assert card(request(reader))["calls"] == 3
    assert str(card(request(reader))["shared"]).startswith("card:")  # the dashboard's fragment


def test_the_dashboard_renders_a_shared_card_once_and_a_change_at_once() -> None:
    """The cards' HTML is shared too: the second view renders no card template, and the
    next view after a write shows the new figure."""
    from django.test.signals import template_rendered

    org = make_organization()
    admin = make_user(organization=org, roles=["administrator"])
    client = logged_in_client(admin, org)
    url = reverse("organizations:dashboard")
    rendered: list[str] = []

    def seen(sender: Any, template: Any, **kwargs: Any) -> None:
        rendered.append(template.name)

    template_rendered.connect(seen)
    try:
        client.get(url)
        assert [name for name in rendered if name and "card" in name]  # the first renders
        rendered.clear()
        assert client.get(url).status_code == 200
        assert not [name for name in rendered if name and "card" in name]
    finally:
        template_rendered.disconnect(seen)
    services.unit_create(actor=admin, organization=org, name="Børn og Unge")
    assert "Børn og Unge" in client.get(reverse("organizations:dashboard")).content.decode()


def test_the_dashboard_shows_a_governed_write_at_once() -> None:
    org = make_organization()
    admin = make_user(organization=org, roles=["administrator"])
    client = logged_in_client(admin, org)
    url = reverse("organizations:dashboard")
    assert client.get(url).status_code == 200
    before = client.get(url).context["cards"]
    units = dict(next(c for c in before if c["title"] == "Organisationen")["figures"])
    services.unit_create(actor=admin, organization=org, name="Teknik og Miljø")
    after = client.get(url).context["cards"]
    counted = dict(next(c for c in after if c["title"] == "Organisationen")["figures"])
    assert counted["Enheder"] == units["Enheder"] + 1
