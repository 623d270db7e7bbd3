"""What the analysis tests share: builders of small hand-made landscapes, the reader's
client and API call, and query counting."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations.models import Organization, OrganizationUnit
from organizations.testing import make_token, make_user
from portfolio import analysis
from portfolio import choices as c
from portfolio.models import (
    BusinessProcess,
    CatalogSystem,
    Contract,
    ContractPayment,
    Integration,
    KleSubject,
    ProcessStep,
    RoleType,
    SystemUsage,
    UsageCost,
    UsageRole,
    Vendor,
)

D = Decimal
TODAY = dt.date(2025, 6, 15)


def kle(*numbers: str) -> list[KleSubject]:
    return list(KleSubject.objects.filter(number__in=numbers))


def system(
    name: str,
    *,
    vendor: Vendor | None = None,
    business_type: str = c.BusinessType.FAGSYSTEM,
    subjects: tuple[str, ...] = (),
) -> CatalogSystem:
    catalog = CatalogSystem.objects.create(name=name, vendor=vendor, business_type=business_type)
    catalog.kle_subjects.set(kle(*subjects))
    return catalog


def usage(
    org: Organization,
    name: str,
    catalog: CatalogSystem | None = None,
    **fields: Any,
) -> SystemUsage:
    fields.setdefault("lifecycle", c.Lifecycle.OPERATIONAL)
    return SystemUsage.objects.create(
        organization=org,
        catalog_system=catalog or system(f"Katalog {name}"),
        local_name=name,
        **fields,
    )


def unit(org: Organization, name: str, parent: OrganizationUnit | None = None) -> OrganizationUnit:
    return OrganizationUnit.objects.create(organization=org, name=name, parent=parent)


def flow(org: Organization, source: SystemUsage, target: Any, **fields: Any) -> Integration:
    if isinstance(target, CatalogSystem):
        fields["target_component"] = target
    else:
        fields["target"] = target
    return Integration.objects.create(
        organization=org, source=source, technology=c.Technology.API, **fields
    )


def systemejer(usage_obj: SystemUsage) -> None:
    role = RoleType.objects.get(organization=None, key="systemejer")
    UsageRole.objects.create(usage=usage_obj, role_type=role, person_name="Sofie Systemejer")


def reader(org: Organization) -> Any:
    return make_user(organization=org, roles=["laeser"])


def cost_landscape(org: Organization) -> dict[str, Any]:
    """Three usages, own cost lines and two contracts (one covering no usage).

    2025: U1 own 1.000,00; U2 own 200,50; C1 (vendor V2) pays 100,00 split over
    U1/U2/U3 as 33,34/33,33/33,33; C2 (no vendor, unit F2) pays 50,00 to nobody.
    """
    forvaltning1 = unit(org, "F1 Social")
    team = unit(org, "T1 Visitation", unit(org, "A1 Myndighed", forvaltning1))
    forvaltning2 = unit(org, "F2 Teknik")
    v1 = Vendor.objects.create(name="Alfa Data")
    v2 = Vendor.objects.create(name="Beta Systemer")
    s1 = system("Omsorg", vendor=v1, subjects=("90.01.01", "92.01.01"))
    s2 = system(
        "Selvbetjening",
        vendor=v2,
        business_type=c.BusinessType.SELVBETJENING,
        subjects=("90.02.01",),
    )
    s3 = system("Netværk", business_type=c.BusinessType.INFRASTRUKTUR)
    u1 = usage(org, "U1", s1, responsible_unit=team)
    u1.kle_removals.set(kle("92.01.01"))
    u1.kle_additions.set(kle("91.01.01"))
    u2 = usage(org, "U2", s2, responsible_unit=forvaltning2)
    u3 = usage(org, "U3", s3)
    UsageCost.objects.create(usage=u1, year=2025, kind=c.CostKind.LICENSE, amount=D("1000.00"))
    UsageCost.objects.create(usage=u1, year=2024, kind=c.CostKind.LICENSE, amount=D("500.00"))
    UsageCost.objects.create(usage=u2, year=2025, kind=c.CostKind.OPERATION, amount=D("200.50"))
    c1 = Contract.objects.create(organization=org, name="C1", vendor=v2)
    c1.usages.set([u1, u2, u3])
    ContractPayment.objects.create(
        contract=c1, year=2025, stream=c.PaymentStream.OPERATION, amount=D("100.00")
    )
    c2 = Contract.objects.create(organization=org, name="C2", responsible_unit=forvaltning2)
    ContractPayment.objects.create(
        contract=c2, year=2025, stream=c.PaymentStream.OTHER, amount=D("50.00")
    )
    return {"u1": u1, "u2": u2, "u3": u3, "f1": forvaltning1, "f2": forvaltning2}


def amounts(rows: list[analysis.CostRow]) -> dict[str, Decimal]:
    return {row.label: row.amount for row in rows}


def impact_landscape(org: Organization) -> dict[str, Any]:
    """ESDH → Økonomi → Løn → ESDH (a cycle), Økonomi ⇄ Indkøb (two-way), Løn →
    Serviceplatformen ← Portal (component), a retired Løn → Arkiv, Arkiv → ESDH upstream."""
    sp = CatalogSystem.objects.get(name="Serviceplatformen")
    u = {name: usage(org, name) for name in ("ESDH", "Økonomi", "Løn", "Indkøb", "Portal", "Arkiv")}
    flow(org, u["ESDH"], u["Økonomi"], interface_name="Bilag")
    flow(org, u["Økonomi"], u["Løn"])
    flow(org, u["Løn"], u["ESDH"])
    flow(org, u["Økonomi"], u["Indkøb"], direction=c.Direction.TWO_WAY)
    flow(org, u["Løn"], sp, direction=c.Direction.TWO_WAY)
    flow(org, u["Portal"], sp, direction=c.Direction.TWO_WAY)
    flow(org, u["Løn"], u["Arkiv"], status=c.IntegrationStatus.RETIRED)
    flow(org, u["Arkiv"], u["ESDH"])
    process = BusinessProcess.objects.create(organization=org, name="Lønkørsel")
    step1 = ProcessStep.objects.create(process=process, order=1, name="Godkend bilag")
    step1.usages.set([u["ESDH"]])
    step2 = ProcessStep.objects.create(
        process=process, order=2, name="Udbetal løn", unit=unit(org, "Løn og Personale")
    )
    step2.usages.set([u["Løn"], u["Portal"]])
    step3 = ProcessStep.objects.create(process=process, order=3, name="Arkivér")
    step3.usages.set([u["Arkiv"]])
    return u


def chart_specs(html: str) -> dict[str, Any]:
    return {
        m.group(1): json.loads(m.group(2))
        for m in re.finditer(
            r'<script id="([\w-]+)" type="application/json">(.*?)</script>', html, re.S
        )
    }


def api_get(org: Organization, path: str, *, legacy: bool = False, **params: Any) -> Any:
    token = make_token(reader(org))
    from django.test import Client

    url = (
        f"/api/v1/analysis/organizations/{org.pk}/{path}"
        if legacy
        else f"/api/v1/organizations/{org.pk}/analyses/{path}"
    )
    return Client().get(url, params, HTTP_AUTHORIZATION=f"Bearer {token}")


def queries(func: Any, **kwargs: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        func(**kwargs)
    return len(ctx.captured_queries)


def grow(org: Organization, n: int) -> None:
    """Add n usages with costs, contracts, roles, KLE, integrations and process steps."""
    component = CatalogSystem.objects.get(name="Serviceplatformen")
    process = BusinessProcess.objects.create(organization=org, name=f"Proces {n}")
    previous = None
    forvaltning = unit(org, f"Forvaltning {n}")
    for i in range(n):
        u = usage(
            org,
            f"Vækst {n}-{i}",
            system(
                f"Vækstsystem {n}-{i}",
                vendor=Vendor.objects.create(name=f"V{n}-{i}"),
                subjects=("90.01.01",),
            ),
            responsible_unit=unit(org, f"Team {n}-{i}", forvaltning),
            data_sensitivity=c.DataSensitivity.PERSONAL,
            functional_fit=1 + i % 4,
            technical_fit=1 + (i * 3) % 4,
            time_disposition=c.TimeDisposition.INVEST,
            valid_from=dt.date(2020 + i % 5, 1, 1),
        )
        u.kle_additions.set(kle("91.01.01"))
        u.using_units.set([forvaltning])
        systemejer(u)
        UsageCost.objects.create(usage=u, year=2025, kind=c.CostKind.OTHER, amount=D(10))
        contract = Contract.objects.create(
            organization=org,
            name=f"K {n}-{i}",
            end_date=dt.date(2025, 12, 31),
            notice_months=3,
            notice_runs_to=c.NoticeRunsTo.QUARTER,
            options_offered=1,
            dpa_concluded=True,
        )
        contract.usages.set([u])
        ContractPayment.objects.create(
            contract=contract, year=2025, stream=c.PaymentStream.OPERATION, amount=D(5)
        )
        if previous is not None:
            flow(org, previous, u, direction=c.Direction.TWO_WAY)
        flow(org, u, component)
        step = ProcessStep.objects.create(process=process, order=i + 1, name=f"Trin {i}")
        step.usages.set([u])
        previous = u
