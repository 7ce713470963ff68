"""Projects of an OLS or a bassin, their chained PDSA cycles, measures and journal.

A project belongs to a territory (a bassin or an OLS); those with ``learning.manage``
there edit it. Journal entries stay within the territory's team unless shared with the
learning network, where the IWPL and other OLS read them beside the practices each
project has published.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TypeVar

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from maillage.analysis import spc
from maillage.domain.concertation import MemberSector, parse_sector
from maillage.domain.directory import has_words
from maillage.domain.indicators import Kind
from maillage.domain.learning import (
    STAGES,
    CycleStub,
    Decision,
    Descriptor,
    EntryKind,
    Expectation,
    Hypothesis,
    HypothesisStatus,
    InnovationKind,
    JournalEntry,
    Programme,
    Scale,
    Stage,
    advance,
    matches,
    next_number,
)
from maillage.domain.needs import NeedState
from maillage.domain.territory import Level
from maillage.errors import Conflict, DataFileError, InvalidInput, NotFound, Problem, UserError
from maillage.i18n import gettext as _
from maillage.services import indicators
from maillage.services.fields import bounded_text, choice, day, decimal, id_list, joined, whole
from maillage.services.platform import Platform
from maillage.services.territories import _tree
from maillage.services.versioning import guarded_update, owned_row
from maillage.store.audit import Actor
from maillage.store.learning_tables import (
    CycleRow,
    HypothesisRow,
    JournalEntryRow,
    MeasurePointRow,
    MeasureRow,
    ProjectPartnerRow,
    ProjectRow,
)
from maillage.store.needs_tables import NeedRow

MAX_TEXT = 4000
MAX_POINTS = 500  # per paste: a learning cycle's measure, not a data warehouse


@dataclass(frozen=True)
class ProjectDraft:
    code: str
    title: str
    programme: str
    summary: str = ""
    policy_context: str = ""
    scale: str = Scale.SMALL.value
    scale_note: str = ""
    innovation_kind: str = InnovationKind.INCREMENTAL.value
    innovation: str = ""
    knowledge: str = ""
    special_status: str = ""
    actor_network: str = ""
    started_on: date | None = None
    shared: bool = False
    practice: str = ""


@dataclass(frozen=True)
class ProjectSummary:
    id: int
    code: str
    territory: str
    ols_code: str
    ols_name: str
    title: str
    programme: Programme
    cycles: int
    current: Stage | None  # stage of the open cycle, if any
    shared: bool
    practice: str
    is_demo: bool


@dataclass(frozen=True)
class PartnerView:
    id: int
    name: str
    sector: MemberSector
    contribution: str


@dataclass(frozen=True)
class HypothesisView:
    id: int
    hypothesis: Hypothesis
    status: HypothesisStatus
    version: int


@dataclass(frozen=True)
class PointView:
    id: int | None  # None for values read from an indicator
    label: str
    value: float
    denominator: int | None
    cycle: int | None  # cycle number
    note: str


@dataclass(frozen=True)
class MeasureView:
    id: int
    name: str
    unit: str
    kind: spc.ChartKind
    indicator_id: str | None
    source: str  # the indicator's name and source, or "entered by the team"
    points: list[PointView]
    chart: spc.Chart | None  # None under two points, or when the points cannot be charted
    problem: str  # why there is no chart despite the points
    cycle_starts: list[tuple[int, str]]
    version: int


@dataclass(frozen=True)
class CycleView:
    id: int
    number: int
    stage: Stage
    objective: str
    hypothesis: str
    hypothesis_id: int | None
    prediction: str
    predicted_value: float | None
    measure_ids: list[int]
    done_what: str
    done_from: date | None
    done_to: date | None
    done_by: str
    study: str
    decision: Decision | None
    act_notes: str
    started_on: date
    closed_on: date | None
    version: int

    @property
    def stages_done(self) -> list[Stage]:
        if self.stage is Stage.CLOSED:
            return list(STAGES)
        return list(STAGES[: STAGES.index(self.stage)])


@dataclass(frozen=True)
class EntryView:
    id: int
    written_on: date
    kind: EntryKind
    expectation: Expectation
    text: str
    participants: str
    shared: bool
    author: str
    is_demo: bool
    version: int


@dataclass(frozen=True)
class LinkedNeed:
    id: int
    title: str
    state: NeedState


@dataclass
class ProjectView:
    summary: ProjectSummary
    level: Level
    programme: Programme
    descriptors: dict[Descriptor, str]
    scale: Scale
    scale_note: str
    innovation_kind: InnovationKind
    started_on: date | None
    summary_text: str
    version: int
    partners: list[PartnerView] = field(default_factory=list)
    hypotheses: list[HypothesisView] = field(default_factory=list)
    measures: list[MeasureView] = field(default_factory=list)
    cycles: list[CycleView] = field(default_factory=list)
    journal: list[EntryView] = field(default_factory=list)
    journal_hidden: int = 0  # entries of the team the reader may not see
    needs: list[LinkedNeed] = field(default_factory=list)

    @property
    def open_cycle(self) -> CycleView | None:
        return next((c for c in self.cycles if c.stage is not Stage.CLOSED), None)


def _text(value: str, label: str) -> str:
    return bounded_text(value, label, MAX_TEXT)


def _project_fields(draft: ProjectDraft) -> dict[str, object]:
    return {
        "title": bounded_text(draft.title, _("title"), 200, required=True),
        "programme": choice(Programme, draft.programme).value,
        "summary": _text(draft.summary, _("summary")),
        "policy_context": _text(draft.policy_context, Descriptor.POLICY_CONTEXT.label),
        "scale": choice(Scale, draft.scale).value,
        "scale_note": _text(draft.scale_note, Descriptor.SCALE.label),
        "innovation_kind": choice(InnovationKind, draft.innovation_kind).value,
        "innovation": _text(draft.innovation, Descriptor.INNOVATION.label),
        "knowledge": _text(draft.knowledge, Descriptor.KNOWLEDGE.label),
        "special_status": _text(draft.special_status, Descriptor.SPECIAL_STATUS.label),
        "actor_network": _text(draft.actor_network, Descriptor.ACTOR_NETWORK.label),
        "started_on": draft.started_on,
        "shared": draft.shared,
        "practice": _text(draft.practice, _("practice or tool for other OLS")),
    }


def create_project(
    platform: Platform, actor: Actor, draft: ProjectDraft, is_demo: bool = False
) -> int:
    values = _project_fields(draft)
    with platform.transaction(actor) as session:
        zoning, _year, tree = _tree(platform, session, None, None)
        if draft.code not in tree or tree.get(draft.code).level not in (Level.BASSIN, Level.OLS):
            raise InvalidInput(
                _("A project belongs to a bassin or an OLS: {value}").format(value=draft.code)
            )
        ols = tree.ancestor_at(draft.code, Level.OLS) or tree.get(draft.code)
        row = ProjectRow(
            code=draft.code,
            ols_code=ols.code,
            zoning_id=zoning.id,
            is_demo=is_demo,
            created_at=datetime.now(UTC),
            **values,
        )
        session.add(row)
        session.flush()
        return row.id


def update_project(
    platform: Platform, actor: Actor, project_id: int, draft: ProjectDraft, version: int
) -> None:
    values = _project_fields(draft)

    def apply(session: Session, row: ProjectRow) -> None:
        for name, value in values.items():
            setattr(row, name, value)

    guarded_update(
        platform, actor, lambda s: _project_row(s, project_id, draft.code), version, apply
    )


def territory_of(platform: Platform, project_id: int) -> str:
    """The bassin or OLS a project belongs to (where its team's scope is checked)."""
    with platform.reading() as session:
        return _project_row(session, project_id, None).code


def _project_row(session: Session, project_id: int, code: str | None) -> ProjectRow:
    row = session.get(ProjectRow, project_id)
    if row is None or (code is not None and row.code != code):
        raise NotFound(_("Unknown project: {id}").format(id=project_id))
    return row


Child = TypeVar("Child", CycleRow, HypothesisRow, JournalEntryRow, MeasureRow)


def _child(
    session: Session, model: type[Child], child_id: int, project_id: int, code: str, unknown: str
) -> Child:
    """A row of the project (checked to be of *code*'s project), or NotFound *unknown*."""
    _project_row(session, project_id, code)
    return owned_row(session, model, child_id, "project_id", project_id, unknown)


def _summaries(
    platform: Platform, session: Session, rows: list[ProjectRow]
) -> list[ProjectSummary]:
    tree = _tree(platform, session, None, None)[2]
    cycles: dict[int, list[CycleRow]] = defaultdict(list)
    if rows:
        for cycle in session.scalars(
            select(CycleRow)
            .where(CycleRow.project_id.in_([r.id for r in rows]))
            .order_by(CycleRow.number)
        ):
            cycles[cycle.project_id].append(cycle)

    def name(code: str) -> str:
        return tree.get(code).name if code in tree else code

    return [
        ProjectSummary(
            r.id,
            r.code,
            name(r.code),
            r.ols_code,
            name(r.ols_code),
            r.title,
            Programme(r.programme),
            len(cycles[r.id]),
            next((Stage(c.stage) for c in cycles[r.id] if c.stage != Stage.CLOSED.value), None),
            r.shared,
            r.practice,
            r.is_demo,
        )
        for r in rows
    ]


def list_projects(
    platform: Platform, territory: str = "", programme: str = "", query: str = ""
) -> list[ProjectSummary]:
    """Projects of the active zoning; *territory* an OLS (with its bassins) or a bassin."""
    with platform.reading() as session:
        zoning = _tree(platform, session, None, None)[0]
        select_ = select(ProjectRow).where(ProjectRow.zoning_id == zoning.id)
        if territory:
            select_ = select_.where(
                or_(ProjectRow.code == territory, ProjectRow.ols_code == territory)
            )
        if programme:
            select_ = select_.where(ProjectRow.programme == choice(Programme, programme).value)
        rows = list(session.scalars(select_.order_by(ProjectRow.ols_code, ProjectRow.title)))
        found = _summaries(platform, session, rows)
    return [p for p in found if has_words(query, p.title, p.practice, p.territory)]


def get_project(
    platform: Platform,
    project_id: int,
    code: str | None = None,
    *,
    private: bool = False,
    query: str = "",
    expectation: str = "",
) -> ProjectView:
    """A project with all it holds; *private* readers (its team) see unshared entries."""
    wanted = choice(Expectation, expectation) if expectation else None
    with platform.reading() as session:
        row = _project_row(session, project_id, code)
        summary = _summaries(platform, session, [row])[0]
        level = Level.OLS if row.code == row.ols_code else Level.BASSIN
        view = ProjectView(
            summary,
            level,
            Programme(row.programme),
            {
                Descriptor.POLICY_CONTEXT: row.policy_context,
                Descriptor.SCALE: row.scale_note,
                Descriptor.INNOVATION: row.innovation,
                Descriptor.KNOWLEDGE: row.knowledge,
                Descriptor.SPECIAL_STATUS: row.special_status,
                Descriptor.ACTOR_NETWORK: row.actor_network,
            },
            Scale(row.scale),
            row.scale_note,
            InnovationKind(row.innovation_kind),
            row.started_on,
            row.summary,
            row.version,
        )
        view.partners = [
            PartnerView(p.id, p.name, MemberSector(p.sector), p.contribution)
            for p in session.scalars(
                select(ProjectPartnerRow)
                .where(ProjectPartnerRow.project_id == project_id)
                .order_by(ProjectPartnerRow.name)
            )
        ]
        view.hypotheses = [
            HypothesisView(
                h.id,
                Hypothesis(h.if_text, h.then_text, h.because_text),
                HypothesisStatus(h.status),
                h.version,
            )
            for h in session.scalars(
                select(HypothesisRow)
                .where(HypothesisRow.project_id == project_id)
                .order_by(HypothesisRow.id)
            )
        ]
        cycles = list(
            session.scalars(
                select(CycleRow).where(CycleRow.project_id == project_id).order_by(CycleRow.number)
            )
        )
        view.cycles = [_cycle(c) for c in cycles]
        numbers = {c.id: c.number for c in cycles}
        view.measures = [
            _measure(platform, session, m, row.code, numbers)
            for m in session.scalars(
                select(MeasureRow)
                .where(MeasureRow.project_id == project_id)
                .order_by(MeasureRow.id)
            )
        ]
        entries = list(
            session.scalars(
                select(JournalEntryRow)
                .where(JournalEntryRow.project_id == project_id)
                .order_by(JournalEntryRow.written_on.desc(), JournalEntryRow.id.desc())
            )
        )
        visible = [e for e in entries if private or e.shared]
        view.journal_hidden = len(entries) - len(visible)
        view.journal = [
            _entry(e)
            for e in visible
            if (wanted is None or e.expectation == wanted.value) and _matches(e, query)
        ]
        need_ids = id_list(row.need_ids)
        view.needs = (
            [
                LinkedNeed(n.id, n.title, NeedState(n.state))
                for n in session.scalars(
                    select(NeedRow).where(NeedRow.id.in_(need_ids)).order_by(NeedRow.id)
                )
            ]
            if need_ids
            else []
        )
    return view


def _cycle(c: CycleRow) -> CycleView:
    return CycleView(
        c.id,
        c.number,
        Stage(c.stage),
        c.objective,
        c.hypothesis,
        c.hypothesis_id,
        c.prediction,
        c.predicted_value,
        id_list(c.measure_ids),
        c.done_what,
        c.done_from,
        c.done_to,
        c.done_by,
        c.study,
        Decision(c.decision) if c.decision else None,
        c.act_notes,
        c.started_on,
        c.closed_on,
        c.version,
    )


def _matches(e: JournalEntryRow, query: str) -> bool:
    return matches(
        JournalEntry(e.id, e.text, e.participants, EntryKind(e.kind), Expectation(e.expectation)),
        query,
    )


def _entry(e: JournalEntryRow) -> EntryView:
    return EntryView(
        e.id,
        e.written_on,
        EntryKind(e.kind),
        Expectation(e.expectation),
        e.text,
        e.participants,
        e.shared,
        e.author_name,
        e.is_demo,
        e.version,
    )


def _measure(
    platform: Platform, session: Session, row: MeasureRow, code: str, numbers: dict[int, int]
) -> MeasureView:
    kind = spc.ChartKind(row.chart)
    if row.indicator_id:
        found = indicators.series(platform, row.indicator_id, code)  # small numbers hidden
        # A p-chart counts events out of the denominator; other charts plot the value.
        points = [
            PointView(
                None,
                e.period,
                float(round(e.numerator or 0.0))
                if kind is spc.ChartKind.P
                else float(e.value or 0.0),
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
        denominators = [p.denominator or 0 for p in points] if kind is spc.ChartKind.P else None
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


def add_partner(
    platform: Platform,
    actor: Actor,
    project_id: int,
    code: str,
    name: str,
    sector: str,
    contribution: str = "",
) -> int:
    name = bounded_text(name, _("name"), 200, required=True)
    sector_ = parse_sector(sector)
    with platform.transaction(actor) as session:
        _project_row(session, project_id, code)
        row = ProjectPartnerRow(
            project_id=project_id,
            name=name,
            sector=sector_.value,
            contribution=_text(contribution, _("contribution")),
        )
        session.add(row)
        session.flush()
        return row.id


def add_hypothesis(
    platform: Platform, actor: Actor, project_id: int, code: str, if_: str, then: str, because: str
) -> int:
    """One "if … then … because …" of the theory of change; all three parts are needed."""
    texts = [
        bounded_text(if_, _("if"), MAX_TEXT, required=True),
        bounded_text(then, _("then"), MAX_TEXT, required=True),
        bounded_text(because, _("because"), MAX_TEXT, required=True),
    ]
    with platform.transaction(actor) as session:
        _project_row(session, project_id, code)
        row = HypothesisRow(
            project_id=project_id,
            if_text=texts[0],
            then_text=texts[1],
            because_text=texts[2],
            status=HypothesisStatus.OPEN.value,
        )
        session.add(row)
        session.flush()
        return row.id


def set_hypothesis_status(
    platform: Platform,
    actor: Actor,
    project_id: int,
    code: str,
    hypothesis_id: int,
    status: str,
    version: int,
) -> None:
    status_ = choice(HypothesisStatus, status)

    def load(session: Session) -> HypothesisRow:
        return _child(
            session, HypothesisRow, hypothesis_id, project_id, code, _("Unknown hypothesis: {id}")
        )

    def apply(session: Session, row: HypothesisRow) -> None:
        row.status = status_.value

    guarded_update(platform, actor, load, version, apply)


def link_need(platform: Platform, actor: Actor, project_id: int, code: str, need_id: int) -> None:
    """Tie a need of the project's OLS (from the needs register) to the project."""
    try:
        with platform.transaction(actor) as session:
            row = _project_row(session, project_id, code)
            need = session.get(NeedRow, need_id)
            if need is None or need.ols_code != row.ols_code:
                raise InvalidInput(
                    _("Need {id} is not a need of this project's OLS.").format(id=need_id)
                )
            linked = id_list(row.need_ids)
            if need_id not in linked:
                row.need_ids = joined([*linked, need_id])
    except StaleDataError as error:
        raise Conflict(
            _("The project changed meanwhile: reload the page and link the need again.")
        ) from error


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
    kind = choice(spc.ChartKind, chart)
    if indicator_id:
        indicator = indicators.get_indicator(platform, indicator_id).indicator
        if kind is spc.ChartKind.P and indicator.kind is not Kind.PROPORTION:
            raise InvalidInput(
                _("A p-chart needs counts out of a total: « {name} » is not a proportion.").format(
                    name=indicator.name
                )
            )
    with platform.transaction(actor) as session:
        _project_row(session, project_id, code)
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
        measure = _child(
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
            _child(session, CycleRow, cycle_id, project_id, code, _("Unknown cycle: {id}"))
        points = parse_points(text, measure.chart == spc.ChartKind.P.value, _("points"))
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
        _child(session, MeasureRow, measure_id, project_id, code, _("Unknown measure: {id}"))
        point = session.get(MeasurePointRow, point_id)
        if point is None or point.measure_id != measure_id:
            raise NotFound(_("Unknown point: {id}").format(id=point_id))
        session.delete(point)


@dataclass(frozen=True)
class CycleFields:
    objective: str = ""
    hypothesis: str = ""
    hypothesis_id: int | None = None
    prediction: str = ""
    predicted_value: float | None = None
    measure_ids: tuple[int, ...] = ()
    done_what: str = ""
    done_from: date | None = None
    done_to: date | None = None
    done_by: str = ""
    study: str = ""
    decision: str = ""
    act_notes: str = ""


def _check_links(session: Session, project_id: int, fields: CycleFields) -> None:
    if fields.hypothesis_id is not None:
        hypothesis = session.get(HypothesisRow, fields.hypothesis_id)
        if hypothesis is None or hypothesis.project_id != project_id:
            raise InvalidInput(_("Choose a hypothesis of this project's theory of change."))
    if fields.measure_ids:
        known = set(
            session.scalars(select(MeasureRow.id).where(MeasureRow.project_id == project_id))
        )
        if not set(fields.measure_ids) <= known:
            raise InvalidInput(_("Choose measures of this project."))
    if fields.done_from and fields.done_to and fields.done_to < fields.done_from:
        raise InvalidInput(_("The end of what was done comes after its start."))


def _write(row: CycleRow, fields: CycleFields) -> None:
    row.objective = _text(fields.objective, _("objective"))
    row.hypothesis = _text(fields.hypothesis, _("hypothesis"))
    row.hypothesis_id = fields.hypothesis_id
    row.prediction = _text(fields.prediction, _("prediction"))
    row.predicted_value = fields.predicted_value
    row.measure_ids = joined(fields.measure_ids)
    row.done_what = _text(fields.done_what, _("what was done"))
    row.done_from, row.done_to = fields.done_from, fields.done_to
    row.done_by = _text(fields.done_by, _("by whom"))
    row.study = _text(fields.study, _("study"))
    row.decision = choice(Decision, fields.decision).value if fields.decision else ""
    row.act_notes = _text(fields.act_notes, _("next steps"))


def start_cycle(
    platform: Platform,
    actor: Actor,
    project_id: int,
    code: str,
    fields: CycleFields,
    today: date | None = None,
) -> int:
    """The next cycle of the chain, at its Plan stage; the previous one must be closed."""
    bounded_text(fields.objective, _("objective"), MAX_TEXT, required=True)
    with platform.transaction(actor) as session:
        _project_row(session, project_id, code)
        existing = [
            CycleStub(c.number, Stage(c.stage))
            for c in session.scalars(select(CycleRow).where(CycleRow.project_id == project_id))
        ]
        number = next_number(existing)
        _check_links(session, project_id, fields)
        row = CycleRow(
            project_id=project_id,
            number=number,
            stage=Stage.PLAN.value,
            started_on=today or date.today(),
        )
        _write(row, fields)
        session.add(row)
        try:
            session.flush()
        except IntegrityError as error:  # another tab started the same cycle first
            raise Conflict(
                _("Cycle {number} has just been started by someone else.").format(number=number)
            ) from error
        return row.id


def update_cycle(
    platform: Platform,
    actor: Actor,
    project_id: int,
    code: str,
    cycle_id: int,
    fields: CycleFields,
    version: int,
    move_on: bool,
    today: date | None = None,
) -> Stage:
    """Save a cycle's record; with *move_on*, go to the next stage if this one is filled."""

    def load(session: Session) -> CycleRow:
        return _child(session, CycleRow, cycle_id, project_id, code, _("Unknown cycle: {id}"))

    def apply(session: Session, row: CycleRow) -> None:
        if row.stage == Stage.CLOSED.value:
            raise Conflict(_("This cycle is closed; its record is kept as it was."))
        _check_links(session, project_id, fields)
        _write(row, fields)
        stage = Stage(row.stage)
        if move_on:
            stage = advance(
                stage,
                {
                    "objective": row.objective,
                    "prediction": row.prediction,
                    "done_what": row.done_what,
                    "study": row.study,
                    "decision": row.decision,
                },
            )
            row.stage = stage.value
            if stage is Stage.CLOSED:
                row.closed_on = today or date.today()

    return guarded_update(
        platform, actor, load, version, apply, lambda session, row: Stage(row.stage)
    )


@dataclass(frozen=True)
class EntryDraft:
    text: str
    kind: str
    expectation: str
    written_on: date | None = None
    participants: str = ""
    shared: bool = False


def add_entry(
    platform: Platform,
    actor: Actor,
    project_id: int,
    code: str,
    draft: EntryDraft,
    author: str,
    is_demo: bool = False,
) -> int:
    text = bounded_text(draft.text, _("entry"), MAX_TEXT, required=True)
    kind = choice(EntryKind, draft.kind)
    expectation = choice(Expectation, draft.expectation)
    with platform.transaction(actor) as session:
        _project_row(session, project_id, code)
        row = JournalEntryRow(
            project_id=project_id,
            written_on=draft.written_on or date.today(),
            kind=kind.value,
            expectation=expectation.value,
            text=text,
            participants=_text(draft.participants, _("who took part")),
            shared=draft.shared,
            author_name=author[:120],
            is_demo=is_demo,
        )
        session.add(row)
        session.flush()
        return row.id


def share_entry(
    platform: Platform,
    actor: Actor,
    project_id: int,
    code: str,
    entry_id: int,
    shared: bool,
    version: int,
) -> None:
    def load(session: Session) -> JournalEntryRow:
        return _child(
            session, JournalEntryRow, entry_id, project_id, code, _("Unknown journal entry: {id}")
        )

    def apply(session: Session, row: JournalEntryRow) -> None:
        row.shared = shared

    guarded_update(platform, actor, load, version, apply)


@dataclass(frozen=True)
class SharedEntry:
    project: ProjectSummary
    entry: EntryView


@dataclass
class NetworkOls:
    code: str
    name: str
    practices: list[ProjectSummary] = field(default_factory=list)
    entries: list[SharedEntry] = field(default_factory=list)


def learning_network(platform: Platform, query: str = "") -> list[NetworkOls]:
    """What each OLS has published: practices and tools, and shared journal entries."""
    with platform.reading() as session:
        zoning, _year, tree = _tree(platform, session, None, None)
        projects = list(
            session.scalars(select(ProjectRow).where(ProjectRow.zoning_id == zoning.id))
        )
        summaries = {s.id: s for s in _summaries(platform, session, projects)}
        entries = (
            list(
                session.scalars(
                    select(JournalEntryRow)
                    .where(
                        JournalEntryRow.shared.is_(True),
                        JournalEntryRow.project_id.in_(list(summaries)),
                    )
                    .order_by(JournalEntryRow.written_on.desc())
                )
            )
            if summaries
            else []
        )
        network = {t.code: NetworkOls(t.code, t.name) for t in tree.at_level(Level.OLS)}
    for summary in summaries.values():
        if (
            summary.shared
            and summary.ols_code in network
            and has_words(query, summary.title, summary.practice)
        ):
            network[summary.ols_code].practices.append(summary)
    for row in entries:
        entry = _entry(row)
        project = summaries[row.project_id]
        if project.ols_code in network and _matches(row, query):
            network[project.ols_code].entries.append(SharedEntry(project, entry))
    return list(network.values())
