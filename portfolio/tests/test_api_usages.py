"""The usage API: round trips, validation, roles, costs, references, filters and the
systemejer rule."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core.models import AuditEvent
from organizations.testing import make_organization, make_user
from portfolio import choices as c
from portfolio.models import (
    RoleType,
    SystemUsage,
    UsageCost,
    UsageRole,
    Vendor,
)
from portfolio.tests.api_helpers import (
    Api,
    actions,
    kle,
    member,
    system,
    systemejer,
    unit,
    usage,
)

pytestmark = pytest.mark.django_db


# Usages -----------------------------------------------------------------------------------


def test_usage_round_trip_with_all_fields() -> None:
    org = make_organization()
    api = member(org)
    catalog = system("Sagssystem", vendor=Vendor.objects.create(name="Havn IT"))
    owner_unit, users_a, users_b = unit(org, "Teknik og Miljø"), unit(org), unit(org)
    payload: dict[str, Any] = {
        "catalog_system_id": catalog.pk,
        "local_name": "Byggesager",
        "local_id": "SYS-17",
        "version": "4.2",
        "lifecycle": "operational",
        "valid_from": "2021-03-01",
        "valid_to": "2029-12-31",
        "responsible_unit_id": owner_unit.pk,
        "using_unit_ids": [users_b.pk, users_a.pk],
        "user_count": "50_100",
        "hosting": "saas",
        "data_sensitivity": "sensitive",
        "gdpr_purpose": "Behandling af byggeansøgninger",
        "risk_assessment_done": True,
        "risk_assessment_date": "2024-05-02",
        "risk_level": "medium",
        "dpia_done": True,
        "dpia_date": "2024-06-01",
        "criticality": "high",
        "business_critical": True,
        "socially_critical": False,
        "archive_duty": "b",
        "archive_notes": "Aflevering hvert 5. år",
        "kle_addition_ids": [kle("90.01.01").pk],
        "kle_removal_ids": [kle("90.01.02").pk],
        "supports_browsers": True,
        "supports_ios": True,
        "accessibility_statement_url": "https://www.was.digst.dk/byggesager",
        "wcag_status": "partial",
        "wcag_date": "2024-09-15",
        "time_disposition": "invest",
        "functional_fit": 3,
        "technical_fit": 4,
        "notes": "Kerneopgave",
    }
    created = api.post(f"/organizations/{org.pk}/usages", payload)
    assert created.status_code == 201, created.content
    body = created.json()
    for key, value in payload.items():
        expected = sorted(value) if key.endswith("_ids") else value
        assert body[key] == expected, key
    assert body["uuid"] and body["name"] == "Byggesager"
    assert body["catalog_system_name"] == "Sagssystem" and body["vendor_name"] == "Havn IT"
    assert body["business_type"] == "fagsystem"
    assert body["responsible_unit_name"] == "Teknik og Miljø"
    assert body["roles"] == [] and body["costs"] == [] and body["references"] == []
    usage_id = body["id"]

    path = f"/organizations/{org.pk}/usages/{usage_id}"
    assert api.get(path).json() == body
    patched = api.patch(
        path, {"lifecycle": "phasing_out", "using_unit_ids": [], "responsible_unit_id": None}
    )
    assert patched.status_code == 200, patched.content
    after = patched.json()
    assert after["lifecycle"] == "phasing_out" and after["using_unit_ids"] == []
    assert after["responsible_unit_id"] is None and after["local_id"] == "SYS-17"
    assert after["kle_addition_ids"] == [kle("90.01.01").pk]
    event = AuditEvent.objects.get(object_id=str(usage_id), action="update")
    assert set(event.changes) == {"lifecycle", "using_units", "responsible_unit"}

    assert api.delete(path).status_code == 204
    assert api.get(path).status_code == 404
    assert actions("systemusage", usage_id) == ["create", "delete", "update"]


def test_usage_defaults_and_invalid_values() -> None:
    org = make_organization()
    api = member(org)
    minimal = api.post(f"/organizations/{org.pk}/usages", {"catalog_system_id": system("Mini").pk})
    assert minimal.status_code == 201
    assert minimal.json()["lifecycle"] == "undecided" and minimal.json()["name"] == "Mini"
    assert minimal.json()["risk_level"] == "" and minimal.json()["functional_fit"] is None

    base = {"catalog_system_id": system().pk}
    for bad in (
        {"lifecycle": "forever"},
        {"functional_fit": 5},
        {"valid_from": "2025-01-01", "valid_to": "2024-01-01"},
        {"valid_from": "01-01-2025"},
        {"accessibility_statement_url": "ikke en adresse"},
    ):
        response = api.post(f"/organizations/{org.pk}/usages", {**base, **bad})
        assert response.status_code == 400, (bad, response.status_code)
        assert response.json()["message"]
    missing = api.post(f"/organizations/{org.pk}/usages", {"local_name": "Uden system"})
    assert missing.status_code == 400
    assert SystemUsage.objects.filter(organization=org).count() == 1


def test_foreign_ids_in_a_usage_payload_are_400_without_revealing_them() -> None:
    org, other = make_organization(), make_organization()
    api = member(org)
    mine = usage(org)
    their_unit = unit(other, "Naboens hemmelige enhed")
    their_system = system("Naboens hemmelige system", scope=c.Scope.LOCAL, owner_organization=other)
    path = f"/organizations/{org.pk}/usages"
    cases: dict[str, dict[str, Any]] = {
        "using_unit_ids": {"using_unit_ids": [their_unit.pk]},
        "responsible_unit_id": {"responsible_unit_id": their_unit.pk},
        "catalog_system_id": {"catalog_system_id": their_system.pk},
        "kle_addition_ids": {"kle_addition_ids": [999_999]},
    }
    for field, data in cases.items():
        for response in (
            api.post(path, {"catalog_system_id": system().pk, **data}),
            api.patch(f"{path}/{mine.pk}", data),
        ):
            assert response.status_code == 400, (field, response.status_code)
            body = response.json()
            assert field in body["errors"] and "findes ikke" in body["errors"][field][0]
            assert "Naboens" not in response.content.decode()
    assert SystemUsage.objects.filter(organization=org).count() == 1
    assert not mine.using_units.exists() and mine.responsible_unit_id is None


def test_usage_roles_costs_references_and_changed_since() -> None:
    org, other = make_organization(), make_organization()
    api = member(org)
    colleague = make_user(organization=org, roles=["laeser"], first_name="Ida", last_name="Lund")
    stranger = make_user(organization=other, roles=["laeser"])
    target = usage(org)
    path = f"/organizations/{org.pk}/usages/{target.pk}"
    SystemUsage.objects.filter(pk=target.pk).update(
        updated_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    )
    since = {"changed_since": "2024-01-01T00:00:00"}
    assert api.get(f"/organizations/{org.pk}/usages", since).json()["count"] == 0

    dataejer = RoleType.objects.get(organization=None, key="dataejer")
    roles = api.put(
        f"{path}/roles",
        {
            "roles": [
                {"role_type_id": dataejer.pk, "person_name": "Bo Dam", "email": "bo@example.dk"},
                {"role_type_id": systemejer().pk, "user_id": colleague.pk},
            ]
        },
    )
    assert roles.status_code == 200, roles.content
    assert [
        (r["role_type_key"], r["user_name"], r["person_name"]) for r in roles.json()["roles"]
    ] == [
        ("systemejer", "Ida Lund", ""),
        ("dataejer", None, "Bo Dam"),
    ]
    # The child rows count as a change of the usage for sync clients.
    synced = api.get(f"/organizations/{org.pk}/usages", since).json()
    assert [u["id"] for u in synced["items"]] == [target.pk]

    not_member = api.put(
        f"{path}/roles", {"roles": [{"role_type_id": systemejer().pk, "user_id": stranger.pk}]}
    )
    assert not_member.status_code == 400 and "roles" in not_member.json()["errors"]
    foreign_type = RoleType.objects.create(organization=other, key="naboens", name="Naboens")
    assert (
        api.put(f"{path}/roles", {"roles": [{"role_type_id": foreign_type.pk, "person_name": "X"}]})
    ).status_code == 400
    nobody = api.put(f"{path}/roles", {"roles": [{"role_type_id": systemejer().pk}]})
    assert nobody.status_code == 400
    assert UsageRole.objects.filter(usage=target).count() == 2

    costs = api.put(
        f"{path}/costs",
        {
            "costs": [
                {"year": 2026, "kind": "operation", "amount": "1234.5"},
                {"year": 2025, "kind": "license", "amount": 250000, "note": "Rammeaftale"},
            ]
        },
    )
    assert costs.status_code == 200, costs.content
    assert [(x["year"], x["kind"], x["amount"]) for x in costs.json()["costs"]] == [
        (2025, "license", "250000.00"),
        (2026, "operation", "1234.50"),
    ]
    for bad in ({"year": 1990}, {"amount": "1.234"}, {"kind": "gaver"}):
        line = {"year": 2025, "kind": "license", "amount": "1", **bad}
        assert api.put(f"{path}/costs", {"costs": [line]}).status_code == 400, bad
    assert UsageCost.objects.filter(usage=target).count() == 2

    refs = api.put(
        f"{path}/references",
        {"references": [{"title": "Databehandleraftale", "url": "https://intra.example/dba"}]},
    )
    assert refs.status_code == 200 and refs.json()["references"][0]["title"] == (
        "Databehandleraftale"
    )
    update_events = AuditEvent.objects.filter(object_id=str(target.pk), action="update")
    changed = set().union(*(e.changes for e in update_events))
    assert {"roles", "costs", "references"} <= changed


def test_systemejer_edits_only_the_usages_they_own() -> None:
    org = make_organization()
    owner = make_user(organization=org, roles=["systemejer"])
    api = Api(owner)
    own, others = usage(org), usage(org)
    UsageRole.objects.create(usage=own, role_type=systemejer(), user=owner)
    base = f"/organizations/{org.pk}/usages"

    assert api.patch(f"{base}/{own.pk}", {"hosting": "saas"}).status_code == 200
    assert api.patch(f"{base}/{others.pk}", {"hosting": "saas"}).status_code == 403
    costs = {"costs": [{"year": 2025, "kind": "support", "amount": "10"}]}
    assert api.put(f"{base}/{own.pk}/costs", costs).status_code == 200
    assert api.put(f"{base}/{others.pk}/costs", costs).status_code == 403
    assert api.delete(f"{base}/{own.pk}").status_code == 403
    assert api.post(base, {"catalog_system_id": system().pk}).status_code == 403
    others.refresh_from_db()
    assert others.hosting == c.Hosting.UNDECIDED and not others.costs.exists()
    assert SystemUsage.objects.get(pk=own.pk).hosting == c.Hosting.SAAS

    # A systemejer may hand the role on; afterwards the usage is no longer theirs.
    handover = {"roles": [{"role_type_id": systemejer().pk, "person_name": "Ny ejer"}]}
    assert api.put(f"{base}/{own.pk}/roles", handover).status_code == 200
    assert api.patch(f"{base}/{own.pk}", {"hosting": "hybrid"}).status_code == 403


def test_usage_list_filters_search_sort_and_limits() -> None:
    org, other = make_organization(), make_organization()
    api = member(org, "laeser")
    social = unit(org, "Social")
    vendor = Vendor.objects.create(name="Kystdata")
    alpha = usage(org, "Alfa", lifecycle=c.Lifecycle.OPERATIONAL, responsible_unit=social)
    beta = usage(org, "Beta", catalog_system=system("Omsorg", vendor=vendor))
    gamma = usage(org, "Gamma", lifecycle=c.Lifecycle.OPERATIONAL, time_disposition="migrate")
    usage(other, "Alfa hos naboen", lifecycle=c.Lifecycle.OPERATIONAL)
    path = f"/organizations/{org.pk}/usages"

    def ids(**params: Any) -> list[int]:
        response = api.get(path, params)
        assert response.status_code == 200, response.content
        return [u["id"] for u in response.json()["items"]]

    assert ids() == [alpha.pk, beta.pk, gamma.pk]
    assert ids(lifecycle="operational") == [alpha.pk, gamma.pk]
    assert ids(unit=social.pk) == [alpha.pk]
    assert ids(vendor=vendor.pk) == [beta.pk]
    assert ids(q="kystdata") == [beta.pk]
    assert ids(q="omsorg") == [beta.pk]
    assert ids(time="migrate") == [gamma.pk]
    assert ids(sort="-name") == [gamma.pk, beta.pk, alpha.pk]
    assert ids(limit=1, offset=1) == [beta.pk]
    assert api.get(path, {"limit": 1}).json()["count"] == 3
    for bad in ({"limit": 101}, {"limit": 0}, {"sort": "hemmelig"}, {"unit": "abc"}):
        response = api.get(path, bad)
        assert response.status_code == 400 and response.json()["message"], bad
    assert "100" in api.get(path, {"limit": 101}).json()["message"]
