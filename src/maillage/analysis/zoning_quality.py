"""How good a zoning is, and how it differs from another: the figures a proposal reports."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx
import shapely
from shapely.geometry.base import BaseGeometry

from maillage.analysis.contiguity import is_contiguous
from maillage.domain.territory import Bounds


def polsby_popper(geometry: BaseGeometry) -> float:
    """4πA / P²: 1 for a disc, near 0 for a long thin zone (metric CRS)."""
    perimeter = geometry.length
    return 4 * math.pi * geometry.area / (perimeter * perimeter) if perimeter else 0.0


@dataclass(frozen=True)
class Quality:
    zones: int
    population_min: int
    population_max: int
    population_cv: float  # coefficient of variation of zone populations
    outside_bounds: int  # zones below the minimum or above the maximum
    single_commune_above_maximum: int  # those above only because one commune is
    non_contiguous: int
    compactness: float  # mean Polsby-Popper of the dissolved zones

    def as_report(self) -> dict[str, float | int]:
        return dict(self.__dict__)


def quality(
    zones: Iterable[Iterable[str]],
    projected: Mapping[str, BaseGeometry],
    populations: Mapping[str, int],
    graph: nx.Graph,
    bounds: Bounds | None = None,
) -> Quality:
    groups = [set(z) for z in zones]
    sizes = [sum(populations.get(c, 0) for c in g) for g in groups]
    outside = 0
    single = 0
    for group, size in zip(groups, sizes, strict=True):
        if bounds is not None and not bounds.minimum <= size <= bounds.maximum:
            outside += 1
            single += int(len(group) == 1 and size > bounds.maximum)
    shapes = [shapely.union_all([projected[c] for c in g if c in projected]) for g in groups]
    mean = statistics.fmean(sizes) if sizes else 0.0
    return Quality(
        zones=len(groups),
        population_min=min(sizes, default=0),
        population_max=max(sizes, default=0),
        population_cv=statistics.pstdev(sizes) / mean if mean else 0.0,
        outside_bounds=outside,
        single_commune_above_maximum=single,
        non_contiguous=sum(not is_contiguous(graph, g) for g in groups),
        compactness=statistics.fmean(polsby_popper(s) for s in shapes) if shapes else 0.0,
    )


@dataclass(frozen=True)
class Move:
    commune: str
    before: str
    after: str
    population: int


def moves(
    before: Mapping[str, str], after: Mapping[str, str], populations: Mapping[str, int]
) -> tuple[dict[str, str], list[Move]]:
    """Communes that change zone between two zonings of the same communes.

    Each zone of *after* is matched with the zone of *before* it shares most inhabitants
    with; a commune moves when its new zone's match is not its old zone. Returns the
    matching and the moves.
    """
    shared: dict[tuple[str, str], int] = {}
    for commune, new in after.items():
        old = before.get(commune)
        if old is not None:
            shared[(new, old)] = shared.get((new, old), 0) + populations.get(commune, 0)
    match: dict[str, str] = {}
    for new, old in sorted(shared, key=lambda pair: (-shared[pair], pair)):
        match.setdefault(new, old)
    moved = [
        Move(c, before[c], after[c], populations.get(c, 0))
        for c in sorted(after)
        if c in before and match.get(after[c]) != before[c]
    ]
    return match, moved
