"""The landscape as an ArchiMate 3.1 model in The Open Group's Model Exchange File Format.

Export (``write_archimate``)
----------------------------
===========================  ==============================================================
Styrbar                      ArchiMate
===========================  ==============================================================
SystemUsage                  ApplicationComponent ``id-<usage uuid>``
shared component (catalog    ApplicationComponent ``id-<catalog uuid>``, once per component,
system as integration        property "Styrbar-type" = "Fælles komponent"
target)
Integration                  Flow source usage → target usage or shared component,
                             ``id-<integration uuid>``
OrganizationUnit             BusinessActor; Composition parent → child unit
responsible unit of a usage  Association unit → usage named "Ansvarlig enhed" (directed)
using units of a usage       Serving usage → unit
BusinessProcess              BusinessProcess; Composition parent → sub-process;
                             Assignment owner unit → process
ProcessStep                  BusinessProcess ("Styrbar-type" = "Procestrin", "Rækkefølge");
                             Composition process → step, Triggering step → next step,
                             Assignment unit → step, Serving usage → step
KLE subject of a process     Capability "<number> <title>"; Realization process → capability
top-level forvaltning        a Diagram view with the usages whose responsible unit lies in
                             the forvaltning, on a grid, and the Flows between them
===========================  ==============================================================

The rule for units and usages is the same everywhere: *a system serves the units that use
it* (Serving) and *a unit is responsible for a system* (a directed Association, because
ArchiMate 3.1 allows no Assignment from a business actor to an application component).

Field values are written as properties with Danish keys and Danish choice labels; every
key used gets a ``propertyDefinition``. The file is the same bytes for the same data: no
timestamps, everything sorted, identifiers derived from UUIDs or primary keys.

Import (``import_archimate``)
-----------------------------
Reads what the export writes, and the same concepts from other tools: ApplicationComponent
→ SystemUsage (by the "Styrbar UUID" property when it is one of the organization's usages,
else by name), Flow/Serving/Triggering between two application components → Integration
(by UUID, else by source, target and interface), BusinessProcess → BusinessProcess by name
(steps → ProcessStep), BusinessActor → OrganizationUnit by name (created under the parent
a Composition names). The import adds and updates; it never deletes, never moves an
existing unit, never changes the catalog system of an existing usage, and a property that
is absent leaves the field as it is. Many-to-many links (using units, a step's systems)
are only added. Every element or relationship it cannot place is listed in
``report.unknown``. All or nothing in one transaction, with one summary audit event.
"""

from __future__ import annotations

import functools
import re
import uuid as uuidlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from lxml import etree

from core.permissions import require
from interop.report import ImportReport, write_all_or_nothing
from interop.xml import XmlRejected, parse_xml
from organizations.choices import UnitKind
from organizations.models import Organization, OrganizationUnit
from portfolio import choices as c
from portfolio.models import (
    BusinessProcess,
    CatalogSystem,
    Integration,
    KleSubject,
    ProcessStep,
    SystemUsage,
    Vendor,
)

NS = "http://www.opengroup.org/xsd/archimate/3.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_LOCATION = f"{NS} http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd"
SCHEMA_DIR = Path(__file__).parent / "schemas" / "archimate"
LANG = "da"

# Property keys (part of the file format: fixed Danish text, never translated) and the
# stable slugs of their propertyDefinition identifiers.
P_TYPE = "Styrbar-type"
P_UUID = "Styrbar UUID"
P_CATALOG = "Katalogsystem"
P_VENDOR = "Leverandør"
P_LIFECYCLE = "Livscyklus"
P_CRITICALITY = "Kritikalitet"
P_HOSTING = "Driftsform"
P_SENSITIVITY = "Datafølsomhed"
P_TIME = "TIME-disposition"
P_INTERFACE = "Snitflade"
P_TECHNOLOGY = "Teknologi"
P_FREQUENCY = "Frekvens"
P_DIRECTION = "Retning"
P_STATUS = "Status"
P_UNIT_KIND = "Enhedstype"
P_ORDER = "Rækkefølge"
P_KLE = "KLE-nummer"
PROPERTY_IDS = {
    P_TYPE: "propid-styrbar-type",
    P_UUID: "propid-styrbar-uuid",
    P_CATALOG: "propid-katalogsystem",
    P_VENDOR: "propid-leverandoer",
    P_LIFECYCLE: "propid-livscyklus",
    P_CRITICALITY: "propid-kritikalitet",
    P_HOSTING: "propid-driftsform",
    P_SENSITIVITY: "propid-datafoelsomhed",
    P_TIME: "propid-time-disposition",
    P_INTERFACE: "propid-snitflade",
    P_TECHNOLOGY: "propid-teknologi",
    P_FREQUENCY: "propid-frekvens",
    P_DIRECTION: "propid-retning",
    P_STATUS: "propid-status",
    P_UNIT_KIND: "propid-enhedstype",
    P_ORDER: "propid-raekkefoelge",
    P_KLE: "propid-kle-nummer",
}
PROPERTY_TYPES = {P_ORDER: "number"}  # all others are strings

T_USAGE = "System i anvendelse"
T_COMPONENT = "Fælles komponent"
T_STEP = "Procestrin"
RESPONSIBLE = "Ansvarlig enhed"

# (identifier, Danish label, English label) of the organization folders, in file order.
F_STRATEGY = ("Strategi", "Strategy")
F_BUSINESS = ("Forretning", "Business")
F_APPLICATION = ("Anvendelse", "Application")
F_RELATIONS = ("Relationer", "Relations")
F_VIEWS = ("Visninger", "Views")
FOLDERS = (F_STRATEGY, F_BUSINESS, F_APPLICATION, F_RELATIONS, F_VIEWS)
FOLDER_OF_TYPE = {
    "Capability": F_STRATEGY,
    "BusinessActor": F_BUSINESS,
    "BusinessProcess": F_BUSINESS,
    "ApplicationComponent": F_APPLICATION,
}
ELEMENT_ORDER = ("Capability", "BusinessActor", "BusinessProcess", "ApplicationComponent")
RELATIONSHIP_ORDER = (
    "Composition",
    "Assignment",
    "Realization",
    "Serving",
    "Association",
    "Triggering",
    "Flow",
)

# Every element and relationship type of ArchiMate 3.1 (xsi:type values of the schema).
ELEMENT_TYPES = frozenset(
    {
        "BusinessActor", "BusinessRole", "BusinessCollaboration", "BusinessInterface",
        "BusinessProcess", "BusinessFunction", "BusinessInteraction", "BusinessEvent",
        "BusinessService", "BusinessObject", "Contract", "Representation", "Product",
        "ApplicationComponent", "ApplicationCollaboration", "ApplicationInterface",
        "ApplicationFunction", "ApplicationInteraction", "ApplicationProcess",
        "ApplicationEvent", "ApplicationService", "DataObject", "Node", "Device",
        "SystemSoftware", "TechnologyCollaboration", "TechnologyInterface", "Path",
        "CommunicationNetwork", "TechnologyFunction", "TechnologyProcess",
        "TechnologyInteraction", "TechnologyEvent", "TechnologyService", "Artifact",
        "Equipment", "Facility", "DistributionNetwork", "Material", "Stakeholder", "Driver",
        "Assessment", "Goal", "Outcome", "Principle", "Requirement", "Constraint", "Meaning",
        "Value", "Resource", "Capability", "CourseOfAction", "ValueStream", "WorkPackage",
        "Deliverable", "ImplementationEvent", "Plateau", "Gap", "Grouping", "Location",
        "AndJunction", "OrJunction",
    }
)  # fmt: skip
RELATIONSHIP_TYPES = frozenset(
    {
        "Composition", "Aggregation", "Assignment", "Realization", "Serving", "Access",
        "Influence", "Triggering", "Flow", "Specialization", "Association",
    }
)  # fmt: skip

# Grid of the generated views.
GRID_COLUMNS = 5
NODE_W, NODE_H = 180, 60
GAP_X, GAP_Y = 40, 40
MARGIN = 24

NAME_MAX = 200
MAX_DEPTH = 50  # levels of units in a file (a real tree has a handful)
KLE_NUMBER = re.compile(r"^\s*(\d{2}(?:\.\d{2}){0,2})\b")


# Schema ----------------------------------------------------------------------------------


@functools.cache
def load_schema() -> etree.XMLSchema | None:
    """The vendored 3.1 exchange-format schema (Diagram ⊃ View ⊃ Model), or None if absent.

    Parsed from local files only: no network, no entity resolution, no DTD.
    """
    path = SCHEMA_DIR / "archimate3_Diagram.xsd"
    if not path.exists():
        return None
    parser = etree.XMLParser(
        no_network=True, resolve_entities=False, load_dtd=False, dtd_validation=False
    )
    return etree.XMLSchema(etree.parse(str(path), parser=parser))


def schema_errors(data: bytes) -> list[str] | None:
    """Schema validation messages for an exchange file ([] = valid; None = no schema)."""
    schema = load_schema()
    if schema is None:
        return None
    root = parse_xml(data)
    if schema.validate(root.getroottree()):
        return []
    return [f"{e.line}: {e.message}" for e in schema.error_log]


# Export ----------------------------------------------------------------------------------


@dataclass
class _Concept:
    identifier: str
    type: str
    name: str = ""
    documentation: str = ""
    props: list[tuple[str, str]] = field(default_factory=list)
    source: str = ""
    target: str = ""
    attrs: dict[str, str] = field(default_factory=dict)

    def sort_key(self, order: tuple[str, ...]) -> tuple[int, str, str, str]:
        rank = order.index(self.type) if self.type in order else len(order)
        return (rank, self.name.casefold(), self.name, self.identifier)


def _labels(choices: type[models.TextChoices]) -> dict[str, str]:
    with translation.override(LANG):
        return {str(value): str(label) for value, label in choices.choices}


def _props(*pairs: tuple[str, Any]) -> list[tuple[str, str]]:
    """Property pairs without the empty ones."""
    return [(key, str(value)) for key, value in pairs if value not in (None, "")]


def _text(parent: etree._Element, tag: str, text: str, lang: str | None = LANG) -> None:
    node = etree.SubElement(parent, f"{{{NS}}}{tag}")
    if lang:
        node.set(XML_LANG, lang)
    node.text = text


USAGE_FIELDS = (
    "pk", "uuid", "local_name", "catalog_system__name", "catalog_system__vendor__name",
    "lifecycle", "criticality", "hosting", "data_sensitivity", "time_disposition",
    "responsible_unit_id",
)  # fmt: skip
INTEGRATION_FIELDS = (
    "uuid", "source_id", "target_id", "target_component__uuid", "target_component__name",
    "target_component__vendor__name", "interface_name", "technology", "frequency",
    "direction", "status", "description",
)  # fmt: skip
PROCESS_FIELDS = (
    "pk", "name", "parent_id", "owner_unit_id", "kle_subject__number", "kle_subject__title",
    "description",
)  # fmt: skip


class _Exporter:
    """Reads the organization's landscape in a fixed number of queries and builds concepts."""

    def __init__(self, organization: Organization) -> None:
        self.org = organization
        self.elements: list[_Concept] = []
        self.relationships: list[_Concept] = []
        self.views: list[tuple[str, str, list[_Concept], list[_Concept]]] = []

    def read(self) -> None:
        """Seven queries, none per row."""
        org = self.org
        units = OrganizationUnit.objects.filter(organization=org)
        self.units: dict[int, tuple[str, str, int | None]] = {
            pk: (name, kind, parent)
            for pk, name, kind, parent in units.values_list("pk", "name", "kind", "parent_id")
        }
        usages = SystemUsage.objects.filter(organization=org).order_by("pk")
        self.usages: list[tuple[Any, ...]] = list(usages.values_list(*USAGE_FIELDS))
        using = SystemUsage.using_units.through.objects.filter(systemusage__organization=org)
        self.using = list(using.values_list("systemusage_id", "organizationunit_id"))
        integrations = Integration.objects.filter(organization=org).order_by("pk")
        self.integrations: list[tuple[Any, ...]] = list(
            integrations.values_list(*INTEGRATION_FIELDS)
        )
        processes = BusinessProcess.objects.filter(organization=org).order_by("pk")
        self.processes: list[tuple[Any, ...]] = list(processes.values_list(*PROCESS_FIELDS))
        steps = ProcessStep.objects.filter(process__organization=org)
        self.steps = list(
            steps.order_by("process_id", "order", "pk").values_list(
                "pk", "process_id", "order", "name", "unit_id"
            )
        )
        step_usages = ProcessStep.usages.through.objects.filter(
            processstep__process__organization=org
        )
        self.step_usages = list(step_usages.values_list("processstep_id", "systemusage_id"))

    def element(self, identifier: str, type_: str, name: str, *props: tuple[str, Any]) -> None:
        self.elements.append(_Concept(identifier, type_, name, props=_props(*props)))

    def relation(self, identifier: str, type_: str, source: str, target: str) -> _Concept:
        concept = _Concept(identifier, type_, source=source, target=target)
        self.relationships.append(concept)
        return concept

    def build(self) -> None:
        unit_kind = _labels(UnitKind)
        unit_id = {pk: f"id-unit-{pk}" for pk in self.units}
        for pk, (name, kind, parent) in self.units.items():
            self.element(unit_id[pk], "BusinessActor", name, (P_UNIT_KIND, unit_kind.get(kind)))
            if parent in unit_id:
                self.relation(
                    f"id-rel-unit-{parent}-{pk}", "Composition", unit_id[parent], unit_id[pk]
                )
        usage_id, usage_name, usage_unit = self._build_usages(unit_id)
        flows = self._build_integrations(usage_id)
        self._build_processes(unit_id, usage_id)
        self._build_views(usage_id, usage_name, usage_unit, flows)

    def _build_usages(
        self, unit_id: dict[int, str]
    ) -> tuple[dict[int, str], dict[int, str], dict[int, int | None]]:
        lifecycle, level = _labels(c.Lifecycle), _labels(c.Level)
        hosting, sensitivity = _labels(c.Hosting), _labels(c.DataSensitivity)
        time_disposition = _labels(c.TimeDisposition)
        usage_id: dict[int, str] = {}
        usage_name: dict[int, str] = {}
        usage_unit: dict[int, int | None] = {}
        for pk, key, local, catalog, vendor, life, crit, host, sens, time_, resp in self.usages:
            usage_id[pk] = f"id-{key}"
            usage_name[pk] = local or catalog
            usage_unit[pk] = resp
            self.element(
                usage_id[pk],
                "ApplicationComponent",
                usage_name[pk],
                (P_TYPE, T_USAGE),
                (P_CATALOG, catalog),
                (P_VENDOR, vendor),
                (P_LIFECYCLE, lifecycle.get(life, life)),
                (P_CRITICALITY, level.get(crit, crit)),
                (P_HOSTING, hosting.get(host, host)),
                (P_SENSITIVITY, sensitivity.get(sens, sens)),
                (P_TIME, time_disposition.get(time_, time_) if time_ else ""),
                (P_UUID, key),
            )
            if resp in unit_id:
                rel = self.relation(
                    f"id-rel-resp-{key}", "Association", unit_id[resp], usage_id[pk]
                )
                rel.name, rel.attrs = RESPONSIBLE, {"isDirected": "true"}
        for usage, unit in self.using:
            if usage in usage_id and unit in unit_id:
                identifier = f"id-rel-serves-{usage_id[usage][3:]}-{unit}"
                self.relation(identifier, "Serving", usage_id[usage], unit_id[unit])
        return usage_id, usage_name, usage_unit

    def _build_integrations(self, usage_id: dict[int, str]) -> list[tuple[int, int, _Concept]]:
        """Flows (and the shared components they reach); the usage → usage ones are returned."""
        technology, frequency = _labels(c.Technology), _labels(c.Frequency)
        direction, status = _labels(c.Direction), _labels(c.IntegrationStatus)
        components: set[str] = set()
        flows: list[tuple[int, int, _Concept]] = []
        for row in self.integrations:
            key, source, target, comp_key, comp_name, comp_vendor = row[:6]
            interface, tech, freq, way, state, description = row[6:]
            if source not in usage_id:
                continue
            if target is not None and target in usage_id:
                target_ref = usage_id[target]
            elif comp_key is not None:
                target_ref = f"id-{comp_key}"
                if target_ref not in components:
                    components.add(target_ref)
                    self.element(
                        target_ref,
                        "ApplicationComponent",
                        comp_name,
                        (P_TYPE, T_COMPONENT),
                        (P_CATALOG, comp_name),
                        (P_VENDOR, comp_vendor),
                        (P_UUID, comp_key),
                    )
            else:
                continue
            flow = self.relation(f"id-{key}", "Flow", usage_id[source], target_ref)
            flow.name, flow.documentation = interface, description
            flow.props = _props(
                (P_INTERFACE, interface),
                (P_TECHNOLOGY, technology.get(tech, tech)),
                (P_FREQUENCY, frequency.get(freq, freq)),
                (P_DIRECTION, direction.get(way, way)),
                (P_STATUS, status.get(state, state)),
                (P_UUID, key),
            )
            if target is not None and target in usage_id:
                flows.append((source, target, flow))
        return flows

    def _build_processes(self, unit_id: dict[int, str], usage_id: dict[int, str]) -> None:
        process_id = {row[0]: f"id-process-{row[0]}" for row in self.processes}
        capabilities: set[str] = set()
        for pk, name, parent, owner, kle_number, kle_title, description in self.processes:
            self.element(process_id[pk], "BusinessProcess", name)
            self.elements[-1].documentation = description
            if parent in process_id:
                identifier = f"id-rel-proc-{parent}-{pk}"
                self.relation(identifier, "Composition", process_id[parent], process_id[pk])
            if owner in unit_id:
                identifier = f"id-rel-procowner-{pk}"
                self.relation(identifier, "Assignment", unit_id[owner], process_id[pk])
            if kle_number:
                cap_id = f"id-kle-{kle_number}"
                if cap_id not in capabilities:
                    capabilities.add(cap_id)
                    title = f"{kle_number} {kle_title}"
                    self.element(cap_id, "Capability", title, (P_KLE, kle_number))
                self.relation(f"id-rel-kle-{pk}", "Realization", process_id[pk], cap_id)
        step_id: dict[int, str] = {}
        previous: dict[int, int] = {}
        for pk, process, order, name, unit in self.steps:
            if process not in process_id:
                continue
            step_id[pk] = f"id-step-{pk}"
            self.element(step_id[pk], "BusinessProcess", name, (P_TYPE, T_STEP), (P_ORDER, order))
            self.relation(f"id-rel-step-{pk}", "Composition", process_id[process], step_id[pk])
            if process in previous:
                before = previous[process]
                identifier = f"id-rel-next-{before}-{pk}"
                self.relation(identifier, "Triggering", step_id[before], step_id[pk])
            previous[process] = pk
            if unit in unit_id:
                self.relation(f"id-rel-stepunit-{pk}", "Assignment", unit_id[unit], step_id[pk])
        for step, usage in self.step_usages:
            if step in step_id and usage in usage_id:
                identifier = f"id-rel-stepsys-{step}-{usage_id[usage][3:]}"
                self.relation(identifier, "Serving", usage_id[usage], step_id[step])

    def _build_views(
        self,
        usage_id: dict[int, str],
        usage_name: dict[int, str],
        usage_unit: dict[int, int | None],
        flows: list[tuple[int, int, _Concept]],
    ) -> None:
        """One view per top-level forvaltning: its usages on a grid and the flows among them."""

        def top(unit: int) -> int:
            seen = {unit}
            parent = self.units[unit][2]
            while parent is not None and parent in self.units and parent not in seen:
                seen.add(parent)
                unit, parent = parent, self.units[parent][2]
            return unit

        forvaltninger = sorted(
            (name, pk)
            for pk, (name, kind, parent) in self.units.items()
            if kind == UnitKind.FORVALTNING and parent is None
        )
        tops = {unit: top(unit) for unit in self.units}
        members: dict[int, list[int]] = defaultdict(list)
        for usage, unit in usage_unit.items():
            if unit is not None and unit in tops:
                members[tops[unit]].append(usage)
        for name, unit in forvaltninger:
            view_id = f"id-view-{unit}"
            usages = sorted(members[unit], key=lambda u: (usage_name[u].casefold(), usage_id[u]))
            nodes: list[_Concept] = []
            node_of: dict[int, str] = {}
            for index, usage in enumerate(usages):
                row, col = divmod(index, GRID_COLUMNS)
                node_of[usage] = f"{view_id}-{usage_id[usage][3:]}"
                position = {
                    "elementRef": usage_id[usage],
                    "x": str(MARGIN + col * (NODE_W + GAP_X)),
                    "y": str(MARGIN + row * (NODE_H + GAP_Y)),
                    "w": str(NODE_W),
                    "h": str(NODE_H),
                }
                nodes.append(_Concept(node_of[usage], "Element", attrs=position))
            connections = sorted(
                (
                    _Concept(
                        f"{view_id}-{flow.identifier[3:]}",
                        "Relationship",
                        attrs={
                            "relationshipRef": flow.identifier,
                            "source": node_of[source],
                            "target": node_of[target],
                        },
                    )
                    for source, target, flow in flows
                    if source in node_of and target in node_of
                ),
                key=lambda conn: conn.identifier,
            )
            self.views.append((view_id, f"Systemer – {name}", nodes, connections))

    # -- writing
    def _concept(self, parent: etree._Element, tag: str, concept: _Concept) -> None:
        node = etree.SubElement(parent, f"{{{NS}}}{tag}")
        node.set("identifier", concept.identifier)
        if concept.source:
            node.set("source", concept.source)
            node.set("target", concept.target)
        node.set(f"{{{XSI}}}type", concept.type)
        for key, value in concept.attrs.items():
            node.set(key, value)
        if concept.name:
            _text(node, "name", concept.name)
        if concept.documentation:
            _text(node, "documentation", concept.documentation)
        if concept.props:
            props = etree.SubElement(node, f"{{{NS}}}properties")
            for key, value in concept.props:
                prop = etree.SubElement(props, f"{{{NS}}}property")
                prop.set("propertyDefinitionRef", PROPERTY_IDS[key])
                _text(prop, "value", value)

    def write(self, stream: IO[bytes]) -> dict[str, int]:
        self.elements.sort(key=lambda e: e.sort_key(ELEMENT_ORDER))
        self.relationships.sort(key=lambda r: (*r.sort_key(RELATIONSHIP_ORDER)[:1], r.identifier))
        root = etree.Element(f"{{{NS}}}model", nsmap={None: NS, "xsi": XSI})
        root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
        root.set("identifier", f"id-org-{self.org.pk}")
        _text(root, "name", str(self.org))
        _text(
            root,
            "documentation",
            f"Systemlandskabet for {self.org} eksporteret fra Styrbar.",
        )
        if self.elements:
            elements = etree.SubElement(root, f"{{{NS}}}elements")
            for concept in self.elements:
                self._concept(elements, "element", concept)
        if self.relationships:
            relationships = etree.SubElement(root, f"{{{NS}}}relationships")
            for concept in self.relationships:
                self._concept(relationships, "relationship", concept)
        self._write_organizations(root)
        used = {key for concept in self.elements + self.relationships for key, _v in concept.props}
        if used:
            definitions = etree.SubElement(root, f"{{{NS}}}propertyDefinitions")
            for key in PROPERTY_IDS:
                if key in used:
                    definition = etree.SubElement(definitions, f"{{{NS}}}propertyDefinition")
                    definition.set("identifier", PROPERTY_IDS[key])
                    definition.set("type", PROPERTY_TYPES.get(key, "string"))
                    _text(definition, "name", key)
        if self.views:
            diagrams = etree.SubElement(
                etree.SubElement(root, f"{{{NS}}}views"), f"{{{NS}}}diagrams"
            )
            for view_id, name, nodes, connections in self.views:
                view = etree.SubElement(diagrams, f"{{{NS}}}view")
                view.set("identifier", view_id)
                view.set(f"{{{XSI}}}type", "Diagram")
                _text(view, "name", name)
                for concept in nodes:
                    self._concept(view, "node", concept)
                for concept in connections:
                    self._concept(view, "connection", concept)
        etree.ElementTree(root).write(
            stream, xml_declaration=True, encoding="UTF-8", pretty_print=True
        )
        return {
            "elements": len(self.elements),
            "relationships": len(self.relationships),
            "views": len(self.views),
        }

    def _write_organizations(self, root: etree._Element) -> None:
        folders: dict[tuple[str, str], list[str]] = {folder: [] for folder in FOLDERS}
        for concept in self.elements:
            folders[FOLDER_OF_TYPE[concept.type]].append(concept.identifier)
        folders[F_RELATIONS] = [r.identifier for r in self.relationships]
        folders[F_VIEWS] = [view[0] for view in self.views]
        if not any(folders.values()):
            return
        organizations = etree.SubElement(root, f"{{{NS}}}organizations")
        for (danish, english), refs in folders.items():
            if not refs:
                continue
            folder = etree.SubElement(organizations, f"{{{NS}}}item")
            _text(folder, "label", danish)
            _text(folder, "label", english, "en")
            for ref in refs:
                etree.SubElement(folder, f"{{{NS}}}item").set("identifierRef", ref)


def write_archimate(organization: Organization, stream: IO[bytes]) -> dict[str, int]:
    """Write the organization's landscape as an ArchiMate 3.1 exchange file (UTF-8 XML).

    Seven queries whatever the size of the landscape; returns the counts of elements,
    relationships and views written.
    """
    exporter = _Exporter(organization)
    exporter.read()
    exporter.build()
    return exporter.write(stream)


# Import ----------------------------------------------------------------------------------

KINDS = ("units", "vendors", "catalog-systems", "usages", "integrations", "processes", "steps")


@dataclass
class ArchimateReport(ImportReport):
    """The shared import report for the ArchiMate kinds, plus the concepts not taken over."""

    kinds: tuple[str, ...] = KINDS
    unknown: list[dict[str, str]] = field(default_factory=list)

    def skip(self, concept: _Parsed) -> None:
        self.unknown.append(
            {"type": concept.type, "name": concept.name, "identifier": concept.identifier}
        )

    def as_json(self) -> dict[str, Any]:
        return {**super().as_json(), "unknown": self.unknown}

    def detail_lines(self) -> list[str]:
        return [_("Ikke overført (%(type)s): %(name)s [%(identifier)s]") % u for u in self.unknown]


@dataclass
class _Parsed:
    identifier: str
    type: str
    name: str
    documentation: str
    props: dict[str, str]
    line: int | None
    source: str = ""
    target: str = ""


def _local(value: str | None) -> str:
    """An xsi:type value without a namespace prefix."""
    return (value or "").rsplit(":", 1)[-1].strip()


def _pick(nodes: list[etree._Element]) -> str:
    """The Danish text among language variants, else the unmarked one, else the first."""
    if not nodes:
        return ""
    for wanted in (LANG, None):
        for node in nodes:
            lang = node.get(XML_LANG)
            if (lang or None) == wanted or (lang and wanted and lang.startswith(wanted)):
                return (node.text or "").strip()
    return (nodes[0].text or "").strip()


def q(tag: str) -> str:
    """A tag name in the exchange-format namespace."""
    return f"{{{NS}}}{tag}"


def _read_model(
    root: etree._Element, report: ArchimateReport
) -> tuple[dict[str, _Parsed], dict[str, _Parsed]]:
    """Elements and relationships by identifier; problems go to the report as errors."""
    names = {
        definition.get("identifier", ""): _pick(definition.findall(q("name")))
        for definition in root.iterfind(f"{q('propertyDefinitions')}/{q('propertyDefinition')}")
    }

    def parse(node: etree._Element, with_ends: bool) -> _Parsed | None:
        identifier = (node.get("identifier") or "").strip()
        line = node.sourceline if isinstance(node.sourceline, int) else None
        row = identifier or _("linje %(line)s") % {"line": line}
        if not identifier:
            report.error(row, _("Mangler attributten 'identifier'."))
            return None
        props: dict[str, str] = {}
        for prop in node.iterfind(f"{q('properties')}/{q('property')}"):
            key = names.get(prop.get("propertyDefinitionRef", ""))
            if key and key not in props:
                props[key] = _pick(prop.findall(q("value")))
        parsed = _Parsed(
            identifier,
            _local(node.get(f"{{{XSI}}}type")),
            _pick(node.findall(q("name"))),
            _pick(node.findall(q("documentation"))),
            props,
            line,
        )
        if with_ends:
            parsed.source = (node.get("source") or "").strip()
            parsed.target = (node.get("target") or "").strip()
        return parsed

    elements: dict[str, _Parsed] = {}
    relationships: dict[str, _Parsed] = {}
    for path, target, with_ends in (
        (f"{q('elements')}/{q('element')}", elements, False),
        (f"{q('relationships')}/{q('relationship')}", relationships, True),
    ):
        for node in root.iterfind(path):
            parsed = parse(node, with_ends)
            if parsed is None:
                continue
            if parsed.identifier in elements or parsed.identifier in relationships:
                report.error(parsed.identifier, _("Identifikatoren findes mere end én gang."))
                continue
            target[parsed.identifier] = parsed
    for rel in relationships.values():
        for end in (rel.source, rel.target):
            if end not in elements and end not in relationships:
                report.error(
                    rel.identifier,
                    _("Relationen henviser til %(ref)s, som ikke findes i filen.")
                    % {"ref": end or "?"},
                )
    return elements, relationships


def _choice_table(choices: type[models.TextChoices]) -> dict[str, str]:
    """Danish and English labels and the stored values → the stored value (casefolded keys)."""
    table: dict[str, str] = {}
    for value, label in choices.choices:
        table[str(value).casefold()] = str(value)
        for lang in ("en", LANG):
            with translation.override(lang):
                table[str(label).casefold()] = str(value)
    return table


def _chunks(items: list[Any], size: int = 500) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _as_uuid(value: str | None) -> uuidlib.UUID | None:
    try:
        return uuidlib.UUID(str(value).strip()) if value else None
    except ValueError:
        return None


class _Importer:
    def __init__(
        self,
        organization: Organization,
        report: ArchimateReport,
        elements: dict[str, _Parsed],
        relationships: dict[str, _Parsed],
    ) -> None:
        self.org = organization
        self.report = report
        self.elements = elements
        self.relationships = relationships
        self.tables = {
            P_LIFECYCLE: ("lifecycle", _choice_table(c.Lifecycle)),
            P_CRITICALITY: ("criticality", _choice_table(c.Level)),
            P_HOSTING: ("hosting", _choice_table(c.Hosting)),
            P_SENSITIVITY: ("data_sensitivity", _choice_table(c.DataSensitivity)),
            P_TIME: ("time_disposition", _choice_table(c.TimeDisposition)),
        }
        self.flow_tables = {
            P_TECHNOLOGY: ("technology", _choice_table(c.Technology)),
            P_FREQUENCY: ("frequency", _choice_table(c.Frequency)),
            P_DIRECTION: ("direction", _choice_table(c.Direction)),
            P_STATUS: ("status", _choice_table(c.IntegrationStatus)),
        }
        self.unit_kinds = _choice_table(UnitKind)
        # element identifier → object
        self.units: dict[str, OrganizationUnit] = {}
        self.usages: dict[str, SystemUsage] = {}
        self.components: dict[str, CatalogSystem] = {}
        self.processes: dict[str, BusinessProcess] = {}
        self.steps: dict[str, ProcessStep] = {}
        self.changed: dict[tuple[str, int], bool] = {}  # (kind, pk) → updated?
        self.created: set[tuple[str, int]] = set()
        self.kind_of: dict[str, str] = {}
        for ident, el in elements.items():
            self.kind_of[ident] = self._classify(el)

    # -- classification
    def _classify(self, el: _Parsed) -> str:
        kind = el.props.get(P_TYPE, "")
        if el.type == "ApplicationComponent":
            return "component" if kind == T_COMPONENT else "usage"
        if el.type == "BusinessActor":
            return "unit"
        if el.type == "BusinessProcess":
            return "step" if kind == T_STEP else "process"
        if el.type == "Capability":
            return "capability"
        return ""

    def _ends(self, rel: _Parsed) -> tuple[str, str]:
        return self.kind_of.get(rel.source, ""), self.kind_of.get(rel.target, "")

    def _name(self, el: _Parsed) -> str:
        if len(el.name) > NAME_MAX:
            self.report.warn(
                el.identifier,
                _("Navnet er forkortet til %(n)s tegn.") % {"n": NAME_MAX},
            )
        return el.name[:NAME_MAX]

    def _choice(self, el: _Parsed, key: str, table: dict[str, str]) -> str | None:
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

    def _outcome(self, kind: str, pk: int, changed: bool) -> None:
        key = (kind, pk)
        if key in self.created:
            return
        self.changed[key] = self.changed.get(key, False) or changed

    def _create(self, kind: str, pk: int) -> None:
        self.created.add((kind, pk))
        self.report.count(kind, "created")

    def count(self) -> None:
        for (kind, _pk), changed in self.changed.items():
            self.report.count(kind, "updated" if changed else "unchanged")

    @staticmethod
    def _assign(obj: models.Model, values: dict[str, Any]) -> list[str]:
        fields = [name for name, value in values.items() if getattr(obj, name) != value]
        for name in fields:
            setattr(obj, name, values[name])
        return fields

    def _save(self, kind: str, obj: models.Model, fields: list[str]) -> None:
        if fields:
            obj.save(update_fields=[*fields, "updated_at"])
        self._outcome(kind, obj.pk, bool(fields))

    def _all(self, *kinds: str) -> list[_Parsed]:
        found = [el for el in self.elements.values() if self.kind_of[el.identifier] in kinds]
        return sorted(found, key=lambda el: (el.line or 0, el.identifier))

    def _rels(self, rel_type: str, source: str, target: str) -> list[_Parsed]:
        return [
            rel
            for rel in self.relationships.values()
            if rel.type == rel_type and self._ends(rel) == (source, target)
        ]

    # -- units
    def import_units(self) -> None:
        parent_of: dict[str, str] = {}
        for rel in self._rels("Composition", "unit", "unit"):
            parent_of.setdefault(rel.target, rel.source)
        existing = list(OrganizationUnit.objects.filter(organization=self.org).order_by("pk"))
        by_pk = {u.pk: u for u in existing}
        by_name: dict[str, list[OrganizationUnit]] = defaultdict(list)
        for unit in existing:
            by_name[unit.name.casefold()].append(unit)
        taken: set[int] = set()

        # Check every chain of parents first (a ring, or too deep to be a real unit tree).
        depth: dict[str, int] = {}  # levels from the top, 1 for a unit without parent
        for el in self._all("unit"):
            chain = [el.identifier]
            cursor = parent_of.get(el.identifier)
            while cursor is not None and cursor not in depth:
                if cursor in chain:
                    self.report.error(cursor, _("Enhederne indgår i hinanden i ring."))
                    return
                chain.append(cursor)
                cursor = parent_of.get(cursor)
            base = depth[cursor] if cursor is not None else 0
            if base + len(chain) > MAX_DEPTH:
                self.report.error(
                    el.identifier, _("Enhederne ligger for mange niveauer under hinanden.")
                )
                return
            for level, ident in enumerate(reversed(chain), start=base + 1):
                depth[ident] = level

        def visit(ident: str) -> OrganizationUnit | None:
            """The unit of an element, made after its parent (depth ≤ MAX_DEPTH, no rings)."""
            if ident in self.units:
                return self.units[ident]
            el = self.elements[ident]
            parent_ident = parent_of.get(ident)
            parent = visit(parent_ident) if parent_ident else None
            name = self._name(el)
            if not name:
                self.report.error(ident, _("Elementet mangler et navn."))
                return None
            candidates = [u for u in by_name.get(name.casefold(), []) if u.pk not in taken]
            same_parent = [
                u
                for u in candidates
                if parent is not None
                and u.parent_id is not None
                and by_pk.get(u.parent_id, u).name == parent.name
            ]
            unit = next(iter(same_parent or candidates), None)
            kind = self._choice(el, P_UNIT_KIND, self.unit_kinds)
            if unit is None:
                unit = OrganizationUnit.objects.create(
                    organization=self.org,
                    name=name,
                    kind=kind or UnitKind.AFDELING,
                    parent=parent,
                )
                by_pk[unit.pk] = unit
                self._create("units", unit.pk)
            else:
                self._save("units", unit, self._assign(unit, {"kind": kind} if kind else {}))
            taken.add(unit.pk)
            self.units[ident] = unit
            return unit

        for el in self._all("unit"):
            visit(el.identifier)

    # -- catalog, vendors, usages
    def _catalog_lookup(self, names: set[str], keys: set[uuidlib.UUID]) -> None:
        visible = Q(scope=c.Scope.GLOBAL) | Q(owner_organization=self.org)
        systems: list[CatalogSystem] = []
        for chunk in _chunks(sorted(names)):
            systems += CatalogSystem.objects.filter(visible, name__in=chunk)
        for chunk in _chunks(sorted(keys)):
            systems += CatalogSystem.objects.filter(visible, uuid__in=chunk)
        # Own local entries first, then active ones, then the oldest.
        systems.sort(key=lambda s: (s.owner_organization_id != self.org.pk, s.deactivated, s.pk))
        self.catalog_by_name: dict[str, CatalogSystem] = {}
        self.catalog_by_uuid = {s.uuid: s for s in systems}
        for system in systems:
            self.catalog_by_name.setdefault(system.name.casefold(), system)
        vendor_names = sorted({v for el in self.elements.values() if (v := el.props.get(P_VENDOR))})
        self.vendors: dict[str, Vendor] = {}
        for chunk in _chunks(vendor_names):
            for vendor in Vendor.objects.filter(name__in=chunk).order_by("-pk"):
                self.vendors[vendor.name.casefold()] = vendor

    def _vendor(self, name: str) -> Vendor | None:
        name = name.strip()[:NAME_MAX]
        if not name:
            return None
        vendor = self.vendors.get(name.casefold())
        if vendor is None:
            vendor = Vendor.objects.create(name=name, created_by=self.org)
            self.vendors[name.casefold()] = vendor
            self.report.count("vendors", "created")
        return vendor

    def _catalog(self, name: str, vendor: str, business_type: str) -> CatalogSystem:
        system = self.catalog_by_name.get(name.casefold())
        if system is None:
            system = CatalogSystem.objects.create(
                name=name,
                vendor=self._vendor(vendor),
                business_type=business_type,
                scope=c.Scope.LOCAL,
                owner_organization=self.org,
            )
            self.catalog_by_name[name.casefold()] = system
            self.report.count("catalog-systems", "created")
        return system

    def import_components(self) -> None:
        for el in self._all("component"):
            key = _as_uuid(el.props.get(P_UUID))
            system = self.catalog_by_uuid.get(key) if key else None
            name = self._name(el) or el.props.get(P_CATALOG, "")[:NAME_MAX]
            if system is None and not name:
                self.report.error(el.identifier, _("Elementet mangler et navn."))
                continue
            if system is None and name.casefold() in self.catalog_by_name:
                system = self.catalog_by_name[name.casefold()]
            if system is None:
                system = self._catalog(
                    name, el.props.get(P_VENDOR, ""), c.BusinessType.FAELLESKOMMUNAL
                )
            else:
                self.report.count("catalog-systems", "unchanged")
            self.components[el.identifier] = system

    def import_usages(self) -> None:
        elements = self._all("usage")
        self._catalog_lookup(
            {(el.props.get(P_CATALOG) or el.name)[:NAME_MAX] for el in elements}
            | {el.name[:NAME_MAX] for el in self._all("component")},
            {k for el in self._all("component") if (k := _as_uuid(el.props.get(P_UUID)))},
        )
        self.import_components()
        existing = list(
            SystemUsage.objects.filter(organization=self.org)
            .select_related("catalog_system")
            .order_by("pk")
        )
        by_uuid = {u.uuid: u for u in existing}
        by_name: dict[str, list[SystemUsage]] = defaultdict(list)
        for row in existing:
            by_name[row.name.casefold()].append(row)
        wanted = {k for el in elements if (k := _as_uuid(el.props.get(P_UUID)))}
        in_use: set[uuidlib.UUID] = set()
        for chunk in _chunks(sorted(wanted)):
            in_use |= set(SystemUsage.objects.filter(uuid__in=chunk).values_list("uuid", flat=True))
        taken: set[int] = set()
        for el in elements:
            name = self._name(el)
            if not name:
                self.report.error(el.identifier, _("Elementet mangler et navn."))
                continue
            key = _as_uuid(el.props.get(P_UUID))
            usage: SystemUsage | None = by_uuid.get(key) if key else None
            if usage is not None and usage.pk in taken:
                usage = None
            if usage is None:
                usage = next(
                    (u for u in by_name.get(name.casefold(), []) if u.pk not in taken), None
                )
            values: dict[str, Any] = {}
            for prop, (attr, table) in self.tables.items():
                value = self._choice(el, prop, table)
                if value is not None:
                    values[attr] = value
            if usage is None:
                catalog_name = (el.props.get(P_CATALOG) or name)[:NAME_MAX]
                catalog = self._catalog(
                    catalog_name, el.props.get(P_VENDOR, ""), c.BusinessType.ANDET
                )
                reuse = key is not None and key not in in_use
                usage = SystemUsage.objects.create(
                    organization=self.org,
                    catalog_system=catalog,
                    local_name="" if name == catalog.name else name,
                    **({"uuid": key} if reuse else {}),
                    **values,
                )
                if key is not None:
                    in_use.add(key)
                self._create("usages", usage.pk)
            else:
                if name != usage.name:
                    values["local_name"] = name
                self._save("usages", usage, self._assign(usage, values))
            taken.add(usage.pk)
            self.usages[el.identifier] = usage
        self._usage_units()

    def _usage_units(self) -> None:
        through = SystemUsage.using_units.through
        pairs = {
            (self.usages[rel.source].pk, self.units[rel.target].pk): rel
            for rel in self._rels("Serving", "usage", "unit")
            if rel.source in self.usages and rel.target in self.units
        }
        have: set[tuple[int, int]] = set()
        for chunk in _chunks(sorted({usage for usage, _unit in pairs})):
            have |= set(
                through.objects.filter(systemusage_id__in=chunk).values_list(
                    "systemusage_id", "organizationunit_id"
                )
            )
        new = sorted(set(pairs) - have)
        through.objects.bulk_create(
            [through(systemusage_id=u, organizationunit_id=o) for u, o in new], batch_size=500
        )
        for usage_pk, _unit in new:
            self._outcome("usages", usage_pk, True)
        for rel in self._rels("Association", "unit", "usage"):
            usage = self.usages.get(rel.target)
            unit = self.units.get(rel.source)
            if rel.name.casefold() != RESPONSIBLE.casefold() or usage is None or unit is None:
                self.report.skip(rel)
                continue
            self._save("usages", usage, self._assign(usage, {"responsible_unit_id": unit.pk}))

    # -- integrations
    def import_integrations(self) -> None:
        rels = [
            rel
            for rel in self.relationships.values()
            if rel.type in {"Flow", "Serving", "Triggering"}
            and self._ends(rel)[0] == "usage"
            and self._ends(rel)[1] in {"usage", "component"}
        ]
        rels.sort(key=lambda rel: (rel.line or 0, rel.identifier))
        existing = list(Integration.objects.filter(organization=self.org).order_by("pk"))
        by_uuid = {i.uuid: i for i in existing}
        by_ends: dict[tuple[Any, ...], list[Integration]] = defaultdict(list)
        for row in existing:
            ends = (row.source_id, row.target_id, row.target_component_id)
            by_ends[(*ends, row.interface_name.casefold())].append(row)
        taken: set[int] = set()
        create: list[Integration] = []
        for rel in rels:
            source = self.usages.get(rel.source)
            target = self.usages.get(rel.target)
            component = self.components.get(rel.target)
            if source is None or (target is None and component is None):
                continue  # the element itself was refused and reported
            interface = (rel.props.get(P_INTERFACE) or rel.name)[:NAME_MAX]
            values: dict[str, Any] = {
                "source_id": source.pk,
                "target_id": target.pk if target else None,
                "target_component_id": component.pk if component else None,
                "interface_name": interface,
            }
            if rel.documentation:
                values["description"] = rel.documentation
            for prop, (attr, table) in self.flow_tables.items():
                value = self._choice(rel, prop, table)
                if value is not None:
                    values[attr] = value
            key = _as_uuid(rel.props.get(P_UUID))
            integration: Integration | None = by_uuid.get(key) if key else None
            if integration is None or integration.pk in taken:
                ends = (values["source_id"], values["target_id"], values["target_component_id"])
                integration = next(
                    (
                        i
                        for i in by_ends.get((*ends, interface.casefold()), [])
                        if i.pk not in taken
                    ),
                    None,
                )
            if integration is None:
                if "technology" not in values:
                    values["technology"] = c.Technology.API
                    self.report.warn(
                        rel.identifier,
                        _("Teknologien er ikke angivet; sat til '%(label)s'.")
                        % {"label": c.Technology.API.label},
                    )
                create.append(Integration(organization=self.org, **values))
                self.report.count("integrations", "created")
            else:
                taken.add(integration.pk)
                self._save("integrations", integration, self._assign(integration, values))
        Integration.objects.bulk_create(create, batch_size=500)

    # -- processes and steps
    def import_processes(self) -> None:
        existing = list(BusinessProcess.objects.filter(organization=self.org).order_by("pk"))
        by_name: dict[str, list[BusinessProcess]] = defaultdict(list)
        for row in existing:
            by_name[row.name.casefold()].append(row)
        numbers: dict[str, str] = {}
        for el in self._all("capability"):
            match = KLE_NUMBER.match(el.props.get(P_KLE) or el.name)
            if match:
                numbers[el.identifier] = match.group(1)
        kle = dict(
            KleSubject.objects.filter(number__in=sorted(set(numbers.values()))).values_list(
                "number", "pk"
            )
        )
        parent_of = {
            rel.target: rel.source for rel in self._rels("Composition", "process", "process")
        }
        owner_of = {rel.target: rel.source for rel in self._rels("Assignment", "unit", "process")}
        realizes = {
            rel.source: rel.target for rel in self._rels("Realization", "process", "capability")
        }
        taken: set[int] = set()
        for el in self._all("process"):
            name = self._name(el)
            if not name:
                self.report.error(el.identifier, _("Elementet mangler et navn."))
                continue
            values: dict[str, Any] = {}
            if el.documentation:
                values["description"] = el.documentation
            if el.identifier in owner_of and owner_of[el.identifier] in self.units:
                values["owner_unit_id"] = self.units[owner_of[el.identifier]].pk
            capability = realizes.get(el.identifier)
            if capability is not None:
                number = numbers.get(capability, "")
                if number in kle:
                    values["kle_subject_id"] = kle[number]
                else:
                    self.report.warn(
                        capability,
                        _("KLE-emnet '%(name)s' findes ikke i Styrbar.")
                        % {"name": self.elements[capability].name},
                    )
            process: BusinessProcess | None = next(
                (p for p in by_name.get(name.casefold(), []) if p.pk not in taken), None
            )
            if process is None:
                process = BusinessProcess.objects.create(organization=self.org, name=name, **values)
                self._create("processes", process.pk)
            else:
                self._save("processes", process, self._assign(process, values))
            taken.add(process.pk)
            self.processes[el.identifier] = process
        for child, parent in sorted(parent_of.items()):
            below, above = self.processes.get(child), self.processes.get(parent)
            if below is None or above is None:
                continue
            chain: set[int] = {below.pk}
            cursor: BusinessProcess | None = above
            while cursor is not None and cursor.pk not in chain:
                chain.add(cursor.pk)
                cursor = cursor.parent
            if cursor is not None:
                self.report.warn(child, _("Processerne indgår i hinanden i ring; ikke overført."))
                continue
            self._save("processes", below, self._assign(below, {"parent_id": above.pk}))
            below.parent = above
        self.import_steps()

    def import_steps(self) -> None:
        process_of = {
            rel.target: rel.source for rel in self._rels("Composition", "process", "step")
        }
        unit_of = {rel.target: rel.source for rel in self._rels("Assignment", "unit", "step")}
        pks = sorted({p.pk for p in self.processes.values()})
        existing: dict[tuple[int, int], ProcessStep] = {}
        for chunk in _chunks(pks):
            for row in ProcessStep.objects.filter(process_id__in=chunk):
                existing[(row.process_id, row.order)] = row
        used_orders: dict[int, set[int]] = defaultdict(set)
        for process_pk, number in existing:
            used_orders[process_pk].add(number)
        taken: set[int] = set()
        for el in self._all("step"):
            process = self.processes.get(process_of.get(el.identifier, ""))
            if process is None:
                self.report.skip(el)
                continue
            name = self._name(el)
            if not name:
                self.report.error(el.identifier, _("Elementet mangler et navn."))
                continue
            raw = el.props.get(P_ORDER, "").strip()
            order: int | None = int(raw) if raw.isdigit() and 0 < int(raw) < 32768 else None
            step: ProcessStep | None = (
                existing.get((process.pk, order)) if order is not None else None
            )
            if step is not None and step.pk in taken:
                step, order = None, None
            values: dict[str, Any] = {"name": name}
            if el.identifier in unit_of and unit_of[el.identifier] in self.units:
                values["unit_id"] = self.units[unit_of[el.identifier]].pk
            if step is None:
                if order is None or order in used_orders[process.pk]:
                    order = max(used_orders[process.pk], default=0) + 1
                step = ProcessStep.objects.create(process=process, order=order, **values)
                used_orders[process.pk].add(order)
                self._create("steps", step.pk)
            else:
                fields = self._assign(step, values)
                if fields:
                    step.save(update_fields=fields)
                self._outcome("steps", step.pk, bool(fields))
            taken.add(step.pk)
            self.steps[el.identifier] = step
        through = ProcessStep.usages.through
        pairs = {
            (self.steps[rel.target].pk, self.usages[rel.source].pk)
            for rel in self._rels("Serving", "usage", "step")
            if rel.target in self.steps and rel.source in self.usages
        }
        have: set[tuple[int, int]] = set()
        for chunk in _chunks(sorted({step for step, _usage in pairs})):
            have |= set(
                through.objects.filter(processstep_id__in=chunk).values_list(
                    "processstep_id", "systemusage_id"
                )
            )
        new = sorted(pairs - have)
        through.objects.bulk_create(
            [through(processstep_id=s, systemusage_id=u) for s, u in new], batch_size=500
        )
        for step_pk, _usage in new:
            self._outcome("steps", step_pk, True)

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
                self.report.skip(el)
        for rel in sorted(self.relationships.values(), key=lambda r: (r.line or 0, r.identifier)):
            if (rel.type, *self._ends(rel)) not in self.HANDLED:
                self.report.skip(rel)


def _refuse(report: ArchimateReport, message: str) -> ArchimateReport:
    report.error("fil", message)
    return report


def import_archimate(
    *, actor: Any, organization: Organization, data: bytes, dry_run: bool
) -> ArchimateReport:
    """Import an ArchiMate 3.x exchange file into the organization's portfolio (all or nothing)."""
    require(actor, organization, "portfolio.change")
    report = ArchimateReport(dry_run=dry_run)
    try:
        root = parse_xml(data)
    except XmlRejected as exc:
        return _refuse(report, exc.message)
    if root.tag != f"{{{NS}}}model":
        return _refuse(
            report,
            _(
                "Filen er ikke en ArchiMate-model i Open Group-udvekslingsformatet: "
                "rodelementet skal være 'model' i navnerummet %(ns)s."
            )
            % {"ns": NS},
        )
    elements, relationships = _read_model(root, report)
    if report.errors:
        return report

    def apply() -> None:
        importer = _Importer(organization, report, elements, relationships)
        importer.list_unknown()
        importer.import_units()
        importer.import_usages()
        importer.import_integrations()
        importer.import_processes()
        importer.count()

    return write_all_or_nothing(
        report,
        apply,
        actor=actor,
        organization=organization,
        object_repr=_("ArchiMate-import"),
        audit_extra=lambda: {
            "archimate_import": {
                "counts": report.counts,
                "warnings": len(report.warnings),
                "unknown": len(report.unknown),
            }
        },
    )
