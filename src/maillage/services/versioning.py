"""No lost updates: an update names the version it was based on, or it is refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, overload

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from maillage.domain.actors import Actor
from maillage.errors import NotFound, StaleVersion
from maillage.i18n import format_datetime
from maillage.i18n import gettext as _
from maillage.services.platform import Platform
from maillage.store.models import AuditEventRow

Row = TypeVar("Row")
BOOKKEEPING = frozenset({"id", "version", "zoning_id", "code", "created_at", "updated_at"})
Result = TypeVar("Result")


def changes_since(session: Session, entity: str, entity_id: str, version: int) -> list[str]:
    """What others changed since *version*, read from the audit trail, one line per field."""
    events = session.scalars(
        select(AuditEventRow)
        .where(
            AuditEventRow.entity == entity,
            AuditEventRow.entity_id == entity_id,
            AuditEventRow.action.in_(("create", "update")),
        )
        .order_by(AuditEventRow.id)
    )
    changes: list[str] = []
    for event in events:
        before, after = event.before or {}, event.after or {}
        if int(str(before.get("version", 0))) < version:
            continue
        for field, value in after.items():
            if (
                field in BOOKKEEPING
                or before.get(field, "") == value
                or (event.action == "create" and value in ("", None))
            ):
                continue
            changes.append(
                _("{field}: “{before}” → “{after}” by {who} on {at}").format(
                    field=field,
                    before=before.get(field, ""),
                    after=value,
                    who=event.actor,
                    at=format_datetime(event.at),
                )
            )
    return changes


def _stale(session: Session, row: Any, expected: int) -> StaleVersion:
    entity, identity = str(row.__tablename__), str(row.id)
    return StaleVersion(
        entity, int(row.version), changes_since(session, entity, identity, expected)
    )


def owned_row(
    session: Session, model: type[Row], row_id: int, parent: str, parent_id: int, unknown: str
) -> Row:
    """The row *row_id* of *model* whose *parent* column is *parent_id*, else NotFound
    *unknown* (formatted with the id): an id from another space or project is unknown."""
    row = session.get(model, row_id)
    if row is None or getattr(row, parent) != parent_id:
        raise NotFound(unknown.format(id=row_id))
    return row


@overload
def guarded_update(
    platform: Platform,
    actor: Actor,
    load: Callable[[Session], Row],
    expected_version: int,
    apply: Callable[[Session, Row], None],
) -> None: ...


@overload
def guarded_update(
    platform: Platform,
    actor: Actor,
    load: Callable[[Session], Row],
    expected_version: int,
    apply: Callable[[Session, Row], None],
    answer: Callable[[Session, Row], Result],
) -> Result: ...


def guarded_update(
    platform: Platform,
    actor: Actor,
    load: Callable[[Session], Row],
    expected_version: int,
    apply: Callable[[Session, Row], None],
    answer: Callable[[Session, Row], Result] | None = None,
) -> Result | None:
    """Load, check the version, apply and commit; a stale version or a lost race is a 409.

    *apply* changes the row and returns nothing; what the caller gets back is built by
    *answer* after the flush, which bumps ``version``: a result built before it carried the
    version just replaced, and sending that back was refused as stale.
    """
    try:
        with platform.transaction(actor) as session:
            row = load(session)
            if getattr(row, "version") != expected_version:  # noqa: B009 - any versioned row
                raise _stale(session, row, expected_version)
            apply(session, row)
            session.flush()
            return answer(session, row) if answer is not None else None
    except StaleDataError:
        # The check passed but another writer committed first: the UPDATE matched no row.
        with platform.reading() as session:
            raise _stale(session, load(session), expected_version) from None
