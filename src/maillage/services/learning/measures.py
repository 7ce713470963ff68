"""Measures of a project: entered by the team (points pasted from a spreadsheet) or read
from an indicator of the profiles, each drawn as a run, XmR or p-chart.
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from maillage.analysis import spc
from maillage.domain.actors import Actor
from maillage.domain.control_charts import ChartKind
from maillage.domain.indicators import Kind
from maillage.errors import DataFileError, InvalidInput, NotFound, Problem, UserError
from maillage.i18n import gettext as _
from maillage.services import indicators
from maillage.services.fields import bounded_text, choice, day, decimal, whole
from maillage.services.learning.rows import child, project_row
from maillage.services.learning.views import MeasureView, PointView
from maillage.services.platform import Platform
from maillage.store.learning_tables import CycleRow, MeasurePointRow, MeasureRow

MAX_POINTS = 500  # per paste: a learning cycle's measure, not a data warehouse


def measure_view(
    platform: Platform, session: Session, row: MeasureRow, code: str, numbers: dict[int, int]
) -> MeasureView:
    kind = ChartKind(row.chart)
    if row.indicator_id:
        found = indicators.series(platform, row.indicator_id, code)  # small numbers hidden
        # A p-chart counts events out of the denominator; other charts plot the value.
        points = [
            PointView(
                None,
                e.period,
                float(round(e.numerator or 0.0)) if kind is ChartKind.P else float(e.value or 0.0),
                round(e.denominator) if e.denominator else None,
                None,
                "",
            )
            for e in found.points
        ]
        source = _("indicator « {name} » ({source}, {years})").format(
            name=found.indicator.name, source=found.indicator.source, years=found.indicator.years
        )
    else:
        points = [
            PointView(
                p.id,
                p.observed_on.isoformat(),
                p.value,
                p.denominator,
                numbers.get(p.cycle_id) if p.cycle_id else None,
                p.note,
                p.observed_on,
            )
            for p in session.scalars(
                select(MeasurePointRow)
                .where(MeasurePointRow.measure_id == row.id)
                .order_by(MeasurePointRow.observed_on, MeasurePointRow.id)
            )
        ]
        source = _("entered by the project team")
    starts: list[tuple[int, str]] = []
    for index, point in enumerate(points):
        if point.cycle is not None and (index == 0 or points[index - 1].cycle != point.cycle):
            starts.append((index, _("Cycle {number}").format(number=point.cycle)))
    drawn, problem = None, ""
    if len(points) >= 2:
        denominators = [p.denominator or 0 for p in points] if kind is ChartKind.P else None
        try:
            drawn = spc.chart(kind, [p.value for p in points], denominators)
        except UserError as error:  # e.g. an indicator period without its denominator
            problem = str(error)
    return MeasureView(
        row.id,
        row.name,
        row.unit,
        kind,
        row.indicator_id,
        source,
        points,
        drawn,
        problem,
        starts,
        row.version,
    )


def add_measure(
    platform: Platform,
    actor: Actor,
    project_id: int,
    code: str,
    name: str,
    chart: str,
    unit: str = "",
    indicator_id: str = "",
) -> int:
    """A measure entered by the team, or one read from an indicator of the profiles."""
    name = bounded_text(name, _("name"), 200, required=True)
    kind = choice(ChartKind, chart)
    if indicator_id:
        indicator = indicators.get_indicator(platform, indicator_id).indicator
        if kind is ChartKind.P and indicator.kind is not Kind.PROPORTION:
            raise InvalidInput(
                _("A p-chart needs counts out of a total: « {name} » is not a proportion.").format(
                    name=indicator.name
                )
            )
    with platform.transaction(actor) as session:
        project_row(session, project_id, code)
        row = MeasureRow(
            project_id=project_id,
            name=name,
            chart=kind.value,
            unit=bounded_text(unit, _("unit"), 40),
            indicator_id=indicator_id or None,
        )
        session.add(row)
        session.flush()
        return row.id


_SEPARATOR = re.compile(r"\s*[;\t]\s*")


def parse_points(
    text: str, proportions: bool, file: str
) -> list[tuple[date, float, int | None, str]]:
    """Lines « date;value[;note] », or « date;numerator;denominator[;note] » for a p-chart.

    Every faulty line is named with its field and value; nothing is kept if one is wrong.
    """
    problems: list[Problem] = []
    points: list[tuple[date, float, int | None, str]] = []
    lines = [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    if len(lines) > MAX_POINTS:
        raise InvalidInput(_("At most {count} points at once.").format(count=MAX_POINTS))
    fields_ = 3 if proportions else 2
    for number, line in lines:
        parts = _SEPARATOR.split(line, maxsplit=fields_)
        if len(parts) < fields_:
            problems.append(
                Problem(
                    file,
                    number,
                    _("value"),
                    line,
                    _("date;numerator;denominator") if proportions else _("date;value"),
                )
            )
            continue
        field_name, raw = _("date"), parts[0]
        try:
            observed = day(raw, field_name)
            if observed is None:
                raise InvalidInput(_("{field} is required.").format(field=field_name))
            denominator: int | None = None
            value: float | None
            if proportions:
                field_name, raw = _("denominator"), parts[2]
                denominator = whole(raw, field_name, 1, 1_000_000_000)
                field_name, raw = _("numerator"), parts[1]
                value = whole(raw, field_name, 0, denominator or 0)
            else:
                field_name, raw = _("value"), parts[1]
                value = decimal(raw, field_name)
            if value is None:
                raise InvalidInput(_("{field} is required.").format(field=field_name))
        except UserError as error:
            problems.append(Problem(file, number, field_name, raw, str(error)))
            continue
        note = parts[fields_] if len(parts) > fields_ else ""
        points.append((observed, float(value), denominator, note[:200]))
    if problems:
        raise DataFileError(problems)
    return points


def add_points(
    platform: Platform,
    actor: Actor,
    project_id: int,
    code: str,
    measure_id: int,
    text: str,
    cycle_id: int | None = None,
) -> int:
    """Paste observations (from a spreadsheet) for a measure the team enters itself."""
    with platform.transaction(actor) as session:
        measure = child(
            session, MeasureRow, measure_id, project_id, code, _("Unknown measure: {id}")
        )
        if measure.indicator_id:
            raise InvalidInput(
                _(
                    "This measure is read from an indicator; its values come "
                    "from the indicator's loads."
                )
            )
        if cycle_id is not None:
            child(session, CycleRow, cycle_id, project_id, code, _("Unknown cycle: {id}"))
        points = parse_points(text, measure.chart == ChartKind.P.value, _("points"))
        if not points:
            raise InvalidInput(_("No point given: one line per observation."))
        session.add_all(
            MeasurePointRow(
                measure_id=measure_id,
                observed_on=day,
                value=value,
                denominator=denominator,
                cycle_id=cycle_id,
                note=note,
            )
            for day, value, denominator, note in points
        )
        return len(points)


def withdraw_point(
    platform: Platform, actor: Actor, project_id: int, code: str, measure_id: int, point_id: int
) -> None:
    """Take back a mistyped point; the audit trail keeps what it was."""
    with platform.transaction(actor) as session:
        child(session, MeasureRow, measure_id, project_id, code, _("Unknown measure: {id}"))
        point = session.get(MeasurePointRow, point_id)
        if point is None or point.measure_id != measure_id:
            raise NotFound(_("Unknown point: {id}").format(id=point_id))
        session.delete(point)
