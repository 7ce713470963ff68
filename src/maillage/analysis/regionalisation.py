"""Computed zoning proposals: contiguous zones of whole communes with population rules.

Two procedures, both deterministic (same input, same zones):

* ``balanced_regions`` cuts a connected set of communes into *k* contiguous zones of
  nearly equal population: seeds from a population-weighted k-means of commune
  centroids, greedy growth of the lightest zone towards its nearest free neighbour,
  then local moves of border communes while they reduce the squared deviation from
  the mean and keep every zone contiguous.
* ``bounded_regions`` cuts a connected set into zones whose population lies within
  [minimum, maximum]: communes above the maximum form a zone on their own (a commune is
  never split); the others grow from the periphery inwards until they reach the target,
  then zones below the minimum are merged into, or spread over, their neighbours.

Both stand on the rook-contiguity graph (``maillage.analysis.contiguity``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

from maillage.domain.territory import Bounds

Region = frozenset[str]
RESTARTS = 12  # k-means starts tried by balanced_regions; the most even result wins


@dataclass(frozen=True)
class Unit:
    """A commune as the algorithms see it: population and a projected centroid (m)."""

    code: str
    population: int
    x: float
    y: float


def population(region: Iterable[str], units: Mapping[str, Unit]) -> int:
    return sum(units[code].population for code in region)


def _centroid(region: Iterable[str], units: Mapping[str, Unit]) -> tuple[float, float]:
    members = [units[code] for code in region]
    weight = sum(max(u.population, 1) for u in members)
    return (
        sum(u.x * max(u.population, 1) for u in members) / weight,
        sum(u.y * max(u.population, 1) for u in members) / weight,
    )


def _distance(a: tuple[float, float], unit: Unit) -> float:
    return math.hypot(a[0] - unit.x, a[1] - unit.y)


def _still_contiguous(graph: nx.Graph, region: set[str], removed: str) -> bool:
    rest = region - {removed}
    return bool(rest) and bool(nx.is_connected(graph.subgraph(rest)))


# --- balanced: k zones of equal population ---------------------------------------------


def _kmeans_seeds(codes: list[str], units: Mapping[str, Unit], k: int, first: str) -> list[str]:
    """Population-weighted k-means++ from *first*, then Lloyd; one commune per centre."""
    centres = [(units[first].x, units[first].y)]
    while len(centres) < k:

        def score(code: str) -> tuple[float, str]:
            unit = units[code]
            nearest = min(_distance(c, unit) for c in centres)
            return (unit.population * nearest * nearest, code)

        chosen = max(codes, key=score)
        centres.append((units[chosen].x, units[chosen].y))
    for _ in range(25):
        clusters: list[list[str]] = [[] for _ in centres]
        for code in codes:
            index = min(range(len(centres)), key=lambda i: _distance(centres[i], units[code]))
            clusters[index].append(code)
        updated = [_centroid(cl, units) if cl else centres[i] for i, cl in enumerate(clusters)]
        if updated == centres:
            break
        centres = updated
    seeds: list[str] = []
    for centre in centres:
        free = [c for c in codes if c not in seeds]
        seeds.append(min(free, key=lambda c: (_distance(centre, units[c]), c)))
    return seeds


def balanced_regions(graph: nx.Graph, units: Mapping[str, Unit], k: int) -> list[Region]:
    """Partition the (connected) graph into *k* contiguous zones of near-equal population."""
    codes = sorted(graph.nodes)
    if k < 1 or k > len(codes):
        raise ValueError(f"cannot make {k} zones from {len(codes)} communes")
    if k == 1:
        return [frozenset(codes)]
    best: list[set[str]] | None = None
    best_spread = math.inf
    starts = sorted(codes, key=lambda c: (-units[c].population, c))[:RESTARTS]
    for first in starts:
        regions = _grow_balanced(graph, units, _kmeans_seeds(codes, units, k, first))
        pops = [population(r, units) for r in regions]
        mean = sum(pops) / k
        spread = sum((p - mean) ** 2 for p in pops)
        if spread < best_spread:
            best, best_spread = regions, spread
    assert best is not None  # at least one start
    return [frozenset(r) for r in best]


def _grow_balanced(graph: nx.Graph, units: Mapping[str, Unit], seeds: list[str]) -> list[set[str]]:
    codes = list(graph.nodes)
    regions = [{seed} for seed in seeds]
    owner = {seed: i for i, seed in enumerate(seeds)}
    while len(owner) < len(codes):
        candidates = []
        for i, region in enumerate(regions):
            frontier = {n for code in region for n in graph.neighbors(code) if n not in owner}
            if frontier:
                candidates.append((population(region, units), i, frontier))
        if not candidates:
            raise ValueError("the contiguity graph is not connected")
        _, i, frontier = min(candidates, key=lambda t: (t[0], t[1]))
        centre = _centroid(regions[i], units)
        chosen = min(frontier, key=lambda c: (_distance(centre, units[c]), c))
        regions[i].add(chosen)
        owner[chosen] = i
    _balance(graph, units, regions, owner)
    return regions


def _balance(
    graph: nx.Graph, units: Mapping[str, Unit], regions: list[set[str]], owner: dict[str, int]
) -> None:
    mean = sum(u.population for u in units.values() if u.code in owner) / len(regions)
    pops = [population(r, units) for r in regions]
    for _ in range(10 * len(owner)):
        best: tuple[float, str, int, int] | None = None
        for code, source in sorted(owner.items()):
            for neighbour in graph.neighbors(code):
                target = owner[neighbour]
                if target == source or pops[source] <= pops[target]:
                    continue
                moved = units[code].population
                before = (pops[source] - mean) ** 2 + (pops[target] - mean) ** 2
                after = (pops[source] - moved - mean) ** 2 + (pops[target] + moved - mean) ** 2
                gain = before - after
                if (
                    gain > 0
                    and (best is None or gain > best[0])
                    and _still_contiguous(graph, regions[source], code)
                ):
                    best = (gain, code, source, target)
        if best is None:
            return
        _, code, source, target = best
        regions[source].remove(code)
        regions[target].add(code)
        owner[code] = target
        pops[source] -= units[code].population
        pops[target] += units[code].population


# --- bounded: zones within population bounds ---------------------------------------------


def bounded_regions(graph: nx.Graph, units: Mapping[str, Unit], bounds: Bounds) -> list[Region]:
    """Partition the graph into contiguous zones within *bounds* wherever whole communes allow."""
    large = sorted(c for c in graph.nodes if units[c].population > bounds.maximum)
    regions: list[set[str]] = [{code} for code in large]
    locked = set(range(len(regions)))
    rest = graph.subgraph(c for c in graph.nodes if c not in set(large))
    for component in sorted(nx.connected_components(rest), key=lambda c: sorted(c)[0]):
        regions.extend(_grow_component(rest.subgraph(component), units, bounds))
    _absorb_small(graph, units, bounds, regions, locked)
    return [frozenset(r) for r in regions if r]


def _grow_component(graph: nx.Graph, units: Mapping[str, Unit], bounds: Bounds) -> list[set[str]]:
    free = set(graph.nodes)
    regions: list[set[str]] = []
    while free:
        centre = _centroid(free, units)
        seed = max(free, key=lambda c: (_distance(centre, units[c]), c))
        region = {seed}
        free.remove(seed)
        total = units[seed].population
        while total < bounds.target:
            here = _centroid(region, units)
            frontier = [
                n
                for code in region
                for n in graph.neighbors(code)
                if n in free and total + units[n].population <= bounds.maximum
            ]
            if not frontier:
                break
            chosen = min(set(frontier), key=lambda c: (_distance(here, units[c]), c))
            region.add(chosen)
            free.remove(chosen)
            total += units[chosen].population
        regions.append(region)
    return regions


def _absorb_small(
    graph: nx.Graph,
    units: Mapping[str, Unit],
    bounds: Bounds,
    regions: list[set[str]],
    locked: set[int],
) -> None:
    """Merge zones under the minimum into a neighbour, or spread their communes over several."""
    changed = True
    while changed:
        changed = False
        owner = {code: i for i, region in enumerate(regions) for code in region}
        small = sorted(
            (i for i, r in enumerate(regions) if r and population(r, units) < bounds.minimum),
            key=lambda i: population(regions[i], units),
        )
        for i in small:
            size = population(regions[i], units)
            neighbours = {
                owner[n]
                for code in regions[i]
                for n in graph.neighbors(code)
                if owner[n] != i and owner[n] not in locked
            }
            fitting = [
                j for j in neighbours if population(regions[j], units) + size <= bounds.maximum
            ]
            if fitting:
                j = min(fitting, key=lambda j: (population(regions[j], units), j))
                regions[j] |= regions[i]
                regions[i] = set()
                changed = True
                break
            if _spread(graph, units, bounds, regions, locked, i):
                changed = True
                break


def _spread(
    graph: nx.Graph,
    units: Mapping[str, Unit],
    bounds: Bounds,
    regions: list[set[str]],
    locked: set[int],
    i: int,
) -> bool:
    """Hand the communes of zone *i* one by one to neighbours with room; all or nothing."""
    trial = [set(r) for r in regions]
    pending = set(trial[i])
    progress = True
    while pending and progress:
        progress = False
        owner = {code: j for j, region in enumerate(trial) for code in region}
        for code in sorted(pending):
            options = [
                owner[n]
                for n in graph.neighbors(code)
                if owner[n] != i
                and owner[n] not in locked
                and population(trial[owner[n]], units) + units[code].population <= bounds.maximum
            ]
            if options and (len(trial[i]) == 1 or _still_contiguous(graph, trial[i], code)):
                j = min(options, key=lambda j: (population(trial[j], units), j))
                trial[i].remove(code)
                trial[j].add(code)
                pending.remove(code)
                progress = True
                break
    if pending:
        return False
    regions[:] = trial
    return True
