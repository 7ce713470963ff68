"""Statbel statistical sectors: the pieces a large commune is split into.

A bassin de vie may be a part of a large commune (seed 000: "un quartier"). The
smallest territory Statbel publishes figures for is the statistical sector, so a split
commune is assigned sector by sector. This module reads Statbel's sector records and
apportions a commune's population between its parts so that they add up exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from maillage.errors import Problem, ProblemList
from maillage.i18n import gettext as _

# Five digits of the commune (as coded when the sector was drawn), then four characters:
# "62063A00-", "52011B21-", "62063ZZZZ" (inhabitants Statbel could not locate).
SECTOR_CODE_PATTERN = re.compile(r"^[0-9]{5}[A-Z0-9][A-Z0-9-]{3}$")

# Attribute names of Statbel's files, first match wins (case-insensitive).
SECTOR_FIELDS = ("CD_SECTOR",)
COMMUNE_FIELDS = ("CD_MUNTY_REFNIS", "CD_REFNIS")
NAME_FR_FIELDS = ("TX_SECTOR_DESCR_FR", "TX_DESCR_SECTOR_FR")
NAME_NL_FIELDS = ("TX_SECTOR_DESCR_NL", "TX_DESCR_SECTOR_NL")
POPULATION_FIELDS = ("TOTAL", "POPULATION", "MS_POPULATION")


@dataclass(frozen=True)
class Sector:
    """One statistical sector as read; *geometry* is GeoJSON in the file's coordinates."""

    code: str
    refnis: str
    name_fr: str
    name_nl: str
    population: int | None
    geometry: dict[str, Any] | None


def commune_part_code(refnis: str, bassin_code: str) -> str:
    """The code of the part of commune *refnis* inside a bassin (zone codes allow '.')."""
    return f"{refnis}.{bassin_code}"


def apportion(total: int, weights: Mapping[str, int]) -> dict[str, int]:
    """*total* split in proportion to *weights*, by largest remainder, in whole numbers.

    The parts always add up to *total* and none is negative; without any weight the
    split is even. Ties go to the smaller key, so the result never depends on order.
    """
    if total < 0:
        raise ValueError("cannot apportion a negative total")
    if not weights:
        return {}
    keys = sorted(weights)
    if any(weights[k] < 0 for k in keys):
        raise ValueError("weights cannot be negative")
    used = {k: weights[k] for k in keys} if sum(weights.values()) > 0 else dict.fromkeys(keys, 1)
    weight_sum = sum(used.values())
    parts = {k: total * used[k] // weight_sum for k in keys}
    remainders = {k: total * used[k] % weight_sum for k in keys}
    left = total - sum(parts.values())
    for key in sorted(keys, key=lambda k: (-remainders[k], k))[:left]:
        parts[key] += 1
    return parts


def _field(properties: Mapping[str, Any], names: Iterable[str]) -> tuple[str, str] | None:
    """(name as written, text) of the first of *names* present, case-insensitively."""
    upper = {str(k).upper(): k for k in properties}
    for name in names:
        if name in upper:
            key = upper[name]
            value = properties[key]
            return str(key), "" if value is None else str(value).strip()
    return None


def _count(text: str) -> int | None:
    """A population as Statbel writes it ("1234", "1234.0"); None when not a count."""
    try:
        number = float(text.replace(" ", ""))
    except ValueError:
        return None
    if number != number or number < 0 or number != int(number) or number > 10_000_000:
        return None
    return int(number)


@dataclass
class SectorReader:
    """Checks sector records one by one, remembering only codes (bounded memory)."""

    file: str
    communes: Mapping[str, str]  # current REFNIS → itself; older codes → current
    problems: ProblemList
    seen: dict[str, int]  # sector code → line or feature number where first read
    skipped: int = 0  # sectors of communes outside Wallonia

    def fail(self, where: int, column: str | None, value: str | None, expected: str) -> None:
        if self.problems.full:
            self.problems.count += 1
        else:
            self.problems.add(Problem(self.file, where, column, value, expected))

    def sector(self, where: int, properties: Mapping[str, Any]) -> tuple[str, str] | None:
        """(sector code, current REFNIS) of a record, or None (a fault, or not Walloon)."""
        code_field = _field(properties, SECTOR_FIELDS)
        commune_field = _field(properties, COMMUNE_FIELDS)
        if code_field is None:
            self.fail(where, SECTOR_FIELDS[0], None, _("missing field"))
            return None
        if commune_field is None:
            self.fail(where, COMMUNE_FIELDS[0], None, _("missing field"))
            return None
        code = code_field[1].upper()
        refnis = commune_field[1]
        if not SECTOR_CODE_PATTERN.match(code):
            self.fail(
                where,
                code_field[0],
                code,
                _("expected a Statbel sector code of 9 characters, such as 62063A00-"),
            )
            return None
        if not re.fullmatch(r"[0-9]{5}", refnis):
            self.fail(where, commune_field[0], refnis, _("expected a REFNIS code of 5 digits"))
            return None
        if refnis not in self.communes:
            self.skipped += 1
            return None
        if code in self.seen:
            self.fail(
                where,
                code_field[0],
                code,
                _("this sector is already on line {first}").format(first=self.seen[code]),
            )
            return None
        self.seen[code] = where
        return code, self.communes[refnis]

    def population(self, where: int, properties: Mapping[str, Any]) -> int | None:
        found = _field(properties, POPULATION_FIELDS)
        if found is None or found[1] == "":
            return None
        count = _count(found[1])
        if count is None:
            self.fail(where, found[0], found[1], _("expected a whole number of inhabitants"))
        return count

    def feature(self, where: int, record: Any) -> Sector | None:
        """A GeoJSON feature of the boundaries file, checked."""
        if not isinstance(record, dict) or not isinstance(record.get("properties"), dict):
            self.fail(where, None, None, _("expected a GeoJSON feature with properties"))
            return None
        properties = record["properties"]
        found = self.sector(where, properties)
        if found is None:
            return None
        geometry = record.get("geometry")
        if geometry is not None and (
            not isinstance(geometry, dict)
            or geometry.get("type") not in ("Polygon", "MultiPolygon")
        ):
            self.fail(where, "geometry", None, _("expected a Polygon or a MultiPolygon"))
            return None
        names = [_field(properties, f) for f in (NAME_FR_FIELDS, NAME_NL_FIELDS)]
        return Sector(
            found[0],
            found[1],
            names[0][1] if names[0] else "",
            names[1][1] if names[1] else "",
            self.population(where, properties),
            geometry,
        )
