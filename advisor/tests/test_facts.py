"""Facts computed from a small hand-made landscape, and their constant query count."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from advisor.facts import compute_facts
from organizations.models import Organization
from organizations.testing import make_organization
from portfolio import choices as c
from portfolio.models import (
    CatalogSystem,
    ContractPayment,
    Integration,
    KleSubject,
    ProcessStep,
    SystemUsage,
    UsageCost,
)
from portfolio.tests import factories as pf

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 1)


def _components() -> list[CatalogSystem]:
    return list(
        CatalogSystem.objects.filter(
            scope=c.Scope.GLOBAL, business_type=c.BusinessType.FAELLESKOMMUNAL
        ).order_by("name")
    )


def _landscape(org: Organization, extra: int = 0) -> dict[str, Any]:
    """3 active usages on 2 KLE emner (+ one not in use), integrations, processes, spend.

    ``extra`` adds that many more of each kind, to check the query count stays the same.
    """
    emner = list(KleSubject.objects.filter(level=c.KleLevel.EMNE).order_by("number")[:2])
    a, b = emner
    sys_a = pf.catalog_system(org)
    sys_a.kle_subjects.set([a])
    sys_b = pf.catalog_system(org)
    sys_b.kle_subjects.set([b])
    u1 = pf.usage(org, catalog_system=sys_a)
    u2 = pf.usage(org, catalog_system=sys_a, lifecycle=c.Lifecycle.PHASING_OUT)
    u3 = pf.usage(org, catalog_system=sys_b, lifecycle=c.Lifecycle.PILOT)
    pf.usage(org, catalog_system=sys_a, lifecycle=c.Lifecycle.NOT_IN_USE)
    pf.integration(org, source=u1, target=u2)
    pf.integration(org, source=u3, target=u1, status=c.IntegrationStatus.PLANNED)
    serviceplatformen = next(x for x in _components() if x.name == "Serviceplatformen")
    Integration.objects.create(
        organization=org,
        source=u1,
        target_component=serviceplatformen,
        technology=c.Technology.API,
    )
    data = pf.data_object(org, "Kontaktoplysninger")
    twice = pf.process(org, name="Ansøgning")
    for order in (1, 2):
        step = ProcessStep.objects.create(process=twice, order=order, name=f"Trin {order}")
        step.collects.set([data])
    once = pf.process(org, name="Klage")
    ProcessStep.objects.create(process=once, order=1, name="Modtag").collects.set([data])
    pf.process(org, name="Uden trin")
    eu = pf.contract(org, procurement_form=c.ProcurementForm.EU_TENDER)
    eu.usages.set([u1])
    direct = pf.contract(org, procurement_form=c.ProcurementForm.UNDER_THRESHOLD)
    child = pf.contract(org, parent=eu)
    unknown = pf.contract(org)
    for contract, amount in ((eu, 300_000), (direct, 100_000), (child, 100_000), (unknown, 50_000)):
        ContractPayment.objects.create(
            contract=contract, year=TODAY.year, stream=c.PaymentStream.OPERATION, amount=amount
        )
    ContractPayment.objects.create(
        contract=direct, year=TODAY.year - 1, stream=c.PaymentStream.OPERATION, amount=999_000
    )
    UsageCost.objects.create(usage=u1, year=TODAY.year, kind=c.CostKind.INTERNAL, amount=50_000)
    for _ in range(extra):
        usage = pf.usage(org, catalog_system=sys_b)
        pf.integration(org, source=usage, target=u3)
        process = pf.process(org)
        ProcessStep.objects.create(process=process, order=1, name="Trin").collects.set([data])
        contract = pf.contract(org, procurement_form=c.ProcurementForm.SKI)
        ContractPayment.objects.create(
            contract=contract, year=TODAY.year, stream=c.PaymentStream.OTHER, amount=10_000
        )
    return {"usages": [u1, u2, u3]}


def test_two_usages_of_one_catalog_system_count_once_per_subject() -> None:
    org = make_organization(population=20_000)
    emne = KleSubject.objects.filter(level=c.KleLevel.EMNE).order_by("number")[0]
    system = pf.catalog_system(org)
    system.kle_subjects.set([emne])
    pf.usage(org, catalog_system=system)
    pf.usage(org, catalog_system=system)
    fact = compute_facts(organization=org, today=TODAY)["overlapping_systems_per_capability"]
    assert fact.value == 1.0
    assert fact.source.startswith("beregnet fra 1 system i drift (2 anvendelser)")


def test_facts_from_a_small_landscape() -> None:
    org = make_organization(population=20_000)
    _landscape(org)
    facts = compute_facts(organization=org, today=TODAY)

    assert facts["inhabitants"].value == 20_000
    assert facts["inhabitants"].source == "fra organisationsprofilen"
    # Emne A: u1 and u2, two usages of one catalog system (the usage not in use does not
    # count); emne B: u3.
    assert facts["overlapping_systems_per_capability"].value == 1.0
    assert facts["overlapping_systems_per_capability"].source == (
        "beregnet fra 2 forskellige systemer i drift (3 anvendelser) og de 2 KLE-emner, de dækker"
    )
    # u1 and u2 have a live integration; u3's only integration is planned.
    assert facts["integration_coverage"].value == round(2 / 3, 4)
    assert "3 systemer i drift, heraf 2 med integrationer i drift" in (
        facts["integration_coverage"].source
    )
    components = len(_components())
    assert components == 10
    assert facts["kombit_component_use"].value == 0.1
    assert facts["kombit_component_use"].source == (
        "beregnet fra integrationer i drift til 1 af 10 fælleskommunale komponenter"
    )
    # Two processes have steps; in one, the same data is collected twice.
    assert facts["data_collected_twice_share"].value == 0.5
    # 500.000 kr. with a known form (the child inherits EU-udbud); 100.000 kr. outside.
    assert facts["spend_outside_central_share"].value == 0.2
    source = facts["spend_outside_central_share"].source
    assert "3 kontrakter (500.000 kr.), heraf 100.000 kr. uden central udbudsform" in source
    assert "50.000 kr. på kontrakter uden udbudsform er udeladt" in source
    # 550.000 kr. payments + 50.000 kr. own cost lines over 20.000 inhabitants.
    assert facts["it_spend_per_inhabitant"].value == 30.0
    assert "600.000 kr. og 20.000 indbyggere" in facts["it_spend_per_inhabitant"].source


def test_facts_that_cannot_be_computed_say_why() -> None:
    org = make_organization(population=None)
    facts = compute_facts(organization=org, today=TODAY)
    assert facts["inhabitants"].value is None
    assert "organisationsprofilen" in facts["inhabitants"].source
    for key in (
        "kombit_component_use",
        "it_spend_per_inhabitant",
        "overlapping_systems_per_capability",
        "integration_coverage",
        "data_collected_twice_share",
        "spend_outside_central_share",
    ):
        assert facts[key].value is None, key
        assert facts[key].source, key


def test_spend_without_population() -> None:
    org = make_organization(population=None)
    UsageCost.objects.create(
        usage=pf.usage(org), year=TODAY.year, kind=c.CostKind.LICENSE, amount=Decimal(1000)
    )
    fact = compute_facts(organization=org, today=TODAY)["it_spend_per_inhabitant"]
    assert fact.value is None and "Indbyggertallet mangler" in fact.source


def test_query_count_does_not_grow_with_the_portfolio() -> None:
    small, large = make_organization(population=10_000), make_organization(population=10_000)
    _landscape(small)
    _landscape(large, extra=12)
    counts = []
    for org in (small, large):
        with CaptureQueriesContext(connection) as ctx:
            compute_facts(organization=org, today=TODAY)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    assert SystemUsage.objects.filter(organization=large).count() == 16
