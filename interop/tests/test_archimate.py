"""ArchiMate 3.1 exchange format: export shape and validity, round trip, re-import, refusals."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from core.models import AuditEvent
from interop.archimate import (
    NS,
    ArchimateReport,
    import_archimate,
    load_schema,
    schema_errors,
    write_archimate,
)
from interop.tests.helpers import assert_counts
from interop.tests.test_xml import billion_laughs
from organizations.choices import UnitKind
from organizations.models import Organization, OrganizationUnit
from organizations.testing import make_organization, make_user
from portfolio import choices as c
from portfolio.models import (
    BusinessProcess,
    CatalogSystem,
    DataObject,
    Integration,
    KleSubject,
    ProcessStep,
    SystemUsage,
)
from portfolio.tests import factories as f

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
ENTITIES = "Filen indeholder en DTD med entiteter og afvises af sikkerhedshensyn."

# The concept types of ArchiMate 3.1 (Open Group exchange format), listed here on their own
# so that the test does not trust the module's list.
ELEMENT_TYPES_31 = set(
    [
        "BusinessActor",
        "BusinessRole",
        "BusinessCollaboration",
        "BusinessInterface",
        "BusinessProcess",
        "BusinessFunction",
        "BusinessInteraction",
        "BusinessEvent",
        "BusinessService",
        "BusinessObject",
        "Contract",
        "Representation",
        "Product",
        "ApplicationComponent",
        "ApplicationCollaboration",
        "ApplicationInterface",
        "ApplicationFunction",
        "ApplicationInteraction",
        "ApplicationProcess",
        "ApplicationEvent",
        "ApplicationService",
        "DataObject",
        "Node",
        "Device",
        "SystemSoftware",
        "TechnologyCollaboration",
        "TechnologyInterface",
        "Path",
        "CommunicationNetwork",
        "TechnologyFunction",
        "TechnologyProcess",
        "TechnologyInteraction",
        "TechnologyEvent",
        "TechnologyService",
        "Artifact",
        "Equipment",
        "Facility",
        "DistributionNetwork",
        "Material",
        "Stakeholder",
        "Driver",
        "Assessment",
        "Goal",
        "Outcome",
        "Principle",
        "Requirement",
        "Constraint",
        "Meaning",
        "Value",
        "Resource",
        "Capability",
        "CourseOfAction",
        "ValueStream",
        "WorkPackage",
        "Deliverable",
        "ImplementationEvent",
        "Plateau",
        "Gap",
        "Grouping",
        "Location",
        "AndJunction",
        "OrJunction",
    ]
)
RELATIONSHIP_TYPES_31 = set(
    [
        "Composition",
        "Aggregation",
        "Assignment",
        "Realization",
        "Serving",
        "Access",
        "Influence",
        "Triggering",
        "Flow",
        "Specialization",
        "Association",
    ]
)
MODEL_ORDER = [
    "name",
    "documentation",
    "properties",
    "metadata",
    "elements",
    "relationships",
    "organizations",
    "propertyDefinitions",
    "views",
]
CONCEPT_ORDER = ["name", "documentation", "properties"]
NCNAME = re.compile(r"^[A-Za-z_][\w.\-]*$")


def q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def local(node: etree._Element) -> str:
    return str(etree.QName(node).localname)


# Landscapes ------------------------------------------------------------------------------


def kle(number: str, title: str) -> KleSubject:
    subject, _created = KleSubject.objects.get_or_create(
        number=number, defaults={"title": title, "level": c.KleLevel.GRUPPE}
    )
    return subject


def landscape(org: Organization, size: int = 3) -> dict[str, Any]:
    """Units, usages (local and global catalog), integrations, a component, processes, steps."""
    social = f.unit(org, "Social- og Sundhedsforvaltningen", kind=UnitKind.FORVALTNING)
    care = f.unit(org, "Hjemmeplejen", parent=social)
    team = f.unit(org, "Team Nord", kind=UnitKind.TEAM, parent=care)
    children = f.unit(org, "Børne- og Ungeforvaltningen", kind=UnitKind.FORVALTNING)
    vendor = f.vendor(name="Fiktiv Software A/S")
    journal = CatalogSystem.objects.filter(name="Fælles Journal", scope=c.Scope.GLOBAL).first()
    journal = journal or f.catalog_system(None, name="Fælles Journal", vendor=vendor)
    platform = CatalogSystem.objects.filter(name="Serviceplatformen").first() or (
        f.catalog_system(
            None, name="Serviceplatformen", business_type=c.BusinessType.FAELLESKOMMUNAL
        )
    )
    usages = [
        f.usage(
            org,
            local_name="",
            catalog_system=journal,
            responsible_unit=care,
            criticality=c.Level.HIGH,
            hosting=c.Hosting.SAAS,
            data_sensitivity=c.DataSensitivity.SENSITIVE,
            time_disposition=c.TimeDisposition.INVEST,
        )
    ]
    for i in range(size):
        usages.append(
            f.usage(
                org,
                local_name=f"Fagsystem {i:02d}",
                catalog_system=f.catalog_system(org, name=f"Katalog {org.pk}-{i}", vendor=vendor),
                responsible_unit=(care, children, None)[i % 3],
                lifecycle=(c.Lifecycle.OPERATIONAL, c.Lifecycle.PHASING_OUT)[i % 2],
            )
        )
    usages[0].using_units.add(care, team)
    usages[1].using_units.add(children)
    for i, usage in enumerate(usages[1:]):
        Integration.objects.create(
            organization=org,
            source=usages[0],
            target=usage,
            interface_name=f"Snitflade {i}",
            technology=c.Technology.FILE,
            frequency=c.Frequency.WEEKLY,
            description="Sender sagsdata." if i == 0 else "",
        )
    Integration.objects.create(
        organization=org,
        source=usages[1],
        target_component=platform,
        interface_name="Beskedfordeler",
        technology=c.Technology.MESSAGE,
    )
    main = f.process(
        org,
        name="Visitation til hjemmehjælp",
        owner_unit=care,
        kle_subject=kle("27.24", "Hjemmehjælp"),
        description="Fra ansøgning til afgørelse.",
    )
    sub = f.process(org, name="Revisitation", parent=main)
    steps = [
        ProcessStep.objects.create(process=main, order=n, name=name, unit=unit)
        for n, (name, unit) in enumerate(
            [("Modtag ansøgning", care), ("Vurdér behov", team), ("Træf afgørelse", None)],
            start=1,
        )
    ]
    steps[0].usages.add(usages[0])
    steps[1].usages.add(usages[0], usages[1])
    return {"usages": usages, "units": [social, care, team, children], "process": main, "sub": sub}


def export(org: Organization) -> bytes:
    out = io.BytesIO()
    write_archimate(org, out)
    return out.getvalue()


def parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))


def summary(data: bytes) -> dict[str, Any]:
    """What an export says about the landscape, by names (identifiers differ between orgs)."""
    root = parse(data)
    defs = {d.get("identifier"): d.findtext(q("name")) for d in root.iter(q("propertyDefinition"))}
    concepts: dict[str, dict[str, Any]] = {}
    for node in [*root.iter(q("element")), *root.iter(q("relationship"))]:
        props = {
            defs[p.get("propertyDefinitionRef")]: p.findtext(q("value"))
            for p in node.iter(q("property"))
        }
        props.pop("Styrbar UUID", None)  # differs between organizations by design
        concepts[node.get("identifier")] = {
            "type": node.get(XSI_TYPE),
            "name": node.findtext(q("name")) or "",
            "doc": node.findtext(q("documentation")) or "",
            "props": tuple(sorted(props.items())),
            "source": node.get("source"),
            "target": node.get("target"),
        }

    def name(ref: str | None) -> str:
        return concepts[ref]["name"] if ref in concepts else ""

    elements = sorted(
        (e["type"], e["name"], e["doc"], e["props"])
        for e in concepts.values()
        if e["source"] is None
    )
    relationships = sorted(
        (r["type"], name(r["source"]), name(r["target"]), r["name"], r["doc"], r["props"])
        for r in concepts.values()
        if r["source"] is not None
    )
    views = sorted(
        (
            v.findtext(q("name")),
            tuple(sorted(name(n.get("elementRef")) for n in v.iter(q("node")))),
            len(v.findall(q("connection"))),
        )
        for v in root.iter(q("view"))
    )
    return {"elements": elements, "relationships": relationships, "views": views}


def run(actor: Any, org: Organization, data: bytes, dry_run: bool = False) -> ArchimateReport:
    return import_archimate(actor=actor, organization=org, data=data, dry_run=dry_run)


def db_state(org: Organization) -> tuple[int, ...]:
    return (
        OrganizationUnit.objects.filter(organization=org).count(),
        SystemUsage.objects.filter(organization=org).count(),
        Integration.objects.filter(organization=org).count(),
        BusinessProcess.objects.filter(organization=org).count(),
        ProcessStep.objects.filter(process__organization=org).count(),
        CatalogSystem.objects.count(),
        AuditEvent.objects.filter(organization=org).count(),
    )


# Export ----------------------------------------------------------------------------------


def test_export_has_the_landscape_as_archimate_concepts(org: Organization) -> None:
    made = landscape(org)
    root = parse(export(org))
    by_id = {n.get("identifier"): n for n in root.iter(q("element"), q("relationship"))}
    journal = made["usages"][0]
    component = by_id[f"id-{journal.uuid}"]
    assert component.get(XSI_TYPE) == "ApplicationComponent"
    name = component.find(q("name"))
    assert name is not None
    assert name.text == "Fælles Journal"
    assert name.get("{http://www.w3.org/XML/1998/namespace}lang") == "da"
    s = summary(export(org))
    journal_props = next(e[3] for e in s["elements"] if e[1] == "Fælles Journal" and e[3])
    assert dict(journal_props) == {
        "Styrbar-type": "System i anvendelse",
        "Katalogsystem": "Fælles Journal",
        "Leverandør": "Fiktiv Software A/S",
        "Livscyklus": "I drift",
        "Kritikalitet": "Høj",
        "Driftsform": "SaaS / cloud",
        "Datafølsomhed": "Følsomme personoplysninger",
        "TIME-disposition": "Invester",
    }
    uuid_values = [p.findtext(q("value")) for p in component.iter(q("property"))]
    assert str(journal.uuid) in uuid_values
    rels = set((r[0], r[1], r[2]) for r in s["relationships"])
    assert ("Flow", "Fælles Journal", "Fagsystem 00") in rels
    assert ("Flow", "Fagsystem 00", "Serviceplatformen") in rels  # the shared component
    assert ("Composition", "Social- og Sundhedsforvaltningen", "Hjemmeplejen") in rels
    assert ("Composition", "Hjemmeplejen", "Team Nord") in rels
    assert ("Association", "Hjemmeplejen", "Fælles Journal") in rels  # responsible unit
    assert ("Serving", "Fælles Journal", "Team Nord") in rels  # a using unit
    assert ("Assignment", "Hjemmeplejen", "Visitation til hjemmehjælp") in rels
    assert ("Composition", "Visitation til hjemmehjælp", "Revisitation") in rels
    assert ("Composition", "Visitation til hjemmehjælp", "Modtag ansøgning") in rels
    assert ("Triggering", "Modtag ansøgning", "Vurdér behov") in rels
    assert ("Triggering", "Vurdér behov", "Træf afgørelse") in rels
    assert ("Assignment", "Team Nord", "Vurdér behov") in rels
    assert ("Serving", "Fagsystem 00", "Vurdér behov") in rels
    assert ("Realization", "Visitation til hjemmehjælp", "27.24 Hjemmehjælp") in rels
    flow = next(r for r in s["relationships"] if r[0] == "Flow" and r[3] == "Snitflade 0")
    assert dict(flow[5]) == {
        "Snitflade": "Snitflade 0",
        "Teknologi": "Filoverførsel",
        "Frekvens": "Ugentligt",
        "Retning": "Envejs (fra → til)",
        "Status": "I drift",
    }
    assert flow[4] == "Sender sagsdata."
    types = [(e[0], e[1]) for e in s["elements"]]
    assert types.count(("ApplicationComponent", "Serviceplatformen")) == 1
    assert ("Capability", "27.24 Hjemmehjælp") in types
    assert ("BusinessActor", "Team Nord") in types
    # One view per top-level forvaltning, holding the usages its units are responsible for.
    views = {v[0]: v for v in s["views"]}
    assert set(views) == {
        "Systemer – Social- og Sundhedsforvaltningen",
        "Systemer – Børne- og Ungeforvaltningen",
    }
    social = views["Systemer – Social- og Sundhedsforvaltningen"]
    assert social[1] == ("Fagsystem 00", "Fælles Journal")
    assert social[2] == 1  # the flow between the two
    assert views["Systemer – Børne- og Ungeforvaltningen"][1] == ("Fagsystem 01",)


def test_export_is_structurally_valid(org: Organization) -> None:
    landscape(org)
    root = parse(export(org))
    assert root.tag == q("model")
    order = [local(child) for child in root]
    assert order == [t for t in MODEL_ORDER if t in order], order
    assert order == [
        "name",
        "documentation",
        "elements",
        "relationships",
        "organizations",
        "propertyDefinitions",
        "views",
    ]
    identifiers = [n.get("identifier") for n in root.iter() if n.get("identifier") is not None]
    assert len(identifiers) == len(set(identifiers))
    for identifier in identifiers:
        assert NCNAME.match(identifier), identifier
        assert not identifier[0].isdigit(), identifier
    ids = set(identifiers)
    for node in root.iter():
        for attr in ("source", "target", "elementRef", "relationshipRef", "identifierRef"):
            if node.get(attr) is not None:
                assert node.get(attr) in ids, (attr, node.get(attr))
        if node.get("propertyDefinitionRef") is not None:
            assert node.get("propertyDefinitionRef").startswith("propid-")
            assert node.get("propertyDefinitionRef") in ids
    for element in root.iter(q("element")):
        assert element.get(XSI_TYPE) in ELEMENT_TYPES_31
    for relationship in root.iter(q("relationship")):
        assert relationship.get(XSI_TYPE) in RELATIONSHIP_TYPES_31
    for concept in [*root.iter(q("element")), *root.iter(q("relationship"))]:
        tags = [local(child) for child in concept]
        assert tags == [t for t in CONCEPT_ORDER if t in tags], tags
    for view in root.iter(q("view")):
        assert view.get(XSI_TYPE) == "Diagram"
        for node in view.iter(q("node")):
            assert node.get(XSI_TYPE) == "Element"
            assert all(int(node.get(a, "-1")) >= 0 for a in "xy")
            assert all(int(node.get(a, "0")) > 0 for a in "wh")
        for conn in view.iter(q("connection")):
            assert conn.get(XSI_TYPE) == "Relationship"
    # Every element and relationship sits in exactly one folder of the organizations tree.
    folders = {
        f.findtext(q("label")): [i.get("identifierRef") for i in f.findall(q("item"))]
        for f in root.find(q("organizations")).findall(q("item"))
    }
    assert list(folders) == ["Strategi", "Forretning", "Anvendelse", "Relationer", "Visninger"]
    placed = [ref for refs in folders.values() for ref in refs]
    concepts = [n.get("identifier") for n in root.iter(q("element"), q("relationship"))]
    assert sorted(placed[: len(placed) - len(folders["Visninger"])]) == sorted(concepts)
    # Every property key used has one definition, and no definition is unused.
    used = {p.get("propertyDefinitionRef") for p in root.iter(q("property"))}
    defined = [d.get("identifier") for d in root.iter(q("propertyDefinition"))]
    assert sorted(defined) == sorted(used)


def test_export_validates_against_the_open_group_schema(org: Organization) -> None:
    # The XSDs are vendored; if they go missing this must fail, not skip.
    assert load_schema() is not None, "ArchiMate 3.1 XSDs missing from interop/schemas/archimate/"
    landscape(org)
    data = export(org)
    assert schema_errors(data) == []
    # The schema does bite: an unknown concept type and a dangling reference are caught.
    broken = data.replace(b'xsi:type="Capability"', b'xsi:type="Kapabilitet"', 1)
    assert schema_errors(broken)
    broken = data.replace(b'elementRef="id-', b'elementRef="x-', 1)
    assert schema_errors(broken)
    empty = make_organization()
    assert schema_errors(export(empty)) == []


def test_export_is_deterministic(org: Organization) -> None:
    landscape(org)
    first = export(org)
    assert first.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert export(org) == first


def test_export_query_count_does_not_grow_with_the_landscape(org: Organization) -> None:
    landscape(org, size=2)
    with CaptureQueriesContext(connection) as small:
        export(org)
    other = make_organization()
    landscape(other, size=25)
    with CaptureQueriesContext(connection) as large:
        export(other)
    assert len(small.captured_queries) == len(large.captured_queries) == 7


def test_styrbar_export_command_writes_archimate(org: Organization, tmp_path: Path) -> None:
    landscape(org)
    out = tmp_path / "landskab.xml"
    stdout = io.StringIO()
    call_command(
        "styrbar_export", "--org", f"id:{org.pk}", "--format", "archimate", "--out", str(out),
        stdout=stdout,
    )  # fmt: skip
    assert out.read_bytes() == export(org)
    *summary, last = stdout.getvalue().strip().splitlines()
    report = json.loads(last)
    assert report["counts"]["elements"] == len(parse(out.read_bytes()).find(q("elements")))
    assert summary == [
        f"elementer: {report['counts']['elements']}",
        f"relationer: {report['counts']['relationships']}",
        f"visninger: {report['counts']['views']}",
        f"Skrev {out} for {org}.",
    ]


# Import ----------------------------------------------------------------------------------


def test_round_trip_into_a_fresh_organization_keeps_the_landscape(
    org: Organization, editor: Any
) -> None:
    landscape(org)
    data = export(org)
    other = make_organization()
    other_editor = make_user(organization=other, roles=["redaktoer"])
    report = run(other_editor, other, data)
    assert report.errors == [], report.errors
    assert report.unknown == []
    assert report.warnings == []
    assert report.committed
    created = {"usages": 4, "integrations": 4, "units": 4, "processes": 2, "steps": 3}
    # the catalog systems are A's local entries, not the global one
    assert_counts(report, "created", {**created, "catalog-systems": 3})
    assert summary(export(other)) == summary(data)
    # The units keep their kind and tree, and the global catalog entry is reused.
    social = OrganizationUnit.objects.get(organization=other, name="Hjemmeplejen")
    assert social.parent is not None
    assert social.parent.kind == UnitKind.FORVALTNING
    journal = SystemUsage.objects.get(organization=other, catalog_system__name="Fælles Journal")
    assert journal.catalog_system.scope == c.Scope.GLOBAL
    assert journal.local_name == ""
    local = SystemUsage.objects.get(organization=other, local_name="Fagsystem 00")
    assert local.catalog_system.owner_organization == other
    assert local.catalog_system.scope == c.Scope.LOCAL


def test_reimport_into_the_same_organization_changes_nothing(
    org: Organization, editor: Any
) -> None:
    landscape(org)
    data = export(org)
    before = db_state(org)
    report = run(editor, org, data)
    assert report.errors == [], report.errors
    assert report.as_json()["created"] == 0
    assert report.as_json()["updated"] == 0
    assert report.as_json()["unchanged"] > 0
    assert report.unknown == []
    assert db_state(org)[:-1] == before[:-1]
    assert export(org) == data


def test_import_updates_a_usage_matched_by_uuid(org: Organization, editor: Any) -> None:
    made = landscape(org)
    usage = made["usages"][2]  # Fagsystem 01, phasing out
    data = export(org).replace(b"Fagsystem 01", b"Fagsystem 01 (nyt navn)")
    data = data.replace(b"Under udfasning", b"Ikke i drift", 1)  # the same usage's lifecycle
    report = run(editor, org, data)
    assert report.errors == [], report.errors
    assert report.counts["usages"] == {"created": 0, "updated": 1, "unchanged": 3}
    usage.refresh_from_db()
    assert usage.local_name == "Fagsystem 01 (nyt navn)"
    assert usage.lifecycle == c.Lifecycle.NOT_IN_USE
    event = AuditEvent.objects.filter(organization=org, object_repr="ArchiMate-import").get()
    assert event.actor == editor
    assert event.created_at is not None
    assert event.changes["archimate_import"]["after"]["counts"]["usages"]["updated"] == 1


def test_dry_run_reports_but_saves_nothing(org: Organization, editor: Any) -> None:
    landscape(org)
    data = export(org)
    other = make_organization()
    other_editor = make_user(organization=other, roles=["redaktoer"])
    before = db_state(other)
    report = run(other_editor, other, data, dry_run=True)
    assert report.errors == []
    assert report.counts["usages"]["created"] == 4
    assert not report.committed
    assert "Prøvekørsel: intet er gemt." in report.summary_lines()
    assert db_state(other) == before


def test_foreign_model_is_imported_and_unknown_types_are_listed(
    org: Organization, editor: Any
) -> None:
    report = run(editor, org, (DATA / "archimate_foreign.xml").read_bytes())
    assert report.errors == [], report.errors
    assert report.committed
    unknown = {(u["type"], u["identifier"]) for u in report.unknown}
    assert unknown == {
        ("Node", "n-server"),
        ("Grouping", "g-1"),
        ("Access", "r-6"),
        ("Realization", "r-7"),
        ("Association", "r-8"),  # not named "Ansvarlig enhed": meaning unknown
    }
    assert {u["name"] for u in report.unknown} >= {"Kortserver", "Teknik"}
    # Every element not taken over says why.
    assert all(u["reason"] for u in report.unknown)
    node = next(u for u in report.unknown if u["type"] == "Node")
    assert "Teknologilaget" in node["reason"]
    # A data object has its place: the organization's data objects.
    roads_data = DataObject.objects.get(organization=org, name="Vejdata")
    assert report.counts["data-objects"]["created"] == 1
    assert roads_data.description == ""  # the file documents nothing
    gis = SystemUsage.objects.get(organization=org, catalog_system__name="Kortviser")  # Danish
    assert gis.lifecycle == c.Lifecycle.OPERATIONAL
    assert gis.catalog_system.scope == c.Scope.LOCAL
    assert gis.catalog_system.owner_organization == org
    roads = SystemUsage.objects.get(organization=org, catalog_system__name="Vejregister")
    assert roads.lifecycle == c.Lifecycle.PHASING_OUT  # stored value accepted as well
    assert roads.criticality == ""  # "meget høj" is not a level: reported, not guessed
    road_unit = OrganizationUnit.objects.get(organization=org, name="Vej og Park")
    assert road_unit.parent == OrganizationUnit.objects.get(
        organization=org, name="Teknik- og Miljøforvaltningen"
    )
    assert list(gis.using_units.all()) == [road_unit]
    flow = Integration.objects.get(organization=org)
    assert (flow.source, flow.target, flow.interface_name) == (roads, gis, "Vejnet til kort")
    assert flow.technology == c.Technology.API
    salt = BusinessProcess.objects.get(organization=org, name="Saltning af veje")
    assert salt.parent is not None
    assert salt.parent.name == "Vintertjeneste"
    assert salt.parent.owner_unit == road_unit
    messages = " ".join(w["message"] for w in report.warnings)
    assert "meget høj" in messages
    assert "Teknologien er ikke angivet" in messages
    lines = report.summary_lines()
    assert any(line.startswith("Ikke overført (Node): Kortserver") for line in lines)
    as_json = report.as_json()
    assert set(as_json) >= {"created", "updated", "unchanged", "errors", "unknown"}
    assert as_json["created"] == report.total("created") > 0
    # Importing the same file again finds everything by name.
    again = run(editor, org, (DATA / "archimate_foreign.xml").read_bytes())
    assert again.as_json()["created"] == 0
    assert again.as_json()["updated"] == 0


HOSTILE = {
    "billion_laughs": (billion_laughs(), ENTITIES),
    "xxe_file": (
        b'<?xml version="1.0"?><!DOCTYPE model [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" identifier="m">'
        b"<name>&x;</name></model>",
        ENTITIES,
    ),
    "external_dtd": (
        b'<?xml version="1.0"?><!DOCTYPE model SYSTEM "http://127.0.0.1:9/m.dtd">'
        b'<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" identifier="m"/>',
        "Filen henviser til en ekstern DTD og afvises af sikkerhedshensyn.",
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_xml_is_refused_and_nothing_changes(
    org: Organization, editor: Any, name: str
) -> None:
    data, message = HOSTILE[name]
    before = db_state(org)
    report = run(editor, org, data)
    assert report.errors == [{"row": "fil", "message": message}]
    assert not report.committed
    assert db_state(org) == before


@pytest.mark.parametrize(
    ("data", "start"),
    [
        (b"dette er ikke xml", "Filen er ikke gyldig XML"),
        (b"", "Filen er tom."),
        ((DATA / "archimate_v2.xml").read_bytes(), "Filen er ikke en ArchiMate-model"),
        (b"<kitos/>", "Filen er ikke en ArchiMate-model"),
    ],
)
def test_bad_input_gives_one_danish_error(
    org: Organization, editor: Any, data: bytes, start: str
) -> None:
    before = db_state(org)
    report = run(editor, org, data)
    assert len(report.errors) == 1
    assert report.errors[0]["message"].startswith(start)
    assert report.summary_lines()[-1] == "Intet er gemt på grund af fejl."
    assert db_state(org) == before


def test_dangling_reference_is_an_error(org: Organization, editor: Any) -> None:
    data = (DATA / "archimate_foreign.xml").read_bytes().replace(b'target="c-gis"', b'target="x"')
    before = db_state(org)
    report = run(editor, org, data)
    assert [e["row"] for e in report.errors] == ["r-2", "r-7"]
    assert "x" in report.errors[0]["message"]
    assert db_state(org) == before


def test_an_error_rolls_back_everything(org: Organization, editor: Any) -> None:
    before = db_state(org)
    report = run(editor, org, (DATA / "archimate_unit_cycle.xml").read_bytes())
    assert report.errors
    assert "ring" in report.errors[0]["message"]
    assert not report.committed
    assert db_state(org) == before
    assert not SystemUsage.objects.filter(local_name="Ringsystem").exists()


def test_import_needs_change_permission(org: Organization) -> None:
    reader = make_user(organization=org, roles=["laeser"])
    before = db_state(org)
    with pytest.raises(PermissionDenied):
        run(reader, org, (DATA / "archimate_foreign.xml").read_bytes())
    assert db_state(org) == before


def test_import_does_not_touch_another_organizations_usage(org: Organization) -> None:
    """A Styrbar UUID of another organization's usage is not a match: a new usage is made."""
    landscape(org)
    data = export(org)
    other = make_organization()
    other_editor = make_user(organization=other, roles=["redaktoer"])
    before = export(org)
    report = run(other_editor, other, data)
    assert report.errors == []
    assert export(org) == before
    theirs = set(SystemUsage.objects.filter(organization=other).values_list("uuid", flat=True))
    ours = set(SystemUsage.objects.filter(organization=org).values_list("uuid", flat=True))
    assert not theirs & ours


def model(elements: str, relationships: str = "", definitions: str = "") -> bytes:
    rels = f"<relationships>{relationships}</relationships>" if relationships else ""
    defs = f"<propertyDefinitions>{definitions}</propertyDefinitions>" if definitions else ""
    return (
        f'<model xmlns="{NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'identifier="m"><name>Syntetisk</name><elements>{elements}</elements>{rels}{defs}</model>'
    ).encode()


def test_integrations_the_service_refuses_are_errors(org: Organization, editor: Any) -> None:
    f.catalog_system(org, name="Lokalt fagsystem", business_type=c.BusinessType.FAGSYSTEM)
    data = model(
        '<element identifier="c-1" xsi:type="ApplicationComponent"><name>Et system</name>'
        '</element><element identifier="c-2" xsi:type="ApplicationComponent">'
        '<name>Lokalt fagsystem</name><properties><property propertyDefinitionRef="p-type">'
        "<value>Fælles komponent</value></property></properties></element>",
        '<relationship identifier="r-1" source="c-1" target="c-1" xsi:type="Flow"/>'
        '<relationship identifier="r-2" source="c-1" target="c-2" xsi:type="Flow"/>',
        '<propertyDefinition identifier="p-type" type="string"><name>Styrbar-type</name>'
        "</propertyDefinition>",
    )
    before = db_state(org)
    report = run(editor, org, data)
    assert report.errors == [
        {"row": "r-1", "message": "Et system kan ikke integrere med sig selv."},
        {"row": "r-2", "message": "Vælg en fælleskommunal komponent, fx Serviceplatformen."},
    ]
    assert db_state(org) == before


def test_a_nameless_element_is_an_error(org: Organization, editor: Any) -> None:
    data = model(
        '<element identifier="c-1" xsi:type="ApplicationComponent"><name>Et system</name>'
        '</element><element identifier="c-2" xsi:type="ApplicationComponent"/>'
    )
    before = db_state(org)
    report = run(editor, org, data)
    assert report.errors == [{"row": "c-2", "message": "Elementet mangler et navn."}]
    assert db_state(org) == before


def test_a_very_deep_unit_tree_is_refused_without_recursion(org: Organization, editor: Any) -> None:
    n = 2000  # one element a line, top-down: the check must not depend on the order
    elements = "\n".join(
        f'<element identifier="a-{i}" xsi:type="BusinessActor"><name>Enhed {i}</name></element>'
        for i in range(n)
    )
    relationships = "".join(
        f'<relationship identifier="r-{i}" source="a-{i}" target="a-{i + 1}" '
        'xsi:type="Composition"/>'
        for i in range(n - 1)
    )
    before = db_state(org)
    report = run(editor, org, model(elements, relationships))
    assert report.errors
    assert "for mange niveauer" in report.errors[0]["message"]
    assert db_state(org) == before
