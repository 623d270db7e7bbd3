"""Integration map: usages, shared components and their live integrations."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from engine import graph
from organizations.models import Organization
from portfolio import choices as c
from portfolio.analysis.common import (
    COMPONENT_NODE,
    USAGE_NODE,
    UnitIndex,
    integration_edge,
    kle_info,
    live_integration_rows,
    usage_name,
)
from portfolio.analysis.results import IntegrationMap, MapEdge, MapNode
from portfolio.models import (
    SystemUsage,
)


def map_edge(row: Mapping[str, Any], edge: graph.Edge[str]) -> MapEdge:
    """One live integration (a row of :func:`live_integration_rows`) as the map shows it."""
    return MapEdge(
        id=f"i{row['pk']}",
        source=edge.source,
        target=edge.target,
        two_way=edge.two_way,
        technology=row["technology"],
        label=row["interface_name"],
    )


def integration_map(
    *,
    organization: Organization,
    unit: str = "",
    group: str = "",
    criticality: str = "",
    technology: str = "",
    component: str = "",
    focus: str = "",
) -> IntegrationMap:
    """Usages (not "ikke i drift") and shared components with their live integrations.

    ``unit`` keeps usages whose responsible or using unit lies in that unit's subtree;
    ``group`` keeps usages serving a subject in that KLE hovedgruppe; ``criticality``
    keeps usages of that criticality; ``technology`` keeps only integrations of that
    technology (and the usages that have one); ``component`` keeps usages integrating with
    that shared component; ``focus`` (a usage id) keeps that one usage, so the map shows
    its neighbourhood. Usages and components that integrate with a kept usage are shown as
    context. An unknown filter value raises ``ValueError``. Queries: 7 (8 with a unit
    filter).
    """
    units = UnitIndex(organization)
    usages = {
        row["pk"]: row
        for row in SystemUsage.objects.filter(organization=organization)
        .exclude(lifecycle=c.Lifecycle.NOT_IN_USE)
        .values(
            "pk",
            "local_name",
            "catalog_system_id",
            "catalog_system__name",
            "responsible_unit_id",
            "criticality",
        )
    }
    kle = kle_info(organization, {pk: u["catalog_system_id"] for pk, u in usages.items()})
    keep = set(usages)
    if unit:
        if not unit.isdigit() or int(unit) not in units.names:
            raise ValueError(_("Ukendt enhed."))
        subtree = units.subtree(int(unit))
        using: dict[int, set[int]] = defaultdict(set)
        for usage_id, unit_id in SystemUsage.using_units.through.objects.filter(
            systemusage__organization=organization
        ).values_list("systemusage_id", "organizationunit_id"):
            using[usage_id].add(unit_id)
        keep = {
            pk
            for pk in keep
            if usages[pk]["responsible_unit_id"] in subtree or using.get(pk, set()) & subtree
        }
    if group:
        if group not in kle.hovedgrupper:
            raise ValueError(_("Ukendt KLE-hovedgruppe."))
        keep = {pk for pk in keep if group in kle.usage_groups(pk)}
    if criticality:
        if criticality not in c.Level.values:
            raise ValueError(_("Ukendt kritikalitet."))
        keep = {pk for pk in keep if usages[pk]["criticality"] == criticality}
    rows = [
        r
        for r in live_integration_rows(organization)
        if r["source_id"] in usages and (r["target_id"] is None or r["target_id"] in usages)
    ]
    every = rows
    if technology:
        if technology not in c.Technology.values:
            raise ValueError(_("Ukendt teknologi."))
        rows = [r for r in rows if r["technology"] == technology]
        keep &= {r["source_id"] for r in rows} | {r["target_id"] for r in rows}
    if component:
        # Known when any live integration of the landscape uses it; the other filters may
        # leave none of them (an empty map, not an error).
        if not component.isdigit() or not any(
            str(r["target_component_id"]) == component for r in every
        ):
            raise ValueError(_("Ukendt fælles komponent."))
        keep &= {r["source_id"] for r in rows if str(r["target_component_id"]) == component}
    if focus:
        if not focus.isdigit() or int(focus) not in usages:
            raise ValueError(_("Ukendt system."))
        keep = {int(focus)}
    edges = [integration_edge(r) for r in rows]
    kept_ids = {f"{USAGE_NODE}{pk}" for pk in keep}
    node_ids, kept_edges = graph.neighbourhood(edges, kept_ids)
    degree = graph.degrees(edges)
    components = {
        f"{COMPONENT_NODE}{r['target_component_id']}": r["target_component__name"]
        for r in rows
        if r["target_id"] is None
    }
    nodes = []
    for node_id in node_ids:
        if node_id.startswith(USAGE_NODE):
            pk = int(node_id[1:])
            usage = usages[pk]
            nodes.append(
                MapNode(
                    id=node_id,
                    kind="usage",
                    label=usage_name(usage["local_name"], usage["catalog_system__name"]),
                    usage_id=pk,
                    degree=degree.get(node_id, 0),
                    context=pk not in keep,
                )
            )
        else:
            nodes.append(
                MapNode(
                    id=node_id,
                    kind="component",
                    label=components[node_id],
                    usage_id=None,
                    degree=degree.get(node_id, 0),
                    context=False,
                )
            )
    nodes.sort(key=lambda n: (n.kind != "usage", n.context, n.label.lower(), n.id))
    kept_pairs = {(e.source, e.target) for e in kept_edges}
    map_edges = [
        map_edge(row, edge)
        for row, edge in zip(rows, edges, strict=True)
        if (edge.source, edge.target) in kept_pairs
    ]
    return IntegrationMap(
        nodes=nodes,
        edges=map_edges,
        unit=unit,
        group=group,
        units=units.options(),
        groups=kle.group_options(),
    )
