"""The journal of developmental evaluation: dated entries tagged by kind and expectation,
kept within the team unless shared with the learning network.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from maillage.domain.actors import Actor
from maillage.domain.learning import EntryKind, Expectation, JournalEntry, matches
from maillage.i18n import gettext as _
from maillage.services.fields import bounded_text, choice
from maillage.services.learning.rows import MAX_TEXT, child, free_text, project_row
from maillage.services.learning.views import EntryView
from maillage.services.platform import Platform
from maillage.services.versioning import guarded_update
from maillage.store.learning_tables import JournalEntryRow


def entry_matches(e: JournalEntryRow, query: str) -> bool:
    return matches(
        JournalEntry(e.id, e.text, e.participants, EntryKind(e.kind), Expectation(e.expectation)),
        query,
    )


def entry_view(e: JournalEntryRow) -> EntryView:
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
        project_row(session, project_id, code)
        row = JournalEntryRow(
            project_id=project_id,
            written_on=draft.written_on or date.today(),
            kind=kind.value,
            expectation=expectation.value,
            text=text,
            participants=free_text(draft.participants, _("who took part")),
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
        return child(
            session, JournalEntryRow, entry_id, project_id, code, _("Unknown journal entry: {id}")
        )

    def apply(session: Session, row: JournalEntryRow) -> None:
        row.shared = shared

    guarded_update(platform, actor, load, version, apply)
