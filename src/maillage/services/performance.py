"""The quintuple-aim framework of each OLS: objectives, targets, self-assessments.

An objective's current value comes from its indicator for the OLS (latest period) or
from the figure the team entered; narrative objectives are followed in words. The IWPL
compares OLS on what they declared — never ranks them on a single number.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from maillage.domain.actors import Actor
from maillage.domain.performance import (
    Aim,
    Assessment,
    Direction,
    ObjectiveKind,
    Progress,
    progress,
    trend,
    validate_score,
)
from maillage.domain.territory import Level
from maillage.errors import Conflict, InvalidInput, NotFound
from maillage.i18n import gettext as _
from maillage.services import indicators
from maillage.services.fields import bounded_text, choice
from maillage.services.platform import Platform
from maillage.services.territories import zoning_hierarchy
from maillage.services.versioning import guarded_update
from maillage.store.learning_tables import PerformanceObjectiveRow, SelfAssessmentRow

MAX_TEXT = 4000
FIRST_YEAR = 2024  # the decree of 25 April 2024


@dataclass(frozen=True)
class ObjectiveDraft:
    aim: str
    title: str
    kind: str
    indicator_id: str = ""
    target: float | None = None
    direction: str = ""  # from the indicator's polarity when empty
    target_year: int | None = None
    current_value: float | None = None
    narrative: str = ""
    progress_note: str = ""


@dataclass(frozen=True)
class ObjectiveView:
    id: int
    aim: Aim
    title: str
    kind: ObjectiveKind
    indicator_id: str | None
    indicator_name: str
    value: float | None
    value_source: str  # "indicator 2024" or "entered by the team"
    unit: str
    target: float | None
    direction: Direction
    target_year: int | None
    narrative: str
    progress_note: str
    progress: Progress
    entered_value: float | None  # the team's own figure, shown when no indicator value
    version: int


@dataclass(frozen=True)
class AssessmentView:
    id: int
    year: int
    aim: Aim
    score: int
    implementation: str
    explanation: str
    version: int


@dataclass
class AimView:
    aim: Aim
    objectives: list[ObjectiveView] = field(default_factory=list)
    assessments: list[AssessmentView] = field(default_factory=list)  # oldest first
    change: int | None = None  # score change between the two latest years

    @property
    def latest(self) -> AssessmentView | None:
        return self.assessments[-1] if self.assessments else None


@dataclass
class Dashboard:
    code: str
    name: str
    aims: list[AimView]

    @property
    def years(self) -> list[int]:
        return sorted({a.year for aim in self.aims for a in aim.assessments})

    def assessment(self, aim: Aim, year: int) -> AssessmentView | None:
        found = next(a for a in self.aims if a.aim is aim)
        return next((a for a in found.assessments if a.year == year), None)


def _ols(platform: Platform, session: Session, code: str) -> str:
    ols = zoning_hierarchy(platform, session, None, None)[2].at(code, Level.OLS)
    if ols is None:
        raise NotFound(_("The performance framework belongs to an OLS: {value}").format(value=code))
    return ols.name


def _fields(platform: Platform, draft: ObjectiveDraft) -> dict[str, object]:
    kind = choice(ObjectiveKind, draft.kind)
    indicator = (
        indicators.get_indicator(platform, draft.indicator_id).indicator
        if draft.indicator_id
        else None
    )
    if kind is ObjectiveKind.MEASURABLE and indicator is None and draft.target is None:
        raise InvalidInput(
            _(
                "A measurable objective names an indicator or a target; otherwise "
                "describe it as a narrative objective."
            )
        )
    direction = (
        choice(Direction, draft.direction)
        if draft.direction
        else Direction.of(indicator.polarity)
        if indicator
        else Direction.AT_LEAST
    )
    if draft.target_year is not None and not FIRST_YEAR <= draft.target_year <= 2100:
        raise InvalidInput(
            _("A target year lies between 2024 and 2100: {value}").format(value=draft.target_year)
        )
    return {
        "aim": choice(Aim, draft.aim).value,
        "title": bounded_text(draft.title, _("title"), 200, required=True),
        "kind": kind.value,
        "indicator_id": indicator.id if indicator else None,
        "target": draft.target,
        "direction": direction.value,
        "target_year": draft.target_year,
        "current_value": draft.current_value,
        "narrative": bounded_text(draft.narrative, _("how progress is recognised"), MAX_TEXT),
        "progress_note": bounded_text(draft.progress_note, _("progress"), MAX_TEXT),
    }


def add_objective(platform: Platform, actor: Actor, code: str, draft: ObjectiveDraft) -> int:
    values = _fields(platform, draft)
    with platform.transaction(actor) as session:
        _ols(platform, session, code)
        row = PerformanceObjectiveRow(code=code, **values)
        session.add(row)
        session.flush()
        return row.id


def update_objective(
    platform: Platform,
    actor: Actor,
    code: str,
    objective_id: int,
    draft: ObjectiveDraft,
    version: int,
) -> None:
    values = _fields(platform, draft)

    def load(session: Session) -> PerformanceObjectiveRow:
        row = session.get(PerformanceObjectiveRow, objective_id)
        if row is None or row.code != code:
            raise NotFound(_("Unknown objective: {id}").format(id=objective_id))
        return row

    def apply(session: Session, row: PerformanceObjectiveRow) -> None:
        for name, value in values.items():
            setattr(row, name, value)

    guarded_update(platform, actor, load, version, apply)


@dataclass(frozen=True)
class AssessmentDraft:
    year: int
    aim: str
    score: int
    implementation: str = ""
    explanation: str = ""


def assess(
    platform: Platform, actor: Actor, code: str, draft: AssessmentDraft, version: int | None = None
) -> int:
    """Record (or, naming the version read, revise) the score of one aim for one year."""
    aim = choice(Aim, draft.aim)
    score = validate_score(draft.score)
    if not FIRST_YEAR <= draft.year <= 2100:
        raise InvalidInput(
            _("A self-assessment year lies between 2024 and 2100: {value}").format(value=draft.year)
        )
    implementation = bounded_text(draft.implementation, _("implementation"), MAX_TEXT)
    explanation = bounded_text(draft.explanation, _("explanation"), MAX_TEXT)

    def find(session: Session) -> SelfAssessmentRow | None:
        return session.scalars(
            select(SelfAssessmentRow).where(
                SelfAssessmentRow.code == code,
                SelfAssessmentRow.year == draft.year,
                SelfAssessmentRow.aim == aim.value,
            )
        ).first()

    if version is None:
        with platform.transaction(actor) as session:
            _ols(platform, session, code)
            if find(session) is not None:
                raise Conflict(
                    _("{aim} is already assessed for {year}: revise that assessment.").format(
                        aim=aim.label, year=draft.year
                    )
                )
            row = SelfAssessmentRow(
                code=code,
                year=draft.year,
                aim=aim.value,
                score=score,
                implementation=implementation,
                explanation=explanation,
            )
            session.add(row)
            try:
                session.flush()
            except IntegrityError as error:  # recorded meanwhile in another tab
                raise Conflict(
                    _(
                        "{aim} has just been assessed for {year} by someone else: reload the page."
                    ).format(aim=aim.label, year=draft.year)
                ) from error
            return row.id

    def load(session: Session) -> SelfAssessmentRow:
        row = find(session)
        if row is None:
            raise NotFound(
                _("No assessment of {aim} for {year}.").format(aim=aim.label, year=draft.year)
            )
        return row

    def apply(session: Session, row: SelfAssessmentRow) -> None:
        row.score, row.implementation, row.explanation = score, implementation, explanation

    return guarded_update(platform, actor, load, version, apply, lambda session, row: int(row.id))


def _objective(
    row: PerformanceObjectiveRow, latest: dict[str, tuple[float | None, str, str, str]]
) -> ObjectiveView:
    kind = ObjectiveKind(row.kind)
    name, unit, value, source = "", "", row.current_value, _("entered by the team")
    if row.indicator_id and row.indicator_id in latest:
        found, period, name, unit = latest[row.indicator_id]
        if found is not None:
            value, source = found, _("indicator, {period}").format(period=period)
    direction = Direction(row.direction)
    return ObjectiveView(
        row.id,
        Aim(row.aim),
        row.title,
        kind,
        row.indicator_id,
        name,
        value,
        source if value is not None else "",
        unit,
        row.target,
        direction,
        row.target_year,
        row.narrative,
        row.progress_note,
        progress(kind, value, row.target, direction),
        row.current_value,
        row.version,
    )


def _latest_values(
    platform: Platform, code: str, rows: list[PerformanceObjectiveRow]
) -> dict[str, tuple[float | None, str, str, str]]:
    """The OLS's latest value of every indicator the objectives name."""
    found: dict[str, tuple[float | None, str, str, str]] = {}
    for indicator_id in {r.indicator_id for r in rows if r.indicator_id}:
        try:
            points = indicators.series(platform, indicator_id, code)  # small numbers hidden
        except NotFound:
            continue
        last = points.points[-1] if points.points else None
        found[indicator_id] = (
            last.value if last else None,
            last.period if last else "",
            points.indicator.name,
            points.indicator.unit,
        )
    return found


def dashboard(platform: Platform, code: str) -> Dashboard:
    with platform.reading() as session:
        name = _ols(platform, session, code)
        rows = list(
            session.scalars(
                select(PerformanceObjectiveRow)
                .where(PerformanceObjectiveRow.code == code)
                .order_by(PerformanceObjectiveRow.id)
            )
        )
        assessed = list(
            session.scalars(
                select(SelfAssessmentRow)
                .where(SelfAssessmentRow.code == code)
                .order_by(SelfAssessmentRow.year)
            )
        )
    latest = _latest_values(platform, code, rows)
    aims = {aim: AimView(aim) for aim in Aim}
    for row in rows:
        aims[Aim(row.aim)].objectives.append(_objective(row, latest))
    for a in assessed:
        aims[Aim(a.aim)].assessments.append(
            AssessmentView(
                a.id, a.year, Aim(a.aim), a.score, a.implementation, a.explanation, a.version
            )
        )
    history = [Assessment(a.year, Aim(a.aim), a.score) for a in assessed]
    for aim, view in aims.items():
        view.change = trend(history, aim)
    return Dashboard(code, name, list(aims.values()))


@dataclass(frozen=True)
class ComparisonCell:
    score: int | None
    objectives: int
    narrative: int
    met: int


@dataclass(frozen=True)
class ComparisonRow:
    code: str
    name: str
    cells: dict[Aim, ComparisonCell]


def comparison(platform: Platform, year: int) -> list[ComparisonRow]:
    """Every OLS × aim: its score for *year* and what its objectives say (IWPL view)."""
    with platform.reading() as session:
        tree = zoning_hierarchy(platform, session, None, None)[2]
        ols = [(t.code, t.name) for t in tree.at_level(Level.OLS)]
        scores = {
            (a.code, a.aim): a.score
            for a in session.scalars(
                select(SelfAssessmentRow).where(SelfAssessmentRow.year == year)
            )
        }
        objectives = list(session.scalars(select(PerformanceObjectiveRow)))
    by_ols: dict[str, list[PerformanceObjectiveRow]] = {}
    for row in objectives:
        by_ols.setdefault(row.code, []).append(row)
    rows = []
    for code, name in ols:
        own = by_ols.get(code, [])
        latest = _latest_values(platform, code, own)
        views = [_objective(row, latest) for row in own]
        rows.append(
            ComparisonRow(
                code,
                name,
                {
                    aim: ComparisonCell(
                        scores.get((code, aim.value)),
                        sum(v.aim is aim for v in views),
                        sum(v.aim is aim and v.kind is ObjectiveKind.NARRATIVE for v in views),
                        sum(v.aim is aim and v.progress is Progress.MET for v in views),
                    )
                    for aim in Aim
                },
            )
        )
    return rows
