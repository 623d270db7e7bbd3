"""Permissions per role and tenant isolation for every portfolio API operation."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from organizations.models import Organization
from organizations.testing import ApiAccessMixin, ApiCase
from portfolio import choices as c
from portfolio.models import (
    BusinessProcess,
    CatalogSystem,
    Contract,
    Integration,
    KleSubject,
    RoleType,
    SystemUsage,
    Vendor,
)
from portfolio.tests.cases import api_resource

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
        ApiCase("GET", "/api/v1/vendors/{vendor_id}", obj="vendor", shared=True),
        ApiCase("GET", "/api/v1/kle"),
        ApiCase("GET", "/api/v1/kle/{kle_id}", obj="kle", shared=True),
    )

    def make_kle(self, organization: Organization) -> KleSubject:
        return KleSubject.objects.create(
            number=f"{10 + next(_n) % 80:02d}.{next(_n) % 100:02d}", title="Emne", level="gruppe"
        )


class TestPortfolioApi(Factories, ApiAccessMixin):
    api_cases = (
        # vendors maintained by the organization
        ApiCase(
            "POST",
            f"{ORG}/vendors",
            allowed=CONTRACT_EDIT,
            payload=lambda t, o: {"name": "Ny leverandør"},
        ),
        ApiCase(
            "PATCH",
            f"{ORG}/vendors/{{vendor_id}}",
            allowed=CONTRACT_EDIT,
            obj="vendor",
            payload=lambda t, o: {"website": "https://leverandoer.example"},
        ),
        ApiCase("DELETE", f"{ORG}/vendors/{{vendor_id}}", allowed=CONTRACT_EDIT, obj="vendor"),
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
        ApiCase("GET", f"{ORG}/catalog-systems"),
        ApiCase("GET", f"{ORG}/catalog-systems/{{system_id}}", obj="catalog_system"),
        ApiCase(
            "POST",
            f"{ORG}/catalog-systems",
            allowed=EDIT,
            payload=lambda t, o: {"name": "Lokalt", "business_type": "fagsystem"},
        ),
        ApiCase(
            "PATCH",
            f"{ORG}/catalog-systems/{{system_id}}",
            allowed=EDIT,
            obj="catalog_system",
            payload=lambda t, o: {"description": "Ny beskrivelse"},
        ),
        ApiCase(
            "POST",
            f"{ORG}/catalog-systems/{{system_id}}/take-into-use",
            allowed=EDIT,
            obj="catalog_system",
            payload=lambda t, o: {"local_name": "Taget i brug"},
        ),
        # usages
        *api_resource(
            f"{ORG}/usages",
            "usage_id",
            "usage",
            EDIT,
            create=usage_payload,
            update=lambda t, o: {"lifecycle": "operational"},
        ),
        ApiCase(
            "PUT",
            f"{ORG}/usages/{{usage_id}}/roles",
            allowed=EDIT,
            obj="usage",
            payload=roles_payload,
        ),
        ApiCase(
            "PUT",
            f"{ORG}/usages/{{usage_id}}/costs",
            allowed=EDIT,
            obj="usage",
            payload=lambda t, o: {
                "costs": [{"year": 2025, "kind": "license", "amount": "125000.00"}]
            },
        ),
        ApiCase(
            "PUT",
            f"{ORG}/usages/{{usage_id}}/references",
            allowed=EDIT,
            obj="usage",
            payload=lambda t, o: {
                "references": [{"title": "Driftsaftale", "url": "https://intra.example/aftale"}]
            },
        ),
        # contracts
        *api_resource(
            f"{ORG}/contracts",
            "contract_id",
            "contract",
            CONTRACT_EDIT,
            create=lambda t, o: {"name": "Driftsaftale", "usage_ids": [t.make_usage(o).pk]},
            update=lambda t, o: {"notice_months": 6},
        ),
        ApiCase(
            "PUT",
            f"{ORG}/contracts/{{contract_id}}/payments",
            allowed=CONTRACT_EDIT,
            obj="contract",
            payload=lambda t, o: {
                "payments": [{"year": 2025, "stream": "operation", "amount": 99999.5}]
            },
        ),
        ApiCase(
            "PUT",
            f"{ORG}/contracts/{{contract_id}}/roles",
            allowed=CONTRACT_EDIT,
            obj="contract",
            payload=lambda t, o: {"roles": [{"kind": "owner", "person_name": "Jens Kjær"}]},
        ),
        # integrations
        *api_resource(
            f"{ORG}/integrations",
            "integration_id",
            "integration",
            EDIT,
            create=integration_payload,
            update=lambda t, o: {"status": "phasing_out"},
        ),
        # processes
        *api_resource(
            f"{ORG}/processes",
            "process_id",
            "process",
            EDIT,
            create=lambda t, o: {"name": "Byggesag"},
            update=lambda t, o: {"description": "Fra ansøgning til tilladelse"},
        ),
        ApiCase(
            "PUT",
            f"{ORG}/processes/{{process_id}}/steps",
            allowed=EDIT,
            obj="process",
            payload=steps_payload,
        ),
    )
