"""The demo and benchmark landscapes: magnitudes, validity, idempotence, demo-only."""

from __future__ import annotations

import operator
from collections import Counter
from functools import reduce
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Count, F, Max, Min, Q
from django.test import TestCase

from core.models import OrganizationOwnedModel
from core.permissions import has_perm
from organizations.demo import (
    DEMO_KOMMUNE,
    DEMO_PARTNER_CODES,
    DEMO_UNITS,
    seed_foundation,
)
from organizations.models import Organization, OrganizationUnit
from portfolio import choices as c
from portfolio import demo
from portfolio.models import (
    BusinessProcess,
    CatalogSystem,
    Contract,
    ContractPayment,
    DataObject,
    Integration,
    ProcessStep,
    SystemUsage,
    UsageCost,
    UsageRole,
    Vendor,
)
from portfolio.validators import cvr_is_valid


def portfolio_counts() -> dict[str, int]:
    counts = {
        m.__name__: m._default_manager.count()
        for m in apps.get_app_config("portfolio").get_models()
    }
    counts["units"] = OrganizationUnit.objects.count()
    for model in (
        SystemUsage.using_units.through,
        SystemUsage.kle_additions.through,
        SystemUsage.kle_removals.through,
        Contract.usages.through,
        Integration.data_objects.through,
        ProcessStep.usages.through,
        ProcessStep.collects.through,
        ProcessStep.reads.through,
        CatalogSystem.kle_subjects.through,
    ):
        counts[model._meta.db_table] = model.objects.count()
    return counts


def org_owned_models() -> list[Any]:
    return [
        m
        for app in ("portfolio", "organizations")
        for m in apps.get_app_config(app).get_models()
        if issubclass(m, OrganizationOwnedModel)
    ]


class SeedDemoTests(TestCase):
    """One ``seed_demo`` run shared by the tests of the class (rolled back afterwards)."""

    kommune: Organization

    @classmethod
    def setUpTestData(cls) -> None:
        call_command("seed_demo", quiet_logins=True, stdout=StringIO())
        cls.kommune = Organization.objects.get(name=DEMO_KOMMUNE)

    def usages(self) -> Any:
        return SystemUsage.objects.filter(organization=self.kommune)

    def test_seeder_is_registered_once(self) -> None:
        from core.registry import registry, resolve

        seeders = [s for s in registry.seeders() if resolve(s.seed) is demo.seed_portfolio_demo]
        assert len(seeders) == 1 and resolve(seeders[0].national) is demo.seed_national

    def test_magnitudes(self) -> None:
        k = self.kommune
        assert 380 <= self.usages().count() <= 420
        assert 230 <= Contract.objects.filter(organization=k).count() <= 270
        integrations = Integration.objects.filter(organization=k)
        assert 750 <= integrations.count() <= 850
        assert 35 <= BusinessProcess.objects.filter(organization=k).count() <= 45
        demo_vendors = Vendor.objects.filter(created_by=k)
        assert 140 <= demo_vendors.count() <= 160
        demo_catalog = CatalogSystem.objects.filter(owner_organization=k, scope=c.Scope.GLOBAL)
        assert 280 <= demo_catalog.count() <= 320
        assert set(demo_catalog.values_list("business_type", flat=True)) >= {
            c.BusinessType.FAGSYSTEM,
            c.BusinessType.ADMINISTRATIVT,
            c.BusinessType.SELVBETJENING,
            c.BusinessType.INFRASTRUKTUR,
            c.BusinessType.KONTOR,
        }
        kle_numbers = demo_catalog.values_list("kle_subjects__number", flat=True)
        assert {n[:2] for n in kle_numbers if n} == {str(n) for n in range(90, 98)}
        # Many integrations to the shared KOMBIT components, and to most of them.
        to_components = integrations.filter(target_component__isnull=False)
        assert to_components.count() >= 200
        names = set(to_components.values_list("target_component__name", flat=True))
        assert {"Serviceplatformen", "Beskedfordeler", "Fordelingskomponent"} <= names
        assert len(names) >= 8

    def test_every_forvaltning_has_usages_and_every_usage_a_unit(self) -> None:
        assert not self.usages().filter(responsible_unit__isnull=True).exists()
        units = {u.pk: u for u in OrganizationUnit.objects.filter(organization=self.kommune)}

        def top(pk: int) -> str:
            unit = units[pk]
            while unit.parent_id is not None:
                unit = units[unit.parent_id]
            return unit.name

        responsible = self.usages().values_list("responsible_unit", flat=True).distinct()
        assert {top(pk) for pk in responsible} == set(DEMO_UNITS)

    def test_roles_and_the_systemejer_user(self) -> None:
        usages = self.usages()
        owned = usages.filter(roles__role_type__key="systemejer").distinct().count()
        assert owned >= 0.8 * usages.count()
        mine = usages.filter(roles__user__username="systemejer", roles__role_type__key="systemejer")
        assert 3 <= mine.count() <= 10
        user = UsageRole.objects.filter(user__username="systemejer").first()
        assert user is not None and user.user is not None
        own = mine.first()
        other = usages.exclude(pk__in=mine.values("pk")).first()
        assert has_perm(user.user, self.kommune, "usage.change", own)
        assert not has_perm(user.user, self.kommune, "usage.change", other)

    def test_gaps_for_the_data_quality_page(self) -> None:
        usages = self.usages()
        active = usages.filter(lifecycle__in=c.ACTIVE_LIFECYCLES)
        assert active.exclude(roles__role_type__key="systemejer").count() >= 10
        assert active.filter(contracts__isnull=True).count() >= 10
        personal = active.exclude(data_sensitivity=c.DataSensitivity.NONE)
        assert personal.filter(risk_assessment_done=False).count() >= 10
        without_dpa = personal.filter(contracts__dpa_required=True, contracts__dpa_concluded=False)
        assert without_dpa.distinct().count() >= 5
        self_service = active.filter(catalog_system__business_type=c.BusinessType.SELVBETJENING)
        assert self_service.count() >= 20
        assert self_service.filter(accessibility_statement_url="").exists()
        assert self_service.filter(wcag_date__year__lt=2023).exists()
        assert self_service.filter(wcag_date__year__gte=2026).count() >= 10

    def test_time_dispositions_with_a_few_contradictions(self) -> None:
        rated = self.usages().exclude(time_disposition="")
        assert rated.count() >= 200
        assert not rated.filter(Q(functional_fit__isnull=True) | Q(technical_fit__isnull=True))
        # (disposition, functional fit, technical fit) in the quadrant opposite to it
        opposite = (
            (c.TimeDisposition.INVEST, "lte", "lte"),
            (c.TimeDisposition.ELIMINATE, "gte", "gte"),
            (c.TimeDisposition.TOLERATE, "gte", "lte"),
            (c.TimeDisposition.MIGRATE, "lte", "gte"),
        )
        bound = {"lte": 2, "gte": 3}
        contradictory = rated.filter(
            reduce(
                operator.or_,
                (
                    Q(
                        time_disposition=disposition,
                        **{f"functional_fit__{functional}": bound[functional]},
                        **{f"technical_fit__{technical}": bound[technical]},
                    )
                    for disposition, functional, technical in opposite
                ),
            )
        )
        assert 1 <= contradictory.count() <= 0.1 * rated.count()

    def test_lifecycle_dates_and_costs(self) -> None:
        usages = self.usages()
        assert usages.values("lifecycle").distinct().count() == len(c.Lifecycle.choices)
        assert not usages.filter(valid_to__lt=F("valid_from")).exists()
        assert usages.filter(lifecycle=c.Lifecycle.PHASING_OUT, valid_to__isnull=False).exists()
        costs = UsageCost.objects.filter(usage__organization=self.kommune)
        assert costs.values("usage").distinct().count() >= 150
        assert costs.filter(amount__lte=0).count() == 0

    def test_contracts_are_valid_and_spread(self) -> None:
        contracts = Contract.objects.filter(organization=self.kommune)
        assert not contracts.filter(end_date__lt=F("start_date")).exists()
        assert not contracts.filter(options_used__gt=F("options_offered")).exists()
        assert not contracts.filter(Q(start_date__isnull=True) | Q(end_date__isnull=True))
        span = contracts.aggregate(first=Min("start_date"), last=Max("end_date"))
        assert span["first"].year == 2018 and span["last"].year == 2031
        assert set(contracts.values_list("notice_months", flat=True)) == {3, 6, 12}
        assert contracts.values("notice_runs_to").distinct().count() >= 4
        assert contracts.values("procurement_form").distinct().count() >= 5
        assert contracts.filter(options_offered__gt=0).count() >= 50
        assert contracts.filter(parent__isnull=False).exists()
        assert not contracts.filter(parent__isnull=False).exclude(parent__organization=self.kommune)
        assert not contracts.filter(dpa_concluded=True, dpa_required=False).exists()
        assert contracts.filter(dpa_concluded=True, dpa_next_supervision__isnull=False).exists()
        assert not contracts.filter(terminated=True, terminated_date__isnull=True).exists()
        assert not contracts.filter(usages__isnull=True).exists()
        assert not contracts.exclude(usages__organization=self.kommune).exists()
        payments = ContractPayment.objects.filter(contract__organization=self.kommune)
        bounds = payments.aggregate(
            low=Min("amount"), high=Max("amount"), first=Min("year"), last=Max("year")
        )
        assert bounds["low"] >= 20_000 and bounds["high"] <= 4_000_000
        assert (bounds["first"], bounds["last"]) == (2022, 2027)
        assert payments.values("stream").distinct().count() == len(c.PaymentStream.choices)

    def test_integrations_respect_the_one_target_rule(self) -> None:
        integrations = Integration.objects.filter(organization=self.kommune)
        both = Q(target__isnull=False, target_component__isnull=False)
        neither = Q(target__isnull=True, target_component__isnull=True)
        assert not integrations.filter(both | neither).exists()
        assert not integrations.filter(target=F("source")).exists()
        assert not integrations.exclude(source__organization=self.kommune).exists()
        to_usage = integrations.filter(target__isnull=False)
        assert not to_usage.exclude(target__organization=self.kommune).exists()
        assert not integrations.filter(target_component__isnull=False).exclude(
            target_component__business_type=c.BusinessType.FAELLESKOMMUNAL
        )
        assert not integrations.filter(contract__isnull=False).exclude(
            contract__organization=self.kommune
        )
        assert not integrations.filter(data_objects__isnull=True).exists()

    def test_processes_have_ordered_steps_and_duplicate_collection(self) -> None:
        processes = BusinessProcess.objects.filter(organization=self.kommune)
        step_counts = processes.annotate(n=Count("steps")).values_list("n", flat=True)
        assert all(3 <= n <= 8 for n in step_counts)
        assert processes.filter(parent__isnull=False).exists()
        steps = ProcessStep.objects.filter(process__organization=self.kommune)
        assert steps.filter(usages__isnull=False).distinct().count() >= 0.9 * steps.count()
        assert steps.filter(collects__isnull=False).exists()
        assert steps.filter(reads__isnull=False).exists()
        links = Counter(
            ProcessStep.collects.through.objects.filter(
                processstep__process__in=processes
            ).values_list("processstep__process", "dataobject")
        )
        assert sum(1 for n in links.values() if n >= 2) >= 3  # the same data collected twice
        for process in processes.prefetch_related("steps"):
            orders = [s.order for s in process.steps.all()]
            assert orders == list(range(1, len(orders) + 1))

    def test_vendor_cvrs_are_valid_and_names_fictional(self) -> None:
        cvrs = list(Vendor.objects.exclude(cvr="").values_list("cvr", flat=True))
        assert len(cvrs) >= 140 and all(cvr_is_valid(cvr) for cvr in cvrs)
        for vendor in Vendor.objects.filter(created_by=self.kommune):
            assert vendor.website.endswith(".invalid")
            assert vendor.contact_email.endswith(".invalid")
        descriptions = CatalogSystem.objects.filter(owner_organization=self.kommune)
        assert not descriptions.exclude(description__contains="demodata").exists()

    def test_everything_lands_in_demo_organizations_only(self) -> None:
        for model in org_owned_models():
            assert not model.objects.filter(organization__is_demo=False).exists(), model
        assert not Vendor.objects.filter(created_by__is_demo=False).exists()
        assert not CatalogSystem.objects.filter(owner_organization__is_demo=False).exists()
        assert not UsageRole.objects.exclude(usage__organization=self.kommune).exists()
        partners = Organization.objects.filter(kommunekode__in=DEMO_PARTNER_CODES)
        assert not partners.filter(is_demo=True).exists()

    def test_second_run_changes_nothing(self) -> None:
        before = portfolio_counts()
        call_command("seed_demo", quiet_logins=True, stdout=StringIO())
        assert portfolio_counts() == before


@pytest.mark.django_db
def test_national_seed_small_scale_is_idempotent_and_marked_demo() -> None:
    result = seed_foundation()
    counts = demo.seed_national(result, municipalities=3, usages_per=20)
    seeded = list(
        Organization.objects.filter(kommunekode__isnull=False).order_by("kommunekode")[:3]
    )
    assert all(k.is_demo for k in seeded)
    codes = Organization.objects.filter(kommunekode__isnull=False).values_list(
        "kommunekode", flat=True
    )
    factors = demo.size_factors([code for code in codes if code is not None])
    total = 0
    for kommune in seeded:
        assert kommune.kommunekode is not None
        expected = max(5, round(20 * factors[kommune.kommunekode]))
        usages = SystemUsage.objects.filter(organization=kommune)
        assert usages.count() == expected
        total += expected
        integrations = Integration.objects.filter(organization=kommune)
        assert integrations.count() == round(expected * 2.5)
        assert integrations.filter(target_component__isnull=False).exists()
        assert not integrations.filter(
            Q(target__isnull=False, target_component__isnull=False)
            | Q(target__isnull=True, target_component__isnull=True)
        ).exists()
        assert not integrations.exclude(source__organization=kommune).exists()
        assert Contract.objects.filter(organization=kommune).count() == round(expected * 0.625)
        assert BusinessProcess.objects.filter(organization=kommune).count() >= 3
        units = OrganizationUnit.objects.filter(organization=kommune)
        assert units.filter(kind="forvaltning").count() == len(DEMO_UNITS)
        assert not usages.exclude(responsible_unit__organization=kommune).exists()
        assert not UsageRole.objects.filter(usage__organization=kommune, user__isnull=False)
    assert counts.usages == total
    # The shared demo catalog is reused, not copied per municipality.
    assert CatalogSystem.objects.filter(owner_organization=result.kommune).count() <= 320
    rest = Organization.objects.filter(kommunekode__isnull=False).exclude(
        pk__in=[k.pk for k in seeded]
    )
    assert not rest.filter(is_demo=True).exists()
    for model in org_owned_models():
        assert not model.objects.filter(organization__is_demo=False).exists(), model

    before = portfolio_counts()
    again = demo.seed_national(result, municipalities=3, usages_per=20)
    assert (again.usages, again.contracts, again.integrations, again.processes) == (0, 0, 0, 0)
    assert portfolio_counts() == before


@pytest.mark.django_db
def test_seed_demo_national_command_warns_and_reports() -> None:
    out, err = StringIO(), StringIO()
    call_command(
        "seed_demo",
        scale="national",
        municipalities=2,
        usages_per=10,
        quiet_logins=True,
        stdout=out,
        stderr=err,
    )
    assert "BENCHMARK" in err.getvalue() and "Demodata" in err.getvalue()
    assert "National seed:" in out.getvalue()
    assert Organization.objects.filter(kommunekode__isnull=False, is_demo=True).count() == 2
    seeded = Organization.objects.filter(kommunekode__isnull=False, is_demo=True)
    assert SystemUsage.objects.filter(organization__in=seeded).count() >= 10
    assert DataObject.objects.filter(organization__in=seeded).count() == 2 * len(demo.DATA_OBJECTS)


def test_landscape_size_scaling() -> None:
    size = demo.LandscapeSize.scaled(400, 2.5)
    assert (size.usages, size.contracts, size.integrations, size.processes) == (400, 250, 1000, 40)
    assert demo.LandscapeSize.scaled(10, 2.5).processes == 3


def test_amounts_and_dates_helpers() -> None:
    import random
    from datetime import date
    from decimal import Decimal

    r = random.Random(1)
    values = [demo.amount(r, 20_000, 4_000_000, skew=1.8) for _ in range(500)]
    assert all(Decimal(20_000) <= v <= Decimal(4_000_000) for v in values)
    assert all(v % 100 == 0 for v in values)
    assert demo.add_months(date(2024, 1, 31), 1) == date(2024, 2, 28)
    assert demo.add_months(date(2023, 11, 15), 14) == date(2025, 1, 15)
