"""Pages and API lists shared per organization (core.orgcache.shared_fragment and
shared_result): rendered once per change of the organization's data, kept apart per role
set and per right on the object, never across organizations, and their forms keep working
with each session's own CSRF token."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.testing import logged_in_client, make_organization, make_token, make_user
from portfolio import services
from portfolio.models import RoleType, UsageRole
from portfolio.tests import factories as f

pytestmark = pytest.mark.django_db


def _tables(client: Client, url: str) -> tuple[str, int]:
    """The page's HTML with CSRF tokens blanked, and the queries it asked."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    html = re.sub(r'value="[A-Za-z0-9]{64}"', 'value=""', response.content.decode())
    html = re.sub(r'"X-CSRFToken": "[A-Za-z0-9]{64}"', "", html)
    return html, len(queries)


def test_the_usage_list_is_rendered_once_and_shows_a_change_at_once() -> None:
    org = make_organization()
    editor = make_user(organization=org, roles=["arkitekt"])
    usage = f.usage(org, local_name="Sagssystem Alfa")
    client = logged_in_client(editor, org)
    url = reverse("portfolio:usage_list")
    first, asked_first = _tables(client, url)
    again, asked_again = _tables(client, url)
    assert again == first and "Sagssystem Alfa" in first
    assert asked_again < asked_first  # the count and the page are not asked again
    services.usage_update(actor=editor, usage=usage, local_name="Sagssystem Beta")
    changed, _asked = _tables(client, url)
    assert "Sagssystem Beta" in changed and "Sagssystem Alfa" not in changed


def test_a_reader_never_gets_the_editors_table_and_organizations_never_mix() -> None:
    org, other = make_organization(), make_organization()
    f.usage(org, local_name="Kun hos os")
    f.usage(other, local_name="Kun hos de andre")
    editor = logged_in_client(make_user(organization=org, roles=["arkitekt"]), org)
    reader = logged_in_client(make_user(organization=org, roles=["laeser"]), org)
    stranger = logged_in_client(make_user(organization=other, roles=["arkitekt"]), other)
    url = reverse("portfolio:usage_list")
    editors_page, _ = _tables(editor, url)
    readers_page, _ = _tables(reader, url)
    strangers_page, _ = _tables(stranger, url)
    assert 'id="bulk-form"' in editors_page and "Anvend på valgte" in editors_page
    assert "Anvend på valgte" not in readers_page and "Kun hos os" in readers_page
    assert "Kun hos de andre" in strangers_page and "Kun hos os" not in strangers_page


def test_a_form_in_a_shared_table_carries_the_sessions_own_csrf_token() -> None:
    org = make_organization()
    usage = f.usage(org, local_name="Tabel med formular")
    first = make_user(organization=org, roles=["arkitekt"])
    second = make_user(organization=org, roles=["arkitekt"])
    url = reverse("portfolio:usage_list")
    logged_in_client(first, org).get(url)  # fills the cache
    client = logged_in_client(second, org)
    client.handler.enforce_csrf_checks = True
    page = client.get(url).content.decode()
    form = page[page.index('id="bulk-form"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token and "styrbar-csrf" not in page
    response = client.post(
        reverse("portfolio:usage_bulk"),
        {"csrfmiddlewaretoken": token.group(1), "usages": [usage.pk], "querystring": ""},
    )
    assert response.status_code != 403


def test_a_system_owner_with_the_reader_role_sees_the_edit_button_others_do_not() -> None:
    org = make_organization()
    usage = f.usage(org, local_name="Ejet system")
    owner_role = RoleType.objects.create(
        organization=org, key="systemejer-test", name="Systemejer", grants_edit=True
    )
    owner = make_user(organization=org, roles=["laeser"])
    UsageRole.objects.create(usage=usage, role_type=owner_role, user=owner)
    url = reverse("portfolio:usage_detail", args=[usage.pk])
    edit = reverse("portfolio:usage_edit", args=[usage.pk])
    for order in ((owner, "plain"), ("plain", owner)):
        reader = make_user(organization=org, roles=["laeser"])
        for who in order:
            user = owner if who is owner else reader
            page = logged_in_client(user, org).get(url).content.decode()
            assert (edit in page) is (user is owner), (order, user)


def test_the_cost_analysis_page_is_shared_and_follows_a_new_cost_line() -> None:
    org = make_organization()
    editor = make_user(organization=org, roles=["arkitekt"])
    usage = f.usage(org, local_name="System med udgift")
    client = logged_in_client(editor, org)
    url = reverse("portfolio:analysis_costs") + "?year=2026"
    first, asked_first = _tables(client, url)
    again, asked_again = _tables(client, url)
    assert again == first and asked_again <= asked_first
    services.usage_costs_set(
        actor=editor,
        usage=usage,
        lines=[{"year": 2026, "kind": "operation", "amount": Decimal("123456"), "note": ""}],
    )
    changed, _ = _tables(client, url)
    assert changed != first and "123.456" in changed


def test_the_usage_list_api_is_shared_per_role_and_refused_input_stores_nothing() -> None:
    org = make_organization()
    editor = make_user(organization=org, roles=["arkitekt"])
    usage = f.usage(org, local_name="API-system")
    bearer = f"Bearer {make_token(editor)}"
    url = f"/api/v1/organizations/{org.pk}/usages?limit=50"
    client = Client()
    first = client.get(url, HTTP_AUTHORIZATION=bearer)
    assert first.status_code == 200 and first.json()["items"][0]["name"] == "API-system"
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url, HTTP_AUTHORIZATION=bearer)
    assert again.content == first.content
    assert not any("portfolio_systemusage" in q["sql"] for q in queries.captured_queries)
    services.usage_update(actor=editor, usage=usage, local_name="API-system omdøbt")
    assert (
        client.get(url, HTTP_AUTHORIZATION=bearer).json()["items"][0]["name"] == "API-system omdøbt"
    )
    bad = client.get(f"{url}&offset=-1", HTTP_AUTHORIZATION=bearer)
    assert bad.status_code in (400, 422)
    assert client.get(f"{url}&offset=-1", HTTP_AUTHORIZATION=bearer).status_code == bad.status_code
    outsider = make_user(organization=make_organization(), roles=["arkitekt"])
    refused = client.get(url, HTTP_AUTHORIZATION=f"Bearer {make_token(outsider)}")
    assert refused.status_code in (403, 404)
