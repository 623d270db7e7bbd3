"""Spreadsheets into the portfolio: CSV (Danish or international) and XLSX.

Reading (:func:`read_tables`): the file type is judged by its content, never its name.
An XLSX file is a zip archive and is checked for zip bombs before openpyxl opens it
(openpyxl parses the XML parts through defusedxml). A CSV file is decoded as UTF-8 (with
or without BOM), UTF-16 with BOM, or Windows-1252, and its delimiter (``;``, ``,`` or tab)
is the one that splits the first rows into the same, largest number of columns.

Columns are mapped to fields by their headers (:func:`auto_mapping`): the headers of
Styrbar's own export in Danish and English, the model's field names and a few common
synonyms. Cells accept the Danish formats (``1.234,56``, ``31-12-2026``, ``ja``/``nej``,
choice labels) as well as ISO dates and plain numbers (:func:`parse_decimal`,
:func:`parse_date`, :func:`parse_bool`).

Importing (:func:`plan_import` → :func:`commit_plan`): every row is read, resolved and
validated first; the plan says per row whether it creates, updates or leaves a record
unchanged, and lists every row error with its row number. Only a plan without errors is
written — in one transaction with bulk statements and one audit event per written record
(``bulk_create``). Records are matched by UUID when the UUID belongs to the organization
(or to the shared catalog), else by name and vendor, so importing the same file twice
changes nothing the second time.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import uuid as uuidlib
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core import audit
from core.choices import AuditAction
from core.export import FORMULA_PREFIXES
from core.models import AuditEvent
from core.permissions import require
from interop.export import SHEETS_BY_KEY
from interop.report import ImportReport
from interop.xml import default_max_bytes
from organizations.models import Organization, OrganizationUnit
from portfolio import choices as c
from portfolio.models import CatalogSystem, Contract, Integration, SystemUsage, Vendor
from portfolio.rules import integration_errors

M = TypeVar("M")

ENTITIES = ("vendors", "catalog-systems", "usages", "contracts", "integrations")
MODELS: dict[str, type[models.Model]] = {
    "vendors": Vendor,
    "catalog-systems": CatalogSystem,
    "usages": SystemUsage,
    "contracts": Contract,
    "integrations": Integration,
}
DELIMITERS = (";", ",", "\t")
ZIP_MAX_ENTRIES = 2000
ZIP_MAX_RATIO = 100  # uncompressed / compressed, per large member
ZIP_RATIO_FLOOR = 1024 * 1024  # members smaller than this are never judged by ratio
PROGRESS_EVERY = 100
# Each entity needs at least one of these columns to identify its records.
REQUIRED: dict[str, tuple[str, ...]] = {
    "vendors": ("name",),
    "catalog-systems": ("name", "uuid"),
    "usages": ("local_name", "catalog_system__name", "catalog_system__uuid", "uuid"),
    "contracts": ("name", "uuid"),
    "integrations": ("source__local_name", "source__uuid", "uuid"),
}


class TableError(ValueError):
    """The file cannot be read as a table; ``str(exc)`` is a Danish message."""


# Reading --------------------------------------------------------------------------------


@dataclass
class Table:
    """One sheet (or the CSV file): headers, and data rows with their row numbers."""

    headers: list[str]
    rows: list[tuple[int, list[Any]]]
    format: str  # "csv" | "xlsx"
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""

    def describe(self) -> str:
        if self.format == "xlsx":
            return _("XLSX, ark «%(sheet)s»") % {"sheet": self.sheet}
        names = {";": _("semikolon"), ",": _("komma"), "\t": _("tabulator")}
        return _("CSV, %(encoding)s, adskilt med %(delimiter)s") % {
            "encoding": self.encoding,
            "delimiter": names.get(self.delimiter, self.delimiter),
        }


def sniff_format(data: bytes) -> str:
    """'xlsx', 'json', 'xml' or 'csv' by content; raises TableError for other binaries."""
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise TableError(
            _("Filen er i det gamle Excel-format (.xls). Gem den som .xlsx eller CSV og prøv igen.")
        )
    if data.startswith(b"%PDF"):
        raise TableError(_("Filen er en PDF, ikke et regneark eller en CSV-fil."))
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"{", b"[")):
        return "json"
    if head.startswith(b"<"):
        return "xml"
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise TableError(_("Filen er ikke tekst og ikke et XLSX-regneark."))
    return "csv"


def _check_size(data: bytes, max_bytes: int | None) -> int:
    limit = max_bytes or default_max_bytes()
    if len(data) > limit:
        raise TableError(
            _("Filen fylder %(size)s MB; grænsen er %(limit)s MB.")
            % {"size": round(len(data) / 1e6, 1), "limit": round(limit / 1e6, 1)}
        )
    return limit


def check_zip(data: bytes, *, max_bytes: int | None = None) -> None:
    """Refuse zip bombs and archives that are not XLSX workbooks before anything is unpacked."""
    limit = _check_size(data, max_bytes)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise TableError(_("Filen er en ødelagt zip-/XLSX-fil.")) from exc
    if len(members) > ZIP_MAX_ENTRIES:
        raise TableError(_("XLSX-filen indeholder for mange dele til at være et regneark."))
    total = 0
    for member in members:
        total += member.file_size
        large = member.file_size > ZIP_RATIO_FLOOR
        if large and member.file_size > ZIP_MAX_RATIO * max(member.compress_size, 1):
            raise TableError(
                _("XLSX-filen er afvist: den pakker sig ud til uforholdsmæssigt meget (zip-bombe).")
            )
    if total > 10 * limit:
        raise TableError(
            _("XLSX-filen er afvist: udpakket fylder den %(size)s MB (zip-bombe?).")
            % {"size": round(total / 1e6)}
        )
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise TableError(_("Zip-filen er ikke et XLSX-regneark."))


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="strict"), "UTF-8 (BOM)"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as exc:
        raise TableError(
            _("Filens tegnsæt kan ikke genkendes (hverken UTF-8 eller Windows-1252).")
        ) from exc


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first rows into the same, largest number of columns."""
    sample = text[:65536]
    best, best_score = ";", (-1, -1)
    for delimiter in DELIMITERS:
        try:
            rows = [
                r
                for _i, r in zip(
                    range(20), csv.reader(io.StringIO(sample), delimiter=delimiter), strict=False
                )
            ]
        except csv.Error:
            continue
        rows = [r for r in rows if any(cell.strip() for cell in r)]
        if not rows:
            continue
        width = len(rows[0])
        consistent = sum(1 for r in rows[1:] if len(r) == width)
        score = (width if width > 1 else 0, consistent)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_table(data: bytes) -> Table:
    text, encoding = _decode(data)
    delimiter = sniff_delimiter(text)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise TableError(_("CSV-filen kan ikke læses: %(err)s") % {"err": exc}) from exc
    return _table(records, "csv", encoding=encoding, delimiter=delimiter)


def _table(records: Iterable[Iterable[Any]], fmt: str, **info: str) -> Table:
    headers: list[str] | None = None
    rows: list[tuple[int, list[Any]]] = []
    for number, record in enumerate(records, start=1):
        cells = list(record)
        if not any(cell not in (None, "") and str(cell).strip() for cell in cells):
            continue
        if headers is None:
            headers = [str(cell).strip() if cell is not None else "" for cell in cells]
            continue
        rows.append((number, cells))
    if headers is None:
        raise TableError(_("Filen er tom."))
    return Table(headers=headers, rows=rows, format=fmt, **info)


def _xlsx_tables(data: bytes, max_bytes: int | None) -> list[Table]:
    from openpyxl import load_workbook

    check_zip(data, max_bytes=max_bytes)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise TableError(_("XLSX-filen kan ikke åbnes: %(err)s") % {"err": exc}) from exc
    tables = []
    try:
        for sheet in book.worksheets:
            try:
                table = _table(sheet.iter_rows(values_only=True), "xlsx", sheet=sheet.title)
            except TableError:
                continue  # an empty sheet
            tables.append(table)
    finally:
        book.close()
    if not tables:
        raise TableError(_("Regnearket er tomt."))
    return tables


def read_tables(data: bytes, *, max_bytes: int | None = None) -> list[Table]:
    """Every non-empty sheet of an XLSX file, or the one table of a CSV file."""
    _check_size(data, max_bytes)
    fmt = sniff_format(data)
    if fmt == "xlsx":
        return _xlsx_tables(data, max_bytes)
    if fmt != "csv":
        raise TableError(_("Filen er %(fmt)s, ikke CSV eller XLSX.") % {"fmt": fmt.upper()})
    return [_csv_table(data)]


# Cells ----------------------------------------------------------------------------------

_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%y", "%d.%m.%y")
_TRUE = {"ja", "j", "yes", "y", "true", "sand", "1", "x", "✓"}
_FALSE = {"nej", "n", "no", "false", "falsk", "0", ""}
_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_text(value: Any) -> str:
    """Text as stored: trimmed; a formula-neutralising apostrophe from an export removed.

    >>> parse_text("'=SUM(A1)")
    '=SUM(A1)'
    >>> parse_text(12.0)
    '12'
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).lstrip()
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_PREFIXES:
        return text[1:].strip()
    return text.rstrip()


def parse_decimal(value: Any) -> Decimal:
    """A number in Danish (``1.234,56``) or international (``1234.56``) notation.

    With both separators the last one is the decimal mark; a lone comma is a decimal
    comma; a lone dot is a thousands separator only in the Danish grouping ``1.234.567``.

    >>> parse_decimal("1.234,56"), parse_decimal("1234.5"), parse_decimal("1.234")
    (Decimal('1234.56'), Decimal('1234.5'), Decimal('1234'))
    """
    if isinstance(value, bool):
        raise ValueError(_("«%(value)s» er ikke et tal.") % {"value": value})
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = str(value).strip().replace("\u00a0", "").replace(" ", "").removesuffix("kr.")
    text = text.removesuffix("kr").strip()
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif "," in text:
        text = text.replace(",", ".") if text.count(",") == 1 else ""
    elif _THOUSANDS_DOT.match(text):
        text = text.replace(".", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise ValueError(_("«%(value)s» er ikke et tal.") % {"value": value})
    return number


def parse_int(value: Any) -> int:
    number = parse_decimal(value)
    if number != number.to_integral_value():
        raise ValueError(_("«%(value)s» er ikke et helt tal.") % {"value": value})
    return int(number)


def parse_date(value: Any) -> dt.date:
    """``31-12-2026``, ``31.12.2026``, ``31/12/2026`` or ISO ``2026-12-31`` (a time of
    midnight is allowed, as spreadsheets add it).

    >>> parse_date("31-12-2026"), parse_date("2026-12-31 00:00:00")
    (datetime.date(2026, 12, 31), datetime.date(2026, 12, 31))
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for suffix in (" 00:00:00", " 00:00", "T00:00:00"):
        text = text.removesuffix(suffix)
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(
        _("«%(value)s» er ikke en dato (brug dd-mm-åååå eller åååå-mm-dd).") % {"value": value}
    )


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = str(value).strip().casefold() if value is not None else ""
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(_("«%(value)s» er hverken ja eller nej.") % {"value": value})


def parse_uuid(value: Any) -> uuidlib.UUID:
    try:
        return uuidlib.UUID(str(value).strip())
    except ValueError as exc:
        raise ValueError(_("«%(value)s» er ikke et gyldigt UUID.") % {"value": value}) from exc


def _choice_lookup(model_field: models.Field[Any, Any]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for value, label in model_field.flatchoices:
        lookup[str(value).casefold()] = str(value)
        for language in ("da", "en"):
            with translation.override(language):
                lookup.setdefault(str(label).casefold(), str(value))
    return lookup


def _converter(model_field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    """Cell → model value for one plain field; empty cells give the field's empty value."""
    if model_field.choices:
        lookup = _choice_lookup(model_field)
        default = model_field.get_default() if model_field.has_default() else ""

        def choice(value: Any) -> Any:
            if _blank(value):
                return default
            key = parse_text(value).casefold()
            if key not in lookup:
                allowed = ", ".join(str(label) for _v, label in model_field.flatchoices)
                raise ValueError(
                    _("«%(value)s» er ikke en gyldig værdi. Mulige værdier: %(allowed)s.")
                    % {"value": value, "allowed": allowed}
                )
            return lookup[key]

        return choice
    if isinstance(model_field, models.BooleanField):
        return parse_bool
    if isinstance(model_field, models.DateField):
        return lambda v: None if _blank(v) else parse_date(v)
    if isinstance(model_field, models.IntegerField):
        empty = model_field.get_default() if not model_field.null else None
        return lambda v: empty if _blank(v) else parse_int(v)
    if isinstance(model_field, models.DecimalField):
        return lambda v: None if _blank(v) else parse_decimal(v)
    if isinstance(model_field, models.UUIDField):
        return lambda v: None if _blank(v) else parse_uuid(v)
    return parse_text


# Columns --------------------------------------------------------------------------------

# Synonyms seen in municipal spreadsheets, besides Styrbar's own Danish/English headers.
ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "vendors": {"name": ("leverandør", "leverandørnavn", "vendor", "supplier"), "cvr": ("cvr",)},
    "catalog-systems": {
        "name": ("system", "systemnavn", "it-system", "itsystem"),
        "vendor__name": ("leverandør", "vendor", "supplier", "rettighedshaver"),
    },
    "usages": {
        "local_name": ("system", "systemnavn", "navn", "name", "it-system"),
        "catalog_system__name": ("katalog", "katalognavn", "catalogue system"),
        "catalog_system__vendor__name": ("leverandør", "vendor", "supplier"),
        "responsible_unit__name": ("ansvarlig", "enhed", "forvaltning", "responsible unit"),
    },
    "contracts": {
        "name": ("kontrakt", "kontraktnavn", "contract"),
        "number": ("nummer", "kontraktnr", "contract number"),
        "vendor__name": ("leverandør", "vendor", "supplier"),
    },
    "integrations": {
        "source__local_name": ("fra", "kilde", "source", "from"),
        "target__local_name": ("til", "modtager", "target", "to"),
    },
}


def _verbose(model: type[models.Model], name: str) -> str:
    return capfirst(str(getattr(model._meta.get_field(name), "verbose_name", name)))


def _norm(text: str) -> str:
    return re.sub(r"[^0-9a-zæøå]+", "", str(text).casefold())


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str  # Danish header (as exported)
    candidates: frozenset[str]


def fields_for(entity: str) -> list[FieldSpec]:
    """The importable columns of an entity: the export's columns with their header names."""
    sheet = SHEETS_BY_KEY[entity]
    model = MODELS[entity]
    specs = []
    for column in sheet.columns:
        names = {column.field, column.field.replace("__", " ")}
        for language in ("da", "en"):
            with translation.override(language):
                names.add(str(column.header))
                if "__" not in column.field:
                    names.add(_verbose(model, column.field))
        names.update(ALIASES.get(entity, {}).get(column.field, ()))
        with translation.override("da"):
            label = str(column.header)
        specs.append(FieldSpec(column.field, label, frozenset(_norm(n) for n in names)))
    return specs


def auto_mapping(entity: str, headers: list[str]) -> list[str]:
    """For each header the field key it maps to, or '' (ignored). Exact header names win
    over synonyms, and each field takes at most one column."""
    specs = fields_for(entity)
    mapping = [""] * len(headers)
    used: set[str] = set()
    exact = {_norm(spec.label): spec.key for spec in specs}
    for index, header in enumerate(headers):
        key = exact.get(_norm(header), "")
        if key and key not in used:
            mapping[index] = key
            used.add(key)
    for index, header in enumerate(headers):
        if mapping[index]:
            continue
        for spec in specs:
            if spec.key not in used and _norm(header) in spec.candidates:
                mapping[index] = spec.key
                used.add(spec.key)
                break
    return mapping


def detect_entity(table: Table) -> str | None:
    """The entity a table holds: by sheet title, else by the headers that map best."""
    if table.sheet:
        for key, sheet in SHEETS_BY_KEY.items():
            for language in ("da", "en"):
                with translation.override(language):
                    if _norm(str(sheet.title)) == _norm(table.sheet):
                        # An export sheet that cannot be imported (processes) is no entity.
                        return key if key in ENTITIES else None
    scores = {
        entity: sum(1 for key in auto_mapping(entity, table.headers) if key) for entity in ENTITIES
    }
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    if ranked[0][1] == 0 or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


# Planning -------------------------------------------------------------------------------

Outcome = str  # "created" | "updated" | "unchanged" | "error"


@dataclass
class RowResult:
    row: int
    entity: str
    outcome: Outcome
    label: str
    changes: list[str] = field(default_factory=list)  # Danish field labels
    messages: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "entity": self.entity,
            "outcome": self.outcome,
            "label": self.label,
            "changes": self.changes,
            "messages": self.messages,
        }


@dataclass
class Plan:
    organization: Organization
    report: ImportReport
    rows: list[RowResult] = field(default_factory=list)
    creates: dict[str, list[models.Model]] = field(default_factory=dict)
    updates: dict[str, dict[int, tuple[models.Model, dict[str, Any], set[str]]]] = field(
        default_factory=dict
    )

    def create(self, entity: str, obj: models.Model) -> None:
        self.creates.setdefault(entity, []).append(obj)

    def update(
        self, entity: str, obj: models.Model, before: dict[str, Any], fields: set[str]
    ) -> None:
        self.updates.setdefault(entity, {})[id(obj)] = (obj, before, fields)


class RowError(Exception):
    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def _key(*parts: Any) -> tuple[str, ...]:
    return tuple(str(p or "").strip().casefold() for p in parts)


class _Index:
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
            self.units.setdefault(_key(unit.name), []).append(unit)
        self.foreign_uuids: set[uuidlib.UUID] = set()

    # -- adding (existing and planned records alike)
    def _add_vendor(self, vendor: Vendor) -> None:
        self.vendor_by_uuid[vendor.uuid] = vendor
        if vendor.cvr:
            self.vendor_by_cvr.setdefault(vendor.cvr, vendor)
        self.vendor_by_name.setdefault(_key(vendor.name), []).append(vendor)

    def _add_system(self, system: CatalogSystem) -> None:
        self.system_by_uuid[system.uuid] = system
        vendor_name = system.vendor.name if system.vendor else ""
        self.system_by_name.setdefault(_key(system.name), []).append(system)
        self.system_by_name.setdefault(_key(system.name, vendor_name), []).append(system)

    def _usage_name(self, usage: SystemUsage) -> str:
        return usage.local_name or usage.catalog_system.name

    def _add_usage(self, usage: SystemUsage) -> None:
        self.usage_by_uuid[usage.uuid] = usage
        vendor = usage.catalog_system.vendor
        name = self._usage_name(usage)
        self.usage_by_name.setdefault(_key(name), []).append(usage)
        self.usage_by_name.setdefault(_key(name, vendor.name if vendor else ""), []).append(usage)

    def _add_contract(self, contract: Contract) -> None:
        self.contract_by_uuid[contract.uuid] = contract
        if contract.number:
            self.contract_by_number.setdefault(_key(contract.number), contract)
        vendor = contract.vendor.name if contract.vendor else ""
        self.contract_by_name.setdefault(_key(contract.name), []).append(contract)
        self.contract_by_name.setdefault(_key(contract.name, vendor), []).append(contract)

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


def _one(found: list[M] | None, what: str, name: str) -> M | None:
    if not found:
        return None
    unique = list({id(x): x for x in found}.values())
    if len(unique) > 1:
        raise RowError(
            [
                _("%(what)s «%(name)s» er ikke entydig: angiv UUID eller leverandør.")
                % {"what": what, "name": name}
            ]
        )
    return unique[0]


class _Planner:
    def __init__(self, organization: Organization, report: ImportReport) -> None:
        self.org = organization
        self.index = _Index(organization)
        self.plan = Plan(organization, report)
        self.seen: dict[tuple[str, int], int] = {}  # (entity, id(obj)) → first row
        self.converters: dict[tuple[str, str], Callable[[Any], Any]] = {}

    # -- cells
    def convert(self, entity: str, key: str, value: Any) -> Any:
        converter = self.converters.get((entity, key))
        if converter is None:
            model_field = MODELS[entity]._meta.get_field(key)
            converter = _converter(model_field)  # type: ignore[arg-type]
            self.converters[(entity, key)] = converter
        return converter(value)

    def _own_uuid(self, values: dict[str, Any]) -> uuidlib.UUID | None:
        raw = values.get("uuid")
        return None if _blank(raw) else parse_uuid(raw)

    # -- references (created on the fly when missing, so a flat sheet is enough)
    def vendor(self, name: str, row: int) -> Vendor | None:
        if not name:
            return None
        found = self._pick_vendor(name)
        if found is None:
            found = Vendor(name=name, created_by=self.org)
            self._validate(found, ["created_by"])
            self.index._add_vendor(found)
            self.plan.create("vendors", found)
            self.plan.report.count("vendors", "created")
            self.plan.report.warn(
                row, _("Leverandøren «%(name)s» oprettes.") % {"name": name}, kind="vendors"
            )
        return found

    def _shared_unchanged(self, obj: models.Model, plain: dict[str, Any], message: str) -> None:
        """A shared record maintained by another organization may be matched, not changed."""
        if obj.pk and any(getattr(obj, k) != v for k, v in plain.items()):
            raise RowError([message])

    def _pick_vendor(self, name: str) -> Vendor | None:
        """Vendors are shared and names may repeat: prefer the organization's own, then
        the oldest."""
        found = self.index.vendor_by_name.get(_key(name)) or []
        ranked = sorted(found, key=lambda v: (v.created_by_id != self.org.pk, v.pk or 1 << 62))
        return ranked[0] if ranked else None

    def catalog_system(self, values: dict[str, Any], row: int) -> CatalogSystem:
        raw_uuid = values.get("catalog_system__uuid")
        if not _blank(raw_uuid):
            system = self.index.system_by_uuid.get(parse_uuid(raw_uuid))
            if system is not None:
                return system
        name = parse_text(values.get("catalog_system__name")) or parse_text(
            values.get("local_name")
        )
        if not name:
            raise RowError([_("Katalogsystem eller lokalt navn mangler.")])
        vendor_name = parse_text(values.get("catalog_system__vendor__name"))
        found = None
        if vendor_name:
            found = _one(
                self.index.system_by_name.get(_key(name, vendor_name)), _("Systemet"), name
            )
        if found is None:
            found = _one(self.index.system_by_name.get(_key(name)), _("Systemet"), name)
            if (
                found is not None
                and vendor_name
                and found.vendor
                and _key(found.vendor.name) != _key(vendor_name)
            ):
                found = None
        if found is None:
            found = CatalogSystem(
                name=name,
                vendor=self.vendor(vendor_name, row),
                scope=c.Scope.LOCAL,
                owner_organization=self.org,
                business_type=c.BusinessType.ANDET,
            )
            self._validate(found, ["vendor", "owner_organization", "parent"])
            self.index._add_system(found)
            self.plan.create("catalog-systems", found)
            self.plan.report.count("catalog-systems", "created")
            self.plan.report.warn(
                row,
                _("Katalogsystemet «%(name)s» oprettes som lokalt katalogsystem.") % {"name": name},
                kind="catalog-systems",
            )
        return found

    def unit(self, name: str) -> OrganizationUnit | None:
        if not name:
            return None
        found = _one(self.index.units.get(_key(name)), _("Enheden"), name)
        if found is None:
            raise RowError([_("Enheden «%(name)s» findes ikke i organisationen.") % {"name": name}])
        return found

    def usage_ref(self, raw_uuid: Any, name: Any, what: str) -> SystemUsage | None:
        if not _blank(raw_uuid):
            usage = self.index.usage_by_uuid.get(parse_uuid(raw_uuid))
            if usage is not None:
                return usage
        text = parse_text(name)
        if not text:
            return None
        found = _one(self.index.usage_by_name.get(_key(text)), what, text)
        if found is None:
            raise RowError(
                [_("%(what)s «%(name)s» findes ikke i porteføljen.") % {"what": what, "name": text}]
            )
        return found

    # -- validation
    def _validate(self, obj: models.Model, exclude: list[str]) -> None:
        try:
            obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            messages = []
            for name, errors in exc.message_dict.items():
                label = name
                if name != "__all__":
                    label = _verbose(type(obj), name)
                messages += [f"{label}: {e}" if name != "__all__" else e for e in errors]
            raise RowError(messages) from exc

    # -- one row
    def row(self, entity: str, number: int, values: dict[str, Any]) -> RowResult:
        report = self.plan.report
        counts = {kind: dict(n) for kind, n in report.counts.items()}
        warnings = len(report.warnings)
        try:
            handler: Callable[[int, dict[str, Any]], RowResult]
            handler = getattr(self, "_" + entity.replace("-", "_"))
            return handler(number, values)
        except (RowError, ValueError) as exc:
            # A failed row creates nothing, not even the vendor or catalog entry it named
            # (a plan with errors is never written; this keeps its counts honest).
            report.counts, report.warnings[warnings:] = counts, []
            messages = exc.messages if isinstance(exc, RowError) else [str(exc)]
            return RowResult(number, entity, "error", self._label(values), messages=messages)

    def _label(self, values: dict[str, Any]) -> str:
        for key in (
            "local_name",
            "name",
            "catalog_system__name",
            "interface_name",
            "source__local_name",
        ):
            if not _blank(values.get(key)):
                return parse_text(values[key])
        return ""

    def _plain(self, entity: str, values: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        """Converted plain (non-reference) fields, and the messages of cells that failed."""
        converted: dict[str, Any] = {}
        messages: list[str] = []
        for key, raw in values.items():
            if "__" in key or key == "uuid":
                continue
            try:
                converted[key] = self.convert(entity, key, raw)
            except ValueError as exc:
                label = _verbose(MODELS[entity], key)
                messages.append(f"{label}: {exc}")
        return converted, messages

    def _apply(
        self,
        entity: str,
        number: int,
        obj: models.Model | None,
        new: Callable[[], models.Model],
        values: dict[str, Any],
        exclude: list[str],
        own_uuid: uuidlib.UUID | None,
        messages: list[str],
    ) -> RowResult:
        label = self._label(values) or str(obj or "")
        if messages:
            probe = new()  # report the other fields' problems in the same go
            for key, value in values.items():
                setattr(probe, key, value)
            try:
                self._validate(probe, exclude)
            except RowError as exc:
                messages += exc.messages
            raise RowError(messages)
        if obj is not None:
            first = self.seen.get((entity, id(obj)))
            if first is not None:
                raise RowError(
                    [_("Rækken beskriver det samme som række %(row)s.") % {"row": first}]
                )
            self.seen[(entity, id(obj))] = number
            if obj.pk is None:  # created from an earlier row's reference
                for key, value in values.items():
                    setattr(obj, key, value)
                self._validate(obj, exclude)
                return RowResult(number, entity, "created", label)
            before = audit.snapshot(obj, relations=False)
            changed = {k for k, v in values.items() if getattr(obj, k) != v}
            if not changed:
                self.plan.report.count(entity, "unchanged")
                return RowResult(number, entity, "unchanged", label)
            original = {k: getattr(obj, k) for k in changed}
            for key in changed:
                setattr(obj, key, values[key])
            try:
                self._validate(obj, exclude)
            except RowError:
                for key, value in original.items():
                    setattr(obj, key, value)
                raise
            self.plan.update(entity, obj, before, changed)
            self.plan.report.count(entity, "updated")
            names = [_verbose(type(obj), k) for k in sorted(changed)]
            return RowResult(number, entity, "updated", label, changes=names)
        created = new()
        if own_uuid is not None and own_uuid not in self.index.foreign_uuids:
            created.uuid = own_uuid  # type: ignore[attr-defined]
        for key, value in values.items():
            setattr(created, key, value)
        self._validate(created, exclude)
        self.seen[(entity, id(created))] = number
        self.plan.create(entity, created)
        self.plan.report.count(entity, "created")
        return RowResult(number, entity, "created", label)

    def _vendors(self, number: int, values: dict[str, Any]) -> RowResult:
        plain, messages = self._plain("vendors", values)
        own = self._own_uuid(values)
        obj = self.index.vendor_by_uuid.get(own) if own else None
        if obj is None and plain.get("cvr"):
            obj = self.index.vendor_by_cvr.get(plain["cvr"])
        if obj is None and plain.get("name"):
            obj = self._pick_vendor(plain["name"])
        if obj is not None and obj.created_by_id != self.org.pk:
            self._shared_unchanged(
                obj, plain, _("Leverandøren vedligeholdes af en anden organisation.")
            )
        result = self._apply(
            "vendors",
            number,
            obj,
            lambda: Vendor(created_by=self.org),
            plain,
            ["created_by"],
            own,
            messages,
        )
        if result.outcome == "created" and obj is None:
            self.index._add_vendor(self.plan.creates["vendors"][-1])  # type: ignore[arg-type]
        return result

    def _catalog_systems(self, number: int, values: dict[str, Any]) -> RowResult:
        plain, messages = self._plain("catalog-systems", values)
        own = self._own_uuid(values)
        if "vendor__name" in values:
            plain["vendor"] = self.vendor(parse_text(values["vendor__name"]), number)
        obj = self.index.system_by_uuid.get(own) if own else None
        name = plain.get("name", "")
        if obj is None and name:
            vendor = plain.get("vendor")
            obj = _one(
                self.index.system_by_name.get(_key(name, vendor.name if vendor else "")),
                _("Systemet"),
                name,
            )
        if obj is not None and obj.owner_organization_id != self.org.pk:
            self._shared_unchanged(
                obj, plain, _("Katalogsystemet vedligeholdes af en anden organisation.")
            )
        if obj is None and plain.get("scope") == c.Scope.GLOBAL:
            plain["scope"] = c.Scope.LOCAL  # only the shared catalog's owners publish globally
        result = self._apply(
            "catalog-systems",
            number,
            obj,
            lambda: CatalogSystem(
                scope=c.Scope.LOCAL, owner_organization=self.org, business_type=c.BusinessType.ANDET
            ),
            plain,
            ["vendor", "owner_organization", "parent"],
            own,
            messages,
        )
        if result.outcome == "created" and obj is None:
            self.index._add_system(self.plan.creates["catalog-systems"][-1])  # type: ignore[arg-type]
        return result

    def _usages(self, number: int, values: dict[str, Any]) -> RowResult:
        plain, messages = self._plain("usages", values)
        own = self._own_uuid(values)
        obj = self.index.usage_by_uuid.get(own) if own else None
        if "responsible_unit__name" in values:
            plain["responsible_unit"] = self.unit(parse_text(values["responsible_unit__name"]))
        if obj is None:
            name = plain.get("local_name") or parse_text(values.get("catalog_system__name"))
            vendor = parse_text(values.get("catalog_system__vendor__name"))
            key = _key(name, vendor) if vendor else _key(name)
            obj = _one(self.index.usage_by_name.get(key), _("Systemet"), name)
        catalog_columns = ("catalog_system__uuid", "catalog_system__name")
        if obj is None or any(not _blank(values.get(k)) for k in catalog_columns):
            plain["catalog_system"] = self.catalog_system(values, number)
        result = self._apply(
            "usages",
            number,
            obj,
            lambda: SystemUsage(organization=self.org),
            plain,
            ["organization", "catalog_system", "responsible_unit"],
            own,
            messages,
        )
        if result.outcome == "created" and obj is None:
            self.index._add_usage(self.plan.creates["usages"][-1])  # type: ignore[arg-type]
        return result

    def _contracts(self, number: int, values: dict[str, Any]) -> RowResult:
        plain, messages = self._plain("contracts", values)
        own = self._own_uuid(values)
        if "vendor__name" in values:
            plain["vendor"] = self.vendor(parse_text(values["vendor__name"]), number)
        if "responsible_unit__name" in values:
            plain["responsible_unit"] = self.unit(parse_text(values["responsible_unit__name"]))
        obj = self.index.contract_by_uuid.get(own) if own else None
        if obj is None and plain.get("number"):
            obj = self.index.contract_by_number.get(_key(plain["number"]))
        if obj is None and plain.get("name"):
            vendor = plain.get("vendor")
            obj = _one(
                self.index.contract_by_name.get(_key(plain["name"], vendor.name if vendor else "")),
                _("Kontrakten"),
                plain["name"],
            )
        result = self._apply(
            "contracts",
            number,
            obj,
            lambda: Contract(organization=self.org),
            plain,
            ["organization", "vendor", "responsible_unit", "parent"],
            own,
            messages,
        )
        if result.outcome == "created" and obj is None:
            self.index._add_contract(self.plan.creates["contracts"][-1])  # type: ignore[arg-type]
        return result

    def _integrations(self, number: int, values: dict[str, Any]) -> RowResult:
        plain, messages = self._plain("integrations", values)
        own = self._own_uuid(values)
        source = self.usage_ref(
            values.get("source__uuid"), values.get("source__local_name"), _("Fra-systemet")
        )
        target = self.usage_ref(
            values.get("target__uuid"), values.get("target__local_name"), _("Til-systemet")
        )
        component_name = parse_text(values.get("target_component__name"))
        component = None
        if component_name:
            component = _one(
                self.index.system_by_name.get(_key(component_name)),
                _("Komponenten"),
                component_name,
            )
            if component is None:
                raise RowError(
                    [
                        _("Den fælles komponent «%(name)s» findes ikke i kataloget.")
                        % {"name": component_name}
                    ]
                )
        if source is None:
            raise RowError([_("Fra-systemet mangler.")])
        refused = integration_errors(
            organization_id=self.org.pk, source=source, target=target, target_component=component
        )
        if refused:
            raise RowError(list(refused.values()))
        plain.update(source=source, target=target, target_component=component)
        obj = self.index.integration_by_uuid.get(own) if own else None
        if obj is None:
            key = (
                id(source),
                id(target or component),
                str(plain.get("interface_name", "")).casefold(),
            )
            obj = self.index.integration_by_key.get(key)
        result = self._apply(
            "integrations",
            number,
            obj,
            lambda: Integration(organization=self.org),
            plain,
            ["organization", "source", "target", "target_component", "contract"],
            own,
            messages,
        )
        if result.outcome == "created" and obj is None:
            self.index._add_integration(self.plan.creates["integrations"][-1])  # type: ignore[arg-type]
        return result


@dataclass
class Sheet:
    """A table with the entity it holds and how its columns map to fields."""

    table: Table
    entity: str
    mapping: list[str]  # per column: field key or ''

    def records(self) -> Iterable[tuple[int, dict[str, Any]]]:
        for number, cells in self.table.rows:
            values = {
                key: cells[index] if index < len(cells) else None
                for index, key in enumerate(self.mapping)
                if key
            }
            yield number, values


def mapping_errors(entity: str, mapping: list[str]) -> list[str]:
    """Danish messages for a mapping that cannot work (no name column, a field twice)."""
    messages = []
    keys = [k for k in mapping if k]
    valid = {spec.key: spec.label for spec in fields_for(entity)}
    for key in keys:
        if key not in valid:
            messages.append(_("Feltet «%(key)s» kan ikke importeres.") % {"key": key})
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        messages.append(
            _("Feltet «%(label)s» er valgt for flere kolonner.") % {"label": valid.get(key, key)}
        )
    alternatives = REQUIRED[entity]
    if not any(a in keys for a in alternatives):
        labels = " / ".join(valid[a] for a in alternatives if a in valid)
        messages.append(_("Der mangler en kolonne til «%(label)s».") % {"label": labels})
    return messages


def _mark_foreign_uuids(index: _Index, sheets: list[Sheet]) -> None:
    """UUIDs in the file that belong to records outside the organization's reach (another
    municipality's usage, say): such rows are matched by name and new records get a fresh
    UUID, so an export of one organization imports cleanly into another."""
    for sheet in sheets:
        if "uuid" not in sheet.mapping:
            continue
        column = sheet.mapping.index("uuid")
        wanted = set()
        for _number, cells in sheet.table.rows:
            try:
                if column < len(cells) and not _blank(cells[column]):
                    wanted.add(parse_uuid(cells[column]))
            except ValueError:
                continue  # reported when the row is planned
        known = index.by_uuid(sheet.entity)
        unknown = sorted(wanted - set(known), key=str)
        model = MODELS[sheet.entity]
        for start in range(0, len(unknown), 500):
            chunk = unknown[start : start + 500]
            index.foreign_uuids.update(
                model._default_manager.filter(uuid__in=chunk).values_list("uuid", flat=True)
            )


def plan_import(
    organization: Organization,
    sheets: list[Sheet],
    *,
    dry_run: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> Plan:
    """Read, resolve and validate every row of every sheet; nothing is written."""
    report = ImportReport(kinds=tuple(dict.fromkeys(s.entity for s in sheets)), dry_run=dry_run)
    planner = _Planner(organization, report)
    _mark_foreign_uuids(planner.index, sheets)
    total = sum(len(sheet.table.rows) for sheet in sheets)
    done = 0
    ordered = sorted(sheets, key=lambda s: ENTITIES.index(s.entity))
    for sheet in ordered:
        problems = mapping_errors(sheet.entity, sheet.mapping)
        for message in problems:
            report.error(1, message, sheet=sheet.table.sheet)
        if problems:
            continue
        for number, values in sheet.records():
            result = planner.row(sheet.entity, number, values)
            planner.plan.rows.append(result)
            for message in result.messages:
                report.error(number, message, sheet=sheet.table.sheet, kind=sheet.entity)
            done += 1
            if progress and done % PROGRESS_EVERY == 0:
                progress(done, total)
    if progress:
        progress(total, total)
    return planner.plan


def commit_plan(plan: Plan, *, actor: Any) -> ImportReport:
    """Write a plan without errors in one transaction; one audit event per written record."""
    report = plan.report
    report.dry_run = False
    if report.errors:
        return report
    org = plan.organization
    now = timezone.now()
    try:
        with transaction.atomic():
            events: list[AuditEvent] = []
            for entity in ENTITIES:
                model = MODELS[entity]
                created = plan.creates.get(entity, [])
                model._default_manager.bulk_create(created, batch_size=500)
                groups: dict[tuple[str, ...], list[models.Model]] = {}
                changed = list(plan.updates.get(entity, {}).values())
                for obj, _before, names in changed:
                    obj.updated_at = now  # type: ignore[attr-defined]
                    groups.setdefault(tuple(sorted(names)), []).append(obj)
                for names_key, objs in groups.items():
                    model._default_manager.bulk_update(
                        objs, [*names_key, "updated_at"], batch_size=500
                    )
                events += [
                    audit.event(
                        actor=actor,
                        organization=org,
                        action=AuditAction.CREATE,
                        obj=obj,
                        after=audit.snapshot(obj, relations=False),
                        extra={"import": True},
                    )
                    for obj in created
                ]
                events += [
                    audit.event(
                        actor=actor,
                        organization=org,
                        action=AuditAction.UPDATE,
                        obj=obj,
                        before=before,
                        after=audit.snapshot(obj, relations=False),
                    )
                    for obj, before, _names in changed
                ]
            AuditEvent.objects.bulk_create(events, batch_size=500)
    except IntegrityError as exc:
        report.error(0, _("Databasen afviste importen: %(err)s") % {"err": exc})
        return report
    report.committed = True
    return report


def import_tables(
    *,
    actor: Any,
    organization: Organization,
    sheets: list[Sheet],
    dry_run: bool,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[ImportReport, list[RowResult]]:
    """Plan, and unless ``dry_run`` or in error, commit. Returns the report and the rows."""
    require(actor, organization, "portfolio.change")
    plan = plan_import(organization, sheets, dry_run=dry_run, progress=progress)
    if dry_run or plan.report.errors:
        return plan.report, plan.rows
    return commit_plan(plan, actor=actor), plan.rows


def sheets_from_file(
    data: bytes,
    *,
    entity: str | None = None,
    mapping: list[str] | None = None,
    sheet: str | None = None,
    max_bytes: int | None = None,
) -> list[Sheet]:
    """The importable sheets of a file: one given entity (the chosen or only sheet), or every
    sheet whose entity is recognised (a whole exported workbook)."""
    tables = read_tables(data, max_bytes=max_bytes)
    if sheet:
        tables = [t for t in tables if t.sheet == sheet]
        if not tables:
            raise TableError(_("Arket «%(sheet)s» findes ikke.") % {"sheet": sheet})
    if entity:
        if len(tables) > 1:
            matching = [t for t in tables if detect_entity(t) == entity]
            tables = matching[:1] or tables[:1]
        table = tables[0]
        return [Sheet(table, entity, mapping or auto_mapping(entity, table.headers))]
    found = []
    for table in tables:
        detected = detect_entity(table)
        if detected is not None:
            found.append(Sheet(table, detected, auto_mapping(detected, table.headers)))
    if not found:
        raise TableError(
            _(
                "Det kan ikke ses, hvad filen indeholder. Vælg selv typen (leverandører, "
                "katalogsystemer, systemer, kontrakter eller integrationer)."
            )
        )
    return found


__all__ = [
    "ENTITIES",
    "Plan",
    "RowResult",
    "Sheet",
    "Table",
    "TableError",
    "auto_mapping",
    "check_zip",
    "commit_plan",
    "detect_entity",
    "fields_for",
    "import_tables",
    "mapping_errors",
    "parse_bool",
    "parse_date",
    "parse_decimal",
    "parse_text",
    "plan_import",
    "read_tables",
    "sheets_from_file",
    "sniff_delimiter",
    "sniff_format",
]
