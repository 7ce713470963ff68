"""How many logins an account and an address may try: counted before the password is checked.

Checking a password takes tens of milliseconds (argon2). Counting past failures, then
checking, then recording the failure let parallel attempts all read the same count and
all be checked. Here each attempt first *reserves* its place with one atomic upsert on a
counter per account and per address (the database serialises upserts of one row, on
SQLite and PostgreSQL alike), and only attempts within the limit are checked. A
successful login gives its place back; a failure keeps it. The window starts at the
first attempt counted and lasts ``WINDOW``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import case, delete, literal, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from maillage.store.models import LoginLimitRow

PER_ACCOUNT = 5
PER_ADDRESS = 20
WINDOW = timedelta(minutes=15)
KEPT = timedelta(days=1)


@dataclass(frozen=True)
class Place:
    """One attempt counted on one counter: which counter, its window, and the count."""

    kind: str
    value: str
    window_start: datetime
    attempts: int
    limit: int

    @property
    def allowed(self) -> bool:
        return self.attempts <= self.limit


@dataclass(frozen=True)
class Reservation:
    places: tuple[Place, ...]

    @property
    def allowed(self) -> bool:
        return all(place.allowed for place in self.places)


def _now() -> datetime:
    return datetime.now(UTC)


def _count(session: Session, kind: str, value: str, limit: int, now: datetime) -> Place:
    """Add one attempt to the counter of (*kind*, *value*) and read it back, atomically."""
    dialect = session.get_bind().dialect.name
    insert: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
    moment = literal(now, LoginLimitRow.window_start.type)
    expired = LoginLimitRow.window_start < literal(now - WINDOW, LoginLimitRow.window_start.type)
    statement = (
        insert(LoginLimitRow)
        .values(kind=kind, value=value, window_start=moment, attempts=1)
        .on_conflict_do_update(
            index_elements=[LoginLimitRow.kind, LoginLimitRow.value],
            set_={
                "attempts": case((expired, 1), else_=LoginLimitRow.attempts + 1),
                "window_start": case((expired, moment), else_=LoginLimitRow.window_start),
            },
        )
        .returning(LoginLimitRow.attempts, LoginLimitRow.window_start)
    )
    attempts, window_start = session.execute(statement).one()
    return Place(kind, value, window_start, int(attempts), limit)


def reserve(session: Session, account: str, address: str) -> Reservation:
    """Count one attempt for *account* and for *address*; allowed if both stay in limits."""
    now = _now()
    return Reservation(
        (
            _count(session, "account", account[:254], PER_ACCOUNT, now),
            _count(session, "address", address[:254], PER_ADDRESS, now),
        )
    )


def give_back(session: Session, reservation: Reservation) -> None:
    """A successful login does not count against its account or address."""
    for place in reservation.places:
        session.execute(
            update(LoginLimitRow)
            .where(
                LoginLimitRow.kind == place.kind,
                LoginLimitRow.value == place.value,
                LoginLimitRow.window_start == place.window_start,
                LoginLimitRow.attempts > 0,
            )
            .values(attempts=LoginLimitRow.attempts - 1)
        )


def forget_account(session: Session, account: str) -> None:
    """A new password starts the account's count afresh (the address keeps its own)."""
    session.execute(
        delete(LoginLimitRow).where(
            LoginLimitRow.kind == "account", LoginLimitRow.value == account[:254]
        )
    )


def purge(session: Session) -> None:
    """Counters untouched for a day are of no use any more."""
    session.execute(delete(LoginLimitRow).where(LoginLimitRow.window_start < _now() - KEPT))
