"""Small factories for portfolio tests: each builds a minimal valid object in one organization."""

from __future__ import annotations

import itertools
from typing import Any

from organizations.models import Organization, OrganizationUnit
from portfolio import choices as c
from portfolio.models import (
    BusinessProcess,
    CatalogSystem,
    Contract,
    DataObject,
    Integration,
    SystemUsage,
    Vendor,
)

_n = itertools.count(1)


def vendor(organization: Organization | None = None, **fields: Any) -> Vendor:
    return Vendor.objects.create(
        name=fields.pop("name", f"Testleverandør {next(_n)}"), created_by=organization, **fields
    )


def catalog_system(organization: Organization | None = None, **fields: Any) -> CatalogSystem:
    """A local catalog entry of ``organization`` (or a global one when None)."""
    defaults: dict[str, Any] = {
        "name": f"Testsystem {next(_n)}",
        "business_type": c.BusinessType.FAGSYSTEM,
        "scope": c.Scope.LOCAL if organization else c.Scope.GLOBAL,
        "owner_organization": organization,
    }
    return CatalogSystem.objects.create(**{**defaults, **fields})


def unit(organization: Organization, name: str = "", **fields: Any) -> OrganizationUnit:
    return OrganizationUnit.objects.create(
        organization=organization, name=name or f"Enhed {next(_n)}", **fields
    )


def usage(organization: Organization, **fields: Any) -> SystemUsage:
    system = fields.pop("catalog_system", None) or catalog_system(organization)
    defaults: dict[str, Any] = {
        "local_name": f"System {next(_n)}",
        "lifecycle": c.Lifecycle.OPERATIONAL,
    }
    return SystemUsage.objects.create(
        organization=organization, catalog_system=system, **{**defaults, **fields}
    )


def contract(organization: Organization, **fields: Any) -> Contract:
    return Contract.objects.create(
        organization=organization, name=fields.pop("name", f"Kontrakt {next(_n)}"), **fields
    )


def integration(organization: Organization, **fields: Any) -> Integration:
    source = fields.pop("source", None) or usage(organization)
    target = fields.pop("target", None) or usage(organization)
    return Integration.objects.create(
        organization=organization,
        source=source,
        target=target,
        technology=c.Technology.API,
        **fields,
    )


def process(organization: Organization, **fields: Any) -> BusinessProcess:
    return BusinessProcess.objects.create(
        organization=organization, name=fields.pop("name", f"Proces {next(_n)}"), **fields
    )


def data_object(organization: Organization, name: str = "") -> DataObject:
    return DataObject.objects.create(organization=organization, name=name or f"Data {next(_n)}")
