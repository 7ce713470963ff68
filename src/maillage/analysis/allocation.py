"""Sharing a budget between territories: equal per capita, by need, floor plus need.

Proportionate universalism (Marmot, 2010) asks for means for everyone, with an intensity
that grows with need. The three methods here make the choice visible: the same budget
shared equally per inhabitant, in proportion to need-weighted population, or as an equal
floor per territory plus the rest by need. Amounts are whole cents and always add up to
the budget exactly (largest remainders, ties broken by territory code).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from maillage.domain.allocation import Method
from maillage.i18n import gettext as _


@dataclass(frozen=True)
class Component:
    """One indicator entering the need index, and how strongly."""

    values: Mapping[str, float]  # territory → value
    reference: float  # the region's value: 1 in the index means "like the region"
    weight: float
    more_is_need: bool = True  # False when a higher value means less need (income)


def need_index(components: list[Component], codes: list[str]) -> dict[str, float]:
    """Weighted mean of each component's ratio to the region (1 = the regional level).

    A territory missing a component is given the regional level for it (ratio 1), so it is
    neither favoured nor penalised by a gap in the data.
    """
    total = sum(c.weight for c in components)
    if not components or total <= 0:
        return {code: 1.0 for code in codes}
    index: dict[str, float] = {}
    for code in codes:
        score = 0.0
        for c in components:
            value = c.values.get(code)
            if value is None or value <= 0 or c.reference <= 0:
                ratio = 1.0
            else:
                ratio = value / c.reference if c.more_is_need else c.reference / value
            score += c.weight * ratio
        index[code] = score / total
    return index


def split_cents(total_cents: int, weights: Mapping[str, Fraction | float | int]) -> dict[str, int]:
    """Whole cents in proportion to *weights*, adding up to *total_cents* exactly."""
    if total_cents < 0:
        raise ValueError(_("The budget cannot be negative."))
    exact = {code: Fraction(w) for code, w in weights.items()}
    if any(w < 0 for w in exact.values()):
        raise ValueError(_("Weights cannot be negative."))
    weight_sum = sum(exact.values(), Fraction(0))
    if weight_sum == 0:
        raise ValueError(_("Nothing to share between: every weight is zero."))
    shares = {code: Fraction(total_cents) * w / weight_sum for code, w in exact.items()}
    cents = {code: int(share) for code, share in shares.items()}  # floor (shares ≥ 0)
    left = total_cents - sum(cents.values())
    by_remainder = sorted(shares, key=lambda code: (-(shares[code] - cents[code]), code))
    for code in by_remainder[:left]:
        cents[code] += 1
    return cents


def allocate(
    total_cents: int,
    populations: Mapping[str, int],
    method: Method,
    need: Mapping[str, float] | None = None,
    floor_share: float = 0.0,
) -> dict[str, int]:
    """Cents per territory for one method (need index 1 everywhere when none is given)."""
    need = need or {}
    weighted = {
        code: Fraction(population) * Fraction(need.get(code, 1.0))
        for code, population in populations.items()
    }
    if method is Method.EQUAL_PER_CAPITA:
        return split_cents(total_cents, dict(populations))
    if method is Method.NEED_WEIGHTED:
        return split_cents(total_cents, weighted)
    if not 0 <= floor_share <= 1:
        raise ValueError(_("The floor is a share of the budget between 0 and 1."))
    floor_total = int(Fraction(total_cents) * Fraction(floor_share))
    floors = split_cents(floor_total, {code: 1 for code in populations})
    rest = split_cents(total_cents - floor_total, weighted)
    return {code: floors[code] + rest[code] for code in populations}
