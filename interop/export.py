"""The whole landscape out of Styrbar: one XLSX workbook (a sheet per entity) or one
entity as CSV in the Danish Excel profile.

Rows are read with ``values_list`` in chunks (one query per sheet, no model objects) and
written with openpyxl's write-only mode, so memory stays flat however large the
landscape is. Choice fields are written as their Danish labels, the KITOS/Styrbar UUIDs
are kept so a later import can match rows, and every text cell is neutralised against
spreadsheet formulas (``core.export.neutralise``).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.export import csv_cell, neutralise, xlsx_cell
from organizations.models import Organization
from portfolio import choices as c
from portfolio.models import (
    BusinessProcess,
    CatalogSystem,
    Contract,
    Integration,
    SystemUsage,
    Vendor,
)

CHUNK = 2000


@dataclass(frozen=True)
class Column:
    header: Any  # lazy Danish text
    field: str  # values_list lookup
    choices: type[Any] | None = None  # TextChoices whose label is written


@dataclass(frozen=True)
class Sheet:
    key: str  # --entity name
    title: Any
    rows: Callable[[Organization | None], QuerySet[Any]]  # None: every organization
    columns: tuple[Column, ...]
    owned: bool = True  # rows belong to one organization (else: the shared catalog)


def _owned(model: type[models.Model], org: Organization | None, *order: str) -> QuerySet[Any]:
    rows: QuerySet[Any] = model._default_manager.all()
    if org is None:
        return rows.order_by("organization_id", *order)
    return rows.filter(organization=org).order_by(*order)


def _vendors(org: Organization | None) -> QuerySet[Vendor]:
    if org is None:
        return Vendor.objects.order_by("name", "pk")
    # Subqueries, not joins: a join over every vendor's usages and contracts in the whole
    # installation before filtering took seconds at national scale.
    of_usages = SystemUsage.objects.filter(organization=org).values("catalog_system__vendor")
    of_contracts = Contract.objects.filter(organization=org).values("vendor")
    used = Q(pk__in=of_usages) | Q(pk__in=of_contracts) | Q(created_by=org)
    return Vendor.objects.filter(used).order_by("name", "pk")


def _catalog(org: Organization | None) -> QuerySet[CatalogSystem]:
    if org is None:
        return CatalogSystem.objects.order_by("name", "pk")
    of_usages = SystemUsage.objects.filter(organization=org).values("catalog_system")
    used = Q(pk__in=of_usages) | Q(owner_organization=org)
    return CatalogSystem.objects.filter(used).order_by("name", "pk")


SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "vendors",
        _("Leverandører"),
        _vendors,
        owned=False,
        columns=(
            Column("UUID", "uuid"),
            Column(_("Navn"), "name"),
            Column(_("CVR-nummer"), "cvr"),
            Column(_("Kontaktperson"), "contact_name"),
            Column(_("Kontakt-e-mail"), "contact_email"),
            Column(_("Websted"), "website"),
        ),
    ),
    Sheet(
        "catalog-systems",
        _("Katalogsystemer"),
        _catalog,
        owned=False,
        columns=(
            Column("UUID", "uuid"),
            Column(_("Navn"), "name"),
            Column(_("Leverandør"), "vendor__name"),
            Column(_("Forretningstype"), "business_type", c.BusinessType),
            Column(_("Tidligere navne"), "former_names"),
            Column(_("Beskrivelse"), "description"),
            Column(_("Anbefalet arkivpligt"), "recommended_archive_duty", c.ArchiveDuty),
            Column(_("Synlighed"), "scope", c.Scope),
            Column(_("Deaktiveret"), "deactivated"),
        ),
    ),
    Sheet(
        "usages",
        _("Systemer"),
        lambda org: _owned(SystemUsage, org, "local_name", "pk"),
        columns=(
            Column("UUID", "uuid"),
            Column(_("Lokalt navn"), "local_name"),
            Column(_("Katalogsystem"), "catalog_system__name"),
            Column(_("Katalogsystemets UUID"), "catalog_system__uuid"),
            Column(_("Leverandør"), "catalog_system__vendor__name"),
            Column(_("Lokalt id"), "local_id"),
            Column(_("Version"), "version"),
            Column(_("Livscyklus"), "lifecycle", c.Lifecycle),
            Column(_("I drift fra"), "valid_from"),
            Column(_("I drift til"), "valid_to"),
            Column(_("Ansvarlig enhed"), "responsible_unit__name"),
            Column(_("Antal brugere"), "user_count", c.UserCount),
            Column(_("Driftsform"), "hosting", c.Hosting),
            Column(_("Datafølsomhed"), "data_sensitivity", c.DataSensitivity),
            Column(_("Risikovurdering foretaget"), "risk_assessment_done"),
            Column(_("Konsekvensanalyse (DPIA) foretaget"), "dpia_done"),
            Column(_("Kritikalitet"), "criticality", c.Level),
            Column(_("Arkivpligt"), "archive_duty", c.ArchiveDuty),
            Column(_("TIME-disposition"), "time_disposition", c.TimeDisposition),
            Column(_("Funktionel egnethed (1–4)"), "functional_fit"),
            Column(_("Teknisk egnethed (1–4)"), "technical_fit"),
            Column(_("WCAG-status"), "wcag_status", c.WcagStatus),
            Column(_("Tilgængelighedserklæring"), "accessibility_statement_url"),
            Column(_("Noter"), "notes"),
        ),
    ),
    Sheet(
        "contracts",
        _("Kontrakter"),
        lambda org: _owned(Contract, org, "name", "pk"),
        columns=(
            Column("UUID", "uuid"),
            Column(_("Kontraktnummer"), "number"),
            Column(_("Navn"), "name"),
            Column(_("Leverandør"), "vendor__name"),
            Column(_("Kontrakttype"), "contract_type", c.ContractType),
            Column(_("Udbudsform"), "procurement_form", c.ProcurementForm),
            Column(_("Startdato"), "start_date"),
            Column(_("Udløbsdato"), "end_date"),
            Column(_("Uopsigelig til"), "irrevocable_until"),
            Column(_("Opsigelsesvarsel (måneder)"), "notice_months"),
            Column(_("Opsigelse løber til"), "notice_runs_to", c.NoticeRunsTo),
            Column(_("Optioner i alt"), "options_offered"),
            Column(_("Optioner udnyttet"), "options_used"),
            Column(_("Opsagt"), "terminated"),
            Column(_("Databehandleraftale påkrævet"), "dpa_required"),
            Column(_("Databehandleraftale indgået"), "dpa_concluded"),
            Column(_("Næste tilsyn"), "dpa_next_supervision"),
            Column(_("Ansvarlig enhed"), "responsible_unit__name"),
        ),
    ),
    Sheet(
        "integrations",
        _("Integrationer"),
        lambda org: _owned(Integration, org, "pk"),
        columns=(
            Column("UUID", "uuid"),
            Column(_("Fra system"), "source__local_name"),
            Column(_("Fra systemets UUID"), "source__uuid"),
            Column(_("Til system"), "target__local_name"),
            Column(_("Til systemets UUID"), "target__uuid"),
            Column(_("Til fælles komponent"), "target_component__name"),
            Column(_("Snitflade"), "interface_name"),
            Column(_("Teknologi"), "technology", c.Technology),
            Column(_("Frekvens"), "frequency", c.Frequency),
            Column(_("Retning"), "direction", c.Direction),
            Column(_("Status"), "status", c.IntegrationStatus),
        ),
    ),
    Sheet(
        "processes",
        _("Processer"),
        lambda org: _owned(BusinessProcess, org, "name", "pk"),
        columns=(
            Column(_("Navn"), "name"),
            Column(_("Overordnet proces"), "parent__name"),
            Column(_("Procesejer (enhed)"), "owner_unit__name"),
            Column(_("KLE-emne"), "kle_subject__number"),
            Column(_("Beskrivelse"), "description"),
        ),
    ),
)
SHEETS_BY_KEY = {sheet.key: sheet for sheet in SHEETS}


ORGANIZATION_COLUMN = Column(_("Organisation"), "organization__name")


def _columns(sheet: Sheet, organization: Organization | None) -> tuple[Column, ...]:
    """A national export (every organization) starts owned sheets with the organization."""
    if organization is None and sheet.owned:
        return (ORGANIZATION_COLUMN, *sheet.columns)
    return sheet.columns


def _rows(sheet: Sheet, organization: Organization | None) -> Iterator[list[Any]]:
    columns = _columns(sheet, organization)
    labels = [dict(col.choices.choices) if col.choices else None for col in columns]
    fields = [col.field for col in columns]
    queryset = sheet.rows(organization).values_list(*fields)
    for values in queryset.iterator(chunk_size=CHUNK):
        yield [
            str(label.get(value, value)) if label is not None and value not in (None, "") else value
            for value, label in zip(values, labels, strict=True)
        ]


def write_xlsx(
    organization: Organization | None, stream: IO[bytes], entities: list[str] | None = None
) -> dict[str, int]:
    """Write the workbook (``organization=None``: the national landscape, every
    organization, with an organization column); returns rows per sheet."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    counts: dict[str, int] = {}
    for sheet in SHEETS:
        if entities and sheet.key not in entities:
            continue
        worksheet = workbook.create_sheet(title=str(sheet.title)[:31])
        worksheet.append([xlsx_cell(str(col.header)) for col in _columns(sheet, organization)])
        count = 0
        for row in _rows(sheet, organization):
            worksheet.append([xlsx_cell(v) for v in row])
            count += 1
        counts[sheet.key] = count
    workbook.save(stream)
    return counts


def write_csv(organization: Organization, entity: str, stream: IO[str]) -> int:
    """One entity in the Danish Excel profile (BOM, ';', decimal comma); returns rows."""
    sheet = SHEETS_BY_KEY[entity]
    stream.write("\ufeff")
    writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(str(col.header)) for col in sheet.columns])
    count = 0
    for row in _rows(sheet, organization):
        writer.writerow([csv_cell(v) for v in row])
        count += 1
    return count


__all__ = ["SHEETS", "SHEETS_BY_KEY", "write_csv", "write_xlsx"]
