"""Graph measures over the architecture's flows (networkx): degrees and pivots per level,
cycles, routes and reach, bodies with alike compositions, the timing of flows, neighbours
and double roles. ``analysis.flows`` reads them as the seed reads its diagrams.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import combinations, pairwise

import networkx as nx

from maillage.domain.architecture import (
    DEFAULT_SIMILARITY,
    Architecture,
    Flow,
    FlowKind,
    InstitutionLevel,
    neighbour_map,
)

MAX_PATHS = 12
MAX_CYCLE_LENGTH = 6


def graph(architecture: Architecture, kind: FlowKind | None = None) -> nx.MultiDiGraph:
    """Every structure is a node, even without flows: isolation is a finding."""
    found = nx.MultiDiGraph()
    for structure in architecture.structures:
        found.add_node(structure.code, level=structure.level.value)
    for flow in architecture.flows_of(kind):
        found.add_edge(flow.source, flow.target, kind=flow.kind.value, flow=flow)
    return found


def _simple(found: nx.MultiDiGraph) -> nx.DiGraph:
    simple = nx.DiGraph()
    simple.add_nodes_from(found.nodes)
    simple.add_edges_from((a, b) for a, b in found.edges() if a != b)
    return simple


@dataclass(frozen=True)
class Degree:
    code: str
    incoming: int
    outgoing: int
    betweenness: float

    @property
    def total(self) -> int:
        return self.incoming + self.outgoing


@dataclass(frozen=True)
class KindReading:
    """One diagram (a flow kind) or the overall picture (kind None)."""

    kind: FlowKind | None
    degrees: tuple[Degree, ...]  # most connected first
    isolated: tuple[str, ...]  # no flow of this kind at all
    pivots: tuple[str, ...]  # every path from the bassins to the macro level crosses them
    cycles: tuple[tuple[str, ...], ...]  # directed circuits, reciprocal pairs included

    def degree(self, code: str) -> Degree:
        return next(d for d in self.degrees if d.code == code)


def read_kind(architecture: Architecture, kind: FlowKind | None) -> KindReading:
    found = graph(architecture, kind)
    simple = _simple(found)
    between = nx.betweenness_centrality(simple, normalized=True)
    degrees = sorted(
        (
            Degree(code, found.in_degree(code), found.out_degree(code), between[code])
            for code in found.nodes
        ),
        key=lambda d: (-d.total, -d.betweenness, d.code),
    )
    isolated = tuple(d.code for d in degrees if d.total == 0)
    return KindReading(
        kind,
        tuple(degrees),
        tuple(sorted(isolated)),
        level_pivots(architecture, kind),
        cycles(architecture, kind),
    )


def level_pivots(
    architecture: Architecture,
    kind: FlowKind | None = None,
    lower: InstitutionLevel = InstitutionLevel.MICRO,
    upper: InstitutionLevel = InstitutionLevel.MACRO,
) -> tuple[str, ...]:
    """Structures without which no *lower* structure reaches the *upper* level any more.

    Arrows are read both ways: a pivot carries what goes up and what comes down.
    """
    undirected = nx.Graph(_simple(graph(architecture, kind)))
    lows = {s.code for s in architecture.at_level(lower)}
    highs = {s.code for s in architecture.at_level(upper)}

    def linked(network: nx.Graph) -> set[str]:
        return {
            low
            for low in lows
            if low in network
            and any(nx.has_path(network, low, high) for high in highs if high in network)
        }

    connected = linked(undirected)
    if not connected:
        return ()
    pivots = []
    for code in sorted(undirected.nodes):
        if code in lows or code in highs:
            continue
        without = undirected.copy()
        without.remove_node(code)
        if not linked(without) & connected:
            pivots.append(code)
    return tuple(pivots)


def cycles(architecture: Architecture, kind: FlowKind | None = None) -> tuple[tuple[str, ...], ...]:
    simple = _simple(graph(architecture, kind))
    found = [tuple(c) for c in nx.simple_cycles(simple, length_bound=MAX_CYCLE_LENGTH)]
    # Start each circuit at its smallest code so that the list reads the same every time.
    normalised = {c[c.index(min(c)) :] + c[: c.index(min(c))] for c in found}
    return tuple(sorted(normalised, key=lambda c: (len(c), c)))


@dataclass(frozen=True)
class Route:
    steps: tuple[str, ...]
    flows: tuple[Flow, ...]  # one flow per hop (the first declared for that hop)


def routes(
    architecture: Architecture,
    source: str,
    target: str,
    kind: FlowKind | None = None,
    limit: int = MAX_PATHS,
) -> tuple[Route, ...]:
    """How something leaving *source* can reach *target*, following arrows, shortest first."""
    architecture.structure(source)
    architecture.structure(target)
    if source == target:
        return ()
    found = graph(architecture, kind)
    simple = _simple(found)
    if not nx.has_path(simple, source, target):
        return ()
    paths: list[tuple[str, ...]] = []
    for path in nx.shortest_simple_paths(simple, source, target):
        paths.append(tuple(path))
        if len(paths) >= limit:
            break
    return tuple(Route(path, tuple(_hop(found, a, b) for a, b in pairwise(path))) for path in paths)


def _hop(found: nx.MultiDiGraph, a: str, b: str) -> Flow:
    data = found.get_edge_data(a, b)
    flows: list[Flow] = [d["flow"] for d in data.values()]
    return min(flows, key=lambda f: (f.kind.value, f.id))


def reachable(
    architecture: Architecture, source: str, kind: FlowKind | None = None
) -> tuple[str, ...]:
    architecture.structure(source)
    return tuple(sorted(nx.descendants(_simple(graph(architecture, kind)), source)))


def jaccard(first: Iterable[str], second: Iterable[str]) -> float:
    a = {x.casefold() for x in first}
    b = {x.casefold() for x in second}
    return len(a & b) / len(a | b) if a | b else 0.0


@dataclass(frozen=True)
class Likeness:
    first: str
    second: str
    similarity: float
    shared: tuple[str, ...]


def alike_compositions(
    architecture: Architecture, threshold: float = DEFAULT_SIMILARITY
) -> tuple[Likeness, ...]:
    """Bodies whose member categories overlap at least *threshold* (Jaccard)."""
    if not 0 < threshold <= 1:
        raise ValueError(threshold)
    alike = []
    composed = [s for s in architecture.structures if s.composition]
    for first, second in combinations(composed, 2):
        similarity = jaccard(first.composition, second.composition)
        if similarity >= threshold:
            shared = sorted(set(first.composition) & set(second.composition))
            alike.append(Likeness(first.code, second.code, similarity, tuple(shared)))
    return tuple(sorted(alike, key=lambda x: (-x.similarity, x.first, x.second)))


@dataclass(frozen=True)
class Timing:
    on: date
    not_yet: tuple[Flow, ...]  # dated after *on*
    undated: tuple[Flow, ...]  # a timing note says the date matters, no date given


def timing(architecture: Architecture, on: date) -> Timing:
    not_yet = tuple(f for f in architecture.flows if f.available_from and f.available_from > on)
    undated = tuple(f for f in architecture.flows if f.available_from is None and f.timing_note)
    return Timing(on, not_yet, undated)


def neighbours(
    architecture: Architecture, code: str, kind: FlowKind | None = None
) -> tuple[str, ...]:
    architecture.structure(code)
    return neighbour_map(architecture, kind)[code]


def double_roles(architecture: Architecture) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Structures that others account to and that also supply those same others."""
    roles = []
    for structure in architecture.structures:
        accountable = {
            f.source
            for f in architecture.flows_of(FlowKind.ACCOUNTABILITY)
            if f.target == structure.code
        }
        supplied = {
            f.target
            for f in architecture.flows_of(FlowKind.INFORMATION)
            if f.source == structure.code
        }
        both = accountable & supplied
        if both:
            roles.append((structure.code, tuple(sorted(both))))
    return tuple(roles)


def link_kinds(architecture: Architecture) -> dict[frozenset[str], set[FlowKind]]:
    """The kinds of flow that join each pair of structures, whatever their direction."""
    kinds: dict[frozenset[str], set[FlowKind]] = {}
    for flow in architecture.flows:
        if flow.source != flow.target:
            kinds.setdefault(frozenset((flow.source, flow.target)), set()).add(flow.kind)
    return kinds


def direction_counts(architecture: Architecture, kind: FlowKind) -> tuple[int, int, int]:
    """Flows going down towards the bassins, going up, and within one level."""
    down = up = across = 0
    for flow in architecture.flows_of(kind):
        step = (
            architecture.structure(flow.source).level.rank
            - architecture.structure(flow.target).level.rank
        )
        if step > 0:
            down += 1
        elif step < 0:
            up += 1
        else:
            across += 1
    return down, up, across
