"""The shared vocabulary of the ArchiMate export and import: namespaces, property keys,
Styrbar's element types, folders and the concept types of ArchiMate 3.1."""

from __future__ import annotations

import re
from pathlib import Path

NS = "http://www.opengroup.org/xsd/archimate/3.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_LOCATION = f"{NS} http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd"
SCHEMA_DIR = Path(__file__).parent.parent / "schemas" / "archimate"
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

NAME_MAX = 200
MAX_DEPTH = 50  # levels of units in a file (a real tree has a handful)
KLE_NUMBER = re.compile(r"^\s*(\d{2}(?:\.\d{2}){0,2})\b")


def q(tag: str) -> str:
    """A tag name in the exchange-format namespace."""
    return f"{{{NS}}}{tag}"
