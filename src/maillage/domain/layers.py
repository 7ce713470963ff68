"""Territorial layers of existing meso structures, and how they overlap the reform's zones.

A layer is the territory of one kind of structure the OLS must work with (the cercles of
general practitioners, the RML, the palliative platforms…): each structure covers a set
of communes, and structures of one layer may overlap. A layer is brought as a table with
one row per (structure, commune); the file is checked whole, every fault located, before
anything is stored. What is remembered while reading is bounded by ``MAX_STRUCTURES``
times the number of communes (a repeated pair is a fault), whatever the file's length.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from maillage.domain.territory import REFNIS_PATTERN
from maillage.errors import Problem, ProblemList
from maillage.i18n import format_integer
from maillage.i18n import gettext as _

LAYER_COLUMNS = ("structure_code", "structure_name", "refnis")
MAX_STRUCTURES = 2_000
STRUCTURE_CODE_PATTERN = re.compile(r"^[^\x00-\x1f\x7f]{1,64}$")
MAX_NAME_CHARS = 300


class LayerKind(StrEnum):
    """The kinds of meso structure described in seed 002."""

    CERCLE_MG = "cercle-mg"
    RML = "rml"
    CCSAD = "ccsad"
    PLATEFORME_PALLIATIVE = "plateforme-palliative"
    SSM = "ssm"
    RESEAU_107 = "reseau-107"
    RESEAU_HOSPITALIER = "reseau-hospitalier"
    CLPS = "clps"
    RELAIS_SOCIAL = "relais-social"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            LayerKind.CERCLE_MG: _("circles of general practitioners"),
            LayerKind.RML: _("local medical networks (RML)"),
            LayerKind.CCSAD: _("home care coordination centres (CCSAD)"),
            LayerKind.PLATEFORME_PALLIATIVE: _("palliative care platforms"),
            LayerKind.SSM: _("mental health services (SSM)"),
            LayerKind.RESEAU_107: _("mental health networks (réseaux 107)"),
            LayerKind.RESEAU_HOSPITALIER: _("hospital networks"),
            LayerKind.CLPS: _("local health promotion centres (CLPS)"),
            LayerKind.RELAIS_SOCIAL: _("relais sociaux"),
            LayerKind.OTHER: _("other structures"),
        }[self]


@dataclass(frozen=True)
class LayerConversion:
    """A commune code of an older geography, converted to the current one."""

    line: int
    old: str
    new: str


@dataclass
class LayerReading:
    """A checked layer: structure names by code and the communes of each structure."""

    structures: dict[str, str] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)
    conversions: list[LayerConversion] = field(default_factory=list)


def read_layer(
    rows: Iterable[tuple[int, Mapping[str, str]]],
    *,
    file: str,
    communes: Mapping[str, str],
    code_changes: Mapping[str, str],
    problems: ProblemList,
) -> LayerReading:
    """Check rows ``structure_code,structure_name,refnis`` into a layer.

    *communes* maps each current REFNIS code to its name (the German-language communes
    included: a structure may cover them, the overlap analysis leaves them out as they are
    in no OLS); *code_changes* maps older codes to current ones. Faults go to *problems*;
    the caller raises them.
    """
    reading = LayerReading()
    first_line: dict[str, int] = {}  # structure code -> the line that named it
    pairs: dict[tuple[str, str], int] = {}  # (structure, refnis as written) -> line
    not_refnis = _("expected a REFNIS code of 5 digits")
    unknown = _("unknown REFNIS code (expected a Walloon commune, current or pre-2025)")
    not_code = _("expected a code of 1 to 64 characters")
    no_name = _("a name of 1 to {count} characters is required").format(count=MAX_NAME_CHARS)

    def fail(line: int | None, column: str | None, value: str | None, expected: str) -> None:
        if problems.full:
            problems.count += 1
        else:
            problems.add(Problem(file, line, column, value, expected))

    for line, row in rows:
        code = row.get("structure_code", "").strip()
        name = row.get("structure_name", "").strip()
        written = row.get("refnis", "").strip()
        ok = True
        if not STRUCTURE_CODE_PATTERN.match(code):
            fail(line, "structure_code", code, not_code)
            ok = False
        if not 0 < len(name) <= MAX_NAME_CHARS:
            fail(line, "structure_name", name, no_name)
            ok = False
        refnis = written
        if not REFNIS_PATTERN.match(written):
            fail(line, "refnis", written, not_refnis)
            ok = False
        elif written not in communes:
            if written in code_changes:
                refnis = code_changes[written]
            else:
                fail(line, "refnis", written, unknown)
                ok = False
        if not ok:
            continue
        if code in reading.structures:
            if reading.structures[code] != name:
                fail(
                    line,
                    "structure_name",
                    name,
                    _("line {first} names this structure “{name}”").format(
                        first=first_line[code], name=reading.structures[code]
                    ),
                )
                continue
        elif len(reading.structures) >= MAX_STRUCTURES:
            fail(
                line,
                "structure_code",
                code,
                _("a layer holds at most {count} structures").format(
                    count=format_integer(MAX_STRUCTURES)
                ),
            )
            continue
        if (code, written) in pairs:
            fail(
                line,
                "refnis",
                written,
                _("this commune is already in this structure on line {first}").format(
                    first=pairs[code, written]
                ),
            )
            continue
        pairs[code, written] = line
        if code not in reading.structures:
            reading.structures[code] = name
            first_line[code] = line
            reading.members[code] = []
        if written != refnis:
            reading.conversions.append(LayerConversion(line, written, refnis))
        if refnis not in reading.members[code]:  # two old communes merged into one
            reading.members[code].append(refnis)
    if not reading.structures and not problems:
        fail(None, None, None, _("the file holds no structure (one row per structure and commune)"))
    return reading


@dataclass(frozen=True)
class OverlapRow:
    """The inhabitants one structure and one territory have in common.

    ``share_of_territory`` is their share of the territory's population and
    ``share_of_structure`` their share of the structure's population within the zoning
    (communes outside every OLS are not counted).
    """

    structure_code: str
    structure_name: str
    territory_code: str
    territory_name: str
    population: int
    share_of_territory: float
    share_of_structure: float


@dataclass(frozen=True)
class Congruence:
    """How well a layer fits a level of the zoning, in a few lists of codes."""

    territories_single: tuple[str, ...]  # covered by exactly one structure
    territories_multiple: tuple[str, ...]  # shared between several structures
    territories_uncovered: tuple[str, ...]  # no commune in any structure
    structures_whole: tuple[str, ...]  # inside one territory
    structures_split: tuple[str, ...]  # spread over several territories
    structures_outside: tuple[str, ...]  # no commune in the zoning


@dataclass(frozen=True)
class Overlap:
    rows: tuple[OverlapRow, ...]
    congruence: Congruence
    territory_population: dict[str, int]
    structure_population: dict[str, int]
