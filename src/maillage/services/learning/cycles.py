"""Chained Plan–Do–Study–Act cycles: a cycle's record, the measures it watches, and the
stage it moves on to once the record of the current one is filled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from maillage.domain.actors import Actor
from maillage.domain.learning import CycleStub, Decision, Stage, advance, next_number
from maillage.errors import Conflict, InvalidInput
from maillage.i18n import gettext as _
from maillage.services.fields import bounded_text, choice
from maillage.services.learning.rows import MAX_TEXT, child, free_text, project_row
from maillage.services.learning.views import CycleView
from maillage.services.platform import Platform
from maillage.services.versioning import guarded_update
from maillage.store import links
from maillage.store.learning_tables import CycleMeasureRow, CycleRow, HypothesisRow, MeasureRow


def cycle_view(c: CycleRow, measure_ids: list[int]) -> CycleView:
    return CycleView(
        c.id,
        c.number,
        Stage(c.stage),
        c.objective,
        c.hypothesis,
        c.hypothesis_id,
        c.prediction,
        c.predicted_value,
        measure_ids,
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
    row.objective = free_text(fields.objective, _("objective"))
    row.hypothesis = free_text(fields.hypothesis, _("hypothesis"))
    row.hypothesis_id = fields.hypothesis_id
    row.prediction = free_text(fields.prediction, _("prediction"))
    row.predicted_value = fields.predicted_value
    row.done_what = free_text(fields.done_what, _("what was done"))
    row.done_from, row.done_to = fields.done_from, fields.done_to
    row.done_by = free_text(fields.done_by, _("by whom"))
    row.study = free_text(fields.study, _("study"))
    row.decision = choice(Decision, fields.decision).value if fields.decision else ""
    row.act_notes = free_text(fields.act_notes, _("next steps"))


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
        project_row(session, project_id, code)
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
        links.replace(
            session, CycleMeasureRow, row.id, fields.measure_ids, unknown=_("Unknown measure: {id}")
        )
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
        return child(session, CycleRow, cycle_id, project_id, code, _("Unknown cycle: {id}"))

    def apply(session: Session, row: CycleRow) -> None:
        if row.stage == Stage.CLOSED.value:
            raise Conflict(_("This cycle is closed; its record is kept as it was."))
        _check_links(session, project_id, fields)
        _write(row, fields)
        links.replace(
            session,
            CycleMeasureRow,
            row.id,
            fields.measure_ids,
            unknown=_("Unknown measure: {id}"),
            owner=row,
        )
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
