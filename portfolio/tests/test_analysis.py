"""The portfolio analyses on small hand-made landscapes: costs, contract calendar, data
quality, overlap, integration map, impact and TIME - through the functions, the pages and
the API, with pinned query counts."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.charts import breakdown_chart
from core.testing import assert_constant_queries
from organizations.models import Organization, OrganizationUnit
from organizations.testing import logged_in_client, make_organization, make_token, make_user
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

pytestmark = pytest.mark.django_db
D = Decimal
TODAY = dt.date(2025, 6, 15)


# Builders ------------------------------------------------------------------------------


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


# Shared helpers ------------------------------------------------------------------------


def test_split_evenly_adds_up_to_the_ore() -> None:
    assert analysis.split_evenly(D("100.00"), 3) == [D("33.34"), D("33.33"), D("33.33")]
    assert analysis.split_evenly(D("0.02"), 3) == [D("0.01"), D("0.01"), D("0.00")]
    assert sum(analysis.split_evenly(D("-10.00"), 3)) == D("-10.00")
    assert analysis.split_evenly(D("5"), 1) == [D("5.00")]
    with pytest.raises(ValueError):
        analysis.split_evenly(D(1), 0)


def test_effective_kle_adds_and_removes_locally() -> None:
    result = analysis.effective_kle(
        {1: 10, 2: 10, 3: 11},
        [(10, 100), (10, 101)],
        [(1, 102), (9, 103)],  # usage 9 is not analysed
        [(2, 101), (9, 100)],
    )
    assert result == {1: {100, 101, 102}, 2: {100}, 3: set()}


def test_unit_index_walks_the_tree_from_one_query() -> None:
    org = make_organization()
    top = unit(org, "Børn og Unge")
    mid = unit(org, "Skoler", top)
    team = unit(org, "Skole-IT", mid)
    other = unit(org, "Teknik og Miljø")
    with CaptureQueriesContext(connection) as ctx:
        index = analysis.UnitIndex(org)
    assert len(ctx.captured_queries) == 1
    assert index.root(team.pk) == top.pk
    assert index.root(mid.pk) == top.pk  # cached on the way up
    assert index.root(other.pk) == other.pk
    assert index.subtree(mid.pk) == {mid.pk, team.pk}
    assert [o.label for o in index.options()] == [
        "Børn og Unge",
        "\u2003Skoler",
        "\u2003\u2003Skole-IT",
        "Teknik og Miljø",
    ]


# Costs ---------------------------------------------------------------------------------


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


def test_costs_split_contracts_evenly_and_every_breakdown_adds_up() -> None:
    org = make_organization(population=1000)
    cost_landscape(org)
    # Noise: another organization's costs never count.
    other = make_organization()
    UsageCost.objects.create(
        usage=usage(other, "Fremmed"), year=2025, kind=c.CostKind.OTHER, amount=D("999.00")
    )
    result = analysis.cost_analysis(organization=org, year=2025)
    assert (result.own_total, result.contract_total, result.total) == (
        D("1200.50"),
        D("150.00"),
        D("1350.50"),
    )
    assert result.unallocated == D("50.00")
    assert result.per_inhabitant == D("1.35")
    assert result.years == [2024, 2025]
    assert amounts(result.by_forvaltning) == {
        "F1 Social": D("1033.34"),
        "F2 Teknik": D("283.83"),  # 200,50 + 33,33 + C2's 50,00 by its responsible unit
        "Ikke angivet": D("33.33"),
    }
    assert amounts(result.by_vendor) == {
        "Alfa Data": D("1000.00"),
        "Beta Systemer": D("300.50"),  # own 200,50 + all of C1 (the contract's vendor)
        "Ikke angivet": D("50.00"),
    }
    assert amounts(result.by_kle) == {
        "90 Administration og styring": D("750.50"),  # 500 + 16,67 + 233,83
        "91 Børn og unge": D("516.67"),  # local addition; 92 was removed locally
        "Intet KLE-emne": D("33.33"),
        "Ikke fordelt på systemer": D("50.00"),
    }
    assert amounts(result.by_business_type) == {
        "Fagsystem": D("1033.34"),
        "Selvbetjeningsløsning": D("233.83"),
        "Infrastruktur": D("33.33"),
        "Ikke fordelt på systemer": D("50.00"),
    }
    for rows in (result.by_forvaltning, result.by_vendor, result.by_kle, result.by_business_type):
        assert sum(row.amount for row in rows) == result.total
    assert result.by_forvaltning[0].share == D("76.5")
    top = [(s.name, s.own, s.contracts, s.total) for s in result.top_systems]
    assert top == [
        ("U1", D("1000.00"), D("33.34"), D("1033.34")),
        ("U2", D("200.50"), D("33.33"), D("233.83")),
        ("U3", D("0.00"), D("33.33"), D("33.33")),
    ]


def test_costs_without_population_or_spending() -> None:
    org = make_organization()
    result = analysis.cost_analysis(organization=org, today=dt.date(2031, 3, 1))
    assert result.year == 2031 and result.years == [2031]
    assert result.total == 0 and result.per_inhabitant is None
    assert result.by_vendor == [] and result.top_systems == []


def test_top_systems_stop_at_twenty() -> None:
    org = make_organization()
    for n in range(22):
        UsageCost.objects.create(
            usage=usage(org, f"S{n:02d}"), year=2025, kind=c.CostKind.OTHER, amount=D(n + 1)
        )
    result = analysis.cost_analysis(organization=org, year=2025)
    assert len(result.top_systems) == 20
    assert result.top_systems[0].name == "S21"


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


def test_every_analysis_uses_a_constant_number_of_queries() -> None:
    org = make_organization()
    grow(org, 2)
    first = SystemUsage.objects.get(organization=org, local_name="Vækst 2-0")

    def counts() -> dict[str, int]:
        return {
            "costs": queries(analysis.cost_analysis, organization=org, year=2025),
            "calendar": queries(analysis.contract_calendar, organization=org, today=TODAY),
            "quality": queries(analysis.data_quality, organization=org, today=TODAY),
            "overlap": queries(analysis.overlap, organization=org),
            "map": queries(analysis.integration_map, organization=org),
            "impact": queries(analysis.impact_analysis, organization=org, usage=first),
            "time": queries(analysis.time_analysis, organization=org, today=TODAY),
        }

    small = counts()
    grow(org, 12)
    large = counts()
    assert small == large
    assert large == {
        "costs": 11,
        "calendar": 1,
        "quality": 7,
        "overlap": 6,
        "map": 7,
        "impact": 4,
        "time": 1,
    }
    top = OrganizationUnit.objects.filter(organization=org, parent=None).first()
    assert top is not None
    filtered = queries(analysis.integration_map, organization=org, unit=str(top.pk), group="90")
    assert filtered == 8


# Contract calendar ---------------------------------------------------------------------


def test_contract_calendar_lists_deadlines_in_the_window() -> None:
    org = make_organization()
    vendor = Vendor.objects.create(name="Gamma IT")
    quarter = Contract.objects.create(
        organization=org,
        name="Kvartal",
        vendor=vendor,
        end_date=dt.date(2025, 12, 31),
        notice_months=3,
        notice_runs_to=c.NoticeRunsTo.QUARTER,
        options_offered=2,
        options_used=1,
    )
    Contract.objects.create(  # ends 15-11, so notice to 30-09 must be given by 30-06
        organization=org,
        name="Midt i kvartal",
        end_date=dt.date(2025, 11, 15),
        notice_months=3,
        notice_runs_to=c.NoticeRunsTo.QUARTER,
    )
    Contract.objects.create(  # notice deadline passed, not yet expired
        organization=org,
        name="For sent",
        end_date=dt.date(2025, 8, 31),
        notice_months=6,
        notice_runs_to=c.NoticeRunsTo.MONTH,
    )
    Contract.objects.create(
        organization=org,
        name="Løbende",
        notice_months=3,
        notice_runs_to=c.NoticeRunsTo.YEAR,
        irrevocable_until=dt.date(2026, 12, 31),
    )
    Contract.objects.create(
        organization=org, name="Langt ude", end_date=dt.date(2027, 12, 31), notice_months=1
    )
    result = analysis.contract_calendar(organization=org, months=6, today=TODAY)
    assert [(e.date, e.kind, e.contract) for e in result.events] == [
        (dt.date(2025, 6, 30), "notice", "Midt i kvartal"),
        (dt.date(2025, 8, 31), "expiry", "For sent"),
        (dt.date(2025, 9, 30), "notice", "Kvartal"),
        (dt.date(2025, 11, 15), "expiry", "Midt i kvartal"),
    ]
    assert result.events[0].kind_label == "Sidste opsigelsesdag"
    assert [(w.months, w.notice, w.expiry, w.option) for w in result.windows] == [
        (3, 1, 1, 0),
        (6, 2, 2, 0),
        (12, 2, 3, 1),
        (24, 2, 3, 1),
    ]
    assert [r.name for r in result.notice_passed] == ["For sent"]
    (open_ended,) = result.open_ended
    assert open_ended.termination_date == dt.date(2026, 12, 31)
    row = next(r for r in result.contracts if r.contract_id == quarter.pk)
    assert row.vendor == "Gamma IT" and row.options_remaining == 1
    assert row.extensions == [dt.date(2026, 12, 31)]
    assert row.notice_runs_to_label == "Udgangen af et kvartal"
    assert len(result.by_month) == 7 and result.by_month[0].month == "2025-06"
    assert result.by_month[0].notice == 1
    with pytest.raises(ValueError):
        analysis.contract_calendar(organization=org, months=5)


# Data quality --------------------------------------------------------------------------


def test_data_quality_scores_and_gaps() -> None:
    org = make_organization()
    team = unit(org, "Borgerservice")
    complete = usage(
        org,
        "Komplet",
        system("Komplet system", subjects=("97.01.01",)),
        responsible_unit=team,
        hosting=c.Hosting.SAAS,
        data_sensitivity=c.DataSensitivity.SENSITIVE,
        gdpr_purpose="Sagsbehandling",
        risk_assessment_done=True,
        archive_duty=c.ArchiveDuty.B,
        time_disposition=c.TimeDisposition.INVEST,
        functional_fit=4,
        technical_fit=4,
        user_count=c.UserCount.OVER_100,
    )
    systemejer(complete)
    dpa = Contract.objects.create(organization=org, name="Med DPA", dpa_concluded=True)
    dpa.usages.set([complete])
    personal = usage(org, "Persondata", data_sensitivity=c.DataSensitivity.PERSONAL)
    expired = Contract.objects.create(
        organization=org, name="Udløbet", end_date=dt.date(2024, 12, 31), dpa_concluded=True
    )
    expired.usages.set([personal])
    usage(
        org,
        "Selvbetjening",
        system("Portal", business_type=c.BusinessType.SELVBETJENING),
        accessibility_statement_url="https://was.digst.dk/eksempel",
        wcag_date=dt.date(2024, 1, 1),
    )
    usage(org, "Ude af drift", lifecycle=c.Lifecycle.NOT_IN_USE)
    usage(
        org,
        "Modsigelse",
        time_disposition=c.TimeDisposition.ELIMINATE,
        functional_fit=4,
        technical_fit=3,
    )
    result = analysis.data_quality(organization=org, today=TODAY)
    assert result.count == 4
    scores = {u.name: u.score for u in result.usages}
    assert scores["Komplet"] == 100
    # lifecycle (10) of 85 applicable points -> 11,76 -> 12
    assert scores["Selvbetjening"] == 12
    # lifecycle 10 + TIME 10 of 85 -> 23,5 -> 24
    assert scores["Modsigelse"] == 24
    assert result.usages[-1].name == "Komplet"
    gaps = {g.key: [u.name for u in g.usages] for g in result.gaps}
    assert gaps == {
        "no_systemejer": ["Modsigelse", "Persondata", "Selvbetjening"],
        "no_contract": ["Modsigelse", "Persondata", "Selvbetjening"],  # expired does not count
        "personal_without_dpa": ["Persondata"],
        "personal_without_risk_assessment": ["Persondata"],
        "accessibility": ["Selvbetjening"],  # assessed more than a year ago
    }
    assert scores["Persondata"] == 10  # lifecycle only, of 100 applicable points
    assert result.average == 37  # (100 + 10 + 12 + 24) / 4 = 36,5, rounded half up
    assert sum(b.count for b in result.histogram) == 4
    assert sum(cr.weight for cr in result.criteria) == 100
    persondata = next(u for u in result.usages if u.name == "Persondata")
    assert "Risikovurdering foretaget (personoplysninger)" in persondata.missing


# Overlap -------------------------------------------------------------------------------


def test_overlap_finds_shared_subjects_and_single_unit_usages() -> None:
    org = make_organization()
    jobcenter, ydelser = unit(org, "Jobcenter"), unit(org, "Ydelser")
    shared = ("93.01.01", "93.02.01")
    a = usage(org, "Alfa", system("Alfa", subjects=shared))
    b = usage(org, "Beta", system("Beta", subjects=("93.01.01",)), lifecycle=c.Lifecycle.PILOT)
    cc = usage(org, "Gamma", system("Gamma", subjects=("93.02.01",)))
    cc.kle_additions.set(kle("93.01.01"))
    d = usage(org, "Delta", system("Delta", subjects=shared))
    d.kle_removals.set(kle(*shared))  # removed locally: serves nothing
    usage(org, "Gammel", system("Gammel", subjects=shared), lifecycle=c.Lifecycle.NOT_IN_USE)
    a.using_units.set([jobcenter])
    b.using_units.set([jobcenter, ydelser])
    cc.using_units.set([ydelser])
    result = analysis.overlap(organization=org)
    assert result.active_count == 4
    assert [(s.number, [u.name for u in s.usages]) for s in result.subjects] == [
        ("93.01.01", ["Alfa", "Beta", "Gamma"]),
        ("93.02.01", ["Alfa", "Gamma"]),
    ]
    assert result.subjects[0].hovedgruppe == "93 Beskæftigelse og ydelser"
    assert [(g.number, g.usage_count, g.overlapping_subjects) for g in result.groups] == [
        ("93", 3, 2)
    ]
    assert [(s.name, s.unit) for s in result.single_unit] == [
        ("Alfa", "Jobcenter"),
        ("Gamma", "Ydelser"),
    ]


# Integration map and impact -------------------------------------------------------------


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


def test_impact_is_transitive_with_cycles_two_way_and_components() -> None:
    org = make_organization()
    u = impact_landscape(org)
    result = analysis.impact_analysis(organization=org, usage=u["Økonomi"])
    assert [(a.name, a.depth, a.via) for a in result.affected_usages] == [
        ("Løn", 1, "Økonomi"),
        ("Indkøb", 1, "Økonomi"),
        ("ESDH", 2, "Løn"),
    ]
    assert [(a.name, a.depth) for a in result.affected_components] == [("Serviceplatformen", 2)]
    # Portal is not reached through the component; Arkiv only via a retired integration.
    assert [(s.process, s.order, s.name, s.unit, s.usages) for s in result.steps] == [
        ("Lønkørsel", 1, "Godkend bilag", "", ["ESDH"]),
        ("Lønkørsel", 2, "Udbetal løn", "Løn og Personale", ["Løn"]),
    ]
    down = {f"u{u[name].pk}" for name in ("Økonomi", "Løn", "Indkøb", "ESDH")}
    sp = f"c{CatalogSystem.objects.get(name='Serviceplatformen').pk}"
    assert {e.label for e in result.edges} >= {"Bilag"}
    assert {n for e in result.edges for n in (e.source, e.target)} == down | {sp}
    # Indkøb sends back to Økonomi along the two-way integration.
    back = analysis.impact_analysis(organization=org, usage=u["Indkøb"])
    assert [a.name for a in back.affected_usages] == ["Økonomi", "Løn", "ESDH"]
    # Arkiv feeds ESDH only; its own step stops with it.
    arkiv = analysis.impact_analysis(organization=org, usage=u["Arkiv"])
    assert [a.name for a in arkiv.affected_usages][:1] == ["ESDH"]
    assert [s.name for s in arkiv.steps] == ["Godkend bilag", "Udbetal løn", "Arkivér"]
    other = make_organization()
    with pytest.raises(ValueError):
        analysis.impact_analysis(organization=other, usage=u["Arkiv"])


def test_integration_map_filters_by_unit_and_kle() -> None:
    org = make_organization()
    forvaltning = unit(org, "Økonomi og Indkøb")
    team = unit(org, "Indkøb", forvaltning)
    elsewhere = unit(org, "Kultur")
    sp = CatalogSystem.objects.get(name="Serviceplatformen")
    a = usage(
        org, "Indkøbssystem", system("Indkøbssystem", subjects=("90.03.01",)), responsible_unit=team
    )
    b = usage(
        org, "Bibliotek", system("Bibliotek", subjects=("96.01.01",)), responsible_unit=elsewhere
    )
    d = usage(org, "Booking", system("Booking", subjects=("96.02.01",)))
    d.using_units.set([team])
    usage(org, "Ensom")
    gone = usage(org, "Nedlagt", lifecycle=c.Lifecycle.NOT_IN_USE)
    flow(org, a, b)
    flow(org, b, sp)
    flow(org, gone, a)
    everything = analysis.integration_map(organization=org)
    assert sorted(n.label for n in everything.nodes) == [
        "Bibliotek",
        "Booking",
        "Ensom",
        "Indkøbssystem",
        "Serviceplatformen",
    ]
    assert len(everything.edges) == 2
    by_unit = analysis.integration_map(organization=org, unit=str(forvaltning.pk))
    nodes = {n.label: n.context for n in by_unit.nodes}
    assert nodes == {"Indkøbssystem": False, "Booking": False, "Bibliotek": True}
    assert [(e.source, e.target) for e in by_unit.edges] == [(f"u{a.pk}", f"u{b.pk}")]
    by_group = analysis.integration_map(organization=org, group="96")
    assert {n.label: n.context for n in by_group.nodes} == {
        "Bibliotek": False,
        "Booking": False,
        "Indkøbssystem": True,
        "Serviceplatformen": False,
    }
    degree = {n.label: n.degree for n in by_group.nodes}
    assert degree["Bibliotek"] == 2
    assert [o.label for o in by_group.groups][:1] == ["90 Administration og styring"]
    with pytest.raises(ValueError, match="Ukendt enhed"):
        analysis.integration_map(organization=org, unit="abc")
    with pytest.raises(ValueError, match="Ukendt enhed"):
        analysis.integration_map(organization=org, unit=str(unit(make_organization(), "X").pk))
    with pytest.raises(ValueError, match="KLE"):
        analysis.integration_map(organization=org, group="99")


# TIME ----------------------------------------------------------------------------------


def test_time_matrix_warnings_and_timeline() -> None:
    org = make_organization()
    usage(
        org,
        "Invest lav",
        time_disposition=c.TimeDisposition.INVEST,
        functional_fit=2,
        technical_fit=1,
        valid_from=dt.date(2019, 3, 1),
    )
    usage(
        org,
        "Tolerér",
        time_disposition=c.TimeDisposition.TOLERATE,
        functional_fit=2,
        technical_fit=4,
        valid_from=dt.date(2021, 1, 1),
        valid_to=dt.date(2025, 12, 31),
        lifecycle=c.Lifecycle.PHASING_OUT,
    )
    usage(org, "Uvurderet", functional_fit=3, technical_fit=3, valid_from=dt.date(2021, 5, 1))
    usage(org, "Halv", functional_fit=3)
    usage(org, "Ny", lifecycle=c.Lifecycle.PHASING_IN, valid_from=dt.date(2026, 2, 1))
    usage(
        org,
        "Gammel",
        lifecycle=c.Lifecycle.NOT_IN_USE,
        functional_fit=1,
        technical_fit=1,
        valid_from=dt.date(2001, 1, 1),
        valid_to=dt.date(2010, 6, 30),
    )
    result = analysis.time_analysis(organization=org, today=TODAY)
    cells = {(cell.functional, cell.technical): cell for cell in result.grid}
    assert len(result.grid) == 16
    assert cells[(2, 1)].count == 1 and cells[(2, 1)].invest == 1
    assert cells[(3, 3)].undecided == 1
    assert cells[(1, 1)].count == 0  # "ikke i drift" is left out of the matrix
    assert [(w.name, w.suggested, w.suggested_label) for w in result.warnings] == [
        ("Invest lav", "eliminate", "Udfas")
    ]
    assert result.not_assessed == 2
    counts = {d.key: d.count for d in result.disposition_counts}
    assert counts["invest"] == 1 and counts[""] == 3
    timeline = {y.year: (y.phasing_in, y.phasing_out, y.in_operation) for y in result.timeline}
    assert min(timeline) == 2015  # clamped to ten years back
    assert max(timeline) == 2026
    assert timeline[2019] == (1, 0, 1)
    assert timeline[2021] == (2, 0, 3)
    assert timeline[2025] == (0, 1, 2)  # valid_to 31-12-2025 is not "after year end"
    assert timeline[2026] == (1, 0, 3)
    assert result.undated == 1
    assert {lc.key: lc.count for lc in result.lifecycle}["not_in_use"] == 1
    assert [(p.name, p.lifecycle_label) for p in result.phasing] == [
        ("Ny", "Under indfasning"),
        ("Tolerér", "Under udfasning"),
    ]


def test_lifecycle_timeline_pure() -> None:
    periods = [(dt.date(2020, 1, 1), None), (None, dt.date(2021, 5, 5))]
    assert [
        (y.year, y.phasing_in, y.phasing_out, y.in_operation)
        for y in analysis.lifecycle_timeline(periods, 2020, 2021)
    ] == [(2020, 1, 0, 1), (2021, 0, 1, 1)]


# Pages ---------------------------------------------------------------------------------


def chart_specs(html: str) -> dict[str, Any]:
    return {
        m.group(1): json.loads(m.group(2))
        for m in re.finditer(
            r'<script id="([\w-]+)" type="application/json">(.*?)</script>', html, re.S
        )
    }


def test_cost_page_shows_summary_chart_data_and_tables() -> None:
    org = make_organization(population=1000)
    cost_landscape(org)
    client = logged_in_client(reader(org), org)
    response = client.get(reverse("portfolio:analysis_costs"), {"year": "2025"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "1.350,50 kr." in html and "1,35 kr. pr. indbygger" in html
    assert "50,00 kr. i kontraktbetalinger er ikke fordelt" in html
    specs = chart_specs(html)
    assert set(specs) == {
        "chart-forvaltning",
        "chart-vendor",
        "chart-kle",
        "chart-type",
        "chart-top",
    }
    assert specs["chart-forvaltning"]["series"][0]["data"] == [1033.34, 283.83, 33.33]
    assert 'role="img"' in html and "vendor/echarts/echarts.min.js" in html
    assert client.get(reverse("portfolio:analysis_costs"), {"year": "1999"}).status_code == 400
    empty = client.get(reverse("portfolio:analysis_costs"), {"year": "2030"})
    assert "Ingen udgifter i året." in empty.content.decode()
    assert "Angiv indbyggertallet" not in html


def test_breakdown_chart_sums_the_rest_as_others() -> None:
    rows = [analysis.CostRow(str(n), f"L{n}", D(n), D(0)) for n in range(20, 0, -1)]
    chart = breakdown_chart(rows)
    assert chart["categories"][-1] == "Øvrige (5)"
    assert chart["series"][0]["data"][-1] == 15.0  # 5 + 4 + 3 + 2 + 1


def test_calendar_page_and_window_choice() -> None:
    org = make_organization()
    Contract.objects.create(
        organization=org,
        name="Snart slut",
        end_date=dt.date.today() + dt.timedelta(days=40),
    )
    client = logged_in_client(reader(org), org)
    html = client.get(reverse("portfolio:analysis_contracts"), {"months": "3"}).content.decode()
    assert "Snart slut" in html and "De næste 3 måneder" in html
    assert "chart-months" in chart_specs(html)
    assert client.get(reverse("portfolio:analysis_contracts"), {"months": "5"}).status_code == 400


def test_quality_overlap_time_and_index_pages_render() -> None:
    org = make_organization()
    impact_landscape(org)
    client = logged_in_client(reader(org), org)
    index = client.get(reverse("portfolio:analysis_index")).content.decode()
    assert reverse("portfolio:analysis_time") in index
    quality_html = client.get(reverse("portfolio:analysis_quality")).content.decode()
    assert "Uden systemejer (6)" in quality_html
    assert set(chart_specs(quality_html)) == {"chart-histogram", "chart-gaps"}
    overlap_html = client.get(reverse("portfolio:analysis_overlap")).content.decode()
    assert "Intet KLE-emne understøttes af mere end ét system i drift." in overlap_html
    time_html = client.get(reverse("portfolio:analysis_time")).content.decode()
    assert chart_specs(time_html)["chart-time"]["type"] == "heatmap"


def test_map_and_impact_pages_link_nodes_to_impact() -> None:
    org = make_organization()
    u = impact_landscape(org)
    client = logged_in_client(reader(org), org)
    response = client.get(reverse("portfolio:analysis_map"))
    html = response.content.decode()
    graph = chart_specs(html)["graph-map"]
    urls = {n["label"]: n["url"] for n in graph["nodes"]}
    assert urls["ESDH"] == reverse("portfolio:analysis_impact", kwargs={"pk": u["ESDH"].pk})
    assert urls["Serviceplatformen"] == ""
    assert "vendor/cytoscape/cytoscape.min.js" in html
    bad = client.get(reverse("portfolio:analysis_map"), {"unit": "x"})
    assert bad.status_code == 400 and "Ukendt enhed." in bad.content.decode()
    page = client.get(reverse("portfolio:analysis_impact", kwargs={"pk": u["Økonomi"].pk}))
    text = page.content.decode()
    assert "Hvis Økonomi er nede, rammes 3 systemer, 1 fælles komponenter og 2 procestrin." in text
    nodes = chart_specs(text)["graph-impact"]["nodes"]
    assert [n["label"] for n in nodes if n["start"]] == ["Økonomi"]


# API -----------------------------------------------------------------------------------


def api_get(org: Organization, path: str, *, legacy: bool = False, **params: Any) -> Any:
    token = make_token(reader(org))
    from django.test import Client

    url = (
        f"/api/v1/analysis/organizations/{org.pk}/{path}"
        if legacy
        else f"/api/v1/organizations/{org.pk}/analyses/{path}"
    )
    return Client().get(url, params, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_api_deprecated_analysis_paths_answer_the_same() -> None:
    """The first release's paths stay for one release, marked deprecated in OpenAPI."""
    org = make_organization(population=1000)
    cost_landscape(org)
    new = api_get(org, "costs", year=2025)
    old = api_get(org, "costs", legacy=True, year=2025)
    assert new.status_code == old.status_code == 200 and new.json() == old.json()
    from config.api import api

    paths = api.get_openapi_schema()["paths"]
    for name in (
        "costs",
        "contract-calendar",
        "data-quality",
        "overlap",
        "integration-map",
        "impact/{usage_id}",
        "time",
    ):
        legacy_op = paths[f"/api/v1/analysis/organizations/{{org_id}}/{name}"]["get"]
        current = paths[f"/api/v1/organizations/{{org_id}}/analyses/{name}"]["get"]
        assert legacy_op["deprecated"] is True and not current.get("deprecated")


def test_api_costs_returns_the_same_numbers() -> None:
    org = make_organization(population=1000)
    cost_landscape(org)
    data = api_get(org, "costs", year=2025).json()
    assert data["total"] == "1350.50" and data["per_inhabitant"] == "1.35"
    assert data["by_vendor"][0] == {
        "key": str(Vendor.objects.get(name="Alfa Data").pk),
        "label": "Alfa Data",
        "amount": "1000.00",
        "share": "74.0",
    }
    assert api_get(org, "costs", year=1999).status_code == 400


def test_api_calendar_quality_overlap_time_and_map() -> None:
    org = make_organization()
    u = impact_landscape(org)
    Contract.objects.create(organization=org, name="K", end_date=dt.date(2030, 1, 31))
    calendar = api_get(org, "contract-calendar", months=24)
    assert calendar.status_code == 200 and calendar.json()["months"] == 24
    bad = api_get(org, "contract-calendar", months=7)
    assert bad.status_code == 400 and "months" in bad.json()["message"]
    assert api_get(org, "data-quality").json()["count"] == 6
    assert api_get(org, "overlap").json()["active_count"] == 6
    assert len(api_get(org, "time").json()["grid"]) == 16
    graph_map = api_get(org, "integration-map").json()
    assert {n["label"] for n in graph_map["nodes"]} >= {"ESDH", "Serviceplatformen"}
    assert api_get(org, "integration-map", group="xx").status_code == 400
    impact = api_get(org, f"impact/{u['Økonomi'].pk}").json()
    assert [a["name"] for a in impact["affected_usages"]] == ["Løn", "Indkøb", "ESDH"]
    assert [s["name"] for s in impact["steps"]] == ["Godkend bilag", "Udbetal løn"]


@pytest.mark.parametrize(
    "name", ["costs", "contracts", "quality", "overlap", "map", "time", "impact"]
)
def test_pages_use_a_constant_number_of_queries(name: str) -> None:
    org = make_organization()
    grow(org, 1)
    first = SystemUsage.objects.get(organization=org, local_name="Vækst 1-0")
    kwargs = {"pk": first.pk} if name == "impact" else {}
    url = reverse(f"portfolio:analysis_{name}", kwargs=kwargs)
    client = logged_in_client(reader(org), org)
    assert_constant_queries(client, url, lambda n: grow(org, n), sizes=(3, 12))
