"""Indicators of territories holding a part of a split commune.

Commune-level data cannot be divided: nobody knows how many of Liège's events happened
in the part of Liège inside a bassin. The rule, by method (docs/indicators.md):

- counts are not shown for a territory holding a commune part: a commune's count spread
  by population would be an invented number;
- proportions, rates, means, ratios and age-standardised rates are shown, the split
  commune's numerator and denominator (per age band) weighted by the part's share of its
  population: the part is assumed to look like its whole commune, and the figure carries
  the note saying so;
- sector-level values, when loaded for every sector of the part for a period, are summed
  exactly instead (no note);
- a territory holding every part of a split commune (an OLS, the region) holds it whole:
  exact, no note.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from maillage.domain.indicators import Indicator, Kind, Observation, aggregate
from maillage.i18n import gettext as _


@dataclass(frozen=True)
class SplitShare:
    """How much of a split commune a territory holds."""

    share: float  # of the commune's population, 0 < share < 1
    sectors: tuple[str, ...]  # the commune's statistical sectors inside the territory


def divisible(indicator: Indicator) -> bool:
    """Whether a commune's value may stand for a part of it (all but counts)."""
    return indicator.kind is not Kind.COUNT


def note(indicator: Indicator) -> str:
    """What a figure of a territory holding a commune part says about itself."""
    if divisible(indicator):
        return _(
            "commune-level data cannot be divided — the split commune counts here with "
            "its own value, weighted by the share of its inhabitants living in this territory"
        )
    return _(
        "commune-level data cannot be divided — a count of the whole commune cannot be "
        "shared between its parts: not shown"
    )


def aggregate_with_parts(
    indicator: Indicator,
    observations: Sequence[Observation],
    members: Mapping[str, Iterable[str]],
    splits: Mapping[str, Mapping[str, SplitShare]],
) -> tuple[list[Observation], set[tuple[str, str]]]:
    """Observations of parent territories, and the (code, period) pairs that rest on a
    weighted commune value rather than on exact data.

    *members* maps each territory to the REFNIS of its whole communes; *splits* maps
    territories holding commune parts to those communes and how much of each they hold.
    """
    out, _missing = aggregate(observations, {c: m for c, m in members.items() if c not in splits})
    if not splits:
        return out, set()
    wanted = {refnis for parts in splits.values() for refnis in parts}
    wanted |= {s for parts in splits.values() for part in parts.values() for s in part.sectors}
    by_code: dict[str, list[Observation]] = {}
    for o in observations:
        if o.code in wanted:
            by_code.setdefault(o.code, []).append(o)
    weighted: list[Observation] = []
    split_members: dict[str, list[str]] = {}
    approximate: set[tuple[str, str]] = set()
    for code, parts in splits.items():
        keys = list(members.get(code, []))
        for refnis, part in parts.items():
            key = f"{refnis}@{code}"
            keys.append(key)
            exact = _sector_sums(key, part.sectors, by_code)
            weighted.extend(exact.values())
            if not divisible(indicator) or part.share <= 0:
                continue
            for o in by_code.get(refnis, []):
                if o.numerator is None or (o.period, o.age_band) in exact:
                    continue
                weighted.append(
                    Observation(
                        key,
                        o.period,
                        o.numerator * part.share,
                        None if o.denominator is None else o.denominator * part.share,
                        age_band=o.age_band,
                    )
                )
                approximate.add((code, o.period))
        split_members[code] = keys
    more, _missing = aggregate([*observations, *weighted], split_members)
    return out + more, approximate


def _sector_sums(
    key: str, sectors: Sequence[str], by_code: Mapping[str, list[Observation]]
) -> dict[tuple[str, str], Observation]:
    """(period, age band) → the sum of the part's sector values, where every sector of
    the part has one with a numerator."""
    if not sectors:
        return {}
    grouped: dict[tuple[str, str], list[Observation]] = {}
    for sector in sectors:
        for o in by_code.get(sector, []):
            if o.numerator is not None:
                grouped.setdefault((o.period, o.age_band), []).append(o)
    sums: dict[tuple[str, str], Observation] = {}
    for (period, band), found in grouped.items():
        if len(found) != len(sectors):
            continue
        denominators = [o.denominator for o in found if o.denominator is not None]
        if denominators and len(denominators) != len(found):
            continue
        sums[(period, band)] = Observation(
            key,
            period,
            sum(o.numerator or 0.0 for o in found),
            sum(denominators) if denominators else None,
            age_band=band,
        )
    return sums
