"""Behaviour of the portfolio API: shared vendors and KLE, the catalog, reference lists and
the schemas. Usages, records and query counts have their own modules; access per role and
isolation: test_api_access.py."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from ninja import Schema

from organizations.testing import make_organization, make_user
from portfolio import choices as c
from portfolio.api import catalog, contracts, integrations, processes, reference, shared, usages
from portfolio.models import (
    BusinessProcess,
    CatalogSystem,
    Contract,
    DataObject,
    Integration,
    KleSubject,
    RoleType,
    SystemUsage,
    Vendor,
)
from portfolio.tests.api_helpers import (
    V1,
    Api,
    actions,
    component,
    kle,
    member,
    system,
)

pytestmark = pytest.mark.django_db


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
