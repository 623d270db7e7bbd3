"""The contract, integration and process APIs: round trips, child rows and validation."""

from __future__ import annotations

import datetime as dt

import pytest

from organizations.testing import make_organization
from portfolio.models import (
    BusinessProcess,
    Contract,
    ContractPayment,
    ContractRole,
    DataObject,
    Integration,
    ProcessStep,
    Vendor,
)
from portfolio.tests.api_helpers import (
    actions,
    component,
    kle,
    member,
    system,
    unit,
    usage,
)

pytestmark = pytest.mark.django_db


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
