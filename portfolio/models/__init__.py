"""The municipality's system landscape, shaped after KITOS (catalog + usage) plus governance.

Shared (all organizations): Vendor, KleSubject, CatalogSystem with scope=global.
Organization-owned: everything else.

The models live in four modules by responsibility; import them from ``portfolio.models``.
"""

from portfolio.models.contracts import (
    Contract,
    ContractPayment,
    ContractRole,
    DataProcessingRegistration,
)
from portfolio.models.integrations import BusinessProcess, Integration, ProcessStep
from portfolio.models.reference import CatalogSystem, DataObject, KleSubject, RoleType, Vendor
from portfolio.models.usages import ExternalReference, SystemUsage, UsageCost, UsageRole

__all__ = [
    "BusinessProcess",
    "CatalogSystem",
    "Contract",
    "ContractPayment",
    "ContractRole",
    "DataObject",
    "DataProcessingRegistration",
    "ExternalReference",
    "Integration",
    "KleSubject",
    "ProcessStep",
    "RoleType",
    "SystemUsage",
    "UsageCost",
    "UsageRole",
    "Vendor",
]
