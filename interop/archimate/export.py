"""Writing the landscape as an ArchiMate 3.1 exchange file (see the package docstring for
the mapping)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import models
from django.utils import translation
from lxml import etree

from core.export import xml_safe
from interop.archimate.vocabulary import (
    ELEMENT_ORDER,
    F_RELATIONS,
    F_VIEWS,
    FOLDER_OF_TYPE,
    FOLDERS,
    LANG,
    NS,
    P_CATALOG,
    P_CRITICALITY,
    P_DIRECTION,
    P_FREQUENCY,
    P_HOSTING,
    P_INTERFACE,
    P_KLE,
    P_LIFECYCLE,
    P_ORDER,
    P_SENSITIVITY,
    P_STATUS,
    P_TECHNOLOGY,
    P_TIME,
    P_TYPE,
    P_UNIT_KIND,
    P_UUID,
    P_VENDOR,
    PROPERTY_IDS,
    PROPERTY_TYPES,
    RELATIONSHIP_ORDER,
    RESPONSIBLE,
    SCHEMA_LOCATION,
    T_COMPONENT,
    T_STEP,
    T_USAGE,
    XML_LANG,
    XSI,
)
from organizations.choices import UnitKind
from organizations.models import Organization, OrganizationUnit
from portfolio import choices as c
from portfolio.models import BusinessProcess, Integration, ProcessStep, SystemUsage

# Grid of the generated views.
GRID_COLUMNS = 5
NODE_W, NODE_H = 180, 60
GAP_X, GAP_Y = 40, 40
MARGIN = 24


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
    node.text = xml_safe(text)  # control characters stored in older data (issue 17)


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
            node.set(key, xml_safe(value))
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
