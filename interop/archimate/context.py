"""The state the ArchiMate importers share and their common steps."""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from interop.archimate.reader import ArchimateReport, Parsed
from interop.archimate.vocabulary import (
    LANG,
    NAME_MAX,
    P_CRITICALITY,
    P_DIRECTION,
    P_FREQUENCY,
    P_HOSTING,
    P_LIFECYCLE,
    P_SENSITIVITY,
    P_STATUS,
    P_TECHNOLOGY,
    P_TIME,
    P_TYPE,
    T_COMPONENT,
    T_STEP,
)
from organizations.choices import UnitKind
from organizations.models import Organization, OrganizationUnit
from portfolio import choices as c
from portfolio.models import (
    BusinessProcess,
    CatalogSystem,
    DataObject,
    ProcessStep,
    SystemUsage,
    Vendor,
)


def choice_table(choices: type[models.TextChoices]) -> dict[str, str]:
    """Danish and English labels and the stored values → the stored value (casefolded keys)."""
    table: dict[str, str] = {}
    for value, label in choices.choices:
        table[str(value).casefold()] = str(value)
        for lang in ("en", LANG):
            with translation.override(lang):
                table[str(label).casefold()] = str(value)
    return table


def chunks(items: list[Any], size: int = 500) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def as_uuid(value: str | None) -> uuidlib.UUID | None:
    try:
        return uuidlib.UUID(str(value).strip()) if value else None
    except ValueError:
        return None


class ArchimateContext:
    """What the importers of the concept kinds share: the parsed file, the objects made or
    matched per element identifier, and the outcome per kind and record."""

    def __init__(
        self,
        organization: Organization,
        report: ArchimateReport,
        elements: dict[str, Parsed],
        relationships: dict[str, Parsed],
    ) -> None:
        self.org = organization
        self.report = report
        self.elements = elements
        self.relationships = relationships
        self.tables = {
            P_LIFECYCLE: ("lifecycle", choice_table(c.Lifecycle)),
            P_CRITICALITY: ("criticality", choice_table(c.Level)),
            P_HOSTING: ("hosting", choice_table(c.Hosting)),
            P_SENSITIVITY: ("data_sensitivity", choice_table(c.DataSensitivity)),
            P_TIME: ("time_disposition", choice_table(c.TimeDisposition)),
        }
        self.flow_tables = {
            P_TECHNOLOGY: ("technology", choice_table(c.Technology)),
            P_FREQUENCY: ("frequency", choice_table(c.Frequency)),
            P_DIRECTION: ("direction", choice_table(c.Direction)),
            P_STATUS: ("status", choice_table(c.IntegrationStatus)),
        }
        self.unit_kinds = choice_table(UnitKind)
        # element identifier → object
        self.units: dict[str, OrganizationUnit] = {}
        self.usages: dict[str, SystemUsage] = {}
        self.components: dict[str, CatalogSystem] = {}
        self.processes: dict[str, BusinessProcess] = {}
        self.steps: dict[str, ProcessStep] = {}
        self.data_objects: dict[str, DataObject] = {}
        # the catalog entries and vendors the file names, by uuid and casefolded name
        self.catalog_by_name: dict[str, CatalogSystem] = {}
        self.catalog_by_uuid: dict[uuidlib.UUID, CatalogSystem] = {}
        self.vendors: dict[str, Vendor] = {}
        self.changed: dict[tuple[str, int], bool] = {}  # (kind, pk) → updated?
        self.created: set[tuple[str, int]] = set()
        self.kind_of: dict[str, str] = {}
        for ident, el in elements.items():
            self.kind_of[ident] = self._classify(el)

    # -- classification
    def _classify(self, el: Parsed) -> str:
        kind = el.props.get(P_TYPE, "")
        if el.type == "ApplicationComponent":
            return "component" if kind == T_COMPONENT else "usage"
        if el.type == "BusinessActor":
            return "unit"
        if el.type == "BusinessProcess":
            return "step" if kind == T_STEP else "process"
        if el.type == "Capability":
            return "capability"
        if el.type in ("DataObject", "BusinessObject"):
            return "data"
        return ""

    def ends(self, rel: Parsed) -> tuple[str, str]:
        return self.kind_of.get(rel.source, ""), self.kind_of.get(rel.target, "")

    def element_name(self, el: Parsed) -> str:
        if len(el.name) > NAME_MAX:
            self.report.warn(
                el.identifier,
                _("Navnet er forkortet til %(n)s tegn.") % {"n": NAME_MAX},
            )
        return el.name[:NAME_MAX]

    def choice(self, el: Parsed, key: str, table: dict[str, str]) -> str | None:
        """The stored value for property ``key``; None when absent or unknown (warned)."""
        if key not in el.props:
            return None
        raw = el.props[key]
        value = table.get(raw.strip().casefold())
        if value is None:
            self.report.warn(
                el.identifier,
                _("%(key)s '%(value)s' kendes ikke og er ikke overført.")
                % {"key": key, "value": raw},
            )
        return value

    def outcome(self, kind: str, pk: int, changed: bool) -> None:
        key = (kind, pk)
        if key in self.created:
            return
        self.changed[key] = self.changed.get(key, False) or changed

    def create(self, kind: str, pk: int) -> None:
        self.created.add((kind, pk))
        self.report.count(kind, "created")

    def count(self) -> None:
        for (kind, _pk), changed in self.changed.items():
            self.report.count(kind, "updated" if changed else "unchanged")

    @staticmethod
    def assign(obj: models.Model, values: dict[str, Any]) -> list[str]:
        fields = [name for name, value in values.items() if getattr(obj, name) != value]
        for name in fields:
            setattr(obj, name, values[name])
        return fields

    def save(self, kind: str, obj: models.Model, fields: list[str]) -> None:
        if fields:
            obj.save(update_fields=[*fields, "updated_at"])
        self.outcome(kind, obj.pk, bool(fields))

    def add_links(
        self, kind: str, through: Any, owner: str, target: str, pairs: set[tuple[int, int]]
    ) -> None:
        """Add the many-to-many rows ``pairs`` (owner id, target id) not stored yet; links
        are only ever added, and an owner that gains one counts as updated."""
        have: set[tuple[int, int]] = set()
        for chunk in chunks(sorted({owner_pk for owner_pk, _target in pairs})):
            rows = through.objects.filter(**{f"{owner}__in": chunk})
            have |= set(rows.values_list(owner, target))
        new = sorted(pairs - have)
        through.objects.bulk_create(
            [through(**{owner: owner_pk, target: target_pk}) for owner_pk, target_pk in new],
            batch_size=500,
        )
        for owner_pk, _target in new:
            self.outcome(kind, owner_pk, True)

    def of_kind(self, *kinds: str) -> list[Parsed]:
        found = [el for el in self.elements.values() if self.kind_of[el.identifier] in kinds]
        return sorted(found, key=lambda el: (el.line or 0, el.identifier))

    def rels(self, rel_type: str, source: str, target: str) -> list[Parsed]:
        return [
            rel
            for rel in self.relationships.values()
            if rel.type == rel_type and self.ends(rel) == (source, target)
        ]

    # -- what is left
    HANDLED = {
        ("Composition", "unit", "unit"),
        ("Composition", "process", "process"),
        ("Composition", "process", "step"),
        ("Assignment", "unit", "process"),
        ("Assignment", "unit", "step"),
        ("Realization", "process", "capability"),
        ("Serving", "usage", "unit"),
        ("Serving", "usage", "step"),
        ("Triggering", "step", "step"),  # the order is carried by the steps' Rækkefølge
        ("Association", "unit", "usage"),  # checked in _usage_units
    } | {
        (flow, "usage", target)
        for flow in ("Flow", "Serving", "Triggering")
        for target in ("usage", "component")
    }

    def list_unknown(self) -> None:
        for el in sorted(self.elements.values(), key=lambda e: (e.line or 0, e.identifier)):
            if not self.kind_of[el.identifier]:
                self.report.skip(el, reason_for(el.type))
        for rel in sorted(self.relationships.values(), key=lambda r: (r.line or 0, r.identifier)):
            if (rel.type, *self.ends(rel)) not in self.HANDLED:
                self.report.skip(rel, _("Relationen forbinder elementer, Styrbar ikke kobler."))


# Why an element type has no place in Styrbar (shown per skipped element).
TECHNOLOGY = {
    "Node", "Device", "SystemSoftware", "TechnologyCollaboration", "TechnologyInterface",
    "Path", "CommunicationNetwork", "TechnologyFunction", "TechnologyProcess",
    "TechnologyInteraction", "TechnologyEvent", "TechnologyService", "Artifact",
}  # fmt: skip
PHYSICAL = {"Equipment", "Facility", "DistributionNetwork", "Material"}
MOTIVATION = {
    "Stakeholder", "Driver", "Assessment", "Goal", "Outcome", "Principle", "Requirement",
    "Constraint", "Meaning", "Value",
}  # fmt: skip
IMPLEMENTATION = {"WorkPackage", "Deliverable", "ImplementationEvent", "Plateau", "Gap"}


def reason_for(element_type: str) -> str:
    """A Danish reason why elements of this type are not taken over."""
    if element_type in TECHNOLOGY:
        return _(
            "Teknologilaget (servere, netværk, platformssoftware) registreres ikke i Styrbar; "
            "angiv driftsformen på systemet i stedet."
        )
    if element_type in PHYSICAL:
        return _("Fysiske elementer registreres ikke i Styrbar.")
    if element_type in MOTIVATION:
        return _(
            "Motivationselementer (mål, krav, principper) importeres ikke; Styrbars "
            "strategi og principper vedligeholdes i Styrbar."
        )
    if element_type in IMPLEMENTATION:
        return _("Implementeringselementer hører til køreplaner, som oprettes i Styrbar.")
    if element_type.startswith("Application"):
        return _(
            "Kun applikationskomponenter importeres (som systemer); tjenester, funktioner "
            "og grænseflader beskrives på systemet."
        )
    return _("Elementtypen har ingen plads i Styrbars portefølje.")
