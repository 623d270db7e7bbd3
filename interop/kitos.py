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

Everything is written in one transaction with bulk operations and one summary audit event;
any row error rolls the whole import back. Values that cannot be mapped fall back to a
neutral value and are listed in the report — nothing is dropped silently.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid as uuidlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from core.permissions import require
from interop.models import KitosUnitLink
from interop.report import ImportReport, write_all_or_nothing
from organizations.models import Organization, OrganizationUnit
from portfolio import choices as c
from portfolio.models import (
    CatalogSystem,
    Contract,
    ContractPayment,
    DataProcessingRegistration,
    Integration,
    KleSubject,
    SystemUsage,
    Vendor,
)
from portfolio.validators import cvr_is_valid

Record = dict[str, Any]
M = TypeVar("M", bound=models.Model)

UNITS = "organization-units"
SYSTEMS = "it-systems"
INTERFACES = "it-interfaces"
USAGES = "it-system-usages"
CONTRACTS = "it-contracts"
DPRS = "data-processing-registrations"
DELETED = "deleted-entities"
KINDS = (UNITS, SYSTEMS, INTERFACES, USAGES, CONTRACTS, DPRS, DELETED)
REPORT_KINDS = (
    "units",
    "vendors",
    "catalog-systems",
    "usages",
    "contracts",
    "integrations",
    DPRS,
)

LIFECYCLE = {
    "undecided": c.Lifecycle.UNDECIDED,
    "notInUse": c.Lifecycle.NOT_IN_USE,
    "phasingIn": c.Lifecycle.PHASING_IN,
    "operational": c.Lifecycle.OPERATIONAL,
    "phasingOut": c.Lifecycle.PHASING_OUT,
}
HOSTING = {
    "undecided": c.Hosting.UNDECIDED,
    "onPremise": c.Hosting.ON_PREMISES,
    "external": c.Hosting.EXTERNAL,
    "hybrid": c.Hosting.HYBRID,
}
# Most sensitive first: a usage takes the most sensitive level KITOS lists.
SENSITIVITY = {
    "legalData": c.DataSensitivity.CRIMINAL,
    "sensitiveData": c.DataSensitivity.SENSITIVE,
    "personData": c.DataSensitivity.PERSONAL,
    "none": c.DataSensitivity.NONE,
}
ARCHIVE_DUTY = {
    "undecided": c.ArchiveDuty.UNDECIDED,
    "b": c.ArchiveDuty.B,
    "k": c.ArchiveDuty.K,
    "unknown": c.ArchiveDuty.UNKNOWN,
    "preserveDataCanDiscardDocuments": c.ArchiveDuty.PRESERVE_DATA,
    "noRecommendation": c.ArchiveDuty.UNDECIDED,
}
RISK = {"low": c.Level.LOW, "medium": c.Level.MEDIUM, "high": c.Level.HIGH, "undecided": ""}
BUSINESS_TYPE = {
    "fagsystem": c.BusinessType.FAGSYSTEM,
    "administrativt system": c.BusinessType.ADMINISTRATIVT,
    "administrativt": c.BusinessType.ADMINISTRATIVT,
    "selvbetjening": c.BusinessType.SELVBETJENING,
    "selvbetjeningsløsning": c.BusinessType.SELVBETJENING,
    "infrastruktur": c.BusinessType.INFRASTRUKTUR,
    "fælleskommunal komponent": c.BusinessType.FAELLESKOMMUNAL,
    "fælleskommunal infrastruktur": c.BusinessType.FAELLESKOMMUNAL,
    "kontor- og samarbejdsværktøj": c.BusinessType.KONTOR,
    "kontorsystem": c.BusinessType.KONTOR,
    "andet": c.BusinessType.ANDET,
}
CONTRACT_TYPE = {
    "hovedkontrakt": c.ContractType.MAIN,
    "licensaftale": c.ContractType.LICENSE,
    "driftsaftale": c.ContractType.OPERATION,
    "serviceaftale": c.ContractType.SERVICE,
    "udviklingsaftale": c.ContractType.DEVELOPMENT,
    "rammeaftale": c.ContractType.FRAMEWORK,
    "tillægskontrakt": c.ContractType.ADDENDUM,
    "tillægsaftale": c.ContractType.ADDENDUM,
    "andet": c.ContractType.OTHER,
}
PROCUREMENT = {
    "eu-udbud": c.ProcurementForm.EU_TENDER,
    "udbud": c.ProcurementForm.EU_TENDER,
    "ski": c.ProcurementForm.SKI,
    "ski-rammeaftale": c.ProcurementForm.SKI,
    "rammeaftale": c.ProcurementForm.OTHER_FRAMEWORK,
    "kombit": c.ProcurementForm.KOMBIT,
    "direkte tildeling": c.ProcurementForm.UNDER_THRESHOLD,
    "nationalt udbud": c.ProcurementForm.NATIONAL_TENDER,
    "andet": c.ProcurementForm.OTHER,
}
FREQUENCY = {
    "realtid": c.Frequency.REALTIME,
    "timevis": c.Frequency.HOURLY,
    "dagligt": c.Frequency.DAILY,
    "ugentligt": c.Frequency.WEEKLY,
    "månedligt": c.Frequency.MONTHLY,
    "efter behov": c.Frequency.ON_DEMAND,
}
AGREEMENT = {
    "yes": c.AgreementConcluded.YES,
    "no": c.AgreementConcluded.NO,
    "irrelevant": c.AgreementConcluded.IRRELEVANT,
    "undecided": c.AgreementConcluded.UNDECIDED,
}
# KITOS OversightIntervalChoice -> months; "other" and "undecided" have no fixed interval.
OVERSIGHT_INTERVAL: dict[str, int | None] = {
    "biYearly": 6,
    "yearly": 12,
    "everyOtherYear": 24,
    "other": None,
    "undecided": None,
}
YES_NO_UNDECIDED = {"yes": True, "no": False, "undecided": False}
NOTICE_RUNS_TO = {
    "endOfMonth": c.NoticeRunsTo.MONTH,
    "endOfQuarter": c.NoticeRunsTo.QUARTER,
    "endOfHalfYear": c.NoticeRunsTo.HALF_YEAR,
    "endOfCalendarYear": c.NoticeRunsTo.YEAR,
}


class KitosImportError(Exception):
    """The import could not run at all (unreadable file, unknown shape)."""


@dataclass
class KitosReport(ImportReport):
    """What an import did, per kind, and every row or value it could not take over."""

    kinds: tuple[str, ...] = REPORT_KINDS
    deleted: list[str] = field(default_factory=list)
    # Data processing registrations deleted in KITOS are deleted here too.
    deleted_registrations: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            **super().as_json(),
            "deleted": self.deleted,
            "deleted_registrations": self.deleted_registrations,
        }

    def detail_lines(self) -> list[str]:
        return [
            _("Slettet i KITOS, sat til 'ikke i drift': %(uuid)s") % {"uuid": u}
            for u in self.deleted
        ] + [
            _("Databehandling slettet i KITOS og slettet her: %(uuid)s") % {"uuid": u}
            for u in self.deleted_registrations
        ]


# Reading ---------------------------------------------------------------------------------


def detect_kind(records: list[Record]) -> str | None:
    """The KITOS endpoint a page came from, judged by its first record's keys."""
    if not records:
        return None
    keys = set(records[0])
    if {"entityUuid", "entityType"} <= keys:
        return DELETED
    if "systemContext" in keys:
        return USAGES
    if "oversight" in keys:  # before contracts: a registration also has systemUsages
        return DPRS
    if keys & {"supplier", "agreementPeriod", "systemUsages", "parentContract"}:
        return CONTRACTS
    if keys & {"exposedBySystem", "interfaceId"}:
        return INTERFACES
    if keys & {"rightsHolder", "businessType", "recommendedArchiveDuty", "exposedInterfaces"}:
        return SYSTEMS
    if keys & {"parentOrganizationUnit", "unitId", "ean", "origin"}:
        return UNITS
    return None


def read_pages(files: list[bytes], kind: str | None = None) -> dict[str, list[Record]]:
    """Parse JSON pages (each a bare array) and group their records by KITOS kind."""
    pages: dict[str, list[Record]] = defaultdict(list)
    for number, raw in enumerate(files, start=1):
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise KitosImportError(
                _("Fil %(n)s er ikke gyldig JSON: %(err)s") % {"n": number, "err": exc}
            ) from exc
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise KitosImportError(
                _("Fil %(n)s er ikke en KITOS-side (en JSON-liste af objekter).") % {"n": number}
            )
        page_kind = kind or detect_kind(data)
        if data and page_kind not in KINDS:
            raise KitosImportError(
                _("Fil %(n)s: kan ikke afgøre, hvilken slags KITOS-data den indeholder.")
                % {"n": number}
            )
        if page_kind:
            pages[page_kind].extend(data)
    return dict(pages)


# Small value helpers -------------------------------------------------------------------------


def _uuid(value: Any) -> uuidlib.UUID | None:
    if isinstance(value, dict):
        value = value.get("uuid")
    if not value:
        return None
    try:
        return uuidlib.UUID(str(value))
    except ValueError:
        return None


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _name(value: Any) -> str:
    return str(value.get("name") or "") if isinstance(value, dict) else ""


def _yes(value: Any) -> bool:
    return bool(value == "yes")


def _text(value: Any, limit: int | None = None) -> str:
    text = "" if value is None else str(value)
    return text[:limit] if limit else text


def _user_count(interval: Any) -> str:
    if not isinstance(interval, dict):
        return c.UserCount.UNDECIDED
    lower, upper = interval.get("lowerBound"), interval.get("upperBound")
    if upper is not None and upper <= 10:
        return c.UserCount.UNDER_10
    if lower is not None and lower >= 100:
        return c.UserCount.OVER_100
    if lower is not None and lower >= 50:
        return c.UserCount.FROM_50_TO_100
    if lower is not None and lower >= 10:
        return c.UserCount.FROM_10_TO_50
    return c.UserCount.UNDECIDED


DPR_LINKS = ("data_processors", "sub_data_processors", "usages", "contracts")


def _sub_org(item: Any) -> Any:
    """A sub data processor's organization (newer KITOS wraps it with transfer details)."""
    if isinstance(item, dict) and "dataProcessorOrganization" in item:
        return item.get("dataProcessorOrganization")
    return item


def _names(refs: Any) -> list[str]:
    """Names of ``{uuid, name}`` references (a bare string is kept as it is)."""
    names: list[str] = []
    for ref in refs or []:
        name = _name(ref) if isinstance(ref, dict) else _text(ref)
        if name:
            names.append(name)
    return names


def _through(model: type[models.Model], name: str) -> tuple[Any, str, str]:
    """The through model of the many-to-many field ``name`` and its two column names."""
    field: Any = model._meta.get_field(name)
    through = field.remote_field.through
    owner = through._meta.get_field(field.m2m_field_name()).attname
    target = through._meta.get_field(field.m2m_reverse_field_name()).attname
    return through, owner, target


def _dpr_links(pks: list[int]) -> dict[str, dict[int, set[int]]]:
    """The stored link ids of the registrations ``pks``, per many-to-many field, read from
    the through tables (no model instances: a re-import of thousands stays fast)."""
    links: dict[str, dict[int, set[int]]] = {name: defaultdict(set) for name in DPR_LINKS}
    for name in DPR_LINKS:
        through, owner, target = _through(DataProcessingRegistration, name)
        for chunk in _chunks(pks):
            rows = through.objects.filter(**{f"{owner}__in": chunk}).values_list(owner, target)
            for owner_id, target_id in rows:
                links[name][owner_id].add(target_id)
    return links


def _dpr_contract_refs(general: Record) -> list[Any]:
    main = general.get("mainContract")
    return [*([main] if main else []), *(general.get("associatedContracts") or [])]


CHUNK = 2000


def _chunks(keys: list[Any]) -> list[list[Any]]:
    return [keys[i : i + CHUNK] for i in range(0, len(keys), CHUNK)]


def _by_uuid(queryset: models.QuerySet[M], keys: Any) -> dict[uuidlib.UUID, M]:
    """Rows by uuid, looked up in chunks (SQLite limits the number of query parameters)."""
    found: dict[uuidlib.UUID, M] = {}
    for chunk in _chunks(list(keys)):
        rows = queryset.filter(uuid__in=chunk)
        found.update({row.uuid: row for row in rows})  # type: ignore[attr-defined]
    return found


def _replace_links(through: Any, owner: str, target: str, links: dict[int, set[int]]) -> None:
    """Replace the M2M rows of the given owners (only those that changed)."""
    for chunk in _chunks(list(links)):
        through.objects.filter(**{f"{owner}__in": chunk}).delete()
    through.objects.bulk_create(
        [through(**{owner: pk, target: t}) for pk, ts in links.items() for t in sorted(ts)],
        batch_size=1000,
    )


def _changed(obj: models.Model, values: dict[str, Any]) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


# The import ---------------------------------------------------------------------------------


class _Importer:
    def __init__(self, organization: Organization, report: KitosReport) -> None:
        self.org = organization
        self.report = report
        self.units: dict[uuidlib.UUID, int] = {
            link.kitos_uuid: link.unit_id
            for link in KitosUnitLink.objects.filter(organization=organization)
        }
        self.vendors: dict[uuidlib.UUID, Vendor] = {}
        self.systems: dict[uuidlib.UUID, CatalogSystem] = {}
        self.usages: dict[uuidlib.UUID, SystemUsage] = {}
        self.contracts: dict[uuidlib.UUID, Contract] = {}
        self.interfaces: dict[uuidlib.UUID, str] = {}
        self.dirty: dict[int, set[str]] = {}

    def _changed(self, obj: models.Model, values: dict[str, Any]) -> bool:
        """Set the values on obj; remember which fields changed; True if any did."""
        dirty = self.dirty.setdefault(id(obj), set())
        before = len(dirty)
        for name, value in values.items():
            if getattr(obj, name) != value:
                setattr(obj, name, value)
                dirty.add(name)
        return len(dirty) > before

    def _save(self, model: type[models.Model], objs: list[Any]) -> None:
        """Write the changed fields: one UPDATE per distinct set of changes (fast in bulk)."""
        groups: dict[tuple[tuple[str, Any], ...], list[int]] = defaultdict(list)
        for obj in objs:
            fields = sorted(self.dirty.get(id(obj), ()))
            if fields:
                groups[tuple((f, getattr(obj, f)) for f in fields)].append(obj.pk)
        now = timezone.now()
        for items, pks in groups.items():
            for chunk in _chunks(sorted(set(pks))):
                model._default_manager.filter(pk__in=chunk).update(**dict(items), updated_at=now)

    # -- helpers
    def _unit(self, ref: Any, row: str) -> int | None:
        key = _uuid(ref)
        if key is None:
            return None
        unit_id = self.units.get(key)
        if unit_id is None:
            self.report.warn(
                row,
                _("Ukendt organisationsenhed %(name)s (%(uuid)s).")
                % {"name": _name(ref), "uuid": key},
            )
        return unit_id

    def _mapped(self, table: dict[str, Any], value: Any, default: Any, row: str, what: str) -> Any:
        if value is None or value == "":
            return default
        key = str(value)
        if key in table:
            return table[key]
        if key.lower() in table:
            return table[key.lower()]
        self.report.warn(
            row,
            _("%(what)s '%(value)s' kan ikke oversættes; sat til '%(default)s'.")
            % {"what": what, "value": key, "default": default},
        )
        return default

    def _claim(
        self,
        existing: dict[uuidlib.UUID, M],
        key: uuidlib.UUID | None,
        row: str,
        foreign: str,
        missing: str = "",
    ) -> tuple[uuidlib.UUID, M | None] | None:
        """The record's uuid and its stored object (None: new), or None after a row error
        when the uuid is missing or belongs to another organization's object (``foreign``).
        A global catalog system belongs to everyone."""
        if key is None:
            self.report.error(row, missing or _("Mangler et gyldigt uuid."))
            return None
        obj = existing.get(key)
        if obj is None:
            return key, None
        if isinstance(obj, CatalogSystem):
            ours = obj.scope == c.Scope.GLOBAL or obj.owner_organization_id == self.org.pk
        else:
            ours = getattr(obj, "organization_id", None) == self.org.pk
        if not ours:
            self.report.error(row, foreign)
            return None
        return key, obj

    # -- organization units
    def import_units(self, records: list[Record]) -> None:
        by_uuid: dict[uuidlib.UUID, Record] = {}
        for record in records:
            key = _uuid(record)
            if key is not None:
                by_uuid[key] = record
        existing = {u.pk: u for u in OrganizationUnit.objects.filter(organization=self.org)}
        by_local_id = {u.local_id: u for u in existing.values() if u.local_id}
        done: set[uuidlib.UUID] = set()

        def visit(key: uuidlib.UUID, depth: int = 0) -> None:
            if key in done or depth > 50:
                return
            record = by_uuid[key]
            parent_key = _uuid(record.get("parentOrganizationUnit"))
            if parent_key in by_uuid and parent_key is not None:
                visit(parent_key, depth + 1)
            parent_id = self.units.get(parent_key) if parent_key else None
            ean = record.get("ean")
            values = {
                "name": _text(record.get("name"), 200) or str(key),
                "parent_id": parent_id,
                "local_id": _text(record.get("unitId"), 50),
                "ean": str(ean) if ean else "",
            }
            unit_id = self.units.get(key)
            unit = existing.get(unit_id) if unit_id else None
            if unit is None and values["local_id"] in by_local_id:
                unit = by_local_id[values["local_id"]]
                KitosUnitLink.objects.create(organization=self.org, kitos_uuid=key, unit=unit)
            if unit is None:
                unit = OrganizationUnit.objects.create(organization=self.org, **values)
                KitosUnitLink.objects.create(organization=self.org, kitos_uuid=key, unit=unit)
                self.report.count("units", "created")
            elif _changed(unit, values):
                unit.save()
                self.report.count("units", "updated")
            else:
                self.report.count("units", "unchanged")
            self.units[key] = unit.pk
            done.add(key)

        for key in by_uuid:
            visit(key)

    # -- vendors and catalog systems
    def import_vendors(self, refs: list[tuple[Any, str]]) -> None:
        wanted: dict[uuidlib.UUID, Record] = {}
        for ref, _row in refs:
            key = _uuid(ref)
            if key is not None and isinstance(ref, dict) and key not in self.vendors:
                wanted[key] = ref
        existing = _by_uuid(Vendor.objects.all(), wanted)
        cvrs = [str(r.get("cvr") or "") for r in wanted.values()]
        by_cvr = {v.cvr: v for v in Vendor.objects.filter(cvr__in=[x for x in cvrs if x])}
        create: list[Vendor] = []
        update: list[Vendor] = []
        for key, ref in wanted.items():
            cvr = str(ref.get("cvr") or "")
            if cvr and not cvr_is_valid(cvr):
                self.report.warn(
                    f"vendor {key}",
                    _("CVR-nummeret %(cvr)s er ugyldigt og er udeladt.") % {"cvr": cvr},
                )
                cvr = ""
            vendor = existing.get(key) or by_cvr.get(cvr) if cvr else existing.get(key)
            values = {"name": _text(ref.get("name"), 200) or str(key)}
            if vendor is None:
                vendor = Vendor(uuid=key, cvr=cvr, created_by=self.org, **values)
                if cvr:
                    by_cvr[cvr] = vendor
                create.append(vendor)
                self.report.count("vendors", "created")
            elif vendor in create:
                pass
            else:
                if cvr and not vendor.cvr:
                    values["cvr"] = cvr
                if self._changed(vendor, values):
                    update.append(vendor)
                    self.report.count("vendors", "updated")
                else:
                    self.report.count("vendors", "unchanged")
            self.vendors[key] = vendor
        Vendor.objects.bulk_create(create)
        self._save(Vendor, update)

    def import_systems(self, records: list[Record]) -> None:
        self.import_vendors(
            [(r.get("rightsHolder"), f"{SYSTEMS} {r.get('uuid')}") for r in records]
        )
        keys = [k for k in (_uuid(r) for r in records) if k]
        existing = _by_uuid(CatalogSystem.objects.prefetch_related("kle_subjects"), keys)
        kle = dict(KleSubject.objects.values_list("number", "pk"))
        create: list[CatalogSystem] = []
        update: list[CatalogSystem] = []
        kle_sets: dict[uuidlib.UUID, set[int]] = {}
        pending: dict[uuidlib.UUID, dict[str, Any]] = {}
        for index, record in enumerate(records):
            row = f"{SYSTEMS}[{index}] {record.get('name') or record.get('uuid')}"
            claimed = self._claim(
                existing, _uuid(record), row, _("UUID'et tilhører en anden organisations system.")
            )
            if claimed is None:
                continue
            key, system = claimed
            btype = record.get("businessType")
            business_type = (
                self._mapped(
                    BUSINESS_TYPE, _name(btype), c.BusinessType.ANDET, row, _("Forretningstypen")
                )
                if btype
                else c.BusinessType.ANDET
            )
            duty = record.get("recommendedArchiveDuty") or {}
            vendor_key = _uuid(record.get("rightsHolder"))
            vendor = self.vendors.get(vendor_key) if vendor_key else None
            values = {
                "name": _text(record.get("name"), 200),
                "former_names": _text(record.get("formerName"), 500),
                "description": _text(record.get("description")),
                "vendor_id": vendor.pk if vendor else None,
                "business_type": business_type,
                "recommended_archive_duty": self._mapped(
                    ARCHIVE_DUTY,
                    duty.get("id") if isinstance(duty, dict) else duty,
                    c.ArchiveDuty.UNDECIDED,
                    row,
                    _("Anbefalet arkivpligt"),
                ),
                "deactivated": bool(record.get("deactivated")),
            }
            if not values["name"]:
                self.report.error(row, _("Systemet mangler et navn."))
                continue
            numbers: set[int] = set()
            for ref in record.get("kle") or []:
                number = (
                    _name(ref) or str(ref.get("key") or "") if isinstance(ref, dict) else str(ref)
                )
                if number in kle:
                    numbers.add(kle[number])
                else:
                    self.report.warn(row, _("KLE-nummeret %(n)s findes ikke.") % {"n": number})
            kle_sets[key] = numbers
            if system is None:
                system = CatalogSystem(uuid=key, scope=c.Scope.GLOBAL, **values)
                create.append(system)
                self.report.count("catalog-systems", "created")
            self.systems[key] = system
            pending[key] = values
        CatalogSystem.objects.bulk_create(create)
        created = {id(s) for s in create}
        # Parents after creation, so a parent later in the files is found.
        parent_keys = {
            key: _uuid(r.get("parentSystem"))
            for r in records
            for key in [_uuid(r)]
            if key in self.systems
        }
        parents = _by_uuid(CatalogSystem.objects.all(), {p for p in parent_keys.values() if p})
        kle_dirty: dict[int, set[int]] = {}
        for key, system in self.systems.items():
            values = pending[key]
            parent_key = parent_keys.get(key)
            parent = parents.get(parent_key) if parent_key else None
            if parent_key and parent is None:
                self.report.warn(
                    f"{SYSTEMS} {key}",
                    _("Det overordnede system %(uuid)s findes ikke.") % {"uuid": parent_key},
                )
            values["parent_id"] = parent.pk if parent else None
            changed = self._changed(system, values)
            new = id(system) in created
            if new:
                if kle_sets[key]:
                    kle_dirty[system.pk] = kle_sets[key]
            elif {k.pk for k in system.kle_subjects.all()} != kle_sets[key]:
                kle_dirty[system.pk] = kle_sets[key]
                changed = True
            if changed:
                update.append(system)
            if not new:
                self.report.count("catalog-systems", "updated" if changed else "unchanged")
        self._save(CatalogSystem, update)
        _replace_links(
            CatalogSystem.kle_subjects.through, "catalogsystem_id", "klesubject_id", kle_dirty
        )

    def import_interfaces(self, records: list[Record]) -> None:
        for record in records:
            key = _uuid(record)
            if key is not None:
                self.interfaces[key] = _text(record.get("name"), 200)

    # -- usages
    def import_usages(self, records: list[Record]) -> None:
        contexts = {_uuid(r.get("organizationContext")) for r in records} - {None}
        if len(contexts) > 1:
            self.report.error(
                USAGES, _("Filerne indeholder systemer fra flere KITOS-organisationer.")
            )
            return
        keys = [k for k in (_uuid(r) for r in records) if k]
        existing = _by_uuid(SystemUsage.objects.prefetch_related("using_units"), keys)
        system_keys = {_uuid(r.get("systemContext")) for r in records} - {None}
        systems = _by_uuid(CatalogSystem.objects.all(), system_keys)
        create: list[SystemUsage] = []
        update: list[SystemUsage] = []
        unit_sets: dict[uuidlib.UUID, set[int]] = {}
        units_dirty: set[uuidlib.UUID] = set()
        for index, record in enumerate(records):
            general = record.get("general") or {}
            label = general.get("localCallName") or _name(record.get("systemContext"))
            row = f"{USAGES}[{index}] {label or record.get('uuid')}"
            claimed = self._claim(
                existing, _uuid(record), row, _("UUID'et tilhører en anden organisations system.")
            )
            if claimed is None:
                continue
            key, usage = claimed
            system = systems.get(_uuid(record.get("systemContext")))  # type: ignore[arg-type]
            if system is None:
                self.report.error(
                    row,
                    _("IT-systemet %(name)s findes ikke i kataloget; importér it-systems først.")
                    % {"name": _name(record.get("systemContext")) or "?"},
                )
                continue
            validity = general.get("validity") or {}
            gdpr = record.get("gdpr") or {}
            archiving = record.get("archiving") or {}
            org_usage = record.get("organizationUsage") or {}
            levels = set(gdpr.get("dataSensitivityLevels") or [])
            sensitivity = c.DataSensitivity.NONE
            for level in levels - set(SENSITIVITY):
                self.report.warn(
                    row, _("Datafølsomheden '%(v)s' kan ikke oversættes.") % {"v": level}
                )
            for level, mapped in SENSITIVITY.items():
                if level in levels:
                    sensitivity = mapped
                    break
            values = {
                "catalog_system_id": system.pk,
                "local_name": _text(general.get("localCallName"), 200),
                "local_id": _text(general.get("localSystemId"), 50),
                "version": _text(general.get("systemVersion"), 50),
                "lifecycle": self._mapped(
                    LIFECYCLE,
                    validity.get("lifeCycleStatus"),
                    c.Lifecycle.UNDECIDED,
                    row,
                    _("Livscyklus"),
                ),
                "valid_from": _date(validity.get("validFrom")),
                "valid_to": _date(validity.get("validTo")),
                "responsible_unit_id": self._unit(
                    org_usage.get("responsibleOrganizationUnit"), row
                ),
                "user_count": _user_count(general.get("numberOfExpectedUsers")),
                "hosting": self._mapped(
                    HOSTING, gdpr.get("hostedAt"), c.Hosting.UNDECIDED, row, _("Driftsformen")
                ),
                "data_sensitivity": sensitivity,
                "gdpr_purpose": _text(gdpr.get("purpose")),
                "risk_assessment_done": _yes(gdpr.get("riskAssessmentConducted")),
                "risk_assessment_date": _date(gdpr.get("riskAssessmentConductedDate")),
                "risk_level": self._mapped(
                    RISK, gdpr.get("riskAssessmentResult"), "", row, _("Risikoniveauet")
                ),
                "dpia_done": _yes(gdpr.get("dpiaConducted")),
                "dpia_date": _date(gdpr.get("dpiaDate")),
                "business_critical": _yes(gdpr.get("businessCritical")),
                "archive_duty": self._mapped(
                    ARCHIVE_DUTY,
                    archiving.get("archiveDuty"),
                    c.ArchiveDuty.UNDECIDED,
                    row,
                    _("Arkivpligten"),
                ),
                "archive_notes": _text(archiving.get("notes")),
                "notes": _text(general.get("notes")),
            }
            if (
                values["valid_from"]
                and values["valid_to"]
                and values["valid_to"] < values["valid_from"]
            ):
                self.report.error(row, _("'I drift til' ligger før 'i drift fra'."))
                continue
            units = {self._unit(ref, row) for ref in org_usage.get("usingOrganizationUnits") or []}
            unit_sets[key] = {u for u in units if u is not None}
            if usage is None:
                usage = SystemUsage(uuid=key, organization=self.org, **values)
                create.append(usage)
                self.report.count("usages", "created")
            else:
                changed = self._changed(usage, values)
                if {u.pk for u in usage.using_units.all()} != unit_sets[key]:
                    changed = True
                    units_dirty.add(key)
                if changed:
                    update.append(usage)
                    self.report.count("usages", "updated")
                else:
                    self.report.count("usages", "unchanged")
            self.usages[key] = usage
        SystemUsage.objects.bulk_create(create, batch_size=1000)
        self._save(SystemUsage, update)
        _replace_links(
            SystemUsage.using_units.through,
            "systemusage_id",
            "organizationunit_id",
            {
                self.usages[k].pk: unit_sets[k]
                for k in units_dirty | {u.uuid for u in create if unit_sets[u.uuid]}
            },
        )

    def _usage_by_uuid(self, keys: list[uuidlib.UUID]) -> dict[uuidlib.UUID, SystemUsage]:
        found = dict(self.usages)
        missing = [k for k in keys if k not in found]
        found.update(_by_uuid(SystemUsage.objects.filter(organization=self.org), missing))
        return found

    # -- contracts
    def import_contracts(self, records: list[Record]) -> None:
        self.import_vendors(
            [
                ((r.get("supplier") or {}).get("organization"), f"{CONTRACTS} {r.get('uuid')}")
                for r in records
            ]
        )
        keys = [k for k in (_uuid(r) for r in records) if k]
        existing = _by_uuid(Contract.objects.prefetch_related("usages", "payments"), keys)
        usage_keys = [
            k for r in records for k in (_uuid(ref) for ref in r.get("systemUsages") or []) if k
        ]
        usages = self._usage_by_uuid(usage_keys)
        create: list[Contract] = []
        update: list[Contract] = []
        usage_sets: dict[uuidlib.UUID, set[int]] = {}
        payments: dict[uuidlib.UUID, dict[tuple[int, str], Decimal]] = {}
        links_dirty: set[uuidlib.UUID] = set()
        payments_dirty: set[uuidlib.UUID] = set()
        for index, record in enumerate(records):
            row = f"{CONTRACTS}[{index}] {record.get('name') or record.get('uuid')}"
            claimed = self._claim(
                existing,
                _uuid(record),
                row,
                _("UUID'et tilhører en anden organisations kontrakt."),
            )
            if claimed is None:
                continue
            key, contract = claimed
            general = record.get("general") or {}
            validity = general.get("validity") or {}
            procurement = record.get("procurement") or {}
            period = record.get("agreementPeriod") or {}
            termination = record.get("termination") or {}
            terms = termination.get("terms") or {}
            vendor = self.vendors.get(_uuid((record.get("supplier") or {}).get("organization")))  # type: ignore[arg-type]
            notice_name = _name(terms.get("noticePeriodMonths"))
            notice_months = 0
            if notice_name:
                digits = "".join(ch for ch in notice_name.split()[0] if ch.isdigit())
                if digits:
                    notice_months = int(digits)
                else:
                    self.report.warn(
                        row,
                        _("Opsigelsesvarslet '%(v)s' kan ikke oversættes; sat til 0.")
                        % {"v": notice_name},
                    )
            used = int(period.get("extensionOptionsUsed") or 0)
            values = {
                "number": _text(general.get("contractId"), 50),
                "name": _text(record.get("name"), 200),
                "vendor_id": vendor.pk if vendor else None,
                "contract_type": self._mapped(
                    CONTRACT_TYPE,
                    _name(general.get("contractType")),
                    c.ContractType.MAIN,
                    row,
                    _("Kontrakttypen"),
                ),
                "procurement_form": self._mapped(
                    PROCUREMENT,
                    _name(procurement.get("procurementStrategy")),
                    "",
                    row,
                    _("Udbudsformen"),
                ),
                "start_date": _date(validity.get("validFrom")),
                "end_date": _date(validity.get("validTo")),
                "irrevocable_until": _date(period.get("irrevocableUntil")),
                "notice_months": notice_months,
                "notice_runs_to": self._mapped(
                    NOTICE_RUNS_TO,
                    terms.get("noticeByEndOf"),
                    c.NoticeRunsTo.ANY_DAY,
                    row,
                    _("Opsigelse løber til"),
                ),
                "options_used": used,
                "options_offered": max(used, contract.options_offered if contract else 0),
                "terminated": bool(termination.get("terminatedAt")),
                "terminated_date": _date(termination.get("terminatedAt")),
                "responsible_unit_id": self._unit(
                    (record.get("responsible") or {}).get("organizationUnit"), row
                ),
                "notes": _text(general.get("notes")),
            }
            if not values["name"]:
                self.report.error(row, _("Kontrakten mangler et navn."))
                continue
            if (
                values["start_date"]
                and values["end_date"]
                and values["end_date"] < values["start_date"]
            ):
                self.report.error(row, _("Udløbsdatoen ligger før startdatoen."))
                continue
            linked: set[int] = set()
            for ref in record.get("systemUsages") or []:
                usage = usages.get(_uuid(ref))  # type: ignore[arg-type]
                if usage is None:
                    self.report.warn(
                        row,
                        _("Systemet %(name)s findes ikke i organisationen.") % {"name": _name(ref)},
                    )
                else:
                    linked.add(usage.pk)
            usage_sets[key] = linked
            streams: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
            pay = record.get("payments") or {}
            for line in [*(pay.get("external") or []), *(pay.get("internal") or [])]:
                when = _date(line.get("auditDate")) or values["start_date"]
                if when is None or not 2000 <= when.year <= 2100:
                    self.report.warn(
                        row,
                        _("En betaling (%(date)s) kan ikke placeres på et år mellem 2000 og 2100.")
                        % {"date": when or "uden dato"},
                    )
                    continue
                for stream in ("acquisition", "operation", "other"):
                    amount = line.get(stream) or 0
                    if amount:
                        streams[(when.year, stream)] += Decimal(str(amount))
            payments[key] = streams
            if contract is None:
                contract = Contract(uuid=key, organization=self.org, **values)
                create.append(contract)
                self.report.count("contracts", "created")
            else:
                changed = self._changed(contract, values)
                if {u.pk for u in contract.usages.all()} != linked:
                    changed = True
                    links_dirty.add(key)
                current = {(p.year, p.stream): p.amount for p in contract.payments.all()}
                if current != dict(streams):
                    changed = True
                    payments_dirty.add(key)
                if changed:
                    update.append(contract)
                    self.report.count("contracts", "updated")
                else:
                    self.report.count("contracts", "unchanged")
            self.contracts[key] = contract
        Contract.objects.bulk_create(create, batch_size=1000)
        pending = {id(x) for x in update}
        parents = {
            key: _uuid(r.get("parentContract"))
            for r in records
            for key in [_uuid(r)]
            if key in self.contracts
        }
        parent_rows = _by_uuid(
            Contract.objects.filter(organization=self.org), {p for p in parents.values() if p}
        )
        for key, parent_key in parents.items():
            contract = self.contracts[key]
            parent = parent_rows.get(parent_key) if parent_key else None
            parent_id = parent.pk if parent else None
            if self._changed(contract, {"parent_id": parent_id}) and id(contract) not in pending:
                pending.add(id(contract))
                update.append(contract)
        self._save(Contract, update)
        new = {x.uuid for x in create}
        _replace_links(
            Contract.usages.through,
            "contract_id",
            "systemusage_id",
            {self.contracts[k].pk: usage_sets[k] for k in links_dirty | new},
        )
        rewrite = [self.contracts[k].pk for k in payments_dirty | new]
        for chunk in _chunks(rewrite):
            ContractPayment.objects.filter(contract_id__in=chunk).delete()
        ContractPayment.objects.bulk_create(
            [
                ContractPayment(
                    contract_id=self.contracts[k].pk, year=year, stream=stream, amount=amount
                )
                for k in payments_dirty | new
                for (year, stream), amount in sorted(payments[k].items())
            ],
            batch_size=1000,
        )

    # -- integrations (KITOS: outgoing system relations, using an it-interface)
    def import_integrations(self, records: list[Record]) -> None:
        relations = [
            (record, relation)
            for record in records
            if _uuid(record) in self.usages
            for relation in record.get("outgoingSystemRelations") or []
        ]
        keys = [k for k in (_uuid(rel) for _r, rel in relations) if k]
        existing = _by_uuid(Integration.objects.all(), keys)
        targets = self._usage_by_uuid(
            [k for k in (_uuid(rel.get("toSystemUsage")) for _r, rel in relations) if k]
        )
        contract_keys = [
            k for k in (_uuid(rel.get("associatedContract")) for _r, rel in relations) if k
        ]
        contracts = dict(self.contracts)
        contracts.update(
            _by_uuid(
                Contract.objects.filter(organization=self.org),
                [k for k in contract_keys if k not in contracts],
            )
        )
        create: list[Integration] = []
        update: list[Integration] = []
        for index, (record, relation) in enumerate(relations):
            source = self.usages[_uuid(record)]  # type: ignore[index]
            row = f"{USAGES} relation[{index}] {source.local_name or record.get('uuid')}"
            claimed = self._claim(
                existing,
                _uuid(relation),
                row,
                _("UUID'et tilhører en anden organisations integration."),
                missing=_("Relationen mangler et gyldigt uuid."),
            )
            if claimed is None:
                continue
            key, integration = claimed
            target = targets.get(_uuid(relation.get("toSystemUsage")))  # type: ignore[arg-type]
            if target is None:
                self.report.error(
                    row,
                    _("Relationens mål %(name)s findes ikke i organisationen.")
                    % {"name": _name(relation.get("toSystemUsage")) or "?"},
                )
                continue
            interface = relation.get("relationInterface")
            interface_key = _uuid(interface)
            contract = contracts.get(_uuid(relation.get("associatedContract")))  # type: ignore[arg-type]
            frequency = _name(relation.get("relationFrequency"))
            values = {
                "source_id": source.pk,
                "target_id": target.pk,
                "interface_name": (self.interfaces.get(interface_key) if interface_key else None)
                or _text(_name(interface), 200),
                "frequency": self._mapped(
                    FREQUENCY, frequency, c.Frequency.DAILY, row, _("Frekvensen")
                ),
                "contract_id": contract.pk if contract else None,
                "description": _text(relation.get("description")),
            }
            if integration is None:
                create.append(
                    Integration(
                        uuid=key, organization=self.org, technology=c.Technology.API, **values
                    )
                )
                self.report.count("integrations", "created")
            elif self._changed(integration, values):
                update.append(integration)
                self.report.count("integrations", "updated")
            else:
                self.report.count("integrations", "unchanged")
        Integration.objects.bulk_create(create, batch_size=1000)
        self._save(Integration, update)

    # -- data processing registrations
    def _match_vendors_by_name(self, refs: list[tuple[Any, str]]) -> None:
        """A processor KITOS knows without a (valid) CVR and whose UUID is new here is the
        vendor with exactly that name, if there is exactly one; else import_vendors
        creates it."""
        wanted: dict[uuidlib.UUID, str] = {}
        for ref, _row in refs:
            key = _uuid(ref)
            if key is None or key in self.vendors or not isinstance(ref, dict):
                continue
            if cvr_is_valid(str(ref.get("cvr") or "")):
                continue
            name = _text(ref.get("name"), 200)
            if name:
                wanted[key] = name
        if not wanted:
            return
        known = set(_by_uuid(Vendor.objects.all(), wanted))
        names = {name for key, name in wanted.items() if key not in known}
        by_name: dict[str, list[Vendor]] = defaultdict(list)
        for chunk in _chunks(sorted(names)):
            for vendor in Vendor.objects.filter(name__in=chunk):
                by_name[vendor.name].append(vendor)
        for key, name in wanted.items():
            if key not in known and len(by_name.get(name, [])) == 1:
                self.vendors[key] = by_name[name][0]
                self.report.count("vendors", "unchanged")

    def _choice(
        self, table: dict[str, Any], value: Any, default: Any, row: str, message: str
    ) -> Any:
        """A KITOS enum value (camelCase; PascalCase accepted) looked up in table; an unknown
        one is reported with ``message`` (``%(v)s`` is the value) and gives default."""
        if value is None or value == "":
            return default
        key = str(value)
        for candidate in (key, key[:1].lower() + key[1:]):
            if candidate in table:
                return table[candidate]
        self.report.warn(row, message % {"v": key})
        return default

    def _limited(self, text: str, limit: int, row: str, what: str) -> str:
        if len(text) > limit:
            self.report.warn(
                row,
                _("%(what)s er forkortet til %(n)s tegn.") % {"what": what, "n": limit},
            )
        return text[:limit]

    def import_dprs(self, records: list[Record], contract_records: list[Record]) -> None:
        """Data processing registrations, plus the links the contracts' own
        ``dataProcessingRegistrations`` lists name.

        A registration's contracts are ``mainContract`` + ``associatedContracts`` when the
        record has them (then they replace the stored links); a contract's list only adds
        links (older KITOS versions have no ``associatedContracts`` on the registration).
        """
        contract_side: dict[uuidlib.UUID, set[uuidlib.UUID]] = defaultdict(set)
        for record in contract_records:
            contract_key = _uuid(record)
            if contract_key is None or contract_key not in self.contracts:
                continue
            for ref in record.get("dataProcessingRegistrations") or []:
                dpr_key = _uuid(ref)
                if dpr_key is not None:
                    contract_side[dpr_key].add(contract_key)
        if not records and not contract_side:
            return
        refs: list[tuple[Any, str]] = []
        for record in records:
            general = record.get("general") or {}
            row = f"{DPRS} {record.get('uuid')}"
            refs += [(ref, row) for ref in general.get("dataProcessors") or []]
            refs += [(_sub_org(item), row) for item in general.get("subDataProcessors") or []]
        self._match_vendors_by_name(refs)
        self.import_vendors(refs)
        keys = {k for k in (_uuid(r) for r in records) if k}
        existing = _by_uuid(DataProcessingRegistration.objects.all(), keys | set(contract_side))
        stored = _dpr_links([r.pk for r in existing.values() if r.organization_id == self.org.pk])
        usages = self._usage_by_uuid(
            [k for r in records for k in (_uuid(ref) for ref in r.get("systemUsages") or []) if k]
        )
        contract_keys = {
            k
            for r in records
            for ref in _dpr_contract_refs(r.get("general") or {})
            for k in [_uuid(ref)]
            if k and k not in self.contracts
        }
        contracts = {key: contract.pk for key, contract in self.contracts.items()}
        contracts.update(
            {
                key: contract.pk
                for key, contract in _by_uuid(
                    Contract.objects.filter(organization=self.org), contract_keys
                ).items()
            }
        )
        create: list[DataProcessingRegistration] = []
        update: list[DataProcessingRegistration] = []
        done: dict[uuidlib.UUID, DataProcessingRegistration] = {}
        links: dict[str, dict[uuidlib.UUID, set[int]]] = {name: {} for name in DPR_LINKS}
        links_dirty: dict[str, set[uuidlib.UUID]] = {name: set() for name in DPR_LINKS}
        for index, record in enumerate(records):
            row = f"{DPRS}[{index}] {record.get('name') or record.get('uuid')}"
            claimed = self._claim(
                existing,
                _uuid(record),
                row,
                _("UUID'et tilhører en anden organisations databehandling."),
            )
            if claimed is None:
                continue
            key, registration = claimed
            general = record.get("general") or {}
            oversight = record.get("oversight") or {}
            values = self._dpr_values(record, general, oversight, row)
            if not values["name"]:
                self.report.error(row, _("Databehandlingen mangler et navn."))
                continue
            wanted = {
                "data_processors": self._vendor_ids(general.get("dataProcessors") or [], row),
                "sub_data_processors": self._vendor_ids(
                    [_sub_org(item) for item in general.get("subDataProcessors") or []], row
                ),
                "usages": set(),
                "contracts": set(),
            }
            for ref in record.get("systemUsages") or []:
                usage = usages.get(_uuid(ref))  # type: ignore[arg-type]
                if usage is None:
                    self.report.warn(
                        row,
                        _("Systemet %(name)s findes ikke i organisationen.") % {"name": _name(ref)},
                    )
                else:
                    wanted["usages"].add(usage.pk)
            authoritative = "associatedContracts" in general or "mainContract" in general
            for ref in _dpr_contract_refs(general):
                contract_id = contracts.get(_uuid(ref))  # type: ignore[arg-type]
                if contract_id is None:
                    self.report.warn(
                        row,
                        _("Kontrakten %(name)s findes ikke i organisationen.")
                        % {"name": _name(ref) or _uuid(ref)},
                    )
                else:
                    wanted["contracts"].add(contract_id)
            if not authoritative and registration is not None:
                wanted["contracts"] |= stored["contracts"].get(registration.pk, set())
            wanted["contracts"] |= {contracts[k] for k in contract_side.pop(key, set())}
            if registration is None:
                registration = DataProcessingRegistration(uuid=key, organization=self.org, **values)
                create.append(registration)
                self.report.count(DPRS, "created")
                for name in DPR_LINKS:
                    links_dirty[name].add(key)
            else:
                changed = self._changed(registration, values)
                for name in DPR_LINKS:
                    if stored[name].get(registration.pk, set()) != wanted[name]:
                        links_dirty[name].add(key)
                        changed = True
                if changed:
                    update.append(registration)
                    self.report.count(DPRS, "updated")
                else:
                    self.report.count(DPRS, "unchanged")
            for name in DPR_LINKS:
                links[name][key] = wanted[name]
            done[key] = registration
        # Registrations only named by a contract's list (not in these pages): add the link.
        for dpr_key, contract_set in contract_side.items():
            registration = existing.get(dpr_key)
            if registration is None or registration.organization_id != self.org.pk:
                self.report.warn(
                    CONTRACTS,
                    _("En kontrakt henviser til databehandlingen %(uuid)s, som ikke findes.")
                    % {"uuid": dpr_key},
                )
                continue
            current = stored["contracts"].get(registration.pk, set())
            wanted_contracts = current | {contracts[k] for k in contract_set}
            if wanted_contracts != current:
                links["contracts"][dpr_key] = wanted_contracts
                links_dirty["contracts"].add(dpr_key)
                done[dpr_key] = registration
                update.append(registration)
                self.report.count(DPRS, "updated")
        DataProcessingRegistration.objects.bulk_create(create, batch_size=1000)
        self._save(DataProcessingRegistration, update)
        # A change of links only must still move updated_at (changed_since, delta readers).
        link_only = [r.pk for r in update if not self.dirty.get(id(r)) and r.pk is not None]
        now = timezone.now()
        for chunk in _chunks(link_only):
            DataProcessingRegistration.objects.filter(pk__in=chunk).update(updated_at=now)
        for name in DPR_LINKS:
            through, owner, target = _through(DataProcessingRegistration, name)
            _replace_links(
                through,
                owner,
                target,
                {done[k].pk: links[name][k] for k in links_dirty[name]},
            )

    def _vendor_ids(self, refs: list[Any], row: str) -> set[int]:
        found: set[int] = set()
        for ref in refs:
            key = _uuid(ref)
            vendor = self.vendors.get(key) if key else None
            if vendor is None:
                self.report.warn(
                    row,
                    _("Databehandleren %(name)s mangler et gyldigt uuid og er udeladt.")
                    % {"name": _name(ref) or "?"},
                )
            else:
                found.add(vendor.pk)
        return found

    def _dpr_values(
        self, record: Record, general: Record, oversight: Record, row: str
    ) -> dict[str, Any]:
        subs = [item for item in general.get("subDataProcessors") or [] if isinstance(item, dict)]
        countries = _names(
            general.get("insecureCountriesSubjectToDataTransfer")
            or general.get("insecureThirdCountries")
        )
        bases = _names([general.get("basisForTransfer") or general.get("transferBasis")])
        for item in subs:
            who = _name(_sub_org(item))
            country = _name(item.get("insecureThirdCountrySubjectToDataProcessing"))
            basis = _name(item.get("basisForTransfer"))
            if country:
                countries.append(f"{country} ({who})" if who else country)
            if basis:
                bases.append(f"{basis} ({who})" if who else basis)
        options = ", ".join(_names(oversight.get("oversightOptions")))
        dates: list[dt.date] = []
        for item in oversight.get("oversightDates") or []:
            raw = item.get("completedAt") if isinstance(item, dict) else item
            when = _date(raw)
            if when is None:
                self.report.warn(
                    row, _("Tilsynsdatoen '%(v)s' kan ikke læses og er udeladt.") % {"v": raw}
                )
            else:
                dates.append(when)
        months = self._choice(
            OVERSIGHT_INTERVAL,
            oversight.get("oversightInterval"),
            None,
            row,
            _("Tilsynsintervallet '%(v)s' kan ikke oversættes; der er ikke sat et interval."),
        )
        latest = max(dates) if dates else None
        return {
            "name": _text(record.get("name"), 200),
            "agreement_concluded": self._choice(
                AGREEMENT,
                general.get("isAgreementConcluded"),
                c.AgreementConcluded.UNDECIDED,
                row,
                _("Aftalestatus '%(v)s' kan ikke oversættes; sat til 'Ikke afklaret'."),
            ),
            "agreement_date": _date(general.get("agreementConcludedAt")),
            "transfer_to_third_countries": self._choice(
                YES_NO_UNDECIDED,
                general.get("transferToInsecureThirdCountries"),
                False,
                row,
                _("Overførsel til usikre tredjelande '%(v)s' kan ikke oversættes; sat til nej."),
            ),
            "third_countries": self._limited(
                ", ".join(dict.fromkeys(countries)), 500, row, _("Usikre tredjelande")
            ),
            "transfer_basis": self._limited(
                "; ".join(dict.fromkeys(bases)), 500, row, _("Overførselsgrundlaget")
            ),
            "oversight_interval_months": months,
            "oversight_options": "\n".join(
                t
                for t in (
                    options,
                    _text(oversight.get("oversightOptionsRemark")),
                    _text(oversight.get("oversightIntervalRemark")),
                )
                if t
            ),
            "latest_oversight": latest,
            "next_oversight": DataProcessingRegistration.derive_next_oversight(latest, months),
            "oversight_completed": self._choice(
                YES_NO_UNDECIDED,
                oversight.get("isOversightCompleted"),
                False,
                row,
                _("Tilsyn gennemført '%(v)s' kan ikke oversættes; sat til nej."),
            ),
            "responsible_unit_id": self._unit(general.get("responsibleOrganizationUnit"), row),
            "notes": "\n\n".join(
                t
                for t in (
                    _text(general.get("isAgreementConcludedRemark")),
                    _text(oversight.get("oversightCompletedRemark")),
                )
                if t
            ),
        }

    # -- deleted entities
    def apply_deleted(self, records: list[Record]) -> None:
        """A usage deleted in KITOS is set to 'not in use' (it keeps its history and
        relations here); a data processing registration deleted in KITOS is deleted."""
        usage_keys = [
            k
            for r in records
            if r.get("entityType") == "itSystemUsage"
            for k in [_uuid(r.get("entityUuid"))]
            if k
        ]
        dpr_keys = [
            k
            for r in records
            if r.get("entityType") == "dataProcessingRegistration"
            for k in [_uuid(r.get("entityUuid"))]
            if k
        ]
        for chunk in _chunks(dpr_keys):
            doomed = DataProcessingRegistration.objects.filter(
                organization=self.org, uuid__in=chunk
            )
            self.report.deleted_registrations += [
                str(u) for u in doomed.values_list("uuid", flat=True)
            ]
            doomed.delete()
        handled = {"itSystemUsage", "dataProcessingRegistration"}
        for other in {r.get("entityType") for r in records} - handled:
            n = sum(1 for r in records if r.get("entityType") == other)
            self.report.warn(
                DELETED,
                _("%(n)s slettede KITOS-poster af typen %(type)s er ikke behandlet; de er bevaret.")
                % {"n": n, "type": other},
            )
        usages = SystemUsage.objects.filter(organization=self.org, uuid__in=usage_keys)
        for usage in usages:
            if usage.lifecycle != c.Lifecycle.NOT_IN_USE:
                usage.lifecycle = c.Lifecycle.NOT_IN_USE
                usage.save(update_fields=["lifecycle", "updated_at"])
                self.report.count("usages", "updated")
            self.report.deleted.append(str(usage.uuid))


def apply_pages(
    *,
    actor: Any,
    organization: Organization,
    pages: dict[str, list[Record]],
    dry_run: bool,
    source: str,
) -> KitosReport:
    """Write parsed KITOS pages into the portfolio in one transaction; all or nothing."""
    require(actor, organization, "portfolio.change")
    report = KitosReport(dry_run=dry_run)

    def apply() -> None:
        importer = _Importer(organization, report)
        importer.import_units(pages.get(UNITS, []))
        importer.import_systems(pages.get(SYSTEMS, []))
        importer.import_interfaces(pages.get(INTERFACES, []))
        importer.import_usages(pages.get(USAGES, []))
        importer.import_contracts(pages.get(CONTRACTS, []))
        importer.import_integrations(pages.get(USAGES, []))
        importer.import_dprs(pages.get(DPRS, []), pages.get(CONTRACTS, []))
        importer.apply_deleted(pages.get(DELETED, []))

    return write_all_or_nothing(
        report,
        apply,
        actor=actor,
        organization=organization,
        object_repr=_("KITOS-import"),
        audit_extra=lambda: {
            "kitos_import": {
                "source": source,
                "counts": report.counts,
                "warnings": len(report.warnings),
                "deleted": report.deleted,
                "deleted_registrations": report.deleted_registrations,
            }
        },
    )


def kitos_import(
    *,
    actor: Any,
    organization: Organization,
    files: list[bytes],
    dry_run: bool,
    kind: str | None = None,
) -> KitosReport:
    """Import KITOS API v2 JSON pages (files) into the organization's portfolio."""
    require(actor, organization, "portfolio.change")
    try:
        pages = read_pages(files, kind)
    except KitosImportError as exc:
        report = KitosReport(dry_run=dry_run)
        report.error("fil", str(exc))
        return report
    return apply_pages(
        actor=actor, organization=organization, pages=pages, dry_run=dry_run, source="files"
    )
