"""Zoning algorithms: contiguous, exhaustive partitions within population rules."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maillage.analysis.regionalisation import Unit, balanced_regions, bounded_regions, population
from maillage.domain.territory import Bounds


def grid(width, height, populations):
    graph = nx.grid_2d_graph(width, height)
    mapping = {node: f"{node[0]:02d}{node[1]:02d}" for node in graph.nodes}
    graph = nx.relabel_nodes(graph, mapping)
    units = {}
    for (x, y), code in mapping.items():
        units[code] = Unit(code, populations[x * height + y], x * 1000.0, y * 1000.0)
    return graph, units


def assert_partition(graph, regions):
    covered = [code for region in regions for code in region]
    assert sorted(covered) == sorted(graph.nodes), "every commune in exactly one zone"
    for region in regions:
        assert nx.is_connected(graph.subgraph(region)), f"zone {sorted(region)} is contiguous"


grids = st.tuples(st.integers(2, 7), st.integers(2, 7)).flatmap(
    lambda wh: st.tuples(
        st.just(wh[0]),
        st.just(wh[1]),
        st.lists(st.integers(1, 20_000), min_size=wh[0] * wh[1], max_size=wh[0] * wh[1]),
    )
)


@settings(max_examples=60, deadline=None)
@given(grids, st.integers(1, 5))
def test_balanced_regions_cover_the_graph_with_k_contiguous_zones(case, k):
    width, height, populations = case
    graph, units = grid(width, height, populations)
    k = min(k, width * height)
    regions = balanced_regions(graph, units, k)
    assert len(regions) == k
    assert_partition(graph, regions)


@settings(max_examples=60, deadline=None)
@given(grids)
def test_bounded_regions_respect_the_maximum_unless_one_commune_exceeds_it(case):
    width, height, populations = case
    graph, units = grid(width, height, populations)
    bounds = Bounds(minimum=10_000, maximum=40_000, target=25_000)
    regions = bounded_regions(graph, units, bounds)
    assert_partition(graph, regions)
    for region in regions:
        if population(region, units) > bounds.maximum:
            assert len(region) == 1


def test_small_zones_are_absorbed_when_a_neighbour_has_room():
    # A line of five communes: 9k | 9k | 30k | 2k | 2k with bounds 10k–40k.
    graph = nx.path_graph(["a", "b", "c", "d", "e"])
    units = {
        c: Unit(c, p, i * 1000.0, 0.0)
        for i, (c, p) in enumerate(zip("abcde", [9000, 9000, 30000, 2000, 2000], strict=True))
    }
    regions = bounded_regions(graph, units, Bounds(10_000, 40_000, 25_000))
    assert_partition(graph, regions)
    assert all(population(r, units) >= 10_000 for r in regions)


def test_balanced_regions_are_even_on_a_uniform_grid():
    graph, units = grid(6, 6, [1000] * 36)
    regions = balanced_regions(graph, units, 4)
    assert sorted(population(r, units) for r in regions) == [9000] * 4


def test_bounds_must_be_ordered():
    with pytest.raises(ValueError):
        Bounds(minimum=50, maximum=10, target=20)
