"""The database's change counter: how every process learns that its caches went stale.

One row, bumped by every write transaction that memoised structures may depend on, in
that same transaction (so the new value is visible exactly when the data is). A process
reads it once per request or command and drops its memo when it moved: a write through
another worker, or the command line, is seen at the next request.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Engine, Integer, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Mapped, Session, mapped_column

from maillage.store.models import Base

ROW = 1  # the only row


class ChangeCounterRow(Base):
    """Not audited: it records no one's change, only that there was one."""

    __tablename__ = "change_counter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, nullable=False)


def bump(session: Session) -> int:
    """Count one more change, as the last statement of a write transaction (PostgreSQL
    holds the row's lock until the commit, so writers queue on it only for that long);
    the new value."""
    session.flush()
    value = session.execute(
        update(ChangeCounterRow)
        .where(ChangeCounterRow.id == ROW)
        .values(value=ChangeCounterRow.value + 1)
        .returning(ChangeCounterRow.value)
    ).scalar_one()
    return int(value)


def current(engine: Engine) -> int | None:
    """The counter as committed now, in a transaction of its own; None when it cannot be
    read (a database not initialised or unreachable: what follows reports that itself)."""
    try:
        with engine.connect() as connection:
            value = connection.execute(
                select(ChangeCounterRow.value).where(ChangeCounterRow.id == ROW)
            ).scalar()
    except DBAPIError:
        return None
    return None if value is None else int(value)
