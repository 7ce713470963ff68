"""How the structures of a layer lie over the territories of a zoning, and which communes
a proposal must keep together to respect a layer.

Populations are counted on communes: the inhabitants a structure and a territory share
are those of the communes in both. A commune outside every territory (a German-language
commune, outside the reform) counts for neither side.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from maillage.domain.layers import Congruence, Overlap, OverlapRow


def _share(part: int, whole: int) -> float:
    return part / whole if whole > 0 else 0.0


def overlap(
    structures: Mapping[str, Collection[str]],
    territories: Mapping[str, Collection[str]],
    populations: Mapping[str, int],
    structure_names: Mapping[str, str] | None = None,
    territory_names: Mapping[str, str] | None = None,
) -> Overlap:
    """One row per (structure, territory) sharing at least one commune, and a summary.

    *territories* must not share communes (they are the bassins or the OLS of one
    zoning); structures may. A structure's population is that of its communes inside
    the territories, so that its shares sum to 1 whenever it has inhabitants there.
    """
    territory_of = {c: t for t, members in territories.items() for c in members}
    territory_population = {
        t: sum(populations.get(c, 0) for c in members) for t, members in territories.items()
    }
    structure_population: dict[str, int] = {}
    shared: dict[tuple[str, str], int] = {}
    for code, members in structures.items():
        inside = {c for c in members if c in territory_of}
        structure_population[code] = sum(populations.get(c, 0) for c in inside)
        for commune in sorted(inside):
            key = (code, territory_of[commune])
            shared[key] = shared.get(key, 0) + populations.get(commune, 0)
    snames = structure_names or {}
    tnames = territory_names or {}
    rows = tuple(
        OverlapRow(
            structure,
            snames.get(structure, structure),
            territory,
            tnames.get(territory, territory),
            people,
            _share(people, territory_population[territory]),
            _share(people, structure_population[structure]),
        )
        for (structure, territory), people in sorted(shared.items())
    )
    per_territory: dict[str, int] = {}
    per_structure: dict[str, int] = {}
    for structure, territory in shared:
        per_territory[territory] = per_territory.get(territory, 0) + 1
        per_structure[structure] = per_structure.get(structure, 0) + 1
    congruence = Congruence(
        territories_single=tuple(sorted(t for t in territories if per_territory.get(t) == 1)),
        territories_multiple=tuple(sorted(t for t in territories if per_territory.get(t, 0) > 1)),
        territories_uncovered=tuple(sorted(t for t in territories if t not in per_territory)),
        structures_whole=tuple(sorted(s for s in structures if per_structure.get(s) == 1)),
        structures_split=tuple(sorted(s for s in structures if per_structure.get(s, 0) > 1)),
        structures_outside=tuple(sorted(s for s in structures if s not in per_structure)),
    )
    return Overlap(rows, congruence, territory_population, structure_population)


def linked_groups(structures: Mapping[str, Collection[str]]) -> dict[str, str]:
    """Communes linked by sharing a structure, directly or through others, by group.

    Each commune of any structure maps to the smallest commune code of its group (the
    connected components of the commune–structure graph); communes of no structure are
    absent. A proposal respecting the layer never puts one group in two bassins.
    """
    parent: dict[str, str] = {}

    def root(code: str) -> str:
        while parent[code] != code:
            parent[code] = parent[parent[code]]
            code = parent[code]
        return code

    for members in structures.values():
        ordered = sorted(members)
        for commune in ordered:
            parent.setdefault(commune, commune)
        for commune in ordered[1:]:
            a, b = root(ordered[0]), root(commune)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return {commune: root(commune) for commune in parent}
