"""Reading an exchange file: its elements and relationships with their Danish names and
properties, and the import report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from lxml import etree

from interop.archimate.vocabulary import LANG, XML_LANG, XSI, q
from interop.report import ImportReport

KINDS = (
    "units",
    "vendors",
    "catalog-systems",
    "usages",
    "integrations",
    "processes",
    "steps",
    "data-objects",
)


@dataclass
class ArchimateReport(ImportReport):
    """The shared import report for the ArchiMate kinds, plus the concepts not taken over."""

    kinds: tuple[str, ...] = KINDS
    unknown: list[dict[str, str]] = field(default_factory=list)

    def skip(self, concept: Parsed, reason: str = "") -> None:
        self.unknown.append(
            {
                "type": concept.type,
                "name": concept.name,
                "identifier": concept.identifier,
                "reason": reason,
            }
        )

    def as_json(self) -> dict[str, Any]:
        return {**super().as_json(), "unknown": self.unknown}

    def audit_summary(self) -> dict[str, Any]:
        return {**super().audit_summary(), "unknown": len(self.unknown)}

    def detail_lines(self) -> list[str]:
        return [
            _("Ikke overført (%(type)s): %(name)s [%(identifier)s] – %(reason)s") % u
            for u in self.unknown
        ]


@dataclass
class Parsed:
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


def read_model(
    root: etree._Element, report: ArchimateReport
) -> tuple[dict[str, Parsed], dict[str, Parsed]]:
    """Elements and relationships by identifier; problems go to the report as errors."""
    names = {
        definition.get("identifier", ""): _pick(definition.findall(q("name")))
        for definition in root.iterfind(f"{q('propertyDefinitions')}/{q('propertyDefinition')}")
    }

    def parse(node: etree._Element, with_ends: bool) -> Parsed | None:
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
        parsed = Parsed(
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

    elements: dict[str, Parsed] = {}
    relationships: dict[str, Parsed] = {}
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
