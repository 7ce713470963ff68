"""The computed zoning proposal installed until the official OLS composition is loaded.

Method (also stored with the zoning and shown beside it):

1. OLS seats are shared between the provinces by the largest-remainder method on
   population, at least one per province, so that OLS territories nest in provinces.
2. In each province, communes are cut into that many contiguous zones of balanced
   population (``balanced_regions``) on the rook-contiguity graph of the province.
3. In each OLS territory, communes are grouped into bassins de vie of
   ``bounds.minimum``–``bounds.maximum`` inhabitants grown towards ``bounds.target``
   (``bounded_regions``). A commune above the maximum is never split: it forms a bassin
   on its own (splitting it would need statistical-sector data).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from maillage.analysis.contiguity import contiguity_graph
from maillage.analysis.regionalisation import (
    Region,
    Unit,
    balanced_regions,
    bounded_regions,
    population,
)
from maillage.domain.territory import Bounds

DEFAULT_OLS_COUNT = 10
DEFAULT_BASSIN_BOUNDS = Bounds(minimum=10_000, maximum=60_000, target=30_000)


@dataclass(frozen=True)
class ProposedOls:
    province: str
    communes: Region
    bassins: tuple[Region, ...]


def seats_by_largest_remainder(populations: Mapping[str, int], seats: int) -> dict[str, int]:
    """Share *seats* in proportion to population, each group getting at least one."""
    if seats < len(populations):
        raise ValueError("fewer seats than groups")
    total = sum(populations.values())
    quotas = {g: seats * p / total for g, p in populations.items()}
    shares = {g: max(1, int(q)) for g, q in quotas.items()}
    while sum(shares.values()) < seats:
        shares[max(quotas, key=lambda g: (quotas[g] - shares[g], g))] += 1
    while sum(shares.values()) > seats:
        shares[
            min((g for g in shares if shares[g] > 1), key=lambda g: (quotas[g] - shares[g], g))
        ] -= 1
    return shares


def propose(
    projected: Mapping[str, BaseGeometry],
    populations: Mapping[str, int],
    provinces: Mapping[str, str],
    ols_count: int = DEFAULT_OLS_COUNT,
    bassin_bounds: Bounds = DEFAULT_BASSIN_BOUNDS,
    arrondissements: Mapping[str, str] | None = None,
    together: Mapping[str, str] | None = None,
) -> list[ProposedOls]:
    """OLS zones within provinces, then bassins within bounds inside each OLS.

    With *arrondissements*, bassins never cross an arrondissement border (their graph
    loses the edges between communes of different arrondissements). With *together*
    (commune → group), the communes of one group are never split between bassins, nor
    between OLS: within each province a group is one unit of the algorithms (OLS nest
    in provinces, so a group spanning two provinces is kept whole in each). The two
    rules are not combined.
    """
    units = {
        code: Unit(code, populations[code], geometry.centroid.x, geometry.centroid.y)
        for code, geometry in projected.items()
    }
    if together is not None:
        if arrondissements is not None:
            raise ValueError("respect either arrondissements or groups, not both")
        return _propose_together(projected, units, provinces, ols_count, bassin_bounds, together)
    members: dict[str, list[str]] = {}
    for code in sorted(projected):
        members.setdefault(provinces[code], []).append(code)
    seats = seats_by_largest_remainder(
        {p: population(codes, units) for p, codes in members.items()}, ols_count
    )
    proposal: list[ProposedOls] = []
    for province in sorted(members):
        graph = contiguity_graph({c: projected[c] for c in members[province]})
        for ols in balanced_regions(graph, units, seats[province]):
            inside = nx.Graph(graph.subgraph(ols))
            if arrondissements is not None:
                inside.remove_edges_from(
                    [
                        (a, b)
                        for a, b in list(inside.edges)
                        if arrondissements[a] != arrondissements[b]
                    ]
                )
            bassins = bounded_regions(inside, units, bassin_bounds)
            ordered = sorted(bassins, key=lambda b: (-population(b, units), sorted(b)[0]))
            proposal.append(ProposedOls(province, ols, tuple(ordered)))
    return proposal


def _propose_together(
    projected: Mapping[str, BaseGeometry],
    units: Mapping[str, Unit],
    provinces: Mapping[str, str],
    ols_count: int,
    bassin_bounds: Bounds,
    together: Mapping[str, str],
) -> list[ProposedOls]:
    """``propose`` on groups of communes contracted into single units, then expanded."""
    group_of = {c: f"{provinces[c]}:{together.get(c, c)}" for c in projected}
    groups: dict[str, list[str]] = {}
    for code in sorted(projected):
        groups.setdefault(group_of[code], []).append(code)
    # A group is named after its smallest commune: its projected shape is their union.
    label = {key: members[0] for key, members in groups.items()}
    contracted = {
        label[key]: unary_union([projected[c] for c in members]) for key, members in groups.items()
    }
    contracted_population = {
        label[key]: sum(units[c].population for c in members) for key, members in groups.items()
    }
    found = propose(
        contracted,
        contracted_population,
        {label[key]: provinces[members[0]] for key, members in groups.items()},
        ols_count,
        bassin_bounds,
    )
    members_of = {label[key]: members for key, members in groups.items()}

    def expand(region: Region) -> Region:
        return frozenset(c for unit in region for c in members_of[unit])

    return [
        ProposedOls(o.province, expand(o.communes), tuple(expand(b) for b in o.bassins))
        for o in found
    ]
