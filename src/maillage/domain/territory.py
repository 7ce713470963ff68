"""Territorial levels and zonings.

A zoning assigns every commune of the reform to one bassin de vie and every bassin to one
OLS territory. Several zonings coexist (official, computed proposals, drafts); one is active.

The reform (decree of 25 April 2024, order of 6 June 2024) is Walloon law made under
article 138 of the Constitution: it applies to the French-language region only. The nine
communes of the German-language region stay in the reference data but belong to no bassin
or OLS (the German-speaking Community has its own health policy).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from maillage.i18n import gettext as _

REGION_CODE = "03000"  # Statbel REFNIS code of the Walloon Region, the reform's region level
REFNIS_PATTERN = re.compile(r"^[0-9]{5}$")
ZONE_CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,23}$")
# Statbel's ten-year age bands of the population figures, youngest first.
AGE_BANDS = ("00-09", "10-19", "20-29", "30-39", "40-49", "50-59", "60-69", "70-79", "80+")


def reform_region_name() -> str:
    """The region level of the reform: Wallonia without the German-language region."""
    return _("Wallonia — French-language region")


def outside_reform_label() -> str:
    """How a German-language commune is labelled wherever it is shown."""
    return _("German-speaking Community — outside the reform (own competence)")


class Level(StrEnum):
    COMMUNE = "commune"
    BASSIN = "bassin"
    OLS = "ols"
    REGION = "region"

    @property
    def label(self) -> str:
        return {
            Level.COMMUNE: _("commune"),
            Level.BASSIN: _("bassin de vie"),
            Level.OLS: _("OLS territory"),
            Level.REGION: _("region"),
        }[self]

    @property
    def parent(self) -> Level | None:
        order = list(Level)
        index = order.index(self)
        return order[index + 1] if index + 1 < len(order) else None

    @property
    def child(self) -> Level | None:
        order = list(Level)
        index = order.index(self)
        return order[index - 1] if index > 0 else None


class ZoningKind(StrEnum):
    """Where a zoning comes from, which decides how it must be labelled."""

    OFFICIAL = "official"  # loaded by a user from the Government's order
    PROPOSAL = "proposal"  # computed by maillage: never official
    DRAFT = "draft"  # drawn or imported by a user for discussion


@dataclass(frozen=True)
class Zone:
    code: str
    name: str


@dataclass(frozen=True)
class Assignment:
    refnis: str
    bassin: Zone
    ols: Zone


@dataclass(frozen=True)
class SectorAssignment:
    """One Statbel statistical sector of a split commune, assigned to a bassin."""

    sector_code: str
    refnis: str  # the commune the sector belongs to
    bassin: Zone
    ols: Zone


@dataclass(frozen=True)
class ZoningPlan:
    """A complete, validated assignment of communes, ready to be stored.

    A commune is either in *assignments* (whole) or split: then every one of its
    statistical sectors is in *sector_assignments*, and it appears in each bassin it is
    split into.
    """

    name: str
    kind: ZoningKind
    valid_from: date
    method: str
    assignments: tuple[Assignment, ...]
    sector_assignments: tuple[SectorAssignment, ...] = ()

    def _all(self) -> tuple[Assignment | SectorAssignment, ...]:
        return (*self.assignments, *self.sector_assignments)

    def bassins(self) -> dict[str, Zone]:
        return {a.bassin.code: a.bassin for a in self._all()}

    def ols(self) -> dict[str, Zone]:
        return {a.ols.code: a.ols for a in self._all()}

    def bassin_members(self) -> dict[str, list[str]]:
        """Each bassin's communes, a split commune under every bassin it is split into."""
        members: dict[str, list[str]] = {}
        for assignment in self._all():
            found = members.setdefault(assignment.bassin.code, [])
            if assignment.refnis not in found:
                found.append(assignment.refnis)
        return members

    def split_communes(self) -> set[str]:
        return {a.refnis for a in self.sector_assignments}

    def ols_of_bassin(self) -> dict[str, str]:
        return {a.bassin.code: a.ols.code for a in self._all()}


@dataclass(frozen=True)
class Bounds:
    """The population a proposed bassin de vie is grown within (minimum ≤ target ≤ maximum)."""

    minimum: int
    maximum: int
    target: int

    def __post_init__(self) -> None:
        if not 0 < self.minimum <= self.target <= self.maximum:
            raise ValueError(
                f"population bounds must satisfy 0 < minimum <= target <= maximum, got {self}"
            )
