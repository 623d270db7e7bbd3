"""The landscape as an ArchiMate 3.1 model in The Open Group's Model Exchange File Format.

Modules: ``vocabulary`` (namespaces, property keys, types and ids shared by both
directions), ``schema`` (validation against the vendored 3.1 schema), ``export``,
``reader`` (parsing an exchange file), ``context`` (what the importers share), one
importer per concept kind (``units``, ``usages``, ``integrations``, ``processes``) and
``importer`` (their order, all or nothing).

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

from interop.archimate.export import write_archimate
from interop.archimate.importer import import_archimate
from interop.archimate.reader import ArchimateReport
from interop.archimate.schema import load_schema, schema_errors
from interop.archimate.vocabulary import NS

__all__ = [
    "NS",
    "ArchimateReport",
    "import_archimate",
    "load_schema",
    "schema_errors",
    "write_archimate",
]
