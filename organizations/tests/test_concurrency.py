"""Optimistic concurrency on the organization form, the units' API and the child-row
forms (issue 17): the second of two editors gets the conflict page (or a 412) and nothing
the first saved is lost."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from core.concurrency import version
from core.testing import postgres_race, race
from organizations.models import Organization, OrganizationUnit
from organizations.testing import logged_in_client, make_organization, make_token, make_user
from portfolio.models import SystemUsage
from portfolio.tests import factories as pf


def _superusers(org: Organization) -> tuple[Client, Client]:
    first = make_user("anna", organization=org, is_superuser=True)
    second = make_user("bo", organization=org, is_superuser=True)
    return logged_in_client(first, org), logged_in_client(second, org)


def _org_form(org: Organization, **changes: str) -> dict[str, str]:
    data = {"kind": org.kind, "name": org.name, "kommunekode": "", "is_active": "on"}
    if org.kommunekode:
        data["kommunekode"] = str(org.kommunekode)
    return {**data, **changes}


@pytest.mark.django_db
def test_two_editors_of_an_organization_the_second_gets_the_conflict_page() -> None:
    org = make_organization("Testrup")
    anna, bo = _superusers(org)
    url = reverse("organizations:admin_edit", args=[org.pk])
    opened = version(org)
    assert f'name="_version" value="{opened}"' in bo.get(url).content.decode()

    saved = anna.post(url, {**_org_form(org, name="Testrup Kommune"), "_version": opened})
    assert saved.status_code == 302
    stale = bo.post(url, {**_org_form(org, name="Testrup By", cvr="12345678"), "_version": opened})

    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Testrup By" in page and "Testrup Kommune" in page and "anna" in page
    org.refresh_from_db()
    assert (org.name, org.cvr) == ("Testrup Kommune", "")
    again = bo.post(url, {**_org_form(org, name="Testrup By"), "_version": version(org)})
    assert again.status_code == 302
    assert Organization.objects.get(pk=org.pk).name == "Testrup By"


@pytest.mark.django_db
def test_an_invalid_organization_post_keeps_its_version() -> None:
    org = make_organization("Testrup")
    anna, _ = _superusers(org)
    url = reverse("organizations:admin_edit", args=[org.pk])
    opened = version(org)
    invalid = anna.post(url, {**_org_form(org, name=""), "_version": opened})
    assert invalid.status_code == 400
    assert f'name="_version" value="{opened}"' in invalid.content.decode()


@postgres_race
def test_postgres_two_organization_saves_one_gets_the_conflict_page(round_: int) -> None:
    org = make_organization("Testrup")
    anna, bo = _superusers(org)
    url = reverse("organizations:admin_edit", args=[org.pk])
    opened = version(org)
    statuses: list[int] = []

    def save(client: Client, name: str) -> None:
        data = {**_org_form(org, name=name), "_version": opened}
        statuses.append(client.post(url, data).status_code)

    assert race(lambda: save(anna, "A"), lambda: save(bo, "B")) == [None, None]
    assert sorted(statuses) == [302, 409]


# The units' API ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_units_api_answers_an_etag_and_refuses_a_stale_if_match() -> None:
    org = make_organization()
    unit = OrganizationUnit.objects.get(pk=pf.unit(org).pk)
    token = make_token(make_user(organization=org, roles=["administrator"]))
    auth: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client = Client()
    url = f"/api/v1/organizations/{org.pk}/units/{unit.pk}"
    tag = client.get(url, **auth)["ETag"]
    ok = client.patch(
        url, {"name": "A"}, content_type="application/json", HTTP_IF_MATCH=tag, **auth
    )
    assert ok.status_code == 200 and ok["ETag"] not in ("", tag)
    stale = client.patch(
        url, {"ean": "5798000000001"}, content_type="application/json", HTTP_IF_MATCH=tag, **auth
    )
    assert stale.status_code == 412
    assert client.delete(url, HTTP_IF_MATCH=tag, **auth).status_code == 412
    unit.refresh_from_db()
    assert unit.name == "A" and unit.ean != "5798000000001"
    assert client.delete(url, HTTP_IF_MATCH=ok["ETag"], **auth).status_code == 204


# Child rows (one formset for all rows of an object) --------------------------------------------


def _cost_rows(*rows: tuple[str, str, str]) -> dict[str, str]:
    data = {
        "rows-TOTAL_FORMS": str(len(rows)),
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "1000",
    }
    for i, (year, kind, amount) in enumerate(rows):
        data.update({f"rows-{i}-year": year, f"rows-{i}-kind": kind, f"rows-{i}-amount": amount})
    return data


@pytest.mark.django_db
def test_two_editors_of_the_cost_rows_the_second_gets_the_conflict_page() -> None:
    org = make_organization()
    usage = pf.usage(org)
    anna = logged_in_client(make_user("anna", organization=org, roles=["arkitekt"]), org)
    bo = logged_in_client(make_user("bo", organization=org, roles=["arkitekt"]), org)
    url = reverse("portfolio:usage_costs", args=[usage.pk])
    opened = version(SystemUsage.objects.get(pk=usage.pk))
    assert f'name="_version" value="{opened}"' in bo.get(url).content.decode()

    first = anna.post(url, {**_cost_rows(("2026", "license", "1.000")), "_version": opened})
    assert first.status_code == 302
    stale = bo.post(url, {**_cost_rows(("2026", "license", "2.500")), "_version": opened})

    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Række 1" in page and "2.500" in page and "1.000" in page
    assert [str(c.amount) for c in usage.costs.all()] == ["1000.00"]
    current = version(SystemUsage.objects.get(pk=usage.pk))
    again = bo.post(url, {**_cost_rows(("2026", "license", "2.500")), "_version": current})
    assert again.status_code == 302
    assert [str(c.amount) for c in usage.costs.all()] == ["2500.00"]


@postgres_race
def test_postgres_two_saves_of_the_cost_rows_one_gets_the_conflict_page(round_: int) -> None:
    org = make_organization()
    usage = pf.usage(org)
    clients = [
        logged_in_client(make_user(organization=org, roles=["arkitekt"]), org) for _ in range(2)
    ]
    url = reverse("portfolio:usage_costs", args=[usage.pk])
    opened = version(SystemUsage.objects.get(pk=usage.pk))
    statuses: list[int] = []

    def save(client: Client, amount: str) -> None:
        data = {**_cost_rows(("2026", "license", amount)), "_version": opened}
        statuses.append(client.post(url, data).status_code)

    assert race(lambda: save(clients[0], "100"), lambda: save(clients[1], "200")) == [None, None]
    assert sorted(statuses) == [302, 409]
    assert usage.costs.count() == 1
