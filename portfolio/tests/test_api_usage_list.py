"""The usage list API builds its items from plain rows (``portfolio.api._usage_items``)
rather than through the detail's schema: here the two must agree, value for value and in
the same key order, for usages with every field set and with as little as possible."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from organizations.models import Organization
from organizations.testing import make_organization, make_token, make_user
from portfolio import choices as c
from portfolio.api import usages
from portfolio.models import (
    ExternalReference,
    KleSubject,
    RoleType,
    SystemUsage,
    UsageCost,
    UsageRole,
)
from portfolio.tests import factories as f

pytestmark = pytest.mark.django_db

# A value other than the schema's default for every field of UsageFields.
EVERY_FIELD: dict[str, Any] = {
    "local_name": "Byggesag Plus",
    "local_id": "SYS-0042",
    "version": "7.1",
    "lifecycle": c.Lifecycle.OPERATIONAL,
    "valid_from": dt.date(2019, 3, 1),
    "valid_to": dt.date(2031, 12, 31),
    "user_count": c.UserCount.FROM_50_TO_100,
    "hosting": c.Hosting.SAAS,
    "data_sensitivity": c.DataSensitivity.SENSITIVE,
    "gdpr_purpose": "Sagsbehandling af byggesager",
    "risk_assessment_done": True,
    "risk_assessment_date": dt.date(2024, 5, 2),
    "risk_level": c.Level.MEDIUM,
    "dpia_done": True,
    "dpia_date": dt.date(2024, 6, 1),
    "criticality": c.Level.HIGH,
    "business_critical": True,
    "socially_critical": True,
    "archive_duty": c.ArchiveDuty.B,
    "archive_notes": "Aflevering hvert 5. år",
    "supports_browsers": True,
    "supports_ios": True,
    "supports_android": True,
    "supports_windows": True,
    "supports_macos": True,
    "accessibility_statement_url": "https://www.was.digst.dk/byggesager",
    "wcag_status": c.WcagStatus.PARTIAL,
    "wcag_date": dt.date(2024, 9, 15),
    "time_disposition": c.TimeDisposition.INVEST,
    "functional_fit": 3,
    "technical_fit": 4,
    "notes": "Kerneopgave – æøå",
}


def _full_usage(org: Organization) -> SystemUsage:
    vendor = f.vendor(name="Havn IT A/S")
    system = f.catalog_system(
        org, name="Sagssystem", vendor=vendor, business_type=c.BusinessType.SELVBETJENING
    )
    responsible = f.unit(org, "Teknik og Miljø")
    usage = SystemUsage.objects.create(
        organization=org, catalog_system=system, responsible_unit=responsible, **EVERY_FIELD
    )
    usage.using_units.set([f.unit(org, "Byg"), responsible, f.unit(org, "Plan")])
    subjects = list(KleSubject.objects.order_by("number")[:3])  # shipped with the migrations
    assert len(subjects) == 3
    usage.kle_additions.set([subjects[2], subjects[0]])
    usage.kle_removals.set([subjects[1]])

    own_type = RoleType.objects.create(
        organization=org, key="sponsor", name="Sponsor", sort_order=1
    )
    systemejer = RoleType.objects.get(organization=None, key="systemejer")
    named = make_user(organization=org, roles=["laeser"], first_name="Ida", last_name="Lund")
    unnamed = make_user("kun.brugernavn", organization=org, roles=["laeser"])
    UsageRole.objects.create(usage=usage, role_type=systemejer, user=unnamed)
    UsageRole.objects.create(
        usage=usage, role_type=systemejer, person_name="Bo Dam", email="bo@example.dk"
    )
    UsageRole.objects.create(usage=usage, role_type=own_type, user=named)
    UsageCost.objects.create(usage=usage, year=2026, kind="operation", amount=Decimal("1234.5"))
    UsageCost.objects.create(
        usage=usage, year=2025, kind="license", amount=Decimal("250000"), note="Rammeaftale"
    )
    UsageCost.objects.create(usage=usage, year=2025, kind="internal", amount=Decimal("0.07"))
    ExternalReference.objects.create(usage=usage, title="DBA", url="https://intra.example/dba")
    ExternalReference.objects.create(usage=usage, title="Kontrakt", url="https://intra.example/k")
    return usage


def _get(client: Client, token: str, path: str, **params: Any) -> Any:
    response = client.get(f"/api/v1{path}", params, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200, response.content
    return response


def test_list_items_equal_the_detail_key_for_key_and_in_order() -> None:
    org, other = make_organization(), make_organization()
    full = _full_usage(org)
    # As little as possible: no vendor, no unit, no local name, no child rows.
    bare = SystemUsage.objects.create(
        organization=org, catalog_system=f.catalog_system(name="Ældre system")
    )
    f.usage(other)
    defaults = {name: info.default for name, info in usages.UsageFields.model_fields.items()}
    assert set(EVERY_FIELD) == set(defaults), "EVERY_FIELD must set every field of the schema"
    assert all(EVERY_FIELD[name] != default for name, default in defaults.items())

    client, token = Client(), make_token(make_user(organization=org, roles=["laeser"]))
    base = f"/organizations/{org.pk}/usages"
    listed = _get(client, token, base, sort="name")
    body = listed.json()
    assert list(body) == ["count", "items"] and body["count"] == 2
    assert [item["id"] for item in body["items"]] == [bare.pk, full.pk]
    for item in body["items"]:
        detail = _get(client, token, f"{base}/{item['id']}")
        assert listed["Content-Type"] == detail["Content-Type"]
        assert item == detail.json()
        # Same key order, in the item and in each child row, as the schema's.
        assert list(item) == list(detail.json()) == list(usages.UsageOut.model_fields)
        for children in ("roles", "costs", "references"):
            for mine, theirs in zip(item[children], detail.json()[children], strict=True):
                assert list(mine) == list(theirs)

    item = body["items"][1]
    assert item["name"] == "Byggesag Plus" and item["vendor_name"] == "Havn IT A/S"
    assert (
        item["using_unit_ids"] == sorted(item["using_unit_ids"])
        and len(item["using_unit_ids"]) == 3
    )
    assert [r["role_type_key"] for r in item["roles"]] == ["sponsor", "systemejer", "systemejer"]
    assert [r["user_name"] for r in item["roles"]] == ["Ida Lund", "kun.brugernavn", None]
    assert [x["amount"] for x in item["costs"]] == ["0.07", "250000.00", "1234.50"]
    bare_item = body["items"][0]
    assert bare_item["name"] == "Ældre system" and bare_item["vendor_id"] is None
    assert bare_item["responsible_unit_name"] is None and bare_item["roles"] == []
