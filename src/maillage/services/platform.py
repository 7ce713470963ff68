"""The running platform: settings, database engine and session factory, opened once."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from sqlalchemy import Engine, inspect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from maillage.domain.actors import Actor
from maillage.errors import DatabaseBusy, DatabaseNotInitialised
from maillage.services.memo import Memo
from maillage.settings import Settings
from maillage.store import changes
from maillage.store.database import is_lock_timeout, make_engine, session_factory, transaction

T = TypeVar("T")


@dataclass
class Platform:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    # Read-only structures derived from rarely written tables (a zoning's hierarchy, the
    # taxonomy, commune shapes), kept while no write, in any process, changed the database.
    memo: Memo = field(default_factory=Memo, repr=False)

    @classmethod
    def open(cls, settings: Settings, batch: bool = False) -> Platform:
        """The platform for *settings*; a *batch* one (the command line) waits longer for
        another writer's lock than a web request does."""
        engine = make_engine(settings.database_url, batch)
        return cls(settings, engine, session_factory(engine))

    @contextmanager
    def transaction(
        self, actor: Actor | None = None, *, keeps_memo: bool = False
    ) -> Iterator[Session]:
        """One unit of work, audited in the name of *actor* (the system when None).

        Unless it *keeps_memo*, it bumps the database's change counter just before it
        commits, so that every process forgets its memoised structures.
        *keeps_memo* is for writes that no memoised structure reads (web sessions, login
        attempts): they must not throw away the caches on every visit.
        """
        committed: int | None = None
        try:
            with self.memo.drafting(), transaction(self.sessions) as session:
                session.info["actor"] = actor or Actor.system()
                yield session
                bumped = None if keeps_memo else changes.bump(session)
            committed = bumped
        except DBAPIError as error:
            if is_lock_timeout(error):
                raise DatabaseBusy() from error
            raise
        finally:
            if not keeps_memo:
                self.memo.forget(committed)

    def observe(self) -> int:
        """Read the database's change counter, once as a request or command begins, and
        drop the memo if another process (or this one) wrote since; the context's ticket
        (see ``services/memo.py``), returned for a caller that must hold it elsewhere."""
        ticket = self.memo.observe(changes.current(self.engine))
        self.memo.hold(ticket)
        return ticket

    def remember(self, key: Hashable, build: Callable[[], T]) -> T:
        """The value memoised under *key*, built on first use. Outside a request or a
        command (which observed the counter as they began), the counter is read now."""
        if self.memo.held() or self.memo.drafts():
            return self.memo.remember(key, build)
        with self.memo.holding(self.memo.observe(changes.current(self.engine))):
            return self.memo.remember(key, build)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads; a lock it could not get in time is DatabaseBusy as for
        writes (SQLite readers wait on a checkpoint or a recovery; PostgreSQL's on DDL)."""
        try:
            if not inspect(self.engine).has_table("zoning"):
                raise DatabaseNotInitialised()
            with self.sessions() as session:
                yield session
        except DBAPIError as error:
            if is_lock_timeout(error):
                raise DatabaseBusy() from error
            raise

    def close(self) -> None:
        self.engine.dispose()


def is_busy(error: BaseException) -> bool:
    """A lock not had in time, wherever it surfaced (a lazy load, a flush after the
    transaction): transient, nothing was written, answered as ``DatabaseBusy``."""
    return is_lock_timeout(error)


class Progress(Protocol):
    """How long work reports its advance (a progress bar in the CLI, nothing in tests)."""

    def task(self, label: str, total: int) -> Callable[[int], None]: ...


class SilentProgress:
    def task(self, label: str, total: int) -> Callable[[int], None]:
        return lambda advance: None
