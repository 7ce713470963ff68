"""The roadmap: scenarios from seed 000, trajectories evaluated, each OLS's recorded path."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from maillage.domain.actors import Actor
from maillage.domain.roadmap import (
    Choice,
    Evaluation,
    Roadmap,
    StepProgress,
    StepStatus,
    evaluate,
    parse_choices,
    roadmap_from,
)
from maillage.domain.territory import Level
from maillage.errors import Conflict, InvalidInput, NotFound
from maillage.i18n import gettext as _
from maillage.reference import loaders
from maillage.reference.sources import ROADMAP_2024, DataSource
from maillage.services.fields import bounded_text, choice, day
from maillage.services.platform import Platform
from maillage.services.territories import zoning_hierarchy
from maillage.services.versioning import guarded_update
from maillage.store.architecture_tables import RoadmapStepRow

MAX_NOTE = 4000
# The public document the roadmap's steps and scenarios come from, cited on its pages.
SOURCE: DataSource = ROADMAP_2024


@cache
def roadmap() -> Roadmap:
    return roadmap_from(loaders.roadmap_document())


def evaluate_choices(raw: Mapping[str, str]) -> Evaluation:
    """A trajectory typed in the builder (step code → "1", "2", "blend" or empty)."""
    found = roadmap()
    return evaluate(found, parse_choices(found, raw))


def _ols_name(platform: Platform, session: Session, code: str) -> str:
    ols = zoning_hierarchy(platform, session, None, None)[2].at(code, Level.OLS)
    if ols is None:
        raise NotFound(_("A roadmap trajectory belongs to an OLS: {value}").format(value=code))
    return ols.name


@dataclass(frozen=True)
class Trajectory:
    code: str
    name: str
    steps: dict[str, StepProgress]
    evaluation: Evaluation

    @property
    def done(self) -> int:
        return sum(p.status is StepStatus.DONE for p in self.steps.values())


def _trajectory(code: str, name: str, rows: list[RoadmapStepRow]) -> Trajectory:
    found = roadmap()
    recorded = {row.step: row for row in rows}
    steps = {}
    for step in found.steps:
        row = recorded.get(step.code)
        steps[step.code] = StepProgress(
            step.code,
            Choice(row.choice) if row and row.choice else None,
            StepStatus(row.status) if row else StepStatus.NOT_STARTED,
            row.since if row else None,
            row.note if row else "",
            row.version if row else 0,
        )
    choices = {c: p.choice for c, p in steps.items() if p.choice is not None}
    return Trajectory(code, name, steps, evaluate(found, choices))


def trajectory(platform: Platform, code: str) -> Trajectory:
    with platform.reading() as session:
        name = _ols_name(platform, session, code)
        rows = list(session.scalars(select(RoadmapStepRow).where(RoadmapStepRow.ols_code == code)))
    return _trajectory(code, name, rows)


@dataclass(frozen=True)
class StepDraft:
    choice: str
    status: str
    since: str = ""
    note: str = ""


def record(
    platform: Platform, actor: Actor, code: str, step_code: str, draft: StepDraft, version: int
) -> None:
    """Record an OLS's choice and progress on a step; *version* 0 means first record."""
    step = roadmap().step(step_code)
    picked = choice(Choice, draft.choice).value if draft.choice else ""
    if picked and not step.choosable:
        raise InvalidInput(_("Step {code} offers no scenario to choose.").format(code=step.code))
    values = {
        "choice": picked,
        "status": choice(StepStatus, draft.status).value,
        "since": day(draft.since, _("date")),
        "note": bounded_text(draft.note, _("note"), MAX_NOTE),
    }

    def find(session: Session) -> RoadmapStepRow | None:
        return session.scalars(
            select(RoadmapStepRow).where(
                RoadmapStepRow.ols_code == code, RoadmapStepRow.step == step.code
            )
        ).first()

    if version == 0:
        raced = Conflict(
            _("Step {step} was recorded meanwhile by someone else: reload the page.").format(
                step=step.code
            )
        )
        with platform.transaction(actor) as session:
            _ols_name(platform, session, code)
            if find(session) is not None:
                raise raced
            session.add(RoadmapStepRow(ols_code=code, step=step.code, **values))
            try:
                session.flush()
            except IntegrityError as error:
                raise raced from error
        return

    def load(session: Session) -> RoadmapStepRow:
        row = find(session)
        if row is None:
            raise NotFound(
                _("Step {step} is not recorded yet for {code}.").format(step=step.code, code=code)
            )
        return row

    def apply(session: Session, row: RoadmapStepRow) -> None:
        for name, value in values.items():
            setattr(row, name, value)

    guarded_update(platform, actor, load, version, apply)


def comparison(platform: Platform) -> list[Trajectory]:
    """Every OLS of the active zoning with its recorded trajectory (the IWPL's view)."""
    with platform.reading() as session:
        tree = zoning_hierarchy(platform, session, None, None)[2]
        ols = [(t.code, t.name) for t in tree.at_level(Level.OLS)]
        rows = list(session.scalars(select(RoadmapStepRow)))
    by_ols: dict[str, list[RoadmapStepRow]] = {}
    for row in rows:
        by_ols.setdefault(row.ols_code, []).append(row)
    return [_trajectory(code, name, by_ols.get(code, [])) for code, name in ols]
