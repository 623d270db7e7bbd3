"""Dependency and impact analysis over the integration graph.

Nodes are any hashable keys (the portfolio uses usages and shared components). An
integration ``source → target`` means the source's data flows to the target, so the
target depends on the source: when the source is down, the target - and everything
downstream of it - is affected. A two-way integration is a flow in both directions.

**Impact** of a node *s* is every node reachable from *s* along the flow, found by one
breadth-first search: O(V + E) time and memory. Each affected node carries its distance
from *s* (``depth``) and the node it was reached from on a shortest path (``via``). The
start itself is never reported as affected, even when a cycle leads back to it.

**Barriers** are nodes the search reaches but does not pass through. The portfolio makes
the shared infrastructure components (Serviceplatformen, Beskedfordeler, …) barriers: a
usage that is down stops sending to Beskedfordeler, but Beskedfordeler itself keeps
running for every other system, so the impact does not spread through it to everyone
else connected to it. A barrier that is itself the start is expanded as usual (a
component that is down does affect what it feeds).

**Process steps** stop when any usage they use is down or affected; :func:`affected_steps`
finds them in O(Σ usages per step).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = [
    "Edge",
    "Impact",
    "Reached",
    "StepHit",
    "adjacency",
    "affected_steps",
    "degrees",
    "downstream",
    "impact",
    "neighbourhood",
]

N = TypeVar("N", bound=Hashable)
S = TypeVar("S", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Edge(Generic[N]):
    """A data flow from ``source`` to ``target`` (both ways when ``two_way``)."""

    source: N
    target: N
    two_way: bool = False


def adjacency(edges: Iterable[Edge[N]]) -> dict[N, list[N]]:
    """Downstream neighbours of every node (a two-way edge counts in both directions).

    Every endpoint appears as a key, also nodes with nothing downstream.

    >>> adjacency([Edge("a", "b"), Edge("b", "c", two_way=True)])
    {'a': ['b'], 'b': ['c'], 'c': ['b']}
    """
    result: dict[N, list[N]] = {}
    for edge in edges:
        result.setdefault(edge.source, []).append(edge.target)
        targets = result.setdefault(edge.target, [])
        if edge.two_way:
            targets.append(edge.source)
    return result


@dataclass(frozen=True, slots=True)
class Reached(Generic[N]):
    """A node reached by the search, its distance from the start and its predecessor."""

    node: N
    depth: int
    via: N


def downstream(
    graph: Mapping[N, Iterable[N]], start: N, *, barriers: frozenset[N] = frozenset()
) -> list[Reached[N]]:
    """Every node reachable from ``start``, in breadth-first order (O(V + E)).

    >>> g = adjacency([Edge(1, 2), Edge(2, 3), Edge(3, 1), Edge(2, 4)])
    >>> [(r.node, r.depth, r.via) for r in downstream(g, 1)]
    [(2, 1, 1), (3, 2, 2), (4, 2, 2)]
    >>> [r.node for r in downstream(g, 1, barriers=frozenset({2}))]
    [2]
    """
    seen = {start}
    queue: deque[tuple[N, int]] = deque([(start, 0)])
    found: list[Reached[N]] = []
    while queue:
        node, depth = queue.popleft()
        if node in barriers and node != start:
            continue
        for neighbour in graph.get(node, ()):
            if neighbour not in seen:
                seen.add(neighbour)
                found.append(Reached(neighbour, depth + 1, node))
                queue.append((neighbour, depth + 1))
    return found


@dataclass(frozen=True, slots=True)
class StepHit(Generic[S, N]):
    """A process step that stops, and the down or affected nodes it uses."""

    step: S
    nodes: tuple[N, ...]


def affected_steps(step_nodes: Mapping[S, Iterable[N]], down: Iterable[N]) -> list[StepHit[S, N]]:
    """The steps that use at least one node in ``down``, in the mapping's order.

    >>> [(h.step, h.nodes) for h in affected_steps({"s1": ["a"], "s2": ["b", "c"]}, {"c", "b"})]
    [('s2', ('b', 'c'))]
    """
    down_set = set(down)
    hits: list[StepHit[S, N]] = []
    for step, nodes in step_nodes.items():
        used = tuple(node for node in nodes if node in down_set)
        if used:
            hits.append(StepHit(step, used))
    return hits


@dataclass(frozen=True, slots=True)
class Impact(Generic[N, S]):
    """The start, everything downstream of it and the process steps that stop."""

    start: N
    affected: tuple[Reached[N], ...]
    steps: tuple[StepHit[S, N], ...]


def impact(
    start: N,
    edges: Iterable[Edge[N]],
    step_nodes: Mapping[S, Iterable[N]] | None = None,
    *,
    barriers: frozenset[N] = frozenset(),
) -> Impact[N, S]:
    """What stops when ``start`` is down: downstream nodes and process steps.

    A step stops when it uses the start or any affected node.

    >>> result = impact("a", [Edge("a", "b"), Edge("c", "b", two_way=True)], {"x": ["c"]})
    >>> [r.node for r in result.affected], [h.step for h in result.steps]
    (['b', 'c'], ['x'])
    """
    affected = downstream(adjacency(edges), start, barriers=barriers)
    down = [start, *(reached.node for reached in affected)]
    steps = affected_steps(step_nodes or {}, down)
    return Impact(start, tuple(affected), tuple(steps))


def degrees(edges: Iterable[Edge[N]]) -> dict[N, int]:
    """Number of integrations each node takes part in (in and out).

    >>> degrees([Edge("a", "b"), Edge("a", "c")])
    {'a': 2, 'b': 1, 'c': 1}
    """
    result: dict[N, int] = {}
    for edge in edges:
        result[edge.source] = result.get(edge.source, 0) + 1
        result[edge.target] = result.get(edge.target, 0) + 1
    return result


def neighbourhood(edges: Iterable[Edge[N]], keep: Iterable[N]) -> tuple[set[N], list[Edge[N]]]:
    """The edges touching a kept node, and their nodes (kept nodes plus context).

    Kept nodes without edges are included too.

    >>> nodes, kept = neighbourhood([Edge("a", "b"), Edge("c", "d")], {"a", "e"})
    >>> sorted(nodes), [(e.source, e.target) for e in kept]
    (['a', 'b', 'e'], [('a', 'b')])
    """
    keep_set = set(keep)
    nodes = set(keep_set)
    kept: list[Edge[N]] = []
    for edge in edges:
        if edge.source in keep_set or edge.target in keep_set:
            kept.append(edge)
            nodes.add(edge.source)
            nodes.add(edge.target)
    return nodes, kept
