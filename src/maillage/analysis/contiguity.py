"""Which communes touch: the contiguity graph on which zonings are drawn.

Two communes are neighbours when their boundaries share a line (rook contiguity); a mere
corner does not count. A commune with no neighbour in the set (an exclave such as
Comines-Warneton, separated from the rest of Wallonia) is linked to the nearest
commune(s) by a *bridge* edge so that it can still join a zone; bridges are marked.
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx
from shapely.geometry.base import BaseGeometry
from shapely.strtree import STRtree

MIN_SHARED_BORDER_M = 1.0


def contiguity_graph(projected: Mapping[str, BaseGeometry]) -> nx.Graph:
    """Build the rook-contiguity graph of geometries in a metric CRS.

    Disconnected components are joined to the rest by one bridge edge each, from the
    closest pair of communes, flagged ``bridge=True`` with its gap in metres.
    """
    codes = sorted(projected)
    geometries = [projected[code] for code in codes]
    graph = nx.Graph()
    graph.add_nodes_from(codes)
    tree = STRtree(geometries)
    for i, geometry in enumerate(geometries):
        for j in tree.query(geometry, predicate="intersects"):
            j = int(j)
            if j <= i:
                continue
            shared = geometry.intersection(geometries[j]).length
            if shared >= MIN_SHARED_BORDER_M:
                graph.add_edge(codes[i], codes[j], bridge=False, gap_m=0.0)
    _bridge_components(graph, projected)
    return graph


def _bridge_components(graph: nx.Graph, projected: Mapping[str, BaseGeometry]) -> None:
    while True:
        components = sorted(nx.connected_components(graph), key=len)
        if len(components) <= 1:
            return
        smallest = components[0]
        others = [code for code in graph.nodes if code not in smallest]
        best: tuple[float, str, str] | None = None
        for inside in sorted(smallest):
            for outside in others:
                gap = projected[inside].distance(projected[outside])
                if best is None or gap < best[0]:
                    best = (gap, inside, outside)
        assert best is not None  # two components always give a pair
        gap, inside, outside = best
        graph.add_edge(inside, outside, bridge=True, gap_m=round(gap, 1))


def is_contiguous(graph: nx.Graph, members: set[str] | frozenset[str]) -> bool:
    if not members:
        return False
    return bool(nx.is_connected(graph.subgraph(members)))
