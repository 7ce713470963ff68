"""The audit trail, written by the store itself so that no write can forget it.

After each flush, every inserted, updated or deleted row of an ``Audited`` table gets one
``audit_event`` row (who, when, from where, what, before and after) in the same
transaction. Audit rows are only ever inserted: changing or deleting one is refused here
and, underneath, by database triggers.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session

from maillage.domain.actors import Actor
from maillage.store.models import Audited, AuditEventRow


class AuditTrailIsAppendOnly(RuntimeError):
    """A bug: some code tried to change or delete an audit event."""


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def snapshot(row: Any) -> dict[str, Any]:
    excluded = set(getattr(row, "AUDIT_EXCLUDE", ()))
    mapper = inspect(row).mapper
    return {
        column.key: _plain(getattr(row, column.key))
        for column in mapper.column_attrs
        if column.key not in excluded
    }


def _before(row: Any) -> dict[str, Any]:
    state = inspect(row)
    excluded = set(getattr(row, "AUDIT_EXCLUDE", ()))
    values: dict[str, Any] = {}
    for column in state.mapper.column_attrs:
        if column.key in excluded:
            continue
        history = state.attrs[column.key].history
        if history.deleted:
            values[column.key] = _plain(history.deleted[0])
        else:
            values[column.key] = _plain(getattr(row, column.key))
    return values


def _entity(row: Any) -> str:
    return str(row.__tablename__)


def _identity(row: Any) -> str:
    key = getattr(row, "AUDIT_KEY", None)
    if key:
        return str(getattr(row, key))
    return ",".join(str(v) for v in inspect(row).mapper.primary_key_from_instance(row))


def _actor(session: Session) -> Actor:
    actor = session.info.get("actor")
    return actor if isinstance(actor, Actor) else Actor.system()


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_the_trail(session: Session, _context: Any, _instances: Any) -> None:
    for row in list(session.dirty) + list(session.deleted):
        if isinstance(row, AuditEventRow):
            raise AuditTrailIsAppendOnly("audit events are append-only")
    if session.info.get("audit_bulk"):
        return  # a bulk import records one summary event instead of one per row
    # Capture "before" values now: after the flush the history of deleted rows is gone.
    pending = session.info.setdefault("audit_pending", [])
    for row in session.deleted:
        if isinstance(row, Audited):
            pending.append(("delete", _entity(row), _identity(row), _before(row), None))
    for row in session.dirty:
        if isinstance(row, Audited) and session.is_modified(row, include_collections=False):
            pending.append(("update", row, None, _before(row), None))


@event.listens_for(Session, "after_flush")
def _write_the_trail(session: Session, _context: Any) -> None:
    if session.info.get("audit_bulk"):
        return
    actor = _actor(session)
    now = datetime.now(UTC)
    rows: list[dict[str, Any]] = []
    for action, row_or_entity, identity, before, _after in session.info.pop("audit_pending", []):
        if action == "update":
            after = snapshot(row_or_entity)
            if after == before:
                continue
            rows.append(
                _event(
                    actor,
                    now,
                    "update",
                    _entity(row_or_entity),
                    _identity(row_or_entity),
                    before,
                    after,
                )
            )
        else:
            rows.append(_event(actor, now, action, row_or_entity, identity, before, None))
    for row in session.new:
        if isinstance(row, Audited):
            rows.append(
                _event(actor, now, "create", _entity(row), _identity(row), None, snapshot(row))
            )
    if rows:
        session.connection().execute(insert(AuditEventRow), rows)


def _event(
    actor: Actor,
    at: datetime,
    action: str,
    entity: str,
    entity_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> dict[str, Any]:
    return {
        "at": at,
        "actor_id": actor.id,
        "actor": actor.label,
        "address": actor.address,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "before": before,
        "after": after,
    }


def record(
    session: Session,
    action: str,
    entity: str,
    entity_id: str,
    details: dict[str, Any] | None = None,
) -> None:
    """An event that is not a row change (a login, a logout, a refused login)."""
    actor = _actor(session)
    session.add(
        AuditEventRow(
            at=datetime.now(UTC),
            actor_id=actor.id,
            actor=actor.label,
            address=actor.address,
            action=action,
            entity=entity,
            entity_id=entity_id,
            before=None,
            after=details,
        )
    )
