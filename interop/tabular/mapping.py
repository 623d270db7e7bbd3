"""Headers into fields: which entity a sheet holds and which column fills which field.

Columns are mapped by their headers: the headers of Styrbar's own export in Danish and
English, the model's field names and the header synonyms in
``knowledge/data/import_synonyms.yaml``; a header that matches none of those exactly is
matched fuzzily (rapidfuzz: word order, extra words, "(kr.)", small misspellings), and such
a guess is marked so the wizard asks for confirmation. Besides the record's own fields a
usage sheet can carry related facts (:data:`EXTRA_FIELDS`): a yearly cost, the year it
belongs to, a contract's expiry and the systemejer.
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
from django.utils.translation import gettext_lazy
from rapidfuzz import fuzz

from interop.export import SHEETS_BY_KEY
from interop.tabular.read import Table, TableError, read_tables
from knowledge.import_synonyms import import_synonyms
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


# Facts a usage row may carry that live on related records (written with the usage).
EXTRA_FIELDS: dict[str, tuple[tuple[str, Any], ...]] = {
    "usages": (
        ("yearly_cost", gettext_lazy("Årlig udgift (kr.)")),
        ("cost_year", gettext_lazy("Omkostningsår")),
        ("contract_end", gettext_lazy("Kontraktudløb")),
        ("system_owner", gettext_lazy("Systemejer (navn)")),
    ),
}
EXTRA_KEYS = {key for extras in EXTRA_FIELDS.values() for key, _label in extras}
# A fuzzy header match must score at least this (rapidfuzz token_set_ratio, 0–100).
FUZZY_THRESHOLD = 90
# Header words that say nothing about the field (units, fillers).
_NOISE = {"kr", "dkk", "i", "alt", "ialt", "og", "pr", "per", "the", "of", "in"}


def field_label(model: type[models.Model], name: str) -> str:
    return capfirst(str(getattr(model._meta.get_field(name), "verbose_name", name)))


def norm(text: str) -> str:
    return re.sub(r"[^0-9a-zæøå]+", "", str(text).casefold())


def words(text: str) -> str:
    """A header as its meaningful words, sorted: "Årlig udgift (kr.)" → "udgift årlig".

    >>> words("Årlig udgift i alt (kr.)"), words("Kontrakt - udløb")
    ('udgift årlig', 'kontrakt udløb')
    """
    found = re.findall(r"[0-9a-zæøå]+", str(text).casefold())
    return " ".join(sorted(w for w in found if w not in _NOISE))


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str  # Danish header (as exported)
    candidates: frozenset[str]
    phrases: frozenset[str] = frozenset()  # the names as words, for fuzzy matching


def fields_for(entity: str) -> list[FieldSpec]:
    """The importable columns of an entity: the export's columns with their header names,
    then the related facts of :data:`EXTRA_FIELDS`."""
    sheet = SHEETS_BY_KEY[entity]
    model = MODELS[entity]
    synonyms = import_synonyms()
    columns: list[tuple[str, Any, bool]] = [
        (column.field, column.header, "__" not in column.field) for column in sheet.columns
    ]
    columns += [(key, label, False) for key, label in EXTRA_FIELDS.get(entity, ())]
    specs = []
    for key, header, own_field in columns:
        names = {key, key.replace("__", " ").replace("_", " ")}
        for language in ("da", "en"):
            with translation.override(language):
                names.add(str(header))
                if own_field:
                    names.add(field_label(model, key))
        names.update(synonyms.header_words(entity, key))
        with translation.override("da"):
            label = str(header)
        specs.append(
            FieldSpec(
                key,
                label,
                frozenset(norm(n) for n in names),
                frozenset(w for w in (words(n) for n in names) if len(w) >= 4),
            )
        )
    return specs


HOW_EXACT, HOW_SYNONYM, HOW_GUESS = "exact", "synonym", "guess"


def match_headers(entity: str, headers: list[str]) -> list[tuple[str, str]]:
    """For each header (the field key it maps to, how it was found): Styrbar's own header
    first, then a known name or synonym, then the best fuzzy guess (``"guess"``, to be
    confirmed); ("", "") when nothing fits. Each field takes at most one column."""
    specs = fields_for(entity)
    found: list[tuple[str, str]] = [("", "")] * len(headers)
    used: set[str] = set()
    exact = {norm(spec.label): spec.key for spec in specs}
    for index, header in enumerate(headers):
        key = exact.get(norm(header), "")
        if key and key not in used:
            found[index] = (key, HOW_EXACT)
            used.add(key)
    for index, header in enumerate(headers):
        if found[index][0]:
            continue
        for spec in specs:
            if spec.key not in used and norm(header) in spec.candidates:
                found[index] = (spec.key, HOW_SYNONYM)
                used.add(spec.key)
                break
    guesses: list[tuple[float, float, int, str]] = []
    for index, header in enumerate(headers):
        phrase = words(header)
        if found[index][0] or len(phrase) < 4:
            continue
        for spec in specs:
            if spec.key in used or not spec.phrases:
                continue
            best = max(fuzz.token_set_ratio(phrase, p) for p in spec.phrases)
            closeness = max(fuzz.ratio(phrase, p) for p in spec.phrases)
            if best >= FUZZY_THRESHOLD:
                guesses.append((best, closeness, index, spec.key))
    # The strongest guesses first; a column or field already taken is skipped.
    for _best, _closeness, index, key in sorted(guesses, key=lambda g: (-g[0], -g[1], g[2])):
        if not found[index][0] and key not in used:
            found[index] = (key, HOW_GUESS)
            used.add(key)
    return found


def auto_mapping(entity: str, headers: list[str]) -> list[str]:
    """For each header the field key it maps to, or '' (ignored); see :func:`match_headers`."""
    return [key for key, _how in match_headers(entity, headers)]


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
