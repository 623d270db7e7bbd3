"""KITOS API v2 JSON → the portfolio, keeping KITOS UUIDs so a re-import updates in place.

Shapes (camelCase, as KITOS's v2 API returns them; one page = a bare JSON array):
``it-systems`` (uuid, name, formerName, description, parentSystem, kle, businessType,
rightsHolder, recommendedArchiveDuty, deactivated), ``it-system-usages`` (uuid,
systemContext, organizationContext, general.validity.lifeCycleStatus, organizationUsage,
gdpr, archiving, outgoingSystemRelations), ``it-contracts`` (uuid, name, parentContract,
general, procurement, supplier, responsible, systemUsages, agreementPeriod, termination,
payments), ``it-interfaces`` (uuid, name, exposedBySystem, …), organization units (uuid,
name, parentOrganizationUnit, ean, unitId) and the deleted-entities feed (entityUuid,
entityType, occurredAtUtc), plus ``data-processing-registrations`` (uuid, name,
general{isAgreementConcluded, agreementConcludedAt, dataProcessors, subDataProcessors,
transferToInsecureThirdCountries, insecureCountriesSubjectToDataTransfer,
basisForTransfer, mainContract, associatedContracts, responsibleOrganizationUnit},
systemUsages, oversight{oversightInterval, oversightOptions, isOversightCompleted,
oversightDates}).

One module per KITOS entity (``units``, ``vendors``, ``systems``, ``usages``,
``contracts``, ``relations`` for interfaces and system relations, ``dprs``, ``deleted``),
each a function of the shared :class:`~interop.kitos.context.KitosContext`; ``pages``
reads the files, ``mapping`` holds the KITOS value tables, ``values`` the small helpers,
and ``importer`` runs the entities in dependency order.

Everything is written in one transaction with bulk operations and one summary audit event;
any row error rolls the whole import back. Values that cannot be mapped fall back to a
neutral value and are listed in the report — nothing is dropped silently.
"""

from interop.kitos.context import KitosContext, KitosReport
from interop.kitos.importer import apply_pages, kitos_import
from interop.kitos.pages import (
    CONTRACTS,
    DELETED,
    DPRS,
    INTERFACES,
    KINDS,
    SYSTEMS,
    UNITS,
    USAGES,
    KitosImportError,
    detect_kind,
    read_pages,
)

__all__ = [
    "CONTRACTS",
    "DELETED",
    "DPRS",
    "INTERFACES",
    "KINDS",
    "SYSTEMS",
    "UNITS",
    "USAGES",
    "KitosContext",
    "KitosImportError",
    "KitosReport",
    "apply_pages",
    "detect_kind",
    "kitos_import",
    "read_pages",
]
