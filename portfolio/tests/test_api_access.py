"""Permissions per role and tenant isolation for every portfolio API operation."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from organizations.models import Organization
from organizations.testing import ApiAccessMixin, ApiCase, Entity, fixed, unique
from portfolio import choices as c
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

pytestmark = pytest.mark.django_db

EDIT = frozenset({"redaktoer", "arkitekt", "administrator"})
CONTRACT_EDIT = EDIT | {"indkoeber"}
ORG = "/api/v1/organizations/{org_id}"

_n = itertools.count(1)


def shared_system() -> CatalogSystem:
    """A system of the shared catalog (any organization may use it)."""
    return CatalogSystem.objects.create(
        name=f"Fælles system {next(_n)}", business_type=c.BusinessType.FAGSYSTEM
    )


def component() -> CatalogSystem:
    """A shared municipal infrastructure component seeded by the reference-data migration."""
    return CatalogSystem.objects.get(name="Serviceplatformen", owner_organization=None)


def systemejer() -> RoleType:
    return RoleType.objects.get(organization=None, key="systemejer")


class Factories:
    def make_vendor(self, organization: Organization) -> Vendor:
        return Vendor.objects.create(name=f"Leverandør {next(_n)}", created_by=organization)

    def make_catalog_system(self, organization: Organization) -> CatalogSystem:
        return CatalogSystem.objects.create(
            name=f"Lokalt system {next(_n)}",
            business_type=c.BusinessType.FAGSYSTEM,
            scope=c.Scope.LOCAL,
            owner_organization=organization,
        )

    def make_usage(self, organization: Organization) -> SystemUsage:
        return SystemUsage.objects.create(
            organization=organization,
            catalog_system=shared_system(),
            local_name=f"System {next(_n)}",
        )

    def make_contract(self, organization: Organization) -> Contract:
        return Contract.objects.create(organization=organization, name=f"Kontrakt {next(_n)}")

    def make_integration(self, organization: Organization) -> Integration:
        return Integration.objects.create(
            organization=organization,
            source=self.make_usage(organization),
            target_component=component(),
            technology=c.Technology.API,
        )

    def make_process(self, organization: Organization) -> BusinessProcess:
        return BusinessProcess.objects.create(organization=organization, name=f"Proces {next(_n)}")

    def list_marker(self, organization: Organization) -> str:
        """One of each listed kind, all named with the same unique text."""
        marker = unique("Hemmelig")
        usage = SystemUsage.objects.create(
            organization=organization, catalog_system=shared_system(), local_name=marker
        )
        Contract.objects.create(organization=organization, name=marker)
        BusinessProcess.objects.create(organization=organization, name=marker)
        DataObject.objects.create(organization=organization, name=marker)
        RoleType.objects.create(organization=organization, key=f"k{next(_n)}", name=marker)
        Integration.objects.create(
            organization=organization,
            source=usage,
            target_component=component(),
            technology=c.Technology.API,
            description=marker,
        )
        CatalogSystem.objects.create(
            name=marker,
            business_type=c.BusinessType.FAGSYSTEM,
            scope=c.Scope.LOCAL,
            owner_organization=organization,
        )
        return marker


def usage_payload(test: Any, organization: Organization) -> dict[str, Any]:
    return {"catalog_system_id": shared_system().pk, "local_name": "Via API"}


def integration_payload(test: Any, organization: Organization) -> dict[str, Any]:
    return {
        "source_usage_id": test.make_usage(organization).pk,
        "target_component_id": component().pk,
        "technology": "file",
    }


def roles_payload(test: Any, organization: Organization) -> dict[str, Any]:
    return {"roles": [{"role_type_id": systemejer().pk, "person_name": "Mette Holm"}]}


def steps_payload(test: Any, organization: Organization) -> dict[str, Any]:
    return {"steps": [{"name": "Modtag ansøgning"}, {"name": "Træf afgørelse"}]}


class TestSharedPortfolioApi(Factories, ApiAccessMixin):
    """Vendors and KLE are shared: every member of an organization reads them."""

    api_cases = (
        ApiCase("GET", "/api/v1/vendors"),
        ApiCase("GET", "/api/v1/vendors/{vendor_id}", obj="vendor"),
        ApiCase("GET", "/api/v1/kle"),
        ApiCase("GET", "/api/v1/kle/{kle_id}", obj="kle"),
    )

    def make_kle(self, organization: Organization) -> KleSubject:
        return KleSubject.objects.create(
            number=f"{10 + next(_n) % 80:02d}.{next(_n) % 100:02d}", title="Emne", level="gruppe"
        )


VENDOR = Entity("vendor", change=CONTRACT_EDIT)
CATALOG_SYSTEM = Entity("catalog_system", change=EDIT)
USAGE = Entity("usage", change=EDIT)
CONTRACT = Entity("contract", change=CONTRACT_EDIT)
INTEGRATION = Entity("integration", change=EDIT)
PROCESS = Entity("process", change=EDIT)


class TestPortfolioApi(Factories, ApiAccessMixin):
    api_cases = (
        # vendors maintained by the organization
        *VENDOR.operations(
            f"{ORG}/vendors",
            "{vendor_id}",
            create=fixed({"name": "Ny leverandør"}),
            update=fixed({"website": "https://leverandoer.example"}),
            only=("create", "update", "delete"),
        ),
        # reference lists
        ApiCase("GET", f"{ORG}/role-types"),
        ApiCase("GET", f"{ORG}/data-objects"),
        ApiCase(
            "POST",
            f"{ORG}/data-objects",
            allowed=EDIT,
            payload=lambda t, o: {"name": f"Dataobjekt {next(_n)}"},
        ),
        # catalog
        *CATALOG_SYSTEM.operations(
            f"{ORG}/catalog-systems",
            "{system_id}",
            create=fixed({"name": "Lokalt", "business_type": "fagsystem"}),
            update=fixed({"description": "Ny beskrivelse"}),
            only=("list", "detail", "create", "update"),
        ),
        CATALOG_SYSTEM.call(
            "POST",
            f"{ORG}/catalog-systems/{{system_id}}/take-into-use",
            fixed({"local_name": "Taget i brug"}),
        ),
        # usages
        *USAGE.operations(
            f"{ORG}/usages",
            "{usage_id}",
            create=usage_payload,
            update=fixed({"lifecycle": "operational"}),
        ),
        USAGE.call("PUT", f"{ORG}/usages/{{usage_id}}/roles", roles_payload),
        USAGE.call(
            "PUT",
            f"{ORG}/usages/{{usage_id}}/costs",
            fixed({"costs": [{"year": 2025, "kind": "license", "amount": "125000.00"}]}),
        ),
        USAGE.call(
            "PUT",
            f"{ORG}/usages/{{usage_id}}/references",
            fixed(
                {"references": [{"title": "Driftsaftale", "url": "https://intra.example/aftale"}]}
            ),
        ),
        # contracts
        *CONTRACT.operations(
            f"{ORG}/contracts",
            "{contract_id}",
            create=lambda t, o: {"name": "Driftsaftale", "usage_ids": [t.make_usage(o).pk]},
            update=fixed({"notice_months": 6}),
        ),
        CONTRACT.call(
            "PUT",
            f"{ORG}/contracts/{{contract_id}}/payments",
            fixed({"payments": [{"year": 2025, "stream": "operation", "amount": 99999.5}]}),
        ),
        CONTRACT.call(
            "PUT",
            f"{ORG}/contracts/{{contract_id}}/roles",
            fixed({"roles": [{"kind": "owner", "person_name": "Jens Kjær"}]}),
        ),
        # integrations
        *INTEGRATION.operations(
            f"{ORG}/integrations",
            "{integration_id}",
            create=integration_payload,
            update=fixed({"status": "phasing_out"}),
        ),
        # processes
        *PROCESS.operations(
            f"{ORG}/processes",
            "{process_id}",
            create=fixed({"name": "Byggesag"}),
            update=fixed({"description": "Fra ansøgning til tilladelse"}),
        ),
        PROCESS.call("PUT", f"{ORG}/processes/{{process_id}}/steps", steps_payload),
    )
