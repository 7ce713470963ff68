"""The running platform: settings, database engine and session factory, opened once."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from sqlalchemy import Engine, inspect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from maillage.domain.actors import Actor
from maillage.errors import DatabaseBusy, DatabaseNotInitialised
from maillage.settings import Settings
from maillage.store.database import is_lock_timeout, make_engine, session_factory, transaction

T = TypeVar("T")


@dataclass
class Platform:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    # Read-only structures derived from rarely written tables (a zoning's hierarchy, the
    # taxonomy, commune shapes), built once per process; any write transaction forgets them.
    memo: dict[Hashable, Any] = field(default_factory=dict, repr=False)

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

        *keeps_memo* is for writes that no memoised structure reads (web sessions, login
        attempts): they must not throw away the caches on every visit.
        """
        try:
            with transaction(self.sessions) as session:
                session.info["actor"] = actor or Actor.system()
                yield session
        except DBAPIError as error:
            if is_lock_timeout(error):
                raise DatabaseBusy() from error
            raise
        finally:
            if not keeps_memo:
                self.memo.clear()

    def remember(self, key: Hashable, build: Callable[[], T]) -> T:
        """The value memoised under *key*, built on first use."""
        if key not in self.memo:
            self.memo[key] = build()
        value: T = self.memo[key]
        return value

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
