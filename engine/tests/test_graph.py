"""Impact analysis: transitive, cycles, two-way integrations, components, process steps."""

from hypothesis import given
from hypothesis import strategies as st

from engine.graph import (
    Edge,
    Impact,
    Reached,
    adjacency,
    affected_steps,
    degrees,
    downstream,
    impact,
    neighbourhood,
)


def nodes(result: list[Reached[int]]) -> list[tuple[int, int, int]]:
    return [(r.node, r.depth, r.via) for r in result]


def test_impact_is_transitive_along_the_flow_only() -> None:
    # ESDH -> Økonomi -> Løn, and an unrelated flow Løn -> HR: upstream stays unaffected.
    edges = [Edge("esdh", "oekonomi"), Edge("oekonomi", "loen"), Edge("hr", "esdh")]
    result: Impact[str, str] = impact("esdh", edges)
    assert [(r.node, r.depth, r.via) for r in result.affected] == [
        ("oekonomi", 1, "esdh"),
        ("loen", 2, "oekonomi"),
    ]
    assert impact("loen", edges).affected == ()


def test_cycles_terminate_and_never_report_the_start() -> None:
    edges = [Edge(1, 2), Edge(2, 3), Edge(3, 1), Edge(3, 4), Edge(4, 2)]
    assert nodes(downstream(adjacency(edges), 1)) == [(2, 1, 1), (3, 2, 2), (4, 3, 3)]
    assert nodes(downstream(adjacency([Edge(1, 1)]), 1)) == []


def test_two_way_integrations_flow_both_ways() -> None:
    edges = [Edge("a", "b", two_way=True), Edge("c", "b")]
    assert [r.node for r in impact("b", edges).affected] == ["a"]
    assert [r.node for r in impact("a", edges).affected] == ["b"]
    assert [r.node for r in impact("c", edges).affected] == ["b", "a"]


def test_shortest_path_wins() -> None:
    edges = [Edge("a", "b"), Edge("b", "c"), Edge("c", "d"), Edge("a", "d")]
    found = {r.node: (r.depth, r.via) for r in downstream(adjacency(edges), "a")}
    assert found == {"b": (1, "a"), "d": (1, "a"), "c": (2, "b")}


def test_components_are_barriers_unless_they_are_the_start() -> None:
    # Two usages exchange with Beskedfordeler both ways; a third feeds it.
    edges = [
        Edge("u1", "bf", two_way=True),
        Edge("u2", "bf", two_way=True),
        Edge("u3", "bf"),
    ]
    barriers = frozenset({"bf"})
    down_u1: Impact[str, str] = impact("u1", edges, barriers=barriers)
    assert [r.node for r in down_u1.affected] == ["bf"]  # reached, but not passed through
    down_bf: Impact[str, str] = impact("bf", edges, barriers=barriers)
    assert sorted(r.node for r in down_bf.affected) == ["u1", "u2"]  # u3 only sends


def test_process_steps_stop_when_a_used_usage_is_down_or_affected() -> None:
    edges = [Edge("a", "b"), Edge("b", "c")]
    steps = {
        ("p1", 1): ["a"],  # uses the usage that is down
        ("p1", 2): ["x", "c"],  # uses an affected usage
        ("p2", 1): ["x"],  # unaffected
        ("p2", 2): [],
    }
    result = impact("a", edges, steps)
    assert [(h.step, h.nodes) for h in result.steps] == [
        (("p1", 1), ("a",)),
        (("p1", 2), ("c",)),
    ]
    assert impact("x", edges).steps == ()


def test_helpers() -> None:
    edges = [Edge("a", "b"), Edge("a", "c", two_way=True)]
    assert degrees(edges) == {"a": 2, "b": 1, "c": 1}
    assert adjacency(edges) == {"a": ["b", "c"], "b": [], "c": ["a"]}
    assert affected_steps({}, ["a"]) == []
    kept_nodes, kept = neighbourhood(edges, ["b"])
    assert kept_nodes == {"a", "b"} and kept == [Edge("a", "b")]


def test_a_long_chain_is_linear() -> None:
    size = 50_000
    edges = [Edge(i, i + 1) for i in range(size)]
    result: Impact[int, int] = impact(0, edges)
    assert len(result.affected) == size
    assert result.affected[-1].depth == size


graphs = st.lists(
    st.tuples(st.integers(0, 12), st.integers(0, 12), st.booleans()), max_size=40
).map(lambda rows: [Edge(s, t, w) for s, t, w in rows])


def reachable(edges: list[Edge[int]], start: int) -> set[int]:
    """Reference: repeat until nothing changes (slow but obviously right)."""
    found = {start}
    changed = True
    while changed:
        changed = False
        for edge in edges:
            pairs = [(edge.source, edge.target)]
            if edge.two_way:
                pairs.append((edge.target, edge.source))
            for a, b in pairs:
                if a in found and b not in found:
                    found.add(b)
                    changed = True
    return found - {start}


@given(graphs, st.integers(0, 12))
def test_bfs_matches_the_reference(edges: list[Edge[int]], start: int) -> None:
    result: Impact[int, int] = impact(start, edges)
    affected = [r.node for r in result.affected]
    assert len(affected) == len(set(affected))
    assert set(affected) == reachable(edges, start)
    depths = [r.depth for r in result.affected]
    assert depths == sorted(depths)
