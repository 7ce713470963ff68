"""The nested territories of one zoning: commune → bassin de vie → OLS → region.

Built once from stored rows, then answers every question about levels, parents,
children and populations without touching storage again.

A commune split into statistical sectors appears under each bassin it is split into as
a *commune part* (level commune, code ``refnis.bassin``, e.g. ``62063.BV-012``), whose
population is the commune's, apportioned by the parts' sector populations so that the
parts add up exactly. The whole split commune stays known by its REFNIS code (its page,
its stored values) but is nobody's child: it sits under the OLS holding all its parts,
or under the region, so that nothing is counted twice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from maillage.domain.sectors import apportion, commune_part_code
from maillage.domain.territory import (
    REGION_CODE,
    Level,
    SectorAssignment,
    Zone,
    reform_region_name,
)
from maillage.errors import UnknownTerritory
from maillage.i18n import gettext as _


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
        sectors: Sequence[SectorAssignment] = (),
        sector_populations: Mapping[str, int] | None = None,
    ) -> None:
        """*assignments* maps each whole commune to its (bassin, OLS); populations are per
        commune. *sectors* are the sectors of split communes, weighted by
        *sector_populations* to apportion their commune's population.

        Without *region_name* the region is the reform's, named in the reader's language
        when asked (a hierarchy is memoised across requests of every language). Its
        population is the sum over the assigned communes only.
        """
        self._region_name = region_name
        self._names: dict[str, str] = {REGION_CODE: region_name or ""}
        self._levels: dict[str, Level] = {REGION_CODE: Level.REGION}
        self._parent: dict[str, str] = {}
        self._children: dict[str, list[str]] = {REGION_CODE: []}
        self._part_of: dict[str, str] = {}  # commune part → its commune's REFNIS
        self._parts: dict[str, list[str]] = {}  # split commune → its parts
        self._sectors: dict[str, list[str]] = {}  # commune part → its sectors
        for sector in sectors:
            part = commune_part_code(sector.refnis, sector.bassin.code)
            self._sectors.setdefault(part, []).append(sector.sector_code)
        leaves: dict[str, tuple[str, Zone, Zone, int]] = {
            refnis: (commune_names[refnis], bassin, ols, populations.get(refnis, 0))
            for refnis, (bassin, ols) in assignments.items()
        }
        for refnis, pieces in self._split(sectors, sector_populations or {}).items():
            whole = populations.get(refnis, 0)
            shares = apportion(whole, {code: weight for code, (_b, _o, weight) in pieces.items()})
            name = _("{commune} (part)").format(commune=commune_names[refnis])
            for bassin_code, (bassin, ols, _weight) in pieces.items():
                part = commune_part_code(refnis, bassin_code)
                leaves[part] = (name, bassin, ols, shares[bassin_code])
                self._part_of[part] = refnis
                self._parts.setdefault(refnis, []).append(part)
            holders = {ols.code for _b, ols, _w in pieces.values()}
            self._names[refnis] = commune_names[refnis]
            self._levels[refnis] = Level.COMMUNE
            self._parent[refnis] = holders.pop() if len(holders) == 1 else REGION_CODE
        for code, (name, bassin, ols, _count) in sorted(leaves.items()):
            self._names[code] = name
            self._levels[code] = Level.COMMUNE
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
            self._parent[code] = bassin.code
            self._children[bassin.code].append(code)
        self._population: dict[str, int] = {r: populations.get(r, 0) for r in self._parts}
        for leaf, (_name, _bassin, _ols, count) in leaves.items():
            up: str | None = leaf
            while up is not None:
                self._population[up] = self._population.get(up, 0) + count
                up = self._parent.get(up)

    @staticmethod
    def _split(
        sectors: Sequence[SectorAssignment], weights: Mapping[str, int]
    ) -> dict[str, dict[str, tuple[Zone, Zone, int]]]:
        """Split commune → bassin code → (bassin, OLS, inhabitants of its sectors there)."""
        pieces: dict[str, dict[str, tuple[Zone, Zone, int]]] = {}
        for sector in sectors:
            found = pieces.setdefault(sector.refnis, {})
            _bassin, _ols, weight = found.get(sector.bassin.code, (sector.bassin, sector.ols, 0))
            found[sector.bassin.code] = (
                sector.bassin,
                sector.ols,
                weight + weights.get(sector.sector_code, 0),
            )
        return pieces

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
        """REFNIS of every commune with inhabitants in *code*, whole or in part, once each
        (see ``commune_shares`` for how much of each)."""
        return list(dict.fromkeys(self._part_of.get(leaf, leaf) for leaf in self._leaves(code)))

    def _leaves(self, code: str) -> list[str]:
        if self.get(code).level is Level.COMMUNE:
            return self._parts.get(code, [code])
        return [leaf for child in self._children[code] for leaf in self._leaves(child)]

    def commune_shares(self, code: str) -> dict[str, float]:
        """REFNIS → the share of that commune's population inside *code* (1.0 when whole).

        A territory holding every part of a split commune holds it whole (exactly 1.0).
        """
        inside: dict[str, list[str]] = {}
        for leaf in self._leaves(code):
            refnis = self._part_of.get(leaf, leaf)
            inside.setdefault(refnis, []).append(leaf)
        shares: dict[str, float] = {}
        for refnis, leaves in inside.items():
            parts = self._parts.get(refnis)
            if parts is None or len(leaves) == len(parts):
                shares[refnis] = 1.0
                continue
            whole = self._population.get(refnis, 0)
            held = sum(self._population.get(leaf, 0) for leaf in leaves)
            shares[refnis] = held / whole if whole else len(leaves) / len(parts)
        return shares

    def part_sectors(self, code: str, refnis: str) -> list[str]:
        """The statistical sectors of split commune *refnis* inside territory *code*."""
        return [
            sector
            for leaf in self._leaves(code)
            if self._part_of.get(leaf) == refnis
            for sector in self._sectors.get(leaf, [])
        ]

    def split_communes(self, code: str) -> list[str]:
        """REFNIS of the communes only partly inside *code*."""
        return [r for r, share in self.commune_shares(code).items() if share < 1.0]

    def parts_of(self, refnis: str) -> list[str]:
        """The commune parts of a split commune (empty for a whole one)."""
        return list(self._parts.get(refnis, []))

    def commune_of_part(self, code: str) -> str | None:
        """The REFNIS of the commune *code* is a part of (None if it is not a part)."""
        return self._part_of.get(code)

    def at_level(self, level: Level) -> list[Territory]:
        return [self.get(code) for code, lvl in sorted(self._levels.items()) if lvl is level]

    def ancestor_at(self, code: str, level: Level) -> Territory | None:
        territory: Territory | None = self.get(code)
        while territory is not None and territory.level is not level:
            territory = self.parent(territory.code)
        return territory
