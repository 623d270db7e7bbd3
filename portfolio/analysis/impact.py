"""Impact analysis: what is downstream of a usage and which process steps stop."""

from __future__ import annotations

from collections import defaultdict

from engine import graph
from organizations.models import Organization
from portfolio import choices as c
from portfolio.analysis.common import (
    COMPONENT_NODE,
    LIVE_INTEGRATIONS,
    USAGE_NODE,
    usage_name,
)
from portfolio.analysis.results import AffectedNode, AffectedStep, ImpactAnalysis, MapEdge
from portfolio.models import (
    Integration,
    ProcessStep,
    SystemUsage,
)


def impact_analysis(*, organization: Organization, usage: SystemUsage) -> ImpactAnalysis:
    """Everything downstream of ``usage`` and every process step that stops with it.

    Live integrations only; shared components are reached but not passed through
    (:mod:`engine.graph` explains why). Queries: at most 4 (integrations, usage names, step
    links, affected steps).
    """
    if usage.organization_id != organization.pk:
        raise ValueError("the usage belongs to another organization")
    # Plain tuples, not dicts: a municipality's integrations are read on every call.
    rows = list(
        Integration.objects.filter(organization=organization, status__in=LIVE_INTEGRATIONS)
        .order_by("pk")
        .values_list(
            "pk",
            "source_id",
            "target_id",
            "target_component_id",
            "target_component__name",
            "direction",
            "technology",
            "interface_name",
        )
    )
    names = {
        f"{USAGE_NODE}{pk}": usage_name(local, system)
        for pk, local, system in SystemUsage.objects.filter(organization=organization)
        .order_by()
        .values_list("pk", "local_name", "catalog_system__name")
    }
    two_way = c.Direction.TWO_WAY
    edges = []
    for _pk, source, target, component, component_name, direction, _tech, _label in rows:
        if target is None:
            target_node = f"{COMPONENT_NODE}{component}"
            names[target_node] = component_name
        else:
            target_node = f"{USAGE_NODE}{target}"
        edges.append(graph.Edge(f"{USAGE_NODE}{source}", target_node, direction == two_way))
    step_nodes: dict[int, list[str]] = defaultdict(list)
    for step_id, usage_id in ProcessStep.usages.through.objects.filter(
        processstep__process__organization=organization
    ).values_list("processstep_id", "systemusage_id"):
        step_nodes[step_id].append(f"{USAGE_NODE}{usage_id}")
    start = f"{USAGE_NODE}{usage.pk}"
    barriers = frozenset(n for n in names if n.startswith(COMPONENT_NODE))
    result: graph.Impact[str, int] = graph.impact(start, edges, step_nodes, barriers=barriers)
    affected = [
        AffectedNode(
            id=r.node,
            kind="usage" if r.node.startswith(USAGE_NODE) else "component",
            name=names[r.node],
            usage_id=int(r.node[1:]) if r.node.startswith(USAGE_NODE) else None,
            depth=r.depth,
            via=names[r.via],
        )
        for r in result.affected
    ]
    hits = {hit.step: hit.nodes for hit in result.steps}
    steps = [
        AffectedStep(
            step_id=pk,
            process_id=process_id,
            process=process,
            order=order,
            name=step_name,
            unit=unit_name or "",
            usages=[names[n] for n in hits[pk]],
        )
        for pk, process_id, process, order, step_name, unit_name in ProcessStep.objects.filter(
            pk__in=list(hits)
        )
        .order_by("process__name", "process_id", "order")
        .values_list("pk", "process_id", "process__name", "order", "name", "unit__name")
    ]
    down = {start} | {a.id for a in affected}
    return ImpactAnalysis(
        usage_id=usage.pk,
        name=usage.name,
        affected_usages=[a for a in affected if a.kind == "usage"],
        affected_components=[a for a in affected if a.kind == "component"],
        steps=steps,
        edges=[
            MapEdge(
                id=f"i{row[0]}",
                source=edge.source,
                target=edge.target,
                two_way=edge.two_way,
                technology=row[6],
                label=row[7],
            )
            for row, edge in zip(rows, edges, strict=True)
            if edge.source in down and edge.target in down
        ],
    )
