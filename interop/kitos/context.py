"""The state the KITOS entity importers share, their report and their common steps."""

from __future__ import annotations

import re
import uuid as uuidlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from interop.kitos.mapping import Vocabulary
from interop.kitos.pages import REPORT_KINDS, Record
from interop.kitos.values import M, chunks, name_of, rows_by_uuid, uuid_of
from interop.models import KitosUnitLink
from interop.report import ImportReport
from organizations.models import Organization
from portfolio import choices as c
from portfolio.models import CatalogSystem, Contract, SystemUsage, Vendor


@dataclass
class KitosReport(ImportReport):
    """What an import did, per kind, and every row or value it could not take over."""

    kinds: tuple[str, ...] = REPORT_KINDS
    deleted: list[str] = field(default_factory=list)
    # Data processing registrations deleted in KITOS are deleted here too.
    deleted_registrations: list[str] = field(default_factory=list)
    # Records left out because a record they depend on is in neither the pages nor the
    # database (a deactivated or unpublished KITOS system, say): the rest is imported.
    unresolved: list[dict[str, str]] = field(default_factory=list)

    def _deletions(self) -> dict[str, Any]:
        return {
            "deleted": self.deleted,
            "deleted_registrations": self.deleted_registrations,
            "unresolved": self.unresolved,
        }

    def as_json(self) -> dict[str, Any]:
        return {**super().as_json(), **self._deletions()}

    def audit_summary(self) -> dict[str, Any]:
        return {**super().audit_summary(), **self._deletions()}

    def detail_lines(self) -> list[str]:
        return (
            [
                _("Ikke importeret (mangler %(what)s %(name)s, %(uuid)s): %(row)s") % u
                for u in self.unresolved
            ]
            + [
                _("Slettet i KITOS, sat til 'ikke i drift': %(uuid)s") % {"uuid": u}
                for u in self.deleted
            ]
            + [
                _("Databehandling slettet i KITOS og slettet her: %(uuid)s") % {"uuid": u}
                for u in self.deleted_registrations
            ]
        )


class KitosContext:
    """What the entity importers share: the organization, the report, the records matched
    so far by KITOS uuid, and the fields each object changed (written in bulk by ``save``)."""

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

    def track(self, obj: models.Model, values: dict[str, Any]) -> bool:
        """Set the values on obj; remember which fields changed; True if any did."""
        dirty = self.dirty.setdefault(id(obj), set())
        before = len(dirty)
        for name, value in values.items():
            if getattr(obj, name) != value:
                setattr(obj, name, value)
                dirty.add(name)
        return len(dirty) > before

    def save(self, model: type[models.Model], objs: list[Any]) -> None:
        """Write the changed fields: one UPDATE per distinct set of changes (fast in bulk)."""
        groups: dict[tuple[tuple[str, Any], ...], list[int]] = defaultdict(list)
        for obj in objs:
            fields = sorted(self.dirty.get(id(obj), ()))
            if fields:
                groups[tuple((f, getattr(obj, f)) for f in fields)].append(obj.pk)
        now = timezone.now()
        for items, pks in groups.items():
            for chunk in chunks(sorted(set(pks))):
                model._default_manager.filter(pk__in=chunk).update(**dict(items), updated_at=now)

    def unit(self, ref: Any, row: str) -> int | None:
        key = uuid_of(ref)
        if key is None:
            return None
        unit_id = self.units.get(key)
        if unit_id is None:
            self.report.warn(
                row,
                _("Ukendt organisationsenhed %(name)s (%(uuid)s).")
                % {"name": name_of(ref), "uuid": key},
            )
        return unit_id

    def mapped(self, vocabulary: Vocabulary, value: Any, row: str, what: str) -> Any:
        """A KITOS value (any case) looked up in the vocabulary; an unknown one is warned
        of (``what`` names the field) and gives the vocabulary's default."""
        default = vocabulary.default
        if value is None or value == "":
            return default
        found, result = vocabulary.lookup(value)
        if found:
            return result
        key = str(value)
        self.report.warn(
            row,
            _("%(what)s '%(value)s' kan ikke oversættes; sat til '%(default)s'.")
            % {"what": what, "value": key, "default": default},
        )
        return default

    def claim(
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

    def claimed(
        self,
        kind: str,
        records: list[Record],
        existing: dict[uuidlib.UUID, M],
        foreign: str,
        label: Callable[[Record], Any] = lambda record: record.get("name"),
    ) -> Iterator[tuple[str, Record, uuidlib.UUID, M | None]]:
        """Each record the organization may write, with its report row, its uuid and its
        stored object (None: new); the others are reported by :meth:`claim`."""
        for index, record in enumerate(records):
            row = f"{kind}[{index}] {label(record) or record.get('uuid')}"
            claimed = self.claim(existing, uuid_of(record), row, foreign)
            if claimed is not None:
                key, obj = claimed
                yield row, record, key, obj

    def usage_ids(
        self, refs: list[Any], usages: dict[uuidlib.UUID, SystemUsage], row: str
    ) -> set[int]:
        """The ids of the usages ``refs`` name; one the organization lacks is warned of."""
        found: set[int] = set()
        for ref in refs:
            usage = usages.get(uuid_of(ref))  # type: ignore[arg-type]
            if usage is None:
                self.report.warn(
                    row,
                    _("Systemet %(name)s findes ikke i organisationen.") % {"name": name_of(ref)},
                )
            else:
                found.add(usage.pk)
        return found

    def unresolved(self, row: str, ref: Any, what: str, message: str) -> None:
        """Leave the record ``row`` out because the ``ref`` it depends on cannot be found
        (``what`` names the kind of the reference; ``message`` is the warning, with
        ``%(name)s``); the rest of the import goes on."""
        name = name_of(ref) or "?"
        self.report.warn(row, message % {"name": name}, unresolved=True)
        self.report.unresolved.append(
            {"row": row, "what": what, "name": name, "uuid": str(uuid_of(ref) or "")}
        )

    def created(self, kind: str, obj: M, create: list[M]) -> M:
        """Queue a new record in ``create`` (for a bulk create) and count it as created."""
        create.append(obj)
        self.report.count(kind, "created")
        return obj

    def counted(self, kind: str, obj: Any, changed: bool, update: list[Any]) -> None:
        """Count a stored record as updated (queued in ``update`` for :meth:`save`) or
        unchanged."""
        if changed:
            update.append(obj)
        self.report.count(kind, "updated" if changed else "unchanged")

    def option(
        self, vocabulary: Vocabulary, name: str, row: str, what: str, unmatched: Any
    ) -> tuple[Any, str]:
        """A KITOS local option *name* (a municipality's own list: "Mini-udbud",
        "Løbende (realtid)") → (the Styrbar choice, the name kept as text).

        An exact name (any case) gives its choice and no text; a name that contains exactly
        one known name as a word gives that choice and keeps the name; any other gives
        ``unmatched`` and keeps the name, with a warning. An empty name gives the default."""
        name = name.strip()
        if not name:
            return vocabulary.default, ""
        found, result = vocabulary.lookup(name)
        if found:
            return result, ""
        words = set(re.findall(r"[\wæøå-]+", name.casefold()))
        hits = {mapped for key, mapped in vocabulary.table.items() if key.casefold() in words}
        if len(hits) == 1:
            return hits.pop(), name[:200]
        self.report.warn(
            row,
            _(
                "%(what)s '%(value)s' svarer ikke til en af Styrbars valgmuligheder; "
                "navnet er gemt som lokal betegnelse."
            )
            % {"what": what, "value": name},
        )
        return unmatched, name[:200]

    def choice(self, vocabulary: Vocabulary, value: Any, row: str, message: str) -> Any:
        """A KITOS enum value (its member name in any case, or its integer value) looked up
        in the vocabulary; an unknown one is reported with ``message`` (``%(v)s`` is the
        value) and gives the vocabulary's default."""
        if value is None or value == "":
            return vocabulary.default
        found, result = vocabulary.lookup(value)
        if found:
            return result
        key = str(value)
        self.report.warn(row, message % {"v": key})
        return vocabulary.default

    def limited(self, text: str, limit: int, row: str, what: str) -> str:
        if len(text) > limit:
            self.report.warn(
                row,
                _("%(what)s er forkortet til %(n)s tegn.") % {"what": what, "n": limit},
            )
        return text[:limit]

    def usage_by_uuid(self, keys: list[uuidlib.UUID]) -> dict[uuidlib.UUID, SystemUsage]:
        found = dict(self.usages)
        missing = [k for k in keys if k not in found]
        found.update(rows_by_uuid(SystemUsage.objects.filter(organization=self.org), missing))
        return found
