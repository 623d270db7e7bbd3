"""Data processing registrations: derived next oversight, services, screens and API."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from core.models import AuditEvent
from core.testing import assert_constant_queries
from organizations.models import Organization
from organizations.testing import (
    ApiAccessMixin,
    Entity,
    ViewAccessMixin,
    logged_in_client,
    make_organization,
    make_token,
    make_user,
    unique,
)
from portfolio import choices as c
from portfolio import selectors, services
from portfolio.models import DataProcessingRegistration
from portfolio.tests import factories as f

pytestmark = pytest.mark.django_db

D = DataProcessingRegistration
EDITORS = frozenset({"redaktoer", "arkitekt", "administrator"})
BUYERS = EDITORS | {"indkoeber"}
PATH = "/api/v1/organizations/{org_id}/data-processing-registrations"

_n = itertools.count(1)


def dpr(organization: Organization, **fields: Any) -> DataProcessingRegistration:
    fields.setdefault("name", f"Databehandling {next(_n)}")
    return D.objects.create(organization=organization, **fields)


def today() -> dt.date:
    return timezone.localdate()


class DprFactories:
    def make_dpr(self, organization: Organization) -> DataProcessingRegistration:
        return dpr(organization)

    def list_marker(self, organization: Organization) -> str:
        marker = unique("Hemmelig databehandling")
        dpr(organization, name=marker)
        return marker


# Access: every screen and API operation ------------------------------------------------


def _form(test: Any, org: Organization) -> dict[str, Any]:
    return {
        "name": "Ny databehandling",
        "agreement_concluded": "concluded",
        "data_processors": [f.vendor().pk],
        "usages": [f.usage(org).pk],
        "oversight_interval_months": "12",
        "latest_oversight": "2025-03-31",
    }


DPR = Entity("dpr", change=BUYERS)


class TestDprViews(DprFactories, ViewAccessMixin):
    view_cases = DPR.pages("portfolio:dpr", create=_form, edit=_form)


class TestDprApi(DprFactories, ApiAccessMixin):
    api_cases = DPR.operations(
        PATH,
        "{dpr_id}",
        create=lambda t, o: {"name": "Via API", "usage_ids": [f.usage(o).pk]},
        update=lambda t, o: {"agreement_concluded": "not_concluded"},
    )


# The derived next oversight -------------------------------------------------------------


@pytest.mark.parametrize(
    ("latest", "months", "expected"),
    [
        (dt.date(2025, 3, 15), 12, dt.date(2026, 3, 15)),
        (dt.date(2025, 8, 31), 6, dt.date(2026, 2, 28)),  # clamped to the month's end
        (dt.date(2023, 8, 31), 6, dt.date(2024, 2, 29)),  # leap year
        (dt.date(2024, 2, 29), 24, dt.date(2026, 2, 28)),
        (dt.date(2025, 12, 1), 1, dt.date(2026, 1, 1)),  # across the new year
        (dt.date(2025, 1, 1), None, None),  # no interval
        (None, 12, None),  # never overseen
    ],
)
def test_derive_next_oversight(
    latest: dt.date | None, months: int | None, expected: dt.date | None
) -> None:
    assert D.derive_next_oversight(latest, months) == expected


def test_services_keep_next_oversight_in_sync() -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    registration = services.dpr_create(
        actor=buyer,
        organization=org,
        name="Løn",
        latest_oversight=dt.date(2025, 1, 31),
        oversight_interval_months=1,
        next_oversight=dt.date(2000, 1, 1),  # ignored: derived
    )
    assert registration.next_oversight == dt.date(2025, 2, 28)
    services.dpr_update(actor=buyer, registration=registration, oversight_interval_months=12)
    registration.refresh_from_db()
    assert registration.next_oversight == dt.date(2026, 1, 31)
    services.dpr_update(actor=buyer, registration=registration, latest_oversight=None)
    registration.refresh_from_db()
    assert registration.next_oversight is None


def test_services_check_tenant_permission_and_audit() -> None:
    org, other = make_organization(), make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    processor = f.vendor()
    with pytest.raises(ValidationError) as info:
        services.dpr_create(actor=buyer, organization=org, name="X", usages=[f.usage(other)])
    assert "usages" in info.value.message_dict
    with pytest.raises(ValidationError):
        services.dpr_create(actor=buyer, organization=org, name="X", responsible_unit=f.unit(other))
    reader = make_user(organization=org, roles=["laeser"])
    with pytest.raises(PermissionDenied):
        services.dpr_create(actor=reader, organization=org, name="X")
    registration = services.dpr_create(
        actor=buyer, organization=org, name="Løn", data_processors=[processor]
    )
    event = AuditEvent.objects.get(object_id=str(registration.pk), action="create")
    assert event.changes["data_processors"]["after"] == [processor.pk]
    services.dpr_update(actor=buyer, registration=registration, data_processors=[])
    event = AuditEvent.objects.get(object_id=str(registration.pk), action="update")
    assert event.changes["data_processors"] == {"before": [processor.pk], "after": []}
    pk = registration.pk
    services.dpr_delete(actor=buyer, registration=registration)
    assert not D.objects.exists()
    assert AuditEvent.objects.filter(object_id=str(pk), action="delete").exists()


def test_overdue_annotation() -> None:
    org = make_organization()
    late = dpr(org, next_oversight=today() - dt.timedelta(days=1))
    due_today = dpr(org, next_oversight=today())
    never = dpr(org)
    listed = selectors.dpr_list(organization=org)
    rows = {r.pk: r.oversight_overdue for r in listed}  # type: ignore[attr-defined]
    assert rows == {late.pk: True, due_today.pk: False, never.pk: False}


# Screens -------------------------------------------------------------------------------


def test_list_filters_and_sorts(org: Organization, buyer_client: Client) -> None:
    dpr(org, name="Aftale mangler", agreement_concluded=c.AgreementConcluded.NO)
    dpr(
        org,
        name="Tilsyn forsinket",
        agreement_concluded=c.AgreementConcluded.YES,
        next_oversight=today() - dt.timedelta(days=30),
    )
    dpr(org, name="Alt i orden", agreement_concluded=c.AgreementConcluded.YES)
    page = buyer_client.get("/databehandling/", {"agreement": "not_concluded"}).content.decode()
    assert "Aftale mangler" in page and "Tilsyn forsinket" not in page
    page = buyer_client.get("/databehandling/", {"overdue": "ja"}).content.decode()
    assert "Tilsyn forsinket" in page and "Alt i orden" not in page
    page = buyer_client.get("/databehandling/", {"overdue": "nej"}).content.decode()
    assert "Tilsyn forsinket" not in page and "Alt i orden" in page
    page = buyer_client.get("/databehandling/", {"sort": "-name"}).content.decode()
    assert page.index("Tilsyn forsinket") < page.index("Alt i orden")
    page = buyer_client.get("/databehandling/", {"q": "orden"}).content.decode()
    assert "Alt i orden" in page and "Aftale mangler" not in page
    bad = buyer_client.get("/databehandling/", {"sort": "hemmelig"})
    assert bad.status_code == 400
    # Discoverable: the side menu links the list.
    assert 'href="/databehandling/"' in buyer_client.get("/kontrakter/").content.decode()


def test_list_query_count_is_constant(org: Organization, buyer_client: Client) -> None:
    unit = f.unit(org)

    def add(n: int) -> None:
        for _ in range(n):
            registration = dpr(org, responsible_unit=unit, next_oversight=today())
            registration.data_processors.set([f.vendor(), f.vendor()])

    assert_constant_queries(buyer_client, "/databehandling/", add)
    assert_constant_queries(buyer_client, "/databehandling/?cols=unit&overdue=nej", add)


def test_create_through_the_form_derives_next_oversight(
    org: Organization, buyer_client: Client
) -> None:
    usage = f.usage(org, local_name="Lønsystemet")
    processor = f.vendor(name="Lønbureauet A/S")
    response = buyer_client.get(f"/databehandling/ny/?system={usage.pk}")
    assert response.status_code == 200
    assert f'<option value="{usage.pk}" selected>' in response.content.decode()
    response = buyer_client.post(
        "/databehandling/ny/",
        {
            "name": "Løn",
            "agreement_concluded": "concluded",
            "agreement_date": "2024-02-01",
            "data_processors": [processor.pk],
            "usages": [usage.pk],
            "oversight_interval_months": "6",
            "latest_oversight": "2020-08-31",
            "oversight_completed": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    registration = D.objects.get(organization=org)
    assert registration.next_oversight == dt.date(2021, 2, 28)
    page = buyer_client.get(response["Location"]).content.decode()
    assert "Lønbureauet A/S" in page and "Lønsystemet" in page
    assert "Næste tilsyn skulle have været ført senest" in page  # 2021 is long past
    response = buyer_client.post(
        f"/databehandling/{registration.pk}/rediger/",
        {"name": "Løn", "agreement_concluded": "concluded", "oversight_interval_months": "0"},
    )
    assert response.status_code == 400  # the interval is 1–120 months
    history = buyer_client.get(f"/databehandling/{registration.pk}/historik/")
    assert history.status_code == 200


def test_form_offers_only_own_systems_and_contracts(
    org: Organization, buyer_client: Client
) -> None:
    other = make_organization()
    f.usage(other, local_name="Naboens system")
    f.contract(other, name="Naboens kontrakt")
    page = buyer_client.get("/databehandling/ny/").content.decode()
    assert "Naboens system" not in page and "Naboens kontrakt" not in page
    response = buyer_client.post(
        "/databehandling/ny/", {"name": "X", "agreement_concluded": "concluded", "usages": [999999]}
    )
    assert response.status_code == 400


# API -----------------------------------------------------------------------------------


def api(user: Any) -> tuple[Client, dict[str, Any]]:
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {make_token(user)}"}


def test_api_create_update_filter(org: Organization) -> None:
    client, headers = api(make_user(organization=org, roles=["indkoeber"]))
    base = PATH.format(org_id=org.pk)
    usage, contract, unit = f.usage(org), f.contract(org), f.unit(org)
    vendor, sub = f.vendor(), f.vendor()
    response = client.post(
        base,
        {
            "name": "Sag",
            "agreement_concluded": "concluded",
            "data_processor_ids": [vendor.pk],
            "sub_data_processor_ids": [sub.pk],
            "usage_ids": [usage.pk],
            "contract_ids": [contract.pk],
            "responsible_unit_id": unit.pk,
            "oversight_interval_months": 24,
            "latest_oversight": "2021-05-31",
            "next_oversight": "2099-01-01",
        },
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["next_oversight"] == "2023-05-31" and body["oversight_overdue"] is True
    assert body["data_processor_ids"] == [vendor.pk] and body["sub_data_processor_ids"] == [sub.pk]
    assert body["usage_ids"] == [usage.pk] and body["contract_ids"] == [contract.pk]
    assert body["responsible_unit_name"] == unit.name
    response = client.patch(
        f"{base}/{body['id']}",
        {"latest_oversight": today().isoformat()},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200, response.content
    assert response.json()["oversight_overdue"] is False
    assert response.json()["usage_ids"] == [usage.pk]  # untouched by a PATCH without it
    dpr(org, name="Anden")
    listed = client.get(base, {"overdue": "false"}, **headers).json()
    assert listed["count"] == 2
    listed = client.get(base, {"vendor": vendor.pk}, **headers).json()
    assert [i["name"] for i in listed["items"]] == ["Sag"]
    assert client.get(base, {"limit": 101}, **headers).status_code == 400
    future = (timezone.now() + dt.timedelta(days=1)).isoformat()
    assert client.get(base, {"changed_since": future}, **headers).json()["count"] == 0
    foreign = f.usage(make_organization())
    response = client.patch(
        f"{base}/{body['id']}",
        {"usage_ids": [foreign.pk]},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 400 and "usage_ids" in response.json()["errors"]
    response = client.patch(
        f"{base}/{body['id']}",
        {"oversight_interval_months": 0},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 400


def test_api_list_query_count_is_constant(org: Organization) -> None:
    client = logged_in_client(make_user(organization=org, roles=["laeser"]), org)
    unit = f.unit(org)

    def add(n: int) -> None:
        for _ in range(n):
            registration = dpr(org, responsible_unit=unit)
            registration.data_processors.set([f.vendor()])
            registration.usages.set([f.usage(org)])
            registration.contracts.set([f.contract(org)])

    counts = assert_constant_queries(client, PATH.format(org_id=org.pk) + "?limit=100", add)
    assert counts[0] <= 8, counts


def test_usage_gdpr_tab_lists_its_registrations_and_vendor_delete_is_blocked() -> None:
    from django.core.exceptions import ValidationError
    from django.urls import reverse

    from organizations.testing import logged_in_client, make_organization, make_user
    from portfolio import services
    from portfolio.models import DataProcessingRegistration
    from portfolio.tests import factories as pf

    org = make_organization()
    user = make_user(organization=org, roles=["arkitekt"])
    usage = pf.usage(org, local_name="Sagssystem")
    vendor = pf.vendor(org, name="Databehandler A/S")
    dpr = DataProcessingRegistration.objects.create(organization=org, name="Sagsbehandling")
    dpr.usages.add(usage)
    dpr.data_processors.add(vendor)
    client = logged_in_client(user, org)
    page = client.get(reverse("portfolio:usage_detail", args=[usage.pk]) + "?fane=gdpr")
    body = page.content.decode()
    assert "Sagsbehandling" in body and f"?system={usage.pk}" in body
    with pytest.raises(ValidationError, match="databehandler"):
        services.vendor_delete(actor=user, organization=org, vendor=vendor)
