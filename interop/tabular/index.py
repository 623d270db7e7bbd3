"""What the rows of an import are matched against: the organization's records (and the
records planned by earlier rows), loaded once in a handful of queries."""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Q
from django.utils.translation import gettext as _

from organizations.models import Organization, OrganizationUnit
from portfolio import choices as c
from portfolio.models import CatalogSystem, Contract, Integration, SystemUsage, Vendor

M = TypeVar("M")


class RowError(Exception):
    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def match_key(*parts: Any) -> tuple[str, ...]:
    return tuple(str(p or "").strip().casefold() for p in parts)


class Index:
    """Everything the rows are matched against, loaded once (a handful of queries)."""

    def __init__(self, organization: Organization) -> None:
        self.org = organization
        self.vendor_by_uuid: dict[uuidlib.UUID, Vendor] = {}
        self.vendor_by_cvr: dict[str, Vendor] = {}
        self.vendor_by_name: dict[tuple[str, ...], list[Vendor]] = {}
        for vendor in Vendor.objects.all():
            self._add_vendor(vendor)
        visible = Q(scope=c.Scope.GLOBAL) | Q(owner_organization=organization)
        self.system_by_uuid: dict[uuidlib.UUID, CatalogSystem] = {}
        self.system_by_name: dict[tuple[str, ...], list[CatalogSystem]] = {}
        for system in CatalogSystem.objects.filter(visible).select_related("vendor"):
            self._add_system(system)
        self.usage_by_uuid: dict[uuidlib.UUID, SystemUsage] = {}
        self.usage_by_name: dict[tuple[str, ...], list[SystemUsage]] = {}
        usages = SystemUsage.objects.filter(organization=organization).select_related(
            "catalog_system__vendor", "responsible_unit"
        )
        for usage in usages:
            self._add_usage(usage)
        self.contract_by_uuid: dict[uuidlib.UUID, Contract] = {}
        self.contract_by_number: dict[tuple[str, ...], Contract] = {}
        self.contract_by_name: dict[tuple[str, ...], list[Contract]] = {}
        contracts = Contract.objects.filter(organization=organization)
        for contract in contracts.select_related("vendor", "responsible_unit"):
            self._add_contract(contract)
        self.integration_by_uuid: dict[uuidlib.UUID, Integration] = {}
        self.integration_by_key: dict[tuple[Any, ...], Integration] = {}
        for integration in Integration.objects.filter(organization=organization):
            self._add_integration(integration)
        self.units: dict[tuple[str, ...], list[OrganizationUnit]] = {}
        for unit in OrganizationUnit.objects.filter(organization=organization):
            self.units.setdefault(match_key(unit.name), []).append(unit)
        self.foreign_uuids: set[uuidlib.UUID] = set()

    # -- adding (existing and planned records alike)
    def _add_vendor(self, vendor: Vendor) -> None:
        self.vendor_by_uuid[vendor.uuid] = vendor
        if vendor.cvr:
            self.vendor_by_cvr.setdefault(vendor.cvr, vendor)
        self.vendor_by_name.setdefault(match_key(vendor.name), []).append(vendor)

    def _add_system(self, system: CatalogSystem) -> None:
        self.system_by_uuid[system.uuid] = system
        vendor_name = system.vendor.name if system.vendor else ""
        self.system_by_name.setdefault(match_key(system.name), []).append(system)
        self.system_by_name.setdefault(match_key(system.name, vendor_name), []).append(system)

    def _usage_name(self, usage: SystemUsage) -> str:
        return usage.local_name or usage.catalog_system.name

    def _add_usage(self, usage: SystemUsage) -> None:
        self.usage_by_uuid[usage.uuid] = usage
        vendor = usage.catalog_system.vendor
        name = self._usage_name(usage)
        self.usage_by_name.setdefault(match_key(name), []).append(usage)
        self.usage_by_name.setdefault(match_key(name, vendor.name if vendor else ""), []).append(
            usage
        )

    def _add_contract(self, contract: Contract) -> None:
        self.contract_by_uuid[contract.uuid] = contract
        if contract.number:
            self.contract_by_number.setdefault(match_key(contract.number), contract)
        vendor = contract.vendor.name if contract.vendor else ""
        self.contract_by_name.setdefault(match_key(contract.name), []).append(contract)
        self.contract_by_name.setdefault(match_key(contract.name, vendor), []).append(contract)

    def _integration_key(self, integration: Integration) -> tuple[Any, ...]:
        target: Any = integration.target or integration.target_component
        return (
            id(integration.source),
            id(target),
            integration.interface_name.strip().casefold(),
        )

    def _add_integration(self, integration: Integration) -> None:
        self.integration_by_uuid[integration.uuid] = integration
        # Existing integrations are keyed by the usages loaded above (same objects).
        if integration.pk and integration.source_id:
            integration.source = self.usage_by_uuid_pk(integration.source_id)
            if integration.target_id:
                integration.target = self.usage_by_uuid_pk(integration.target_id)
            elif integration.target_component_id:
                integration.target_component = self.system_by_pk(integration.target_component_id)
        self.integration_by_key.setdefault(self._integration_key(integration), integration)

    def add(self, entity: str, obj: Any) -> None:
        """Index a record planned by a row (existing records are indexed on loading)."""
        adders: dict[str, Callable[[Any], None]] = {
            "vendors": self._add_vendor,
            "catalog-systems": self._add_system,
            "usages": self._add_usage,
            "contracts": self._add_contract,
            "integrations": self._add_integration,
        }
        adders[entity](obj)

    def by_uuid(self, entity: str) -> dict[uuidlib.UUID, Any]:
        return {
            "vendors": self.vendor_by_uuid,
            "catalog-systems": self.system_by_uuid,
            "usages": self.usage_by_uuid,
            "contracts": self.contract_by_uuid,
            "integrations": self.integration_by_uuid,
        }[entity]  # type: ignore[return-value]

    def usage_by_uuid_pk(self, pk: int) -> SystemUsage:
        if not hasattr(self, "_usage_pk"):
            self._usage_pk = {u.pk: u for u in self.usage_by_uuid.values() if u.pk}
        return self._usage_pk[pk]

    def system_by_pk(self, pk: int) -> CatalogSystem:
        if not hasattr(self, "_system_pk"):
            self._system_pk = {s.pk: s for s in self.system_by_uuid.values() if s.pk}
        found = self._system_pk.get(pk)
        if found is None:  # a component outside the visible catalog (should not happen)
            found = CatalogSystem.objects.get(pk=pk)
            self._system_pk[pk] = found
        return found


def only_one(found: list[M] | None, what: str, name: str) -> M | None:
    if not found:
        return None
    unique = list({id(x): x for x in found}.values())
    if len(unique) > 1:
        raise RowError(
            [
                _("%(what)s »%(name)s« kan ikke bestemmes entydigt: angiv UUID eller leverandør.")
                % {"what": what, "name": name}
            ]
        )
    return unique[0]
