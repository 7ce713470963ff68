"""The nested territories of one zoning: commune → bassin de vie → OLS → region.

Built once from stored rows, then answers every question about levels, parents,
children and populations without touching storage again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from maillage.domain.territory import REGION_CODE, Level, Zone, reform_region_name
from maillage.errors import UnknownTerritory


@dataclass(frozen=True)
class Territory:
    code: str
    level: Level
    name: str
    population: int


class Hierarchy:
    def __init__(
        self,
        region_name: str | None,
        commune_names: Mapping[str, str],
        assignments: Mapping[str, tuple[Zone, Zone]],
        populations: Mapping[str, int],
    ) -> None:
        """*assignments* maps each commune to its (bassin, OLS); populations are per commune.

        Without *region_name* the region is the reform's, named in the reader's language
        when asked (a hierarchy is memoised across requests of every language). Its
        population is the sum over the assigned communes only.
        """
        self._region_name = region_name
        self._names: dict[str, str] = {REGION_CODE: region_name or ""}
        self._levels: dict[str, Level] = {REGION_CODE: Level.REGION}
        self._parent: dict[str, str] = {}
        self._children: dict[str, list[str]] = {REGION_CODE: []}
        for refnis, (bassin, ols) in sorted(assignments.items()):
            self._names[refnis] = commune_names[refnis]
            self._levels[refnis] = Level.COMMUNE
            for zone, level, parent in (
                (ols, Level.OLS, REGION_CODE),
                (bassin, Level.BASSIN, ols.code),
            ):
                if zone.code not in self._levels:
                    self._names[zone.code] = zone.name
                    self._levels[zone.code] = level
                    self._parent[zone.code] = parent
                    self._children.setdefault(zone.code, [])
                    self._children[parent].append(zone.code)
            self._parent[refnis] = bassin.code
            self._children[bassin.code].append(refnis)
        self._population: dict[str, int] = {}
        for refnis in assignments:
            count = populations.get(refnis, 0)
            code: str | None = refnis
            while code is not None:
                self._population[code] = self._population.get(code, 0) + count
                code = self._parent.get(code)

    def __contains__(self, code: object) -> bool:
        return code in self._levels

    def get(self, code: str) -> Territory:
        if code not in self._levels:
            raise UnknownTerritory(code)
        name = self._names[code]
        if code == REGION_CODE and self._region_name is None:
            name = reform_region_name()
        return Territory(code, self._levels[code], name, self._population.get(code, 0))

    def at(self, code: str, level: Level) -> Territory | None:
        """*code* if it is a territory of *level* here; callers word their own refusal."""
        if self._levels.get(code) is not level:
            return None
        return self.get(code)

    def parent(self, code: str) -> Territory | None:
        parent = self._parent.get(self.get(code).code)
        return self.get(parent) if parent else None

    def ancestors(self, code: str) -> list[Territory]:
        """From the region down to the direct parent (a breadcrumb)."""
        chain: list[Territory] = []
        parent = self.parent(code)
        while parent is not None:
            chain.append(parent)
            parent = self.parent(parent.code)
        return list(reversed(chain))

    def children(self, code: str) -> list[Territory]:
        self.get(code)
        return [self.get(child) for child in sorted(self._children.get(code, []))]

    def descendants(self, code: str) -> list[Territory]:
        """Every territory nested in *code*, at any depth (not *code* itself)."""
        found: list[Territory] = []
        for child in self.children(code):
            found.append(child)
            found.extend(self.descendants(child.code))
        return found

    def communes_of(self, code: str) -> list[str]:
        territory = self.get(code)
        if territory.level is Level.COMMUNE:
            return [code]
        return [c for child in self._children[code] for c in self.communes_of(child)]

    def at_level(self, level: Level) -> list[Territory]:
        return [self.get(code) for code, lvl in sorted(self._levels.items()) if lvl is level]

    def ancestor_at(self, code: str, level: Level) -> Territory | None:
        territory: Territory | None = self.get(code)
        while territory is not None and territory.level is not level:
            territory = self.parent(territory.code)
        return territory
