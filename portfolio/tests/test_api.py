"""Behaviour of the portfolio API: round trips, validation, filters, sync, permissions,
query counts and the audit trail. Access per role and isolation: test_api_access.py."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from ninja import Schema

from core.models import AuditEvent
from organizations.models import Organization, OrganizationUnit
from organizations.testing import make_organization, make_token, make_user
from portfolio import choices as c
from portfolio.api import catalog, contracts, integrations, processes, reference, shared, usages
from portfolio.models import (
    BusinessProcess,
    CatalogSystem,
    Contract,
    ContractPayment,
    ContractRole,
    DataObject,
    ExternalReference,
    Integration,
    KleSubject,
    ProcessStep,
    RoleType,
    SystemUsage,
    UsageCost,
    UsageRole,
    Vendor,
)

pytestmark = pytest.mark.django_db

V1 = "/api/v1"
_n = itertools.count(1)


class Api:
    """A test client speaking JSON with a personal API token."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.client = Client()
        self.headers: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {make_token(user)}"}

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.client.get(f"{V1}{path}", params or {}, **self.headers)

    def send(self, method: str, path: str, data: Any) -> Any:
        call = getattr(self.client, method)
        return call(f"{V1}{path}", data, content_type="application/json", **self.headers)

    def post(self, path: str, data: Any) -> Any:
        return self.send("post", path, data)

    def patch(self, path: str, data: Any) -> Any:
        return self.send("patch", path, data)

    def put(self, path: str, data: Any) -> Any:
        return self.send("put", path, data)

    def delete(self, path: str) -> Any:
        return self.client.delete(f"{V1}{path}", **self.headers)


def member(org: Organization, role: str = "redaktoer") -> Api:
    return Api(make_user(organization=org, roles=[role]))


def system(name: str = "", **fields: Any) -> CatalogSystem:
    fields.setdefault("business_type", c.BusinessType.FAGSYSTEM)
    return CatalogSystem.objects.create(name=name or f"System {next(_n)}", **fields)


def usage(org: Organization, name: str = "", **fields: Any) -> SystemUsage:
    fields.setdefault("catalog_system", system())
    return SystemUsage.objects.create(
        organization=org, local_name=name or f"Anvendelse {next(_n)}", **fields
    )


def unit(org: Organization, name: str = "") -> OrganizationUnit:
    return OrganizationUnit.objects.create(organization=org, name=name or f"Enhed {next(_n)}")


def kle(number: str) -> KleSubject:
    return KleSubject.objects.get(number=number)


def component() -> CatalogSystem:
    return CatalogSystem.objects.get(name="Serviceplatformen", owner_organization=None)


def systemejer() -> RoleType:
    return RoleType.objects.get(organization=None, key="systemejer")


def actions(model: str, pk: int) -> list[str]:
    return sorted(
        AuditEvent.objects.filter(object_id=str(pk), content_type__model=model).values_list(
            "action", flat=True
        )
    )


# Vendors and KLE (shared) ------------------------------------------------------------------


def test_vendor_round_trip_shared_reads_and_maintainer_rule() -> None:
    org, other = make_organization(), make_organization()
    buyer, neighbour = member(org, "indkoeber"), member(other, "administrator")

    created = buyer.post(
        f"/organizations/{org.pk}/vendors",
        {"name": "Nordlys Software A/S", "cvr": "29189846", "website": "https://nordlys.example"},
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["created_by_id"] == org.pk and body["uuid"] and body["cvr"] == "29189846"
    vendor_id = body["id"]

    # Shared: a member of any organization reads it, by list (q) and by id.
    found = neighbour.get("/vendors", {"q": "nordlys"}).json()
    assert [v["id"] for v in found["items"]] == [vendor_id] and found["count"] == 1
    assert neighbour.get(f"/vendors/{vendor_id}").json()["name"] == "Nordlys Software A/S"
    assert neighbour.get("/vendors", {"cvr": "29189846"}).json()["count"] == 1

    # Only the maintaining organization changes it; elsewhere it is not in the collection.
    path = f"/vendors/{vendor_id}"
    assert neighbour.patch(f"/organizations/{other.pk}{path}", {"name": "X"}).status_code == 404
    assert neighbour.delete(f"/organizations/{other.pk}{path}").status_code == 404
    patched = buyer.patch(f"/organizations/{org.pk}{path}", {"contact_name": "Ulla Berg"})
    assert patched.status_code == 200 and patched.json()["contact_name"] == "Ulla Berg"
    assert patched.json()["name"] == "Nordlys Software A/S"

    bad = buyer.post(f"/organizations/{org.pk}/vendors", {"name": "Y", "cvr": "29189847"})
    assert bad.status_code == 400 and "cvr" in bad.json()["errors"]
    duplicate = buyer.post(f"/organizations/{org.pk}/vendors", {"name": "Z", "cvr": "29189846"})
    assert duplicate.status_code == 400

    # In use -> 400; unused -> 204. Every write is audited.
    used = system(vendor_id=vendor_id)
    in_use = buyer.delete(f"/organizations/{org.pk}{path}")
    assert in_use.status_code == 400 and "bruges" in in_use.json()["errors"]["__all__"][0]
    used.delete()
    assert buyer.delete(f"/organizations/{org.pk}{path}").status_code == 204
    assert not Vendor.objects.filter(pk=vendor_id).exists()
    assert actions("vendor", vendor_id) == ["create", "delete", "update"]


def test_shared_data_needs_a_membership() -> None:
    loner = Api(make_user())
    assert loner.get("/vendors").status_code == 403
    assert loner.get("/kle").status_code == 403
    assert Client().get(f"{V1}/kle").status_code == 401


def test_kle_filters_sort_and_detail() -> None:
    api = member(make_organization(), "laeser")
    top = api.get("/kle", {"level": "hovedgruppe", "limit": 100}).json()
    assert top["count"] == KleSubject.objects.filter(level="hovedgruppe").count() > 0
    assert {s["level"] for s in top["items"]} == {"hovedgruppe"}
    children = api.get("/kle", {"parent": kle("90").pk, "limit": 100}).json()
    assert children["items"] and {s["parent_number"] for s in children["items"]} == {"90"}
    newest_first = api.get("/kle", {"sort": "-number", "limit": 1}).json()["items"][0]
    assert newest_first["number"] == KleSubject.objects.order_by("-number").first().number  # type: ignore[union-attr]
    detail = api.get(f"/kle/{kle('90.01.01').pk}").json()
    assert detail["title"] == "Budgetlægning" and detail["archive_code"] == "K"
    assert detail["parent_number"] == "90.01" and detail["deletion_years"] == 10
    assert api.get("/kle", {"q": "budget"}).json()["count"] >= 1
    assert api.get("/kle/999999").status_code == 404


# Catalog -------------------------------------------------------------------------------------


def test_catalog_is_shared_plus_own_local_entries() -> None:
    org, other = make_organization(), make_organization()
    api = member(org)
    shared = system("Fælles Journal")
    mine = system("Egen Journal", scope=c.Scope.LOCAL, owner_organization=org)
    theirs = system("Nabo Journal", scope=c.Scope.LOCAL, owner_organization=other)

    listed = api.get(f"/organizations/{org.pk}/catalog-systems", {"q": "journal"}).json()
    assert {s["id"] for s in listed["items"]} == {shared.pk, mine.pk}
    local = api.get(f"/organizations/{org.pk}/catalog-systems", {"scope": "local"}).json()
    assert [s["id"] for s in local["items"]] == [mine.pk]
    components = api.get(
        f"/organizations/{org.pk}/catalog-systems",
        {"business_type": "faelleskommunal", "limit": 100},
    ).json()
    assert "Serviceplatformen" in {s["name"] for s in components["items"]}
    assert api.get(f"/organizations/{org.pk}/catalog-systems/{theirs.pk}").status_code == 404


def test_catalog_create_propose_update_and_take_into_use() -> None:
    org, other = make_organization(), make_organization()
    api = member(org)
    vendor = Vendor.objects.create(name="Fjordsoft")
    created = api.post(
        f"/organizations/{org.pk}/catalog-systems",
        {
            "name": "Bookingsystem",
            "business_type": "selvbetjening",
            "vendor_id": vendor.pk,
            "kle_subject_ids": [kle("90.01.02").pk, kle("90.01.01").pk],
            "propose": True,
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["scope"] == "local" and body["owner_organization_id"] == org.pk
    assert body["proposed"] is True and body["vendor_name"] == "Fjordsoft"
    assert body["kle_subject_ids"] == sorted([kle("90.01.02").pk, kle("90.01.01").pk])
    system_id = body["id"]

    patched = api.patch(
        f"/organizations/{org.pk}/catalog-systems/{system_id}",
        {"former_names": "Booking 1", "kle_subject_ids": [], "parent_id": component().pk},
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["kle_subject_ids"] == [] and patched.json()["parent_name"] == (
        "Serviceplatformen"
    )
    assert actions("catalogsystem", system_id) == ["create", "update"]

    # The shared catalog is maintained centrally; another organization's entry is unknown.
    shared = api.patch(f"/organizations/{org.pk}/catalog-systems/{component().pk}", {"name": "X"})
    assert shared.status_code == 403
    theirs = system(scope=c.Scope.LOCAL, owner_organization=other)
    bad_parent = api.patch(
        f"/organizations/{org.pk}/catalog-systems/{system_id}", {"parent_id": theirs.pk}
    )
    assert bad_parent.status_code == 400 and "parent_id" in bad_parent.json()["errors"]
    assert theirs.name not in bad_parent.content.decode()

    taken = api.post(
        f"/organizations/{org.pk}/catalog-systems/{system_id}/take-into-use",
        {"local_name": "Booking i Borgerservice"},
    )
    assert taken.status_code == 201, taken.content
    assert taken.json()["lifecycle"] == "phasing_in"
    assert taken.json()["catalog_system_id"] == system_id
    assert SystemUsage.objects.filter(organization=org, catalog_system_id=system_id).count() == 1

    retired = system(deactivated=True)
    refused = api.post(f"/organizations/{org.pk}/catalog-systems/{retired.pk}/take-into-use", {})
    assert refused.status_code == 400 and "deaktiveret" in refused.content.decode()


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
        "update_cadence": "quarterly",
        "test_cadence": "yearly",
        "governance_responsible": "Digitalisering",
        "last_tested": "2024-11-20",
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


# Contracts --------------------------------------------------------------------------------


def test_contract_round_trip_payments_and_roles() -> None:
    org, other = make_organization(), make_organization()
    api = member(org, "indkoeber")
    vendor = Vendor.objects.create(name="Brovej Drift")
    covered = [usage(org), usage(org)]
    parent = Contract.objects.create(
        organization=org, name="Rammeaftale", end_date=dt.date(2026, 1, 1)
    )
    owner_unit = unit(org, "Indkøb")
    created = api.post(
        f"/organizations/{org.pk}/contracts",
        {
            "number": "K-2024-17",
            "name": "Drift af sagssystem",
            "vendor_id": vendor.pk,
            "usage_ids": [u.pk for u in covered],
            "contract_type": "operation",
            "procurement_form": "ski",
            "start_date": "2024-01-01",
            "end_date": "2027-12-31",
            "irrevocable_until": "2025-12-31",
            "notice_months": 6,
            "notice_runs_to": "quarter",
            "options_offered": 2,
            "options_used": 1,
            "dpa_required": True,
            "dpa_concluded": True,
            "dpa_date": "2024-01-15",
            "dpa_supervision_months": 12,
            "parent_id": parent.pk,
            "responsible_unit_id": owner_unit.pk,
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["vendor_name"] == "Brovej Drift" and body["parent_name"] == "Rammeaftale"
    assert body["usage_ids"] == sorted(u.pk for u in covered)
    assert body["responsible_unit_name"] == "Indkøb" and body["end_date"] == "2027-12-31"
    assert body["uuid"] and body["notice_runs_to"] == "quarter"
    path = f"/organizations/{org.pk}/contracts/{body['id']}"

    payments = api.put(
        f"{path}/payments",
        {
            "payments": [
                {"year": 2025, "stream": "operation", "amount": "480000"},
                {"year": 2024, "stream": "acquisition", "amount": 1250000.75},
            ]
        },
    )
    assert payments.status_code == 200, payments.content
    assert [(p["year"], p["stream"], p["amount"]) for p in payments.json()["payments"]] == [
        (2024, "acquisition", "1250000.75"),
        (2025, "operation", "480000.00"),
    ]
    twice = {"year": 2025, "stream": "operation", "amount": "1"}
    duplicate = api.put(f"{path}/payments", {"payments": [twice, twice]})
    assert duplicate.status_code == 400 and "payments" in duplicate.json()["errors"]
    assert ContractPayment.objects.filter(contract_id=body["id"]).count() == 2

    roles = api.put(
        f"{path}/roles",
        {"roles": [{"kind": "owner", "user_id": api.user.pk}, {"kind": "dpa", "person_name": "Å"}]},
    )
    assert roles.status_code == 200
    assert {r["kind"] for r in roles.json()["roles"]} == {"owner", "dpa"}
    assert ContractRole.objects.filter(contract_id=body["id"]).count() == 2

    foreign = api.patch(path, {"usage_ids": [usage(other).pk]})
    assert foreign.status_code == 400 and "usage_ids" in foreign.json()["errors"]
    too_many = api.patch(path, {"options_used": 3})
    assert too_many.status_code == 400
    patched = api.patch(path, {"terminated": True, "terminated_date": "2025-03-31"})
    assert patched.status_code == 200 and patched.json()["terminated"] is True
    assert patched.json()["usage_ids"] == sorted(u.pk for u in covered)

    listed = api.get(f"/organizations/{org.pk}/contracts", {"usage": covered[0].pk}).json()
    assert [x["id"] for x in listed["items"]] == [body["id"]]
    by_end = api.get(f"/organizations/{org.pk}/contracts", {"sort": "-end"}).json()
    assert by_end["items"][0]["id"] == body["id"]

    assert api.delete(path).status_code == 204
    assert actions("contract", body["id"]) == ["create", "delete", "update", "update", "update"]


# Integrations -------------------------------------------------------------------------------


def test_integration_targets_data_objects_and_validation() -> None:
    org, other = make_organization(), make_organization()
    api = member(org)
    source, target = usage(org, "Kilde"), usage(org, "Mål")
    cpr = DataObject.objects.create(organization=org, name="Cpr-oplysninger", personal_data=True)
    theirs = DataObject.objects.create(organization=other, name="Naboens data")
    contract = Contract.objects.create(organization=org, number="K1", name="Integrationsaftale")
    path = f"/organizations/{org.pk}/integrations"

    to_usage = api.post(
        path,
        {
            "source_usage_id": source.pk,
            "target_usage_id": target.pk,
            "interface_name": "Sagsudveksling",
            "technology": "api",
            "data_object_ids": [cpr.pk],
            "frequency": "realtime",
            "direction": "two_way",
            "contract_id": contract.pk,
        },
    )
    assert to_usage.status_code == 201, to_usage.content
    body = to_usage.json()
    assert body["source_usage_name"] == "Kilde" and body["target_usage_name"] == "Mål"
    assert body["target_component_id"] is None and body["data_object_ids"] == [cpr.pk]
    assert body["contract_name"] == "K1 Integrationsaftale" and body["uuid"]

    # Switch the target to a shared component.
    switched = api.patch(
        f"{path}/{body['id']}", {"target_usage_id": None, "target_component_id": component().pk}
    )
    assert switched.status_code == 200, switched.content
    assert switched.json()["target_component_name"] == "Serviceplatformen"
    assert switched.json()["target_usage_id"] is None

    base = {"source_usage_id": source.pk, "technology": "file"}
    for bad, field in (
        ({"target_usage_id": target.pk, "target_component_id": component().pk}, None),
        ({}, None),
        ({"target_component_id": system().pk}, "target_component"),
        ({"target_usage_id": source.pk}, "target"),
        ({"target_usage_id": target.pk, "data_object_ids": [theirs.pk]}, "data_object_ids"),
        ({"target_usage_id": usage(other).pk}, "target_usage_id"),
        ({"target_usage_id": target.pk, "technology": "telepati"}, None),
    ):
        response = api.post(path, {**base, **bad})
        assert response.status_code == 400, (bad, response.content)
        if field:
            assert field in response.json()["errors"], (bad, response.json())
    assert Integration.objects.filter(organization=org).count() == 1

    listed = api.get(path, {"component": component().pk}).json()
    assert [i["id"] for i in listed["items"]] == [body["id"]]
    assert api.get(path, {"status": "retired"}).json()["count"] == 0
    assert api.delete(f"{path}/{body['id']}").status_code == 204
    assert actions("integration", body["id"]) == ["create", "delete", "update"]


# Processes ---------------------------------------------------------------------------------


def test_process_round_trip_and_steps() -> None:
    org, other = make_organization(), make_organization()
    api = member(org)
    case_system, portal = usage(org, "Sagssystem"), usage(org, "Selvbetjening")
    address = DataObject.objects.create(organization=org, name="Adresse")
    cpr = DataObject.objects.create(organization=org, name="Cpr-nummer")
    desk = unit(org, "Byggesagsbehandling")
    path = f"/organizations/{org.pk}/processes"

    parent = api.post(path, {"name": "Byg og miljø"}).json()
    created = api.post(
        path,
        {
            "name": "Byggetilladelse",
            "parent_id": parent["id"],
            "owner_unit_id": desk.pk,
            "kle_subject_id": kle("90.01").pk,
            "description": "Fra ansøgning til afgørelse",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["parent_name"] == "Byg og miljø" and body["owner_unit_name"] == desk.name
    assert body["kle_subject_number"] == "90.01" and body["steps"] == []

    steps = api.put(
        f"{path}/{body['id']}/steps",
        {
            "steps": [
                {
                    "name": "Modtag ansøgning",
                    "usage_ids": [portal.pk],
                    "collects_ids": [cpr.pk, address.pk],
                },
                {
                    "name": "Behandl sag",
                    "unit_id": desk.pk,
                    "usage_ids": [case_system.pk],
                    "reads_ids": [cpr.pk],
                    "collects_ids": [cpr.pk],
                },
            ]
        },
    )
    assert steps.status_code == 200, steps.content
    got = steps.json()["steps"]
    assert [(s["order"], s["name"]) for s in got] == [(1, "Modtag ansøgning"), (2, "Behandl sag")]
    assert got[0]["collects_ids"] == sorted([cpr.pk, address.pk])
    assert got[1]["usage_ids"] == [case_system.pk] and got[1]["reads_ids"] == [cpr.pk]
    assert got[1]["unit_name"] == "Byggesagsbehandling"

    foreign = api.put(
        f"{path}/{body['id']}/steps", {"steps": [{"name": "X", "usage_ids": [usage(other).pk]}]}
    )
    assert foreign.status_code == 400 and "usage_ids" in foreign.json()["errors"]
    assert ProcessStep.objects.filter(process_id=body["id"]).count() == 2

    cycle = api.patch(f"{path}/{parent['id']}", {"parent_id": body["id"]})
    assert cycle.status_code == 400 and "parent" in cycle.json()["errors"]
    listed = api.get(path, {"parent": parent["id"]}).json()
    assert [p["id"] for p in listed["items"]] == [body["id"]]
    assert api.get(path, {"kle": "90.01"}).json()["count"] == 1

    assert api.delete(f"{path}/{parent['id']}").status_code == 204
    assert not BusinessProcess.objects.filter(pk=body["id"]).exists()  # nested: cascades
    assert actions("businessprocess", body["id"]) == ["create", "update"]


# Reference lists ---------------------------------------------------------------------------


def test_role_types_and_data_objects() -> None:
    org, other = make_organization(), make_organization()
    api = member(org)
    RoleType.objects.create(organization=org, key="kontakt", name="Kontaktperson")
    RoleType.objects.create(organization=other, key="naboens", name="Naboens rolle")
    keys = {r["key"]: r for r in api.get(f"/organizations/{org.pk}/role-types").json()["items"]}
    assert keys["systemejer"]["grants_edit"] is True and "kontakt" in keys
    assert "naboens" not in keys

    path = f"/organizations/{org.pk}/data-objects"
    created = api.post(path, {"name": "Sundhedsdata", "personal_data": True})
    assert created.status_code == 201 and created.json()["personal_data"] is True
    assert api.post(path, {"name": "Sundhedsdata"}).status_code == 400
    DataObject.objects.create(organization=org, name="Vejnavne")
    DataObject.objects.create(organization=other, name="Naboens data")
    personal = api.get(path, {"personal_data": "1"}).json()
    assert [d["name"] for d in personal["items"]] == ["Sundhedsdata"]
    assert api.get(path).json()["count"] == 2
    assert actions("dataobject", created.json()["id"]) == ["create"]


# Query counts ------------------------------------------------------------------------------


def _fill_usages(org: Organization, n: int) -> None:
    units = [unit(org) for _ in range(3)]
    catalog = system(vendor=Vendor.objects.create(name="Mængde A/S"))
    usages = SystemUsage.objects.bulk_create(
        SystemUsage(
            organization=org,
            catalog_system=catalog,
            local_name=f"U{i:03d}",
            responsible_unit=units[0],
        )
        for i in range(n)
    )
    subjects = list(KleSubject.objects.all()[:2])
    SystemUsage.using_units.through.objects.bulk_create(
        SystemUsage.using_units.through(systemusage=u, organizationunit=x)
        for u in usages
        for x in units[1:]
    )
    SystemUsage.kle_additions.through.objects.bulk_create(
        SystemUsage.kle_additions.through(systemusage=u, klesubject=subjects[0]) for u in usages
    )
    SystemUsage.kle_removals.through.objects.bulk_create(
        SystemUsage.kle_removals.through(systemusage=u, klesubject=subjects[1]) for u in usages
    )
    user = make_user(organization=org, roles=["laeser"])
    UsageRole.objects.bulk_create(
        UsageRole(usage=u, role_type=systemejer(), user=user) for u in usages
    )
    UsageCost.objects.bulk_create(
        UsageCost(usage=u, year=2025, kind="license", amount=100) for u in usages
    )
    ExternalReference.objects.bulk_create(
        ExternalReference(usage=u, title="Aftale", url="https://x.example") for u in usages
    )


def _fill_contracts(org: Organization, n: int) -> None:
    covered = usage(org)
    vendor = Vendor.objects.create(name="Kontraktleverandør")
    contracts = Contract.objects.bulk_create(
        Contract(organization=org, name=f"K{i:03d}", vendor=vendor, responsible_unit=unit(org))
        for i in range(n)
    )
    Contract.usages.through.objects.bulk_create(
        Contract.usages.through(contract=k, systemusage=covered) for k in contracts
    )
    ContractPayment.objects.bulk_create(
        ContractPayment(contract=k, year=2025, stream="operation", amount=1) for k in contracts
    )
    user = make_user(organization=org, roles=["laeser"])
    ContractRole.objects.bulk_create(
        ContractRole(contract=k, kind="owner", user=user) for k in contracts
    )


def _fill_integrations(org: Organization, n: int) -> None:
    source, target = usage(org), usage(org)
    data = DataObject.objects.create(organization=org, name="Data")
    contract = Contract.objects.create(organization=org, name="Aftale")
    integrations = Integration.objects.bulk_create(
        Integration(
            organization=org,
            source=source,
            target=target if i % 2 else None,
            target_component=None if i % 2 else component(),
            technology="api",
            contract=contract,
        )
        for i in range(n)
    )
    Integration.data_objects.through.objects.bulk_create(
        Integration.data_objects.through(integration=i, dataobject=data) for i in integrations
    )


def _fill_processes(org: Organization, n: int) -> None:
    used = usage(org)
    data = DataObject.objects.create(organization=org, name="Data")
    owner = unit(org)
    processes = BusinessProcess.objects.bulk_create(
        BusinessProcess(organization=org, name=f"P{i:03d}", owner_unit=owner, kle_subject=kle("90"))
        for i in range(n)
    )
    steps = ProcessStep.objects.bulk_create(
        ProcessStep(process=p, order=o, name=f"Trin {o}", unit=owner)
        for p in processes
        for o in (1, 2)
    )
    for relation, target in (("usages", used), ("collects", data), ("reads", data)):
        through = getattr(ProcessStep, relation).through
        field = ProcessStep._meta.get_field(relation).m2m_reverse_field_name()  # type: ignore[union-attr]
        through.objects.bulk_create(through(processstep=s, **{field: target}) for s in steps)


def _fill_catalog(org: Organization, n: int) -> None:
    subjects = list(KleSubject.objects.all()[:2])
    systems = CatalogSystem.objects.bulk_create(
        CatalogSystem(
            name=f"Katalog {i:03d}",
            business_type="fagsystem",
            vendor=Vendor.objects.get_or_create(name="Katalogleverandør")[0],
            parent=component(),
            scope=c.Scope.LOCAL,
            owner_organization=org,
        )
        for i in range(n)
    )
    CatalogSystem.kle_subjects.through.objects.bulk_create(
        CatalogSystem.kle_subjects.through(catalogsystem=s, klesubject=k)
        for s in systems
        for k in subjects
    )


def _fill_vendors(org: Organization, n: int) -> None:
    Vendor.objects.bulk_create(Vendor(name=f"V{i:03d}", created_by=org) for i in range(n))


def _fill_kle(org: Organization, n: int) -> None:
    top = KleSubject.objects.create(number="80", title="Test", level="hovedgruppe")
    KleSubject.objects.bulk_create(
        KleSubject(number=f"80.{i:02d}", title=f"Gruppe {i}", level="gruppe", parent=top)
        for i in range(n if n < 100 else 99)
    )


def _fill_data_objects(org: Organization, n: int) -> None:
    DataObject.objects.bulk_create(DataObject(organization=org, name=f"D{i:03d}") for i in range(n))


LISTS = {
    "/organizations/{org}/usages": _fill_usages,
    "/organizations/{org}/contracts": _fill_contracts,
    "/organizations/{org}/integrations": _fill_integrations,
    "/organizations/{org}/processes": _fill_processes,
    "/organizations/{org}/catalog-systems": _fill_catalog,
    "/organizations/{org}/data-objects": _fill_data_objects,
    "/organizations/{org}/role-types": lambda org, n: None,
    "/vendors": _fill_vendors,
    "/kle": _fill_kle,
}


@pytest.mark.parametrize("path", list(LISTS))
def test_list_query_count_is_constant_in_the_page_size(path: str) -> None:
    org = make_organization()
    LISTS[path](org, 110)
    url = path.format(org=org.pk)
    counts = []
    for limit in (10, 50, 100):
        api = member(org, "laeser")  # a fresh token: its first use also records last_used_at
        with CaptureQueriesContext(connection) as ctx:
            response = api.get(url, {"limit": limit})
        assert response.status_code == 200, response.content
        body = response.json()
        assert len(body["items"]) == min(limit, body["count"])
        if path != "/organizations/{org}/role-types":
            assert len(body["items"]) == limit
        counts.append(len(ctx.captured_queries))
    assert len(set(counts)) == 1 and counts[0] <= 10, (
        counts,
        [q["sql"][:120] for q in ctx.captured_queries],
    )


def test_many_to_many_ids_come_from_one_query() -> None:
    org = make_organization()
    _fill_usages(org, 5)
    api = member(org, "laeser")
    items = api.get(f"/organizations/{org.pk}/usages").json()["items"]
    assert len(items) == 5
    assert all(len(u["using_unit_ids"]) == 2 and len(u["kle_addition_ids"]) == 1 for u in items)
    assert all(u["roles"][0]["role_type_key"] == "systemejer" for u in items)
    assert all(u["costs"][0]["amount"] == "100.00" for u in items)


# Schema ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "model"),
    [
        (usages.UsageIn, SystemUsage),
        (contracts.ContractIn, Contract),
        (integrations.IntegrationIn, Integration),
        (catalog.CatalogIn, CatalogSystem),
        (shared.VendorIn, Vendor),
        (reference.DataObjectIn, DataObject),
        (processes.ProcessIn, BusinessProcess),
    ],
)
def test_input_defaults_are_the_models_defaults(schema: type[Schema], model: Any) -> None:
    names = {f.name for f in model._meta.concrete_fields}
    checked = 0
    for name, info in schema.model_fields.items():
        if name not in names or info.is_required():
            continue
        assert info.default == model._meta.get_field(name).get_default(), (model, name)
        checked += 1
    assert checked >= 1


def test_openapi_documents_the_list_parameters() -> None:
    schema = Client().get(f"{V1}/openapi.json").json()
    usage_list = schema["paths"][f"{V1}/organizations/{{org_id}}/usages"]["get"]
    params = {p["name"]: p for p in usage_list["parameters"]}
    assert {"org_id", "q", "lifecycle", "unit", "sort", "changed_since", "limit"} <= set(params)
    assert "-name" in params["sort"]["schema"]["enum"]
    assert params["limit"]["schema"]["maximum"] == 100
    payment = schema["components"]["schemas"]["PaymentOut"]["properties"]["amount"]
    assert payment["type"] == "string" and "decimal" in payment["description"]
