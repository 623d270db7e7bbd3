"""Rows into a plan: every row is read, resolved and validated; nothing is written.

The plan says per row whether it creates, updates or leaves a record unchanged, and lists
every row error with its row number. Records are matched by UUID when the UUID belongs to
the organization (or to the shared catalog), else by name and vendor, so importing the
same file twice changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuidlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from core import audit
from interop.report import ImportReport
from interop.tabular.cells import (
    blank,
    bool_resolver,
    cell_converter,
    choice_resolver,
    parse_text,
    parse_uuid,
)
from interop.tabular.index import Index, RowError, match_key, only_one
from interop.tabular.mapping import (
    ENTITIES,
    EXTRA_KEYS,
    MODELS,
    Sheet,
    field_label,
    fields_for,
    mapping_errors,
)
from interop.tabular.related import RelatedPlanner, RelatedWrite
from knowledge.import_synonyms import fold
from organizations.models import Organization, OrganizationUnit
from portfolio import choices as c
from portfolio.models import CatalogSystem, Contract, Integration, SystemUsage, Vendor
from portfolio.rules import integration_errors

PROGRESS_EVERY = 100
MAX_DISTINCT_VALUES = 200  # per choice column, in the report's value table
ValueMap = dict[str, dict[str, str]]  # field key → folded cell text → Styrbar value


@dataclass
class TabularReport(ImportReport):
    """The import report plus what a spreadsheet needs: the columns no field takes (never
    dropped silently), the guessed header matches, and per choice or yes/no column each
    distinct value with the Styrbar value it is read as (the wizard's value step)."""

    ignored_columns: list[dict[str, Any]] = field(default_factory=list)
    values: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {**super().as_json(), "ignored_columns": self.ignored_columns, "values": self.values}

    def detail_lines(self) -> list[str]:
        lines = [_("Ignoreret kolonne: »%(header)s« (%(sheet)s)") % c for c in self.ignored_columns]
        for column in self.values:
            unknown = [v["raw"] for v in column["values"] if v["value"] is None]
            if unknown:
                lines.append(
                    _("Kolonnen »%(header)s« har værdier uden match: %(values)s")
                    % {"header": column["header"], "values": ", ".join(unknown)}
                )
        return lines


@dataclass(frozen=True)
class NewRecord:
    """How a row's new record of an entity starts, and the references its validation
    leaves out (the planner resolves those itself)."""

    make: Callable[[Organization], models.Model]
    exclude: tuple[str, ...]


NEW_RECORDS: dict[str, NewRecord] = {
    "vendors": NewRecord(lambda org: Vendor(created_by=org), ("created_by",)),
    "catalog-systems": NewRecord(
        lambda org: CatalogSystem(
            scope=c.Scope.LOCAL, owner_organization=org, business_type=c.BusinessType.ANDET
        ),
        ("vendor", "owner_organization", "parent"),
    ),
    "usages": NewRecord(
        lambda org: SystemUsage(organization=org),
        ("organization", "catalog_system", "responsible_unit"),
    ),
    "contracts": NewRecord(
        lambda org: Contract(organization=org),
        ("organization", "vendor", "responsible_unit", "parent"),
    ),
    "integrations": NewRecord(
        lambda org: Integration(organization=org),
        ("organization", "source", "target", "target_component", "contract"),
    ),
}

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
    related: list[RelatedWrite] = field(default_factory=list)
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


class Planner:
    def __init__(
        self,
        organization: Organization,
        report: ImportReport,
        values: ValueMap | None = None,
        year: int | None = None,
    ) -> None:
        self.org = organization
        self.index = Index(organization)
        self.plan = Plan(organization, report)
        self.seen: dict[tuple[str, int], int] = {}  # (entity, id(obj)) → first row
        self.converters: dict[tuple[str, str], Callable[[Any], Any]] = {}
        self.values = values or {}
        self.related = RelatedPlanner(organization, report, year or dt.date.today().year)

    # -- cells
    def convert(self, entity: str, key: str, value: Any) -> Any:
        converter = self.converters.get((entity, key))
        if converter is None:
            model_field = MODELS[entity]._meta.get_field(key)
            converter = cell_converter(model_field, self.values.get(key))  # type: ignore[arg-type]
            self.converters[(entity, key)] = converter
        return converter(value)

    def _own_uuid(self, values: dict[str, Any]) -> uuidlib.UUID | None:
        raw = values.get("uuid")
        return None if blank(raw) else parse_uuid(raw)

    # -- references (created on the fly when missing, so a flat sheet is enough)
    def vendor(self, name: str, row: int) -> Vendor | None:
        if not name:
            return None
        found = self._pick_vendor(name)
        if found is None:
            found = self._new("vendors")
            found.name = name
            self._validate(found, NEW_RECORDS["vendors"].exclude)
            self.index.add("vendors", found)
            self.plan.create("vendors", found)
            self.plan.report.count("vendors", "created")
            self.plan.report.warn(
                row, _("Leverandøren »%(name)s« oprettes.") % {"name": name}, kind="vendors"
            )
        return found

    def _shared_unchanged(self, obj: models.Model, plain: dict[str, Any], message: str) -> None:
        """A shared record maintained by another organization may be matched, not changed."""
        if obj.pk and any(getattr(obj, k) != v for k, v in plain.items()):
            raise RowError([message])

    def _pick_vendor(self, name: str) -> Vendor | None:
        """Vendors are shared and names may repeat: prefer the organization's own, then
        the oldest."""
        found = self.index.vendor_by_name.get(match_key(name)) or []
        ranked = sorted(found, key=lambda v: (v.created_by_id != self.org.pk, v.pk or 1 << 62))
        return ranked[0] if ranked else None

    def catalog_system(self, values: dict[str, Any], row: int) -> CatalogSystem:
        raw_uuid = values.get("catalog_system__uuid")
        if not blank(raw_uuid):
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
            found = only_one(
                self.index.system_by_name.get(match_key(name, vendor_name)), _("Systemet"), name
            )
        if found is None:
            found = only_one(self.index.system_by_name.get(match_key(name)), _("Systemet"), name)
            if (
                found is not None
                and vendor_name
                and found.vendor
                and match_key(found.vendor.name) != match_key(vendor_name)
            ):
                found = None
        if found is None:
            found = self._new("catalog-systems")
            found.name = name
            found.vendor = self.vendor(vendor_name, row)
            self._validate(found, NEW_RECORDS["catalog-systems"].exclude)
            self.index.add("catalog-systems", found)
            self.plan.create("catalog-systems", found)
            self.plan.report.count("catalog-systems", "created")
            self.plan.report.warn(
                row,
                _("Katalogsystemet »%(name)s« oprettes som lokalt katalogsystem.") % {"name": name},
                kind="catalog-systems",
            )
        return found

    def unit(self, name: str) -> OrganizationUnit | None:
        if not name:
            return None
        found = only_one(self.index.units.get(match_key(name)), _("Enheden"), name)
        if found is None:
            raise RowError([_("Enheden »%(name)s« findes ikke i organisationen.") % {"name": name}])
        return found

    def usage_ref(self, raw_uuid: Any, name: Any, what: str) -> SystemUsage | None:
        if not blank(raw_uuid):
            usage = self.index.usage_by_uuid.get(parse_uuid(raw_uuid))
            if usage is not None:
                return usage
        text = parse_text(name)
        if not text:
            return None
        found = only_one(self.index.usage_by_name.get(match_key(text)), what, text)
        if found is None:
            raise RowError(
                [_("%(what)s »%(name)s« findes ikke i porteføljen.") % {"what": what, "name": text}]
            )
        return found

    # -- validation
    def _new(self, entity: str) -> Any:
        return NEW_RECORDS[entity].make(self.org)

    def _validate(self, obj: models.Model, exclude: tuple[str, ...]) -> None:
        try:
            obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            messages = []
            for name, errors in exc.message_dict.items():
                label = name
                if name != "__all__":
                    label = field_label(type(obj), name)
                messages += [f"{label}: {e}" if name != "__all__" else e for e in errors]
            raise RowError(messages) from exc

    # -- one row
    def row(self, entity: str, number: int, values: dict[str, Any]) -> RowResult:
        report = self.plan.report
        counts = {kind: dict(n) for kind, n in report.counts.items()}
        warnings = len(report.warnings)
        try:
            # Every problem of the row is collected before it is refused: an unknown unit
            # does not hide a bad lifecycle or date in the same row.
            extras = {k: v for k, v in values.items() if k in EXTRA_KEYS}
            values = {k: v for k, v in values.items() if k not in EXTRA_KEYS}
            plain, messages = self._plain(entity, values)
            related = self.related.plan_row(number, extras, messages) if extras else None
            own = None
            try:
                own = self._own_uuid(values)
            except ValueError as exc:
                messages.append(f"UUID: {exc}")
            try:
                if "vendor__name" in values:
                    plain["vendor"] = self.vendor(parse_text(values["vendor__name"]), number)
            except RowError as exc:
                messages += exc.messages
            try:
                if "responsible_unit__name" in values:
                    name = parse_text(values["responsible_unit__name"])
                    plain["responsible_unit"] = self.unit(name)
            except RowError as exc:
                messages += exc.messages
            stored = self.index.by_uuid(entity).get(own) if own else None
            match: Callable[[int, dict[str, Any], dict[str, Any], Any], Any]
            match = getattr(self, "_" + entity.replace("-", "_"))
            obj = None
            try:
                obj = match(number, values, plain, stored)
            except RowError as exc:
                messages += exc.messages
            result = self._apply(entity, number, obj, plain, own, messages)
            if result.outcome == "created" and obj is None:
                self.index.add(entity, self.plan.creates[entity][-1])
            if related is not None:
                usage: Any = obj if obj is not None else self.plan.creates[entity][-1]
                self.related.attach(related, usage, result.label)
            return result
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
            if not blank(values.get(key)):
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
                label = field_label(MODELS[entity], key)
                messages.append(f"{label}: {exc}")
        return converted, messages

    def _apply(
        self,
        entity: str,
        number: int,
        obj: models.Model | None,
        values: dict[str, Any],
        own_uuid: uuidlib.UUID | None,
        messages: list[str],
    ) -> RowResult:
        exclude = NEW_RECORDS[entity].exclude
        label = self._label(values) or str(obj or "")
        if messages:
            probe = self._new(entity)  # report the other fields' problems in the same go
            for key, value in values.items():
                if key not in ("vendor", "responsible_unit"):
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
            names = [field_label(type(obj), k) for k in sorted(changed)]
            return RowResult(number, entity, "updated", label, changes=names)
        created = self._new(entity)
        if own_uuid is not None and own_uuid not in self.index.foreign_uuids:
            created.uuid = own_uuid
        for key, value in values.items():
            setattr(created, key, value)
        self._validate(created, exclude)
        self.seen[(entity, id(created))] = number
        self.plan.create(entity, created)
        self.plan.report.count(entity, "created")
        return RowResult(number, entity, "created", label)

    # -- matching: each entity's row to its stored or planned record (None: a new one);
    # ``obj`` is the record the row's own UUID names, ``plain`` the row's converted fields
    # with its vendor and responsible unit resolved
    def _vendors(
        self, number: int, values: dict[str, Any], plain: dict[str, Any], obj: Vendor | None
    ) -> Vendor | None:
        if obj is None and plain.get("cvr"):
            obj = self.index.vendor_by_cvr.get(plain["cvr"])
        if obj is None and plain.get("name"):
            obj = self._pick_vendor(plain["name"])
        if obj is not None and obj.created_by_id != self.org.pk:
            self._shared_unchanged(
                obj, plain, _("Leverandøren vedligeholdes af en anden organisation.")
            )
        return obj

    def _catalog_systems(
        self, number: int, values: dict[str, Any], plain: dict[str, Any], obj: CatalogSystem | None
    ) -> CatalogSystem | None:
        name = plain.get("name", "")
        if obj is None and name:
            vendor = plain.get("vendor")
            obj = only_one(
                self.index.system_by_name.get(match_key(name, vendor.name if vendor else "")),
                _("Systemet"),
                name,
            )
        if obj is not None and obj.owner_organization_id != self.org.pk:
            self._shared_unchanged(
                obj, plain, _("Katalogsystemet vedligeholdes af en anden organisation.")
            )
        if obj is None and plain.get("scope") == c.Scope.GLOBAL:
            plain["scope"] = c.Scope.LOCAL  # only the shared catalog's owners publish globally
        return obj

    def _usages(
        self, number: int, values: dict[str, Any], plain: dict[str, Any], obj: SystemUsage | None
    ) -> SystemUsage | None:
        if obj is None:
            name = plain.get("local_name") or parse_text(values.get("catalog_system__name"))
            vendor = parse_text(values.get("catalog_system__vendor__name"))
            key = match_key(name, vendor) if vendor else match_key(name)
            obj = only_one(self.index.usage_by_name.get(key), _("Systemet"), name)
        catalog_columns = ("catalog_system__uuid", "catalog_system__name")
        if obj is None or any(not blank(values.get(k)) for k in catalog_columns):
            plain["catalog_system"] = self.catalog_system(values, number)
        return obj

    def _contracts(
        self, number: int, values: dict[str, Any], plain: dict[str, Any], obj: Contract | None
    ) -> Contract | None:
        if obj is None and plain.get("number"):
            obj = self.index.contract_by_number.get(match_key(plain["number"]))
        if obj is None and plain.get("name"):
            vendor = plain.get("vendor")
            obj = only_one(
                self.index.contract_by_name.get(
                    match_key(plain["name"], vendor.name if vendor else "")
                ),
                _("Kontrakten"),
                plain["name"],
            )
        return obj

    def _integrations(
        self, number: int, values: dict[str, Any], plain: dict[str, Any], obj: Integration | None
    ) -> Integration | None:
        source = self.usage_ref(
            values.get("source__uuid"), values.get("source__local_name"), _("Fra-systemet")
        )
        target = self.usage_ref(
            values.get("target__uuid"), values.get("target__local_name"), _("Til-systemet")
        )
        component_name = parse_text(values.get("target_component__name"))
        component = None
        if component_name:
            component = only_one(
                self.index.system_by_name.get(match_key(component_name)),
                _("Komponenten"),
                component_name,
            )
            if component is None:
                raise RowError(
                    [
                        _("Den fælles komponent »%(name)s« findes ikke i kataloget.")
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
        if obj is None:
            key = (
                id(source),
                id(target or component),
                str(plain.get("interface_name", "")).casefold(),
            )
            obj = self.index.integration_by_key.get(key)
        return obj


def _mark_foreign_uuids(index: Index, sheets: list[Sheet]) -> None:
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
                if column < len(cells) and not blank(cells[column]):
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


def _report_columns(report: TabularReport, sheet: Sheet, values: ValueMap) -> None:
    """Each column no field takes is reported; each choice or yes/no column's distinct
    values are listed with the value each is read as."""
    where = sheet.table.sheet or "CSV"
    labels = {spec.key: spec.label for spec in fields_for(sheet.entity)}
    model = MODELS[sheet.entity]
    for index, header in enumerate(sheet.table.headers):
        key = sheet.mapping[index] if index < len(sheet.mapping) else ""
        if not key:
            name = header or _("kolonne %(n)s") % {"n": index + 1}
            report.ignored_columns.append({"sheet": where, "column": index, "header": name})
            report.warn(
                1,
                _("Ignoreret kolonne »%(header)s«: den er ikke knyttet til et felt.")
                % {"header": name},
                sheet=sheet.table.sheet,
                kind="ignored_column",
            )
            continue
        if "__" in key or key in EXTRA_KEYS or key == "uuid":
            continue
        model_field: Any = model._meta.get_field(key)
        if model_field.choices:
            resolve = choice_resolver(model_field, values.get(key))
            kind = "choice"
        elif isinstance(model_field, models.BooleanField):
            resolve = bool_resolver(values.get(key))
            kind = "boolean"
        else:
            continue
        seen: dict[str, dict[str, Any]] = {}
        for _number, cells in sheet.table.rows:
            raw = cells[index] if index < len(cells) else None
            if blank(raw):
                continue
            text = parse_text(raw)
            entry = seen.get(fold(text))
            if entry is None:
                if len(seen) >= MAX_DISTINCT_VALUES:
                    continue
                found, how = resolve(raw)
                entry = seen[fold(text)] = {"raw": text, "value": found, "how": how, "rows": 0}
            entry["rows"] += 1
        if seen:
            report.values.append(
                {
                    "sheet": where,
                    "column": index,
                    "header": header,
                    "field": key,
                    "label": labels.get(key, key),
                    "kind": kind,
                    "values": sorted(seen.values(), key=lambda v: fold(v["raw"])),
                }
            )


def plan_import(
    organization: Organization,
    sheets: list[Sheet],
    *,
    dry_run: bool = True,
    progress: Callable[[int, int], None] | None = None,
    values: ValueMap | None = None,
    year: int | None = None,
) -> Plan:
    """Read, resolve and validate every row of every sheet; nothing is written.
    ``values`` maps a choice column's own words to Styrbar's values (the wizard's value
    step); ``year`` is the year of a yearly cost without a year column (default: this
    year)."""
    report = TabularReport(kinds=tuple(dict.fromkeys(s.entity for s in sheets)), dry_run=dry_run)
    planner = Planner(organization, report, values=values, year=year)
    _mark_foreign_uuids(planner.index, sheets)
    total = sum(len(sheet.table.rows) for sheet in sheets)
    done = 0
    ordered = sorted(sheets, key=lambda s: ENTITIES.index(s.entity))
    for sheet in ordered:
        problems = mapping_errors(sheet.entity, sheet.mapping)
        for message in problems:
            report.error(1, message, sheet=sheet.table.sheet)
        _report_columns(report, sheet, values or {})
        if problems:
            continue
        for number, row_values in sheet.records():
            result = planner.row(sheet.entity, number, row_values)
            planner.plan.rows.append(result)
            for message in result.messages:
                report.error(number, message, sheet=sheet.table.sheet, kind=sheet.entity)
            done += 1
            if progress and done % PROGRESS_EVERY == 0:
                progress(done, total)
    if progress:
        progress(total, total)
    planner.plan.related = planner.related.writes
    return planner.plan
