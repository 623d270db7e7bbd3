"""Every portfolio API list costs the same number of queries whatever the page size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations.models import Organization
from organizations.testing import make_organization, make_user
from portfolio import choices as c
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
    SystemUsage,
    UsageCost,
    UsageRole,
    Vendor,
)
from portfolio.tests.api_helpers import (
    component,
    kle,
    member,
    system,
    systemejer,
    unit,
    usage,
)

pytestmark = pytest.mark.django_db


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
