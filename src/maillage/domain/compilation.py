"""The IWPL's compilation of uncovered needs across the OLS, for the Forum (art. 27.3).

A compiled need counts once, in its OLS and theme, with the population it concerns;
needs merged into another count through the need that absorbed them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CompiledNeed:
    id: int
    ols: str
    theme: str
    population: int | None  # people concerned, when the OLS estimated it
    merged: int = 0  # bassin needs it absorbed


@dataclass
class Cell:
    needs: int = 0
    population: int = 0
    unknown_population: int = 0  # needs without an estimate
    need_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class HeatMap:
    rows: tuple[str, ...]  # OLS codes, in the given order
    columns: tuple[str, ...]  # themes with at least one need, most needs first
    cells: dict[tuple[str, str], Cell]
    row_totals: dict[str, int]
    column_totals: dict[str, int]

    @property
    def maximum(self) -> int:
        return max((c.needs for c in self.cells.values()), default=0)

    def cell(self, ols: str, theme: str) -> Cell:
        return self.cells.get((ols, theme), Cell())


def heat_map(needs: Iterable[CompiledNeed], ols_codes: Sequence[str]) -> HeatMap:
    """Counts and populations per OLS × theme; every OLS is a row, even without needs."""
    cells: dict[tuple[str, str], Cell] = {}
    column_totals: dict[str, int] = {}
    row_totals = dict.fromkeys(ols_codes, 0)
    for need in needs:
        cell = cells.setdefault((need.ols, need.theme), Cell())
        cell.needs += 1
        cell.need_ids.append(need.id)
        if need.population is None:
            cell.unknown_population += 1
        else:
            cell.population += need.population
        column_totals[need.theme] = column_totals.get(need.theme, 0) + 1
        row_totals[need.ols] = row_totals.get(need.ols, 0) + 1
    columns = tuple(sorted(column_totals, key=lambda t: (-column_totals[t], t)))
    return HeatMap(tuple(row_totals), columns, cells, row_totals, column_totals)
