"""Indicators: catalogue, loading, values of every territory and their benchmarks.

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
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from maillage.domain.hierarchy import Hierarchy, Territory
from maillage.domain.indicators import (
    Estimate,
    Indicator,
    Kind,
    Observation,
    Polarity,
    SmallNumbers,
    ValuesReading,
    aggregate,
    benchmark,
    column_problems,
    compare,
    estimates,
    read_values,
)
from maillage.domain.numbers import finite
from maillage.domain.territory import REGION_CODE, Level
from maillage.domain.zoning import CodeConversion
from maillage.errors import DataFileError, InvalidInput, NotFound, Problem, ProblemList
from maillage.i18n import gettext as _
from maillage.reference.indicator_catalogue import CatalogueEntry
from maillage.services.platform import Platform, Progress, SilentProgress
from maillage.services.territories import _tree
from maillage.store import territories as territory_store
from maillage.store.audit import Actor
from maillage.store.indicator_tables import IndicatorRow, IndicatorValueRow
from maillage.tabular import csv_reader

ADHOC = "ADHOC"  # code of an ad-hoc group of communes
# Lines of one value file: held until written, so bounded (261 communes × 20 years × 20 age
# bands is 104,400 lines); see docs/operations.md.
MAX_VALUE_ROWS = 300_000


@dataclass(frozen=True)
class IndicatorSummary:
    indicator: Indicator
    periods: list[str]
    territories: int  # distinct codes with a value
    version: int
    updated_at: datetime


@dataclass(frozen=True)
class LoadReport:
    indicator: Indicator
    created: bool
    values: int
    periods: list[str]
    replaced: int
    conversions: list[CodeConversion]


# --- catalogue -----------------------------------------------------------------------------


def _indicator(row: IndicatorRow) -> Indicator:
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


DEFINITION_FIELDS = (
    "name",
    "definition",
    "kind",
    "polarity",
    "unit",
    "multiplier",
    "numerator",
    "denominator",
    "source",
    "licence",
    "years",
    "level",
    "caveats",
    "theme",
    "is_demo",
    "small_numbers_apply",
    "standard_name",
)


def _save_definition(session: Session, indicator: Indicator) -> tuple[IndicatorRow, bool]:
    row = session.get(IndicatorRow, indicator.id)
    created = row is None
    if row is None:
        row = IndicatorRow(id=indicator.id, version=1)
        session.add(row)
    stored = {name: getattr(indicator, name) for name in DEFINITION_FIELDS}
    stored["standard_population"] = (
        json.dumps([list(pair) for pair in indicator.standard_population])
        if indicator.standard_population
        else ""
    )
    for name, value in stored.items():
        value = value.value if isinstance(value, Kind | Polarity) else value
        if getattr(row, name, None) != value:
            setattr(row, name, value)
    # Always stamped: values change with every load, and memoised results in other
    # processes (a server while the CLI loads) notice the new stamp.
    row.updated_at = datetime.now(UTC)
    session.flush()
    return row, created


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
            _indicator(r), sorted(periods[r.id]), codes.get(r.id, 0), r.version, r.updated_at
        )
        for r in rows
    ]


def get_indicator(platform: Platform, indicator_id: str) -> IndicatorSummary:
    for summary in list_indicators(platform):
        if summary.indicator.id == indicator_id:
            return summary
    raise NotFound(_("Unknown indicator: {id}").format(id=indicator_id))


def definition_from_file(path: Path) -> Indicator:
    """An indicator definition from a YAML file, with the field at fault named on error."""
    name = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise DataFileError(
            [
                Problem(
                    name,
                    None,
                    None,
                    None,
                    _("cannot be read ({reason})").format(reason=error.strerror or error),
                )
            ]
        ) from error
    except yaml.YAMLError as error:
        line = getattr(getattr(error, "problem_mark", None), "line", None)
        raise DataFileError(
            [Problem(name, None if line is None else line + 1, None, None, _("not valid YAML"))]
        ) from error
    if not isinstance(data, dict):
        raise DataFileError(
            [Problem(name, None, None, None, _("expected a mapping of fields (id, name, kind, …)"))]
        )
    return definition_from_mapping(data, name)


def definition_from_mapping(data: Mapping[str, Any], file: str) -> Indicator:
    known = {"id", "standard_population", *DEFINITION_FIELDS}
    problems = [
        Problem(file, None, key, str(data[key]), _("unknown field"))
        for key in data
        if key not in known
    ]
    for required in ("id", "name", "kind", "polarity"):
        if not data.get(required):
            problems.append(Problem(file, None, required, None, _("required")))
    choices = {"kind": Kind, "polarity": Polarity}
    for key, enum in choices.items():
        if data.get(key) and data[key] not in {e.value for e in enum}:
            problems.append(
                Problem(
                    file,
                    None,
                    key,
                    str(data[key]),
                    _("one of: {values}").format(values=", ".join(e.value for e in enum)),
                )
            )
    if problems:
        raise DataFileError(problems)
    values = {k: v for k, v in data.items() if k in known}
    values.setdefault("definition", "")
    standard = values.pop("standard_population", None) or ()
    if isinstance(standard, Mapping):
        standard = tuple(standard.items())
    try:
        values["standard_population"] = tuple(
            (str(band), finite(float(weight))) for band, weight in standard
        )
    except (TypeError, ValueError) as error:
        raise DataFileError(
            [
                Problem(
                    file,
                    None,
                    "standard_population",
                    str(standard),
                    _('a mapping of age band to weight, e.g. "00-09": 10.4'),
                )
            ]
        ) from error
    text_fields = set(DEFINITION_FIELDS) - {
        "kind",
        "polarity",
        "multiplier",
        "is_demo",
        "small_numbers_apply",
    }
    for key in text_fields & set(values):
        values[key] = str(values[key])
    try:
        values["multiplier"] = finite(float(values.get("multiplier", 1.0)))
        return Indicator(
            **{
                **values,
                "id": str(values["id"]),
                "kind": Kind(values["kind"]),
                "polarity": Polarity(values["polarity"]),
                "is_demo": bool(values.get("is_demo", False)),
                "small_numbers_apply": bool(values.get("small_numbers_apply", True)),
            }
        )
    except (TypeError, ValueError) as error:
        raise DataFileError([Problem(file, None, None, None, str(error))]) from error


def definition_from_options(
    platform: Platform, indicator_id: str, options: Mapping[str, Any]
) -> Indicator:
    """The stored definition updated by the options given, or a new one from them."""
    given = {k: v for k, v in options.items() if v is not None}
    with platform.reading() as session:
        row = session.get(IndicatorRow, indicator_id)
        base = _indicator(row) if row is not None else None
    if base is None:
        if "name" not in given:
            raise InvalidInput(
                _(
                    "Unknown indicator {id}: give --name, --kind and --polarity "
                    "(or a definition file) to create it."
                ).format(id=indicator_id)
            )
        data = {"id": indicator_id, "kind": "proportion", "polarity": "neutral", **given}
        return definition_from_mapping(data, "--options")
    data = {name: getattr(base, name) for name in DEFINITION_FIELDS}
    data = {k: (v.value if isinstance(v, Kind | Polarity) else v) for k, v in data.items()}
    data["standard_population"] = base.standard_population
    return definition_from_mapping({**data, **given, "id": indicator_id}, "--options")


# --- loading -------------------------------------------------------------------------------


def _codes(tree: Hierarchy) -> set[str]:
    codes = {t.code for level in Level for t in tree.at_level(level)}
    return codes | {REGION_CODE}


def load_file(
    platform: Platform, actor: Actor | None, path: Path, indicator: Indicator
) -> LoadReport:
    """Load ``refnis,period,numerator,denominator`` or ``refnis,period,value`` for *indicator*.

    All or nothing: a single faulty line refuses the file and nothing changes. The periods
    present in the file replace that indicator's earlier values for those periods. Streamed
    and checked before the write transaction opens; at most ``MAX_VALUE_ROWS`` lines.
    """
    with platform.reading() as session:
        codes = _codes(_tree(platform, session, None, None)[2])
        code_changes = territory_store.code_changes(session)
    problems = ProblemList()
    with csv_reader.open_csv(path, problems=problems, max_rows=MAX_VALUE_ROWS) as table:
        if missing := column_problems(indicator, table.columns, table.name):
            raise DataFileError(missing)
        reading = read_values(
            ((r.line, r.values) for r in table.rows()),
            file=table.name,
            indicator=indicator,
            codes=codes,
            code_changes=code_changes,
            problems=problems,
            max_kept=MAX_VALUE_ROWS,
        )
    definition = _checked(indicator, reading, table.name)
    with platform.transaction(actor) as session:
        return _write_values(session, definition, reading)


def _load_rows(
    platform: Platform,
    indicator: Indicator,
    rows: Sequence[tuple[int, Mapping[str, str]]],
    file: str,
    session: Session,
) -> LoadReport:
    """Values of the reference catalogue, checked and written in the caller's transaction."""
    reading = read_values(
        rows,
        file=file,
        indicator=indicator,
        codes=_codes(_tree(platform, session, None, None)[2]),
        code_changes=territory_store.code_changes(session),
    )
    return _write_values(session, _checked(indicator, reading, file), reading)


def _checked(indicator: Indicator, reading: ValuesReading, file: str) -> Indicator:
    """The definition to store with the values read, or the file refused."""
    reading.problems.raise_if_any()
    if not reading.observations:
        raise DataFileError([Problem(file, None, None, None, _("no values in the file"))])
    return _with_standard(indicator, reading.observations, file)


def _write_values(session: Session, definition: Indicator, reading: ValuesReading) -> LoadReport:
    _row, created = _save_definition(session, definition)
    periods = sorted({o.period for o in reading.observations})
    earlier = IndicatorValueRow.indicator_id == definition.id
    replaced = (
        session.scalar(
            select(func.count())
            .select_from(IndicatorValueRow)
            .where(earlier, IndicatorValueRow.period.in_(periods))
        )
        or 0
    )
    session.execute(delete(IndicatorValueRow).where(earlier, IndicatorValueRow.period.in_(periods)))
    session.add_all(
        IndicatorValueRow(
            indicator_id=definition.id,
            code=o.code,
            period=o.period,
            numerator=o.numerator,
            denominator=o.denominator,
            value=o.value,
            age_band=o.age_band,
        )
        for o in reading.observations
    )
    session.flush()
    return LoadReport(
        definition, created, len(reading.observations), periods, replaced, reading.conversions
    )


def _with_standard(indicator: Indicator, observations: list[Observation], file: str) -> Indicator:
    """The definition with its standard population when the values are age-specific.

    Without a standard given in the definition, the file's own population of its latest
    period is the standard (an internal standard), and its name says so.
    """
    banded = [o for o in observations if o.age_band]
    if not banded:
        if indicator.age_standardised:
            raise DataFileError(
                [
                    Problem(
                        file,
                        1,
                        "age_band",
                        None,
                        _("this indicator is age-standardised: give values per age band"),
                    )
                ]
            )
        return indicator
    if len(banded) != len(observations):
        raise DataFileError(
            [Problem(file, 1, "age_band", None, _("give an age band on every line or on none"))]
        )
    if indicator.kind not in (Kind.RATE, Kind.PROPORTION):
        raise DataFileError(
            [
                Problem(
                    file,
                    None,
                    "kind",
                    indicator.kind.value,
                    _("age-standardised values need the kind rate or proportion"),
                )
            ]
        )
    if indicator.standard_population:
        known = {band for band, _weight in indicator.standard_population}
        unknown = sorted({o.age_band for o in banded} - known)
        if unknown:
            raise DataFileError(
                [
                    Problem(
                        file,
                        None,
                        "age_band",
                        ", ".join(unknown),
                        _("not an age band of the standard population"),
                    )
                ]
            )
        return indicator
    latest = max(o.period for o in banded)
    weights: dict[str, float] = defaultdict(float)
    for o in banded:
        if o.period == latest:
            weights[o.age_band] += o.denominator or 0.0
    return replace(
        indicator,
        standard_population=tuple(sorted(weights.items())),
        standard_name=_(
            "population of the file's territories in {period}, by age band (internal standard)"
        ).format(period=latest),
    )


def load_catalogue(
    platform: Platform,
    session: Session,
    entries: Iterable[CatalogueEntry],
    progress: Progress | None = None,
) -> list[LoadReport]:
    """Reference entries loaded inside the caller's transaction (``maillage init``)."""
    entries = list(entries)
    advance = (progress or SilentProgress()).task(
        _("Loading the indicator catalogue"), len(entries)
    )
    reports = []
    for entry in entries:
        reports.append(_load_rows(platform, entry.indicator, entry.rows, entry.file, session))
        advance(1)
    return reports


# --- computation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """Who contains whom in a zoning, as the aggregation and the benchmarks need it."""

    zoning_id: int
    members: dict[str, list[str]]  # bassin, OLS and region code → commune codes
    parents: dict[str, str | None]
    levels: dict[str, Level]


def _layout(platform: Platform, session: Session, zoning_ref: str | None = None) -> Layout:
    zoning, _year, tree = _tree(platform, session, zoning_ref, None)

    def build() -> Layout:
        members: dict[str, list[str]] = {}
        parents: dict[str, str | None] = {}
        levels: dict[str, Level] = {}
        for level in Level:
            for t in tree.at_level(level):
                levels[t.code] = level
                parent = tree.parent(t.code)
                parents[t.code] = parent.code if parent else None
                if level is not Level.COMMUNE:
                    members[t.code] = tree.communes_of(t.code)
        return Layout(zoning.id, members, parents, levels)

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
        return _indicator(row)

    return platform.remember(("indicator", indicator_id, _stamp(session)), build)


def _observations(stored: list[Observation], layout: Layout) -> list[Observation]:
    """Loaded values plus those aggregated from communes; loaded zone values win."""
    aggregated, _missing = aggregate(stored, layout.members)
    loaded = {o.code for o in stored}
    return stored + [o for o in aggregated if o.code not in loaded]


def _estimates(
    platform: Platform,
    session: Session,
    indicator: Indicator,
    period: str,
    layout: Layout,
    public: bool,
) -> dict[str, Estimate]:
    def build() -> dict[str, Estimate]:
        stored = _stored(platform, session, indicator.id).get(period, [])
        small = SmallNumbers(platform.settings.small_number_threshold) if public else None
        return benchmark(
            indicator, _observations(stored, layout), layout.parents, REGION_CODE, small
        )

    return platform.remember(
        ("indicator-estimates", indicator.id, period, layout.zoning_id, public, _stamp(session)),
        build,
    )


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
        tree = _tree(platform, session, zoning_ref, None)[2]
        found = _estimates(platform, session, indicator, period, layout, public)
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
            latest: tuple[str, Estimate | None, Estimate | None, Spread | None] | None = None
            for period in summary.periods:
                found = _estimates(platform, session, indicator, period, layout, public)
                region = found.get(REGION_CODE)
                own = (
                    _adhoc(platform, session, indicator, period, communes, region, small)
                    if communes is not None
                    else found.get(code)
                )
                if own is None:
                    continue
                parent_code = None if communes is not None else layout.parents.get(code)
                # The region has no peers: its spine shows the spread of the OLS.
                peers = Level.OLS if level is Level.REGION else level
                latest = (
                    period,
                    own,
                    found.get(parent_code) if parent_code else None,
                    _spread(found, layout, peers),
                )
                trend.append(own)
                if region is not None:
                    region_trend.append(region)
            if latest is None:
                continue
            period, own, parent, spread = latest
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
