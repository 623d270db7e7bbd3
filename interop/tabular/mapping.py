"""Headers into fields: which entity a sheet holds and which column fills which field.

Columns are mapped by their headers: the headers of Styrbar's own export in Danish and
English, the model's field names and a few common synonyms (:data:`ALIASES`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from interop.export import SHEETS_BY_KEY
from interop.tabular.read import Table, TableError, read_tables
from portfolio.models import CatalogSystem, Contract, Integration, SystemUsage, Vendor

ENTITIES = ("vendors", "catalog-systems", "usages", "contracts", "integrations")
MODELS: dict[str, type[models.Model]] = {
    "vendors": Vendor,
    "catalog-systems": CatalogSystem,
    "usages": SystemUsage,
    "contracts": Contract,
    "integrations": Integration,
}

# Each entity needs at least one of these columns to identify its records.
REQUIRED: dict[str, tuple[str, ...]] = {
    "vendors": ("name",),
    "catalog-systems": ("name", "uuid"),
    "usages": ("local_name", "catalog_system__name", "catalog_system__uuid", "uuid"),
    "contracts": ("name", "uuid"),
    "integrations": ("source__local_name", "source__uuid", "uuid"),
}


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


def field_label(model: type[models.Model], name: str) -> str:
    return capfirst(str(getattr(model._meta.get_field(name), "verbose_name", name)))


def norm(text: str) -> str:
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
                    names.add(field_label(model, column.field))
        names.update(ALIASES.get(entity, {}).get(column.field, ()))
        with translation.override("da"):
            label = str(column.header)
        specs.append(FieldSpec(column.field, label, frozenset(norm(n) for n in names)))
    return specs


def auto_mapping(entity: str, headers: list[str]) -> list[str]:
    """For each header the field key it maps to, or '' (ignored). Exact header names win
    over synonyms, and each field takes at most one column."""
    specs = fields_for(entity)
    mapping = [""] * len(headers)
    used: set[str] = set()
    exact = {norm(spec.label): spec.key for spec in specs}
    for index, header in enumerate(headers):
        key = exact.get(norm(header), "")
        if key and key not in used:
            mapping[index] = key
            used.add(key)
    for index, header in enumerate(headers):
        if mapping[index]:
            continue
        for spec in specs:
            if spec.key not in used and norm(header) in spec.candidates:
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
                    if norm(str(sheet.title)) == norm(table.sheet):
                        # An export sheet that cannot be imported (processes) is no entity.
                        return key if key in ENTITIES else None
    scores = {
        entity: sum(1 for key in auto_mapping(entity, table.headers) if key) for entity in ENTITIES
    }
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    if ranked[0][1] == 0 or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


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
            messages.append(_("Feltet »%(key)s« kan ikke importeres.") % {"key": key})
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        messages.append(
            _("Feltet »%(label)s« er valgt for flere kolonner.") % {"label": valid.get(key, key)}
        )
    alternatives = REQUIRED[entity]
    if not any(a in keys for a in alternatives):
        labels = " / ".join(valid[a] for a in alternatives if a in valid)
        messages.append(_("Der mangler en kolonne til »%(label)s«.") % {"label": labels})
    return messages


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
            raise TableError(_("Arket »%(sheet)s« findes ikke.") % {"sheet": sheet})
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
