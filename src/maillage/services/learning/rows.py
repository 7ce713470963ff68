"""A project's rows as the other modules reach them: the project by id (and territory),
a row it owns, and free text bounded the same way everywhere.
"""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from maillage.errors import NotFound
from maillage.i18n import gettext as _
from maillage.services.fields import bounded_text
from maillage.services.versioning import owned_row
from maillage.store.learning_tables import (
    CycleRow,
    HypothesisRow,
    JournalEntryRow,
    MeasureRow,
    ProjectRow,
)

MAX_TEXT = 4000


def free_text(value: str, label: str) -> str:
    return bounded_text(value, label, MAX_TEXT)


def project_row(session: Session, project_id: int, code: str | None) -> ProjectRow:
    row = session.get(ProjectRow, project_id)
    if row is None or (code is not None and row.code != code):
        raise NotFound(_("Unknown project: {id}").format(id=project_id))
    return row


Child = TypeVar("Child", CycleRow, HypothesisRow, JournalEntryRow, MeasureRow)


def child(
    session: Session, model: type[Child], child_id: int, project_id: int, code: str, unknown: str
) -> Child:
    """A row of the project (checked to be of *code*'s project), or NotFound *unknown*."""
    project_row(session, project_id, code)
    return owned_row(session, model, child_id, "project_id", project_id, unknown)
