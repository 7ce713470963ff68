"""Engines and sessions for SQLite (embedded, WAL) and PostgreSQL, and schema migration."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from maillage.errors import InvalidInput
from maillage.i18n import gettext as _

MIGRATIONS = Path(__file__).parent / "migrations"
# Objects the migrations create by hand, which the models do not describe.
HAND_MADE = ("directory_service_fts", "ix_directory_service_fts")


def include_name(name: str | None, _type: str, _parent: object) -> bool:
    """Autogenerate and schema comparisons leave the hand-made objects alone."""
    return not (name or "").startswith(HAND_MADE)


# How long a writer waits for another writer's lock before giving up (SQLite's busy
# timeout; PostgreSQL's lock_timeout). Write transactions are kept short (imports parse
# before they open theirs), so a wait this long means the database is saturated.
LOCK_WAIT_SECONDS = 20
# A command-line job (an import, a zoning) has nobody waiting on a web request: it queues
# behind another import's write instead of giving up.
BATCH_LOCK_WAIT_SECONDS = 300
# Execution option marking the connection of a write transaction (see ``_sqlite_begin``).
WRITE = "maillage_write"


def make_engine(url: str, batch: bool = False) -> Engine:
    """An engine for *url*; *batch* engines wait ``BATCH_LOCK_WAIT_SECONDS`` for locks."""
    wait = BATCH_LOCK_WAIT_SECONDS if batch else LOCK_WAIT_SECONDS
    if url.startswith("sqlite"):
        database = url.split("///", 1)[-1]
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": wait, "isolation_level": None}
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        engine = create_engine(
            url, pool_pre_ping=True, connect_args={"options": f"-c lock_timeout={wait * 1000}"}
        )
    event.listen(engine, "before_cursor_execute", _refuse_nul_characters)
    return engine


def _refuse_nul_characters(
    _connection: Connection,
    _cursor: Any,
    _statement: str,
    parameters: Any,
    _context: Any,
    _executemany: bool,
) -> None:
    """Text with a NUL character is refused before it reaches the database, whatever it
    came from (a search, a name, an imported file): PostgreSQL cannot hold it and failed
    the request with a DataError; SQLite stores it, and both backends must agree."""
    if _has_nul(parameters):
        raise InvalidInput(
            _(
                "The text sent contains a null character (U+0000), which the "
                "database cannot hold; remove it and try again."
            )
        )


def _has_nul(parameters: object) -> bool:
    """Whether statement parameters (rows, mappings, sequences) hold NUL text.

    A loop over a stack, not recursion: an import's executemany passes thousands of rows.
    """
    stack = [parameters]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                return True
        elif isinstance(value, list | tuple):
            stack.extend(value)
        elif isinstance(value, Mapping):
            stack.extend(value.values())
    return False


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # transactions begin in ``_sqlite_begin``
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Searches read many index pages: a 64 MiB page cache and memory-mapped reads keep
    # them off the system-call path (measured by benchmarks/directory_search.py).
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.execute("PRAGMA mmap_size=268435456")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    """Writers take the write lock when they begin, so that they queue on the busy timeout.

    A deferred transaction that reads first and writes later cannot wait: if another
    writer committed meanwhile, SQLite refuses the upgrade at once with "database is
    locked" whatever the timeout. ``BEGIN IMMEDIATE`` waits for the lock instead; readers
    keep deferred transactions and never block in WAL mode.
    """
    write = connection.get_execution_options().get(WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def is_lock_timeout(error: BaseException) -> bool:
    """A write that could not get its lock in time (or lost a deadlock or serialisation
    race): transient, nothing was written, and the same request may succeed later."""
    if not isinstance(error, DBAPIError):
        return False
    original = getattr(error, "orig", None)
    if original is not None and type(original).__module__.startswith("sqlite3"):
        message = str(original).lower()
        return "database is locked" in message or "database table is locked" in message
    code = getattr(original, "sqlstate", None)
    # lock_not_available, deadlock_detected, serialization_failure
    return code in ("55P03", "40P01", "40001")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: committed whole, or rolled back whole on any error.

    Its connection is marked as a writer's, which SQLite turns into ``BEGIN IMMEDIATE``.
    """
    with factory() as session, session.begin():
        session.connection(execution_options={WRITE: True})
        yield session


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine) -> None:
    command.upgrade(alembic_config(engine), "head")


def is_current(engine: Engine) -> bool:
    script = ScriptDirectory.from_config(alembic_config(engine))
    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        return set(context.get_current_heads()) == set(script.get_heads())
