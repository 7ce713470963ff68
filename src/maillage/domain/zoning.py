"""Validation of a zoning brought as a table (one row per commune).

Every fault is collected with its line, field and value before anything is stored, so
that a file is either taken whole or refused whole. Rows are checked as they stream in;
what is remembered is bounded by the number of communes (a repeated commune is a fault),
so a file of any length costs bounded memory.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from maillage.domain.territory import (
    REFNIS_PATTERN,
    REGION_CODE,
    ZONE_CODE_PATTERN,
    Assignment,
    SectorAssignment,
    Zone,
    ZoningKind,
    ZoningPlan,
)
from maillage.errors import Problem, ProblemList
from maillage.i18n import gettext as _
from maillage.i18n import ngettext

ZONING_COLUMNS = ("refnis", "bassin_code", "bassin_name", "ols_code", "ols_name")
# Optional: a row with a sector assigns that Statbel statistical sector of a split commune.
SECTOR_COLUMN = "sector_code"


@dataclass(frozen=True)
class CodeConversion:
    """A commune code from an older geography, converted to the current one."""

    line: int
    old: str
    new: str


@dataclass
class ZoningReading:
    plan: ZoningPlan
    conversions: list[CodeConversion] = field(default_factory=list)


@dataclass
class _Checker:
    file: str
    problems: ProblemList = field(default_factory=ProblemList)

    def fail(self, line: int | None, column: str | None, value: str | None, expected: str) -> None:
        if self.problems.full:
            self.problems.count += 1
        else:
            self.problems.add(Problem(self.file, line, column, value, expected))


def read_zoning(
    rows: Iterable[tuple[int, Mapping[str, str]]],
    *,
    file: str,
    name: str,
    kind: ZoningKind,
    valid_from: date,
    method: str,
    communes: Mapping[str, str],
    code_changes: Mapping[str, str],
    problems: ProblemList | None = None,
    outside: Collection[str] = frozenset(),
    sectors: Mapping[str, str] | None = None,
) -> ZoningReading:
    """Turn rows into a plan covering each commune of the reform exactly once.

    *communes* maps each current REFNIS code of the reform (French-language region) to
    its name; *outside* holds the German-language communes, which no zoning may assign
    (the German-speaking Community's own competence); *code_changes* maps codes of older
    geographies (before the 2019 recoding or the 2025 mergers) to current codes.
    *sectors* maps each known statistical sector to its commune: a row whose
    ``sector_code`` is filled assigns that sector, and a commune so split must have every
    one of its sectors assigned, and no row of its own.
    Faults go to *problems* (shared with the file's reader); any refuses the file.
    """
    sectors = sectors or {}
    check = _Checker(file, problems if problems is not None else ProblemList())
    conversions: list[CodeConversion] = []
    seen: dict[str, tuple[int, str]] = {}  # refnis -> (line, bassin code)
    given: dict[str, int] = {}  # code as written in the file -> its line
    bassins: dict[str, tuple[int, Zone, str]] = {}  # code -> (first line, zone, ols code)
    ols_zones: dict[str, tuple[int, Zone]] = {}
    assignments: list[Assignment] = []
    sector_assignments: list[SectorAssignment] = []
    sector_lines: dict[str, int] = {}  # sector code -> its line
    split_lines: dict[str, int] = {}  # split commune -> first line of one of its sectors

    # Translated once: a file may repeat the same fault on millions of lines.
    not_refnis = _("expected a REFNIS code of 5 digits")
    unknown = _("unknown REFNIS code (expected a Walloon commune, current or pre-2025)")
    not_code = _("expected a code of 1 to 24 letters, digits, '.', '_' or '-'")
    not_zone = _("a commune or region code cannot name a zone")
    no_name = _("a name is required")
    not_reform = _(
        "a commune of the German-language region: competence of the German-speaking "
        "Community, outside the reform (it belongs to no bassin or OLS)"
    )
    for line, row in rows:
        refnis = row.get("refnis", "").strip()
        bassin = Zone(row.get("bassin_code", "").strip(), row.get("bassin_name", "").strip())
        ols = Zone(row.get("ols_code", "").strip(), row.get("ols_name", "").strip())
        ok = True
        conversion = None
        sector = row.get(SECTOR_COLUMN, "").strip().upper()
        if sector:
            if sector in sector_lines:
                check.fail(
                    line,
                    SECTOR_COLUMN,
                    sector,
                    _("this sector is already on line {first}").format(first=sector_lines[sector]),
                )
                continue
            if sector not in sectors:
                check.fail(line, SECTOR_COLUMN, sector, _("unknown statistical sector"))
                continue
            owner = sectors[sector]
            if owner in outside:
                check.fail(line, SECTOR_COLUMN, sector, not_reform)
                continue
            if code_changes.get(refnis, refnis) != owner:
                check.fail(
                    line,
                    "refnis",
                    refnis,
                    _("sector {sector} belongs to commune {refnis}").format(
                        sector=sector, refnis=owner
                    ),
                )
                continue
            if owner in seen:
                check.fail(
                    line,
                    SECTOR_COLUMN,
                    sector,
                    _("commune {refnis} is assigned whole on line {first}").format(
                        refnis=owner, first=seen[owner][0]
                    ),
                )
                continue
            sector_lines[sector] = line
            split_lines.setdefault(owner, line)
            refnis = owner
        elif refnis in split_lines:
            check.fail(
                line,
                "refnis",
                refnis,
                _("this commune is split into sectors (line {first})").format(
                    first=split_lines[refnis]
                ),
            )
            continue
        elif not REFNIS_PATTERN.match(refnis):
            check.fail(line, "refnis", refnis, not_refnis)
            ok = False
        elif refnis in given:
            check.fail(
                line,
                "refnis",
                refnis,
                _("this commune is already on line {first}").format(first=given[refnis]),
            )
            continue
        elif refnis in outside or code_changes.get(refnis) in outside:
            given[refnis] = line
            check.fail(line, "refnis", refnis, not_reform)
            ok = False
        elif refnis not in communes:
            if refnis in code_changes:
                given[refnis] = line
                conversion = CodeConversion(line, refnis, code_changes[refnis])
                refnis = code_changes[refnis]
            else:
                check.fail(line, "refnis", refnis, unknown)
                ok = False
        else:
            given[refnis] = line
        for column, code in (("bassin_code", bassin.code), ("ols_code", ols.code)):
            if not ZONE_CODE_PATTERN.match(code):
                check.fail(line, column, code, not_code)
                ok = False
            elif code in communes or code in outside or code == REGION_CODE:
                check.fail(line, column, code, not_zone)
                ok = False
        for column, label in (("bassin_name", bassin.name), ("ols_name", ols.name)):
            if not label:
                check.fail(line, column, label, no_name)
                ok = False
        if not ok:
            continue
        if refnis in seen and seen[refnis][1] != bassin.code:
            first_line, first_bassin = seen[refnis]
            check.fail(
                line,
                "refnis",
                row.get("refnis", ""),
                _("commune {refnis} is already in bassin {bassin} (line {first})").format(
                    refnis=refnis, bassin=first_bassin, first=first_line
                ),
            )
            continue
        if bassin.code == ols.code or bassin.code in ols_zones or ols.code in bassins:
            check.fail(
                line, "bassin_code", bassin.code, _("a code cannot name both a bassin and an OLS")
            )
            continue
        if bassin.code in bassins:
            first_line, known, known_ols = bassins[bassin.code]
            if known.name != bassin.name:
                check.fail(
                    line,
                    "bassin_name",
                    bassin.name,
                    _("line {first} names this bassin “{name}”").format(
                        first=first_line, name=known.name
                    ),
                )
                continue
            if known_ols != ols.code:
                check.fail(
                    line,
                    "ols_code",
                    ols.code,
                    _("line {first} puts this bassin in OLS {ols}").format(
                        first=first_line, ols=known_ols
                    ),
                )
                continue
        else:
            bassins[bassin.code] = (line, bassin, ols.code)
        if ols.code in ols_zones:
            first_line, known_zone = ols_zones[ols.code]
            if known_zone.name != ols.name:
                check.fail(
                    line,
                    "ols_name",
                    ols.name,
                    _("line {first} names this OLS “{name}”").format(
                        first=first_line, name=known_zone.name
                    ),
                )
                continue
        else:
            ols_zones[ols.code] = (line, ols)
        if sector:
            sector_assignments.append(SectorAssignment(sector, refnis, bassin, ols))
            continue
        if refnis in split_lines:
            check.fail(
                line,
                "refnis",
                row.get("refnis", ""),
                _("this commune is split into sectors (line {first})").format(
                    first=split_lines[refnis]
                ),
            )
            continue
        if conversion is not None:
            conversions.append(conversion)
        if refnis in seen:
            # Two old communes merged into one current commune, same bassin: keep one row.
            continue
        seen[refnis] = (line, bassin.code)
        assignments.append(Assignment(refnis, bassin, ols))

    unassigned = sorted(
        code for code, owner in sectors.items() if owner in split_lines and code not in sector_lines
    )
    if unassigned:
        check.fail(
            None,
            SECTOR_COLUMN,
            None,
            ngettext(
                "{count} sector of a split commune is not assigned: {list}",
                "{count} sectors of split communes are not assigned: {list}",
                len(unassigned),
            ).format(count=len(unassigned), list=", ".join(unassigned[:10])),
        )
    missing = sorted(set(communes) - set(seen) - set(split_lines))
    if missing and not check.problems:
        shown = ", ".join(f"{code} {communes[code]}" for code in missing[:10])
        more = len(missing) - 10
        suffix = _(" and {count} more").format(count=more) if more > 0 else ""
        check.fail(
            None,
            "refnis",
            None,
            ngettext(
                "{count} commune is missing: {list}{more}",
                "{count} communes are missing: {list}{more}",
                len(missing),
            ).format(count=len(missing), list=shown, more=suffix),
        )
    check.problems.raise_if_any()
    plan = ZoningPlan(name, kind, valid_from, method, tuple(assignments), tuple(sector_assignments))
    return ZoningReading(plan, conversions)
