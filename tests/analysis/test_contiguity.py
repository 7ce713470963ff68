"""Contiguity: shared borders make neighbours, corners do not, exclaves get a bridge."""

from __future__ import annotations

from shapely.geometry import box

from maillage.analysis.contiguity import contiguity_graph, is_contiguous


def test_rook_contiguity_and_bridges():
    squares = {
        "a": box(0, 0, 10, 10),
        "b": box(10, 0, 20, 10),  # shares a side with a
        "c": box(20, 10, 30, 20),  # touches b at one corner only
        "d": box(100, 0, 110, 10),  # far away: an exclave
    }
    graph = contiguity_graph(squares)
    assert graph.has_edge("a", "b") and not graph.edges["a", "b"]["bridge"]
    assert graph.edges["b", "c"]["bridge"], "a corner is not a border: c is bridged"
    bridges = [(u, v) for u, v, d in graph.edges(data=True) if d["bridge"]]
    assert len(bridges) == 2
    assert is_contiguous(graph, {"a", "b"})
    assert not is_contiguous(graph, {"a", "c"})
