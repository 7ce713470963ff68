"""Loading an indicator: its definition (a YAML file or the command's options, read by
``formats.indicator_definition``), then its values (a CSV file or an XLSX workbook, all or
nothing), and the reference catalogue at ``maillage init``.

A file is streamed and checked before the write transaction opens; the periods it holds
replace the indicator's earlier values for those periods.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from maillage.domain.actors import Actor
from maillage.domain.hierarchy import Hierarchy
from maillage.domain.indicators import (
    Indicator,
    Kind,
    Observation,
    Polarity,
    ValuesReading,
    column_problems,
    read_values,
)
from maillage.domain.territory import REGION_CODE, Level
from maillage.domain.zoning import CodeConversion
from maillage.errors import DataFileError, InvalidInput, Problem, ProblemList
from maillage.formats.indicator_definition import (
    DEFINITION_FIELDS,
    definition_from_mapping,
    definition_mapping,
)
from maillage.formats.indicator_definition import definition_from_file as definition_from_file
from maillage.i18n import gettext as _
from maillage.reference.indicator_catalogue import CatalogueEntry
from maillage.services.indicators import indicator_from_row
from maillage.services.platform import Platform, Progress, SilentProgress
from maillage.services.territories import zoning_hierarchy
from maillage.store import audit
from maillage.store import sectors as sector_store
from maillage.store import territories as territory_store
from maillage.store.indicator_tables import IndicatorRow, IndicatorValueRow
from maillage.tabular import xlsx_reader

# Lines of one value file: held until written, so bounded (261 communes × 20 years × 20 age
# bands is 104,400 lines); see docs/operations.md.
MAX_VALUE_ROWS = 300_000


@dataclass(frozen=True)
class LoadReport:
    indicator: Indicator
    created: bool
    values: int
    periods: list[str]
    replaced: int
    conversions: list[CodeConversion]


def definition_from_options(
    platform: Platform, indicator_id: str, options: Mapping[str, Any]
) -> Indicator:
    """The stored definition updated by the options given, or a new one from them."""
    given = {k: v for k, v in options.items() if v is not None}
    with platform.reading() as session:
        row = session.get(IndicatorRow, indicator_id)
        base = indicator_from_row(row) if row is not None else None
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
    return definition_from_mapping({**definition_mapping(base), **given}, "--options")


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


def _codes(tree: Hierarchy, session: Session) -> set[str]:
    """Codes a value may be given for: the zoning's territories and the German-language
    communes (kept as published, though they are in no bassin, OLS or reform region)."""
    codes = {t.code for level in Level for t in tree.at_level(level)}
    return codes | {REGION_CODE} | set(territory_store.outside_reform(session))


def read_file(
    platform: Platform, path: Path, indicator: Indicator
) -> tuple[Indicator, ValuesReading]:
    """The definition to store and the values of the CSV or XLSX file at *path*, checked
    as a load checks them; nothing is written. Raises ``DataFileError`` with every fault."""
    with platform.reading() as session:
        codes = _codes(zoning_hierarchy(platform, session, None, None)[2], session)
        # Statistical sectors too: their values sum exactly into the parts of a split
        # commune (see domain/split_indicators.py).
        codes |= set(sector_store.sector_communes(session))
        code_changes = territory_store.code_changes(session)
    problems = ProblemList()
    with xlsx_reader.open_table(path, problems=problems, max_rows=MAX_VALUE_ROWS) as table:
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
    return _checked(indicator, reading, table.name), reading


def load_file(
    platform: Platform, actor: Actor | None, path: Path, indicator: Indicator
) -> LoadReport:
    """Load ``refnis,period,numerator,denominator`` or ``refnis,period,value`` for *indicator*
    from a CSV file or an XLSX workbook's first sheet.

    All or nothing: a single faulty line refuses the file and nothing changes. The periods
    present in the file replace that indicator's earlier values for those periods. Streamed
    and checked before the write transaction opens; at most ``MAX_VALUE_ROWS`` lines. One
    audit event names the file, the periods and the counts.
    """
    definition, reading = read_file(platform, path, indicator)
    with platform.transaction(actor) as session:
        report = _write_values(session, definition, reading)
        audit.record(
            session,
            "load",
            "indicator",
            definition.id,
            {
                "file": path.name,
                "values": report.values,
                "periods": report.periods,
                "replaced": report.replaced,
            },
        )
        return report


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
        codes=_codes(zoning_hierarchy(platform, session, None, None)[2], session),
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
