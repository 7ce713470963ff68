"""Sharing a budget: the methods a simulation compares and the reform's flat funding rule.

The arithmetic that applies the methods lives in ``analysis/allocation.py``; these are the
words pages, exports and the command line show.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from maillage.i18n import gettext as _


class Method(StrEnum):
    EQUAL_PER_CAPITA = "equal_per_capita"
    NEED_WEIGHTED = "need_weighted"
    FLOOR_PLUS_NEED = "floor_plus_need"

    @property
    def label(self) -> str:
        return {
            Method.EQUAL_PER_CAPITA: _("equal per inhabitant"),
            Method.NEED_WEIGHTED: _("in proportion to need-weighted population"),
            Method.FLOOR_PLUS_NEED: _("equal floor plus need"),
        }[self]


@dataclass(frozen=True)
class FlatRule:
    """A fixed amount per territory by population class (e.g. the 2025 OLS funding)."""

    threshold: int
    below_cents: int
    from_threshold_cents: int
    name: str
    source: str

    def amounts(self, populations: Mapping[str, int]) -> dict[str, int]:
        return {
            code: self.below_cents if population < self.threshold else self.from_threshold_cents
            for code, population in populations.items()
        }


OLS_TRANSITIONAL_2025 = FlatRule(
    threshold=450_000,
    below_cents=450_000_00,
    from_threshold_cents=700_000_00,
    name="Financement transitoire des consortiums OLS (appel 2025)",
    source="Appel 2025 aux consortiums OLS transitoires : 450 000 € pour une zone de moins "
    "de 450 000 habitants, 700 000 € au-delà, pour deux ans.",
)
