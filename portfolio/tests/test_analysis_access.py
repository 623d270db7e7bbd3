"""Permissions per role and tenant isolation for every analysis page and API endpoint."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from organizations.models import Organization
from organizations.testing import ApiAccessMixin, ApiCase, ViewAccessMixin, ViewCase, unique
from portfolio import choices as c
from portfolio.models import CatalogSystem, Contract, Integration, SystemUsage, UsageCost

pytestmark = pytest.mark.django_db

MARKER = "Hemmeligt nabosystem"
API = "/api/v1/organizations/{org_id}/analyses"
LEGACY = "/api/v1/analysis/organizations/{org_id}"  # deprecated aliases, one more release


class Factories:
    def make_usage(self, organization: Organization) -> SystemUsage:
        system = CatalogSystem.objects.create(
            name=f"Katalog for {organization.name}", business_type=c.BusinessType.FAGSYSTEM
        )
        return SystemUsage.objects.create(
            organization=organization, catalog_system=system, local_name="Analyseret system"
        )

    def list_marker(self, organization: Organization) -> str:
        """A usage and contract of the other organization that every analysis would show."""
        marker = unique(MARKER)
        system = CatalogSystem.objects.create(
            name=unique("Nabokatalog"), business_type=c.BusinessType.SELVBETJENING
        )
        usage = SystemUsage.objects.create(
            organization=organization,
            catalog_system=system,
            local_name=marker,
            lifecycle=c.Lifecycle.PHASING_OUT,
            time_disposition=c.TimeDisposition.INVEST,
            functional_fit=1,
            technical_fit=1,
        )
        UsageCost.objects.create(
            usage=usage,
            year=timezone.localdate().year,
            kind=c.CostKind.LICENSE,
            amount=Decimal("1000000.00"),
        )
        Integration.objects.create(
            organization=organization,
            source=usage,
            target_component=CatalogSystem.objects.get(name="Serviceplatformen"),
            technology=c.Technology.API,
        )
        contract = Contract.objects.create(
            organization=organization,
            name=marker,
            end_date=timezone.localdate() + dt.timedelta(days=30),
        )
        contract.usages.set([usage])
        return marker


class TestAnalysisViews(Factories, ViewAccessMixin):
    view_cases = (
        ViewCase("portfolio:analysis_index"),
        ViewCase("portfolio:analysis_costs", lists=True),
        ViewCase("portfolio:analysis_contracts", lists=True),
        ViewCase("portfolio:analysis_quality", lists=True),
        ViewCase("portfolio:analysis_overlap"),
        ViewCase("portfolio:analysis_map", lists=True),
        ViewCase("portfolio:analysis_impact", obj="usage"),
        ViewCase("portfolio:analysis_time", lists=True),
    )


class TestAnalysisApi(Factories, ApiAccessMixin):
    api_cases = (
        ApiCase("GET", f"{API}/costs"),
        ApiCase("GET", f"{API}/contract-calendar"),
        ApiCase("GET", f"{API}/data-quality"),
        ApiCase("GET", f"{API}/overlap"),
        ApiCase("GET", f"{API}/integration-map"),
        ApiCase("GET", f"{API}/impact/{{usage_id}}", obj="usage"),
        ApiCase("GET", f"{API}/time"),
    )


class TestDeprecatedAnalysisApi(Factories, ApiAccessMixin):
    """The first release's paths answer the same, with the same access rules."""

    api_cases = tuple(
        ApiCase(case.method, case.path.replace(API, LEGACY), obj=case.obj)
        for case in TestAnalysisApi.api_cases
    )


def test_the_marker_shows_in_its_own_organization() -> None:
    """The isolation check above means something: the marker does appear at home."""
    from django.urls import reverse

    from organizations.testing import logged_in_client, make_organization, make_user

    home = make_organization()
    Factories().list_marker(home)
    client = logged_in_client(make_user(organization=home, roles=["laeser"]), home)
    for name in ("costs", "contracts", "quality", "map", "time"):
        html = client.get(reverse(f"portfolio:analysis_{name}")).content.decode()
        assert MARKER in html, name
