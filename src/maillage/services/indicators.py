"""Indicators: the catalogue, values of every territory and their benchmarks, and the
lines of a profile (loading is ``services.indicator_loading``).

Values are stored as loaded (mostly per commune); values of bassins, OLS, the region and
ad-hoc groups of communes are aggregated from them for the zoning asked for, then compared
with the parent and the region. Results are memoised per indicator and period until the next
write, so that profile pages and the API do not recompute them on every request.
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from maillage.domain import whole_region
from maillage.domain.hierarchy import Territory
from maillage.domain.indicators import (
    Estimate,
    Indicator,
    Kind,
    Observation,
    Polarity,
    SmallNumbers,
    aggregate,
    benchmark,
    compare,
    estimates,
)
from maillage.domain.split_indicators import (
    SplitShare,
    aggregate_with_parts,
    divisible,
    note,
)
from maillage.domain.territory import REGION_CODE, Level
from maillage.domain.whole_region import WholeRegion
from maillage.errors import NotFound
from maillage.i18n import gettext as _
from maillage.services.platform import Platform, Progress, SilentProgress
from maillage.services.territories import zoning_hierarchy
from maillage.store import territories as territory_store
from maillage.store.indicator_tables import IndicatorRow, IndicatorValueRow

ADHOC = "ADHOC"  # code of an ad-hoc group of communes


@dataclass(frozen=True)
class IndicatorSummary:
    indicator: Indicator
    periods: list[str]
    territories: int  # distinct codes with a value
    version: int
    updated_at: datetime


# --- catalogue -----------------------------------------------------------------------------


def indicator_from_row(row: IndicatorRow) -> Indicator:
    """The definition a catalogue row holds."""
    standard = tuple(
        (str(band), float(weight)) for band, weight in json.loads(row.standard_population or "[]")
    )
    return Indicator(
        row.id,
        row.name,
        row.definition,
        Kind(row.kind),
        Polarity(row.polarity),
        row.unit,
        row.multiplier,
        row.numerator,
        row.denominator,
        row.source,
        row.licence,
        row.years,
        row.level,
        row.caveats,
        row.theme,
        row.is_demo,
        row.small_numbers_apply,
        standard,
        row.standard_name,
    )


def _stamp(session: Session) -> tuple[int, Any]:
    """Changes whenever the catalogue or its values change, in any process (read once per
    session)."""
    if "indicator-stamp" not in session.info:
        count, latest = session.execute(
            select(func.count(), func.max(IndicatorRow.updated_at))
        ).one()
        session.info["indicator-stamp"] = (int(count), latest)
    stamp: tuple[int, Any] = session.info["indicator-stamp"]
    return stamp


def list_indicators(platform: Platform) -> list[IndicatorSummary]:
    with platform.reading() as session:
        return _summaries(platform, session)


def _summaries(platform: Platform, session: Session) -> list[IndicatorSummary]:
    return platform.remember(("indicator-catalogue", _stamp(session)), lambda: _catalogue(session))


def _catalogue(session: Session) -> list[IndicatorSummary]:
    periods: dict[str, list[str]] = defaultdict(list)
    for indicator_id, period in session.execute(
        select(IndicatorValueRow.indicator_id, IndicatorValueRow.period).distinct()
    ):
        periods[indicator_id].append(period)
    codes = dict(
        session.execute(
            select(
                IndicatorValueRow.indicator_id, func.count(IndicatorValueRow.code.distinct())
            ).group_by(IndicatorValueRow.indicator_id)
        ).all()
    )
    rows = session.scalars(select(IndicatorRow).order_by(IndicatorRow.theme, IndicatorRow.id))
    return [
        IndicatorSummary(
            indicator_from_row(r),
            sorted(periods[r.id]),
            codes.get(r.id, 0),
            r.version,
            r.updated_at,
        )
        for r in rows
    ]


def get_indicator(platform: Platform, indicator_id: str) -> IndicatorSummary:
    for summary in list_indicators(platform):
        if summary.indicator.id == indicator_id:
            return summary
    raise NotFound(_("Unknown indicator: {id}").format(id=indicator_id))


# --- computation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """Who contains whom in a zoning, as the aggregation and the benchmarks need it."""

    zoning_id: int
    members: dict[str, list[str]]  # bassin, OLS and region code → whole commune codes
    parents: dict[str, str | None]
    levels: dict[str, Level]
    walloon: tuple[str, ...] = ()  # every commune of the whole Walloon Region
    # Territories holding a part of a split commune (bassins, commune parts): how much.
    splits: dict[str, dict[str, SplitShare]] = field(default_factory=dict)


def _layout(platform: Platform, session: Session, zoning_ref: str | None = None) -> Layout:
    zoning, _year, tree = zoning_hierarchy(platform, session, zoning_ref, None)

    def build() -> Layout:
        members: dict[str, list[str]] = {}
        parents: dict[str, str | None] = {}
        levels: dict[str, Level] = {}
        splits: dict[str, dict[str, SplitShare]] = {}
        for level in Level:
            for t in tree.at_level(level):
                levels[t.code] = level
                parent = tree.parent(t.code)
                parents[t.code] = parent.code if parent else None
                if level is Level.COMMUNE and tree.commune_of_part(t.code) is None:
                    continue
                shares = tree.commune_shares(t.code)
                members[t.code] = [r for r, share in shares.items() if share >= 1.0]
                if len(members[t.code]) < len(shares):
                    splits[t.code] = {
                        r: SplitShare(share, tuple(tree.part_sectors(t.code, r)))
                        for r, share in shares.items()
                        if share < 1.0
                    }
        walloon = (*members.get(REGION_CODE, []), *territory_store.outside_reform(session))
        return Layout(zoning.id, members, parents, levels, walloon, splits)

    return platform.remember(("indicator-layout", zoning.id), build)


def _stored(
    platform: Platform, session: Session, indicator_id: str
) -> dict[str, list[Observation]]:
    def build() -> dict[str, list[Observation]]:
        by_period: dict[str, list[Observation]] = defaultdict(list)
        for code, period, numerator, denominator, value, band in session.execute(
            select(
                IndicatorValueRow.code,
                IndicatorValueRow.period,
                IndicatorValueRow.numerator,
                IndicatorValueRow.denominator,
                IndicatorValueRow.value,
                IndicatorValueRow.age_band,
            ).where(IndicatorValueRow.indicator_id == indicator_id)
        ):
            by_period[period].append(Observation(code, period, numerator, denominator, value, band))
        return dict(by_period)

    return platform.remember(("indicator-values", indicator_id, _stamp(session)), build)


def _definition(platform: Platform, session: Session, indicator_id: str) -> Indicator:
    def build() -> Indicator:
        row = session.get(IndicatorRow, indicator_id)
        if row is None:
            raise NotFound(_("Unknown indicator: {id}").format(id=indicator_id))
        return indicator_from_row(row)

    return platform.remember(("indicator", indicator_id, _stamp(session)), build)


def _observations(
    indicator: Indicator, stored: list[Observation], layout: Layout
) -> tuple[list[Observation], set[tuple[str, str]]]:
    """Loaded values plus those aggregated from communes (loaded zone values win), and the
    (code, period) pairs that rest on a split commune's weighted value."""
    aggregated, approximate = aggregate_with_parts(indicator, stored, layout.members, layout.splits)
    loaded = {o.code for o in stored}
    return stored + [o for o in aggregated if o.code not in loaded], approximate


def _estimates(
    platform: Platform,
    session: Session,
    indicator: Indicator,
    period: str,
    layout: Layout,
    public: bool,
) -> dict[str, Estimate]:
    return _computed(platform, session, indicator, period, layout, public)[0]


def _computed(
    platform: Platform,
    session: Session,
    indicator: Indicator,
    period: str,
    layout: Layout,
    public: bool,
) -> tuple[dict[str, Estimate], frozenset[str]]:
    """Estimates of every territory for one period, and the codes whose figure rests on
    a split commune's weighted value."""

    def build() -> tuple[dict[str, Estimate], frozenset[str]]:
        # A loaded 03000 row is the whole Walloon Region's: the reform region is computed.
        reform, published = whole_region.split(
            _stored(platform, session, indicator.id).get(period, [])
        )
        whole = whole_region.observations(reform, published, layout.walloon)
        small = SmallNumbers(platform.settings.small_number_threshold) if public else None
        observations, approximate = _observations(indicator, reform, layout)
        found = benchmark(indicator, observations + whole, layout.parents, REGION_CODE, small)
        return found, frozenset(code for code, _p in approximate)

    return platform.remember(
        ("indicator-estimates", indicator.id, period, layout.zoning_id, public, _stamp(session)),
        build,
    )


def _notes(
    indicator: Indicator,
    layout: Layout,
    computed: tuple[dict[str, Estimate], frozenset[str]],
    codes: Iterable[str],
) -> dict[str, str]:
    """Code → the note its figure carries when the territory holds part of a split
    commune and the figure does not rest on exact sector data."""
    found, approximate = computed
    return {
        code: note(indicator)
        for code in codes
        if code in layout.splits
        and (code in approximate or (code not in found and not divisible(indicator)))
    }


def _periods(platform: Platform, session: Session, indicator_id: str) -> list[str]:
    return sorted(_stored(platform, session, indicator_id))


@dataclass(frozen=True)
class ValuesTable:
    indicator: Indicator
    period: str
    periods: list[str]
    level: Level
    rows: list[tuple[Territory, Estimate | None]]
    region: Estimate | None
    small_number_rule: str
    region_name: str = ""
    whole_region: WholeRegion | None = None  # beside the reform's region, labelled
    # Code → "commune-level data cannot be divided — …" for territories holding part of
    # a split commune (see domain/split_indicators.py).
    notes: dict[str, str] = field(default_factory=dict)


def values(
    platform: Platform,
    indicator_id: str,
    level: Level = Level.COMMUNE,
    period: str | None = None,
    public: bool = True,
    zoning_ref: str | None = None,
) -> ValuesTable:
    """Every territory of *level* for one period (the latest when none is given)."""
    with platform.reading() as session:
        indicator = _definition(platform, session, indicator_id)
        periods = _periods(platform, session, indicator_id)
        if not periods:
            raise NotFound(_("No values loaded for {id}.").format(id=indicator_id))
        period = period or periods[-1]
        if period not in periods:
            raise NotFound(
                _("No values of {id} for {period} (periods: {periods}).").format(
                    id=indicator_id, period=period, periods=", ".join(periods)
                )
            )
        layout = _layout(platform, session, zoning_ref)
        tree = zoning_hierarchy(platform, session, zoning_ref, None)[2]
        computed = _computed(platform, session, indicator, period, layout, public)
        found = computed[0]
        rows = [(t, found.get(t.code)) for t in tree.at_level(level)]
        rule = SmallNumbers(platform.settings.small_number_threshold).rule()
        return ValuesTable(
            indicator,
            period,
            periods,
            level,
            rows,
            found.get(REGION_CODE),
            rule,
            tree.get(REGION_CODE).name,
            whole_region.pick(found),
            _notes(indicator, layout, computed, [t.code for t, _e in rows]),
        )


@dataclass(frozen=True)
class Series:
    indicator: Indicator
    points: list[Estimate]  # one per period with a value for the territory, oldest first


def series(platform: Platform, indicator_id: str, code: str, public: bool = True) -> Series:
    """One territory's values over every loaded period (a measure of a learning cycle)."""
    with platform.reading() as session:
        indicator = _definition(platform, session, indicator_id)
        layout = _layout(platform, session)
        points = []
        for period in _periods(platform, session, indicator_id):
            own = _estimates(platform, session, indicator, period, layout, public).get(code)
            if own is not None and own.value is not None and not own.suppressed:
                points.append(own)
    return Series(indicator, points)


def compute_all(platform: Platform, public: bool = True, progress: Progress | None = None) -> int:
    """Every indicator × period × territory (the work behind profiles); returns estimates."""
    count = 0
    catalogue = list_indicators(platform)
    advance = (progress or SilentProgress()).task(_("Computing indicators"), len(catalogue))
    with platform.reading() as session:
        layout = _layout(platform, session)
        for summary in catalogue:
            for period in summary.periods:
                count += len(
                    _estimates(platform, session, summary.indicator, period, layout, public)
                )
            advance(1)
    return count


# --- profiles ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spread:
    """Values of the territories of the same level: lowest, quartiles, highest."""

    low: float
    q1: float
    q3: float
    high: float
    count: int


@dataclass(frozen=True)
class ProfileLine:
    indicator: Indicator
    period: str
    estimate: Estimate | None
    parent: Estimate | None
    region: Estimate | None
    spread: Spread | None
    trend: list[Estimate] = field(default_factory=list)
    region_trend: list[Estimate] = field(default_factory=list)
    whole_region: WholeRegion | None = None  # of the line's period, beside the region
    note: str = ""  # set when the territory holds part of a split commune


def _spread(found: Mapping[str, Estimate], layout: Layout, level: Level) -> Spread | None:
    numbers = sorted(
        e.value
        for code, e in found.items()
        if e.value is not None and layout.levels.get(code) is level
    )
    if len(numbers) < 4:
        return None
    q1, _median, q3 = statistics.quantiles(numbers, n=4, method="inclusive")
    return Spread(numbers[0], q1, q3, numbers[-1], len(numbers))


def profile_lines(
    platform: Platform, code: str, public: bool = True, communes: Sequence[str] | None = None
) -> list[ProfileLine]:
    """One line per indicator: latest value, parent, region, spread of peers and trend.

    With *communes*, the territory is the ad-hoc group of those communes (code ``ADHOC``),
    compared with the region, its spread read among communes.
    """
    lines: list[ProfileLine] = []
    with platform.reading() as session:
        layout = _layout(platform, session)
        level = Level.COMMUNE if communes is not None else layout.levels.get(code)
        if level is None:
            raise NotFound(_("Unknown territory: {code}").format(code=code))
        small = SmallNumbers(platform.settings.small_number_threshold) if public else None
        for summary in _summaries(platform, session):
            indicator = summary.indicator
            trend: list[Estimate] = []
            region_trend: list[Estimate] = []
            latest: (
                tuple[str, Estimate | None, Estimate | None, Spread | None, WholeRegion | None]
                | None
            ) = None
            latest_note = ""
            for period in summary.periods:
                computed = _computed(platform, session, indicator, period, layout, public)
                found = computed[0]
                line_note = (
                    ""
                    if communes is not None
                    else _notes(indicator, layout, computed, [code]).get(code, "")
                )
                region = found.get(REGION_CODE)
                own = (
                    _adhoc(platform, session, indicator, period, communes, region, small)
                    if communes is not None
                    else found.get(code)
                )
                if own is None and not line_note:
                    continue
                parent_code = None if communes is not None else layout.parents.get(code)
                # The region has no peers: its spine shows the spread of the OLS.
                peers = Level.OLS if level is Level.REGION else level
                latest = (
                    period,
                    own,
                    found.get(parent_code) if parent_code else None,
                    _spread(found, layout, peers),
                    whole_region.pick(found),
                )
                latest_note = line_note
                if own is not None:
                    trend.append(own)
                if region is not None:
                    region_trend.append(region)
            if latest is None:
                continue
            period, own, parent, spread, whole = latest
            lines.append(
                ProfileLine(
                    indicator,
                    period,
                    own,
                    parent,
                    region_trend[-1] if region_trend else None,
                    spread,
                    trend,
                    region_trend,
                    whole,
                    latest_note,
                )
            )
    return lines


def _adhoc(
    platform: Platform,
    session: Session,
    indicator: Indicator,
    period: str,
    communes: Sequence[str],
    region: Estimate | None,
    small: SmallNumbers | None,
) -> Estimate | None:
    stored = _stored(platform, session, indicator.id).get(period, [])
    aggregated, _missing = aggregate(stored, {ADHOC: list(communes)})
    own = estimates(indicator, aggregated).get(ADHOC)
    if own is None:
        return None
    if small is not None and small.applies(indicator, own):
        return Estimate(ADHOC, period, None, None, None, None, True)
    comparison, direction = compare(indicator, own, region)
    return replace(own, comparison=comparison, direction=direction)


def commune_values(
    platform: Platform, indicator_id: str, communes: Iterable[str], public: bool = True
) -> tuple[Indicator, str, dict[str, Estimate]]:
    """The latest commune values of one indicator, for a map of *communes*."""
    with platform.reading() as session:
        indicator = _definition(platform, session, indicator_id)
        periods = _periods(platform, session, indicator_id)
        if not periods:
            return indicator, "", {}
        layout = _layout(platform, session)
        found = _estimates(platform, session, indicator, periods[-1], layout, public)
        wanted = set(communes)
        return indicator, periods[-1], {c: e for c, e in found.items() if c in wanted}
