"""Budget simulations between the territories of the active zoning.

Every result is a computed proposal, never an official allocation: pages, exports and
the CLI say so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from maillage.analysis.allocation import Component, allocate, need_index
from maillage.domain.allocation import OLS_TRANSITIONAL_2025, FlatRule, Method
from maillage.domain.indicators import Polarity
from maillage.domain.numbers import spreadsheet_number
from maillage.domain.territory import Level
from maillage.errors import InvalidInput
from maillage.i18n import gettext as _
from maillage.services import indicators, territories
from maillage.services.platform import Platform
from maillage.tabular import excel_csv, spreadsheet

DEFAULT_NEED = {"pop-80plus-pct": 1.0, "revenu-par-habitant": 1.0}
MAX_BUDGET_CENTS = 10**15


@dataclass(frozen=True)
class NeedPart:
    indicator_id: str
    name: str
    period: str
    weight: float
    more_is_need: bool
    region_value: float | None


@dataclass(frozen=True)
class AllocationRow:
    code: str
    name: str
    population: int
    need: float
    cents: dict[Method, int]
    rule_cents: int | None

    def per_capita(self, method: Method) -> float:
        return self.cents[method] / 100 / self.population if self.population else 0.0


@dataclass(frozen=True)
class Allocation:
    level: Level
    budget_cents: int
    floor_share: float
    parts: list[NeedPart]
    rows: list[AllocationRow]
    population_year: int
    rule: FlatRule | None

    def total(self, method: Method) -> int:
        """What the method actually hands out (equal to the budget, to the cent)."""
        return sum(r.cents[method] for r in self.rows)

    @property
    def rule_total_cents(self) -> int:
        return sum(r.rule_cents or 0 for r in self.rows)


def parse_weights(text: str) -> dict[str, float]:
    """``"pop-80plus-pct:1,revenu-par-habitant:0.5"`` into indicator weights."""
    weights: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, value = part.partition(":")
        try:
            weight = spreadsheet_number(value) if sep else 1.0
        except ValueError as error:
            raise InvalidInput(
                _("A need weight looks like indicator:1.5, not {part}.").format(part=part)
            ) from error
        if weight < 0:
            raise InvalidInput(_("Need weights cannot be negative: {part}").format(part=part))
        weights[name.strip()] = weight
    return weights


def compare(
    platform: Platform,
    budget_cents: int,
    level: Level = Level.OLS,
    weights: Mapping[str, float] | None = None,
    floor_share: float = 0.3,
) -> Allocation:
    """The three methods side by side, with the need index they use."""
    if level not in (Level.BASSIN, Level.OLS):
        raise InvalidInput(_("A budget is shared between bassins or between OLS territories."))
    if not 0 <= budget_cents <= MAX_BUDGET_CENTS:
        raise InvalidInput(_("The budget must be between 0 and 10,000 billion euros."))
    if not 0 <= floor_share <= 1:
        raise InvalidInput(_("The floor is a share of the budget between 0 and 1."))
    weights = dict(DEFAULT_NEED if weights is None else weights)
    listing = territories.list_territories(platform, level)
    codes = [t.code for t, _parent in listing.items]
    parts: list[NeedPart] = []
    components: list[Component] = []
    for indicator_id, weight in weights.items():
        table = indicators.values(platform, indicator_id, level)
        more_is_need = table.indicator.polarity is not Polarity.HIGHER_IS_BETTER
        values = {t.code: e.value for t, e in table.rows if e is not None and e.value is not None}
        region = table.region.value if table.region else None
        parts.append(
            NeedPart(indicator_id, table.indicator.name, table.period, weight, more_is_need, region)
        )
        if region:
            components.append(Component(values, region, weight, more_is_need))
    need = need_index(components, codes)
    populations = {t.code: t.population for t, _parent in listing.items}
    if not any(populations.values()):
        raise InvalidInput(_("No population to share between."))
    by_method = {m: allocate(budget_cents, populations, m, need, floor_share) for m in Method}
    rule = OLS_TRANSITIONAL_2025 if level is Level.OLS else None
    flat = rule.amounts(populations) if rule else {}
    rows = [
        AllocationRow(
            t.code,
            t.name,
            t.population,
            need[t.code],
            {m: by_method[m][t.code] for m in Method},
            flat.get(t.code),
        )
        for t, _parent in listing.items
    ]
    return Allocation(level, budget_cents, floor_share, parts, rows, listing.population_year, rule)


def to_csv(result: Allocation) -> bytes:
    """Semicolon-separated with a BOM, decimal commas: opens as is in Excel (Belgium)."""
    header: list[object] = ["code", "territoire", "population", "indice_de_besoin"]
    for method in Method:
        header += [f"{method.value}_eur", f"{method.value}_eur_par_habitant"]
    if result.rule:
        header.append("regle_ols_2025_eur")
    rows: list[list[object]] = [[_("computed proposal — not official")], header]
    for row in result.rows:
        line: list[object] = [row.code, row.name, str(row.population), excel_csv.decimal(row.need)]
        for method in Method:
            line += [excel_csv.euros(row.cents[method]), excel_csv.decimal(row.per_capita(method))]
        if result.rule:
            line.append(excel_csv.euros(row.rule_cents or 0))
        rows.append(line)
    return spreadsheet.csv_bytes(rows)
