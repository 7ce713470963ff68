"""Fixtures: initialised databases on both backends, cloned cheaply for each test."""

from __future__ import annotations

import asyncio
import functools
import itertools
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import Engine, create_engine, event, text

from maillage.services.platform import Platform
from maillage.services.setup import initialise
from maillage.settings import Settings, sqlite_url

# Both backends, always, in `make test`; `make test-fast` (the inner loop) sets
# MAILLAGE_TEST_BACKENDS=sqlite.
BACKENDS = tuple(os.environ.get("MAILLAGE_TEST_BACKENDS", "sqlite,postgresql").split(","))
if not set(BACKENDS) <= {"sqlite", "postgresql"}:
    raise pytest.UsageError(f"MAILLAGE_TEST_BACKENDS: sqlite and/or postgresql, not {BACKENDS}")

# Property tests draw the same examples on every run (a failure is reproducible from the
# log) and are not timed: a loaded CI machine must not turn a slow example into a failure.
hypothesis_settings.register_profile("maillage", derandomize=True, deadline=None)
hypothesis_settings.load_profile("maillage")


ROOT = Path(__file__).resolve().parents[1]


@functools.cache
def _postgres_base_url() -> str:
    """The PostgreSQL server of the suite: the given URL, else the throw-away local one.

    Both backends are always tested: without a server the suite fails, it never skips.
    """
    url = os.environ.get("MAILLAGE_TEST_POSTGRES_URL")
    if url:
        return url
    started = subprocess.run(
        [str(ROOT / "scripts" / "test-postgres.sh"), "start"],
        capture_output=True,
        text=True,
        check=False,
    )
    if started.returncode != 0:
        pytest.fail(
            "PostgreSQL backend unavailable: set MAILLAGE_TEST_POSTGRES_URL or "
            f"install PostgreSQL (make system-deps): {started.stderr.strip()}"
        )
    return started.stdout.strip()


def _with_database(url: str, name: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + name


@dataclass
class DatabaseFactory:
    """Initialises one template database per backend, then hands out clones of it."""

    root: Path
    counter: itertools.count[int]
    templates: dict[str, str]
    created: list[str]

    def _admin(self) -> Engine:
        base = _postgres_base_url()
        return create_engine(
            "postgresql+psycopg://" + base.split("://", 1)[1], isolation_level="AUTOCOMMIT"
        )

    def template(self, backend: str) -> str:
        if backend in self.templates:
            return self.templates[backend]
        if backend == "sqlite":
            url = sqlite_url(self.root / "template.sqlite3")
        else:
            name = f"maillage_tpl_{os.getpid()}"
            admin = self._admin()
            with admin.connect() as c:
                c.execute(text(f"DROP DATABASE IF EXISTS {name}"))
                c.execute(text(f"CREATE DATABASE {name}"))
            admin.dispose()
            self.created.append(name)
            url = _with_database(_postgres_base_url(), name)
        platform = Platform.open(Settings(database_url=url, data_dir=self.root))
        initialise(platform)
        if backend == "sqlite":
            with platform.engine.connect() as c:
                c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        platform.close()
        self.templates[backend] = url
        return url

    def clone(self, backend: str) -> str:
        template = self.template(backend)
        n = next(self.counter)
        if backend == "sqlite":
            target = self.root / f"db{n}.sqlite3"
            shutil.copyfile(self.root / "template.sqlite3", target)
            return sqlite_url(target)
        name = f"maillage_t_{os.getpid()}_{n}"
        admin = self._admin()
        with admin.connect() as c:
            c.execute(text(f"CREATE DATABASE {name} TEMPLATE {template.rsplit('/', 1)[1]}"))
        admin.dispose()
        self.created.append(name)
        return _with_database(_postgres_base_url(), name)

    def blank(self, backend: str) -> str:
        """An empty database (no schema at all), for migrations run step by step."""
        n = next(self.counter)
        if backend == "sqlite":
            return sqlite_url(self.root / f"blank{n}.sqlite3")
        name = f"maillage_b_{os.getpid()}_{n}"
        admin = self._admin()
        with admin.connect() as c:
            c.execute(text(f"CREATE DATABASE {name}"))
        admin.dispose()
        self.created.append(name)
        return _with_database(_postgres_base_url(), name)

    def drop_all(self) -> None:
        if not self.created:
            return
        admin = self._admin()
        with admin.connect() as c:
            for name in reversed(self.created):
                c.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseFactory]:
    factory = DatabaseFactory(tmp_path_factory.mktemp("db"), itertools.count(), {}, [])
    yield factory
    factory.drop_all()


def _open(url: str, root: Path) -> Platform:
    return Platform.open(Settings(database_url=url, data_dir=root))


@pytest.fixture(params=BACKENDS)
def platform(
    request: pytest.FixtureRequest, databases: DatabaseFactory, tmp_path: Path
) -> Iterator[Platform]:
    """A freshly initialised database of its own, on each backend in turn."""
    opened = _open(databases.clone(request.param), tmp_path)
    yield opened
    opened.close()


@pytest.fixture(scope="session", params=BACKENDS)
def shared_platform(
    request: pytest.FixtureRequest,
    databases: DatabaseFactory,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Platform]:
    """An initialised database shared by read-only tests, on each backend in turn."""
    opened = _open(databases.clone(request.param), tmp_path_factory.mktemp("shared"))
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def sqlite_platform(
    databases: DatabaseFactory, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Platform]:
    """An initialised SQLite database for browser tests (served by a live server)."""
    opened = _open(databases.clone("sqlite"), tmp_path_factory.mktemp("browser"))
    yield opened
    opened.close()


# Statements run by a task of a running event loop: a database lookup made by an async
# dependency, handler or middleware blocks every request of that worker meanwhile. (A
# task, not merely a loop: Playwright's sync API leaves one set in the main thread.)
ON_THE_EVENT_LOOP: list[str] = []


def _refuse_the_event_loop(
    _connection: object,
    _cursor: object,
    statement: str,
    _parameters: object,
    _context: object,
    _executemany: bool,
) -> None:
    try:
        task = asyncio.current_task()
    except RuntimeError:
        return  # a worker thread, or no event loop at all: as it should be
    if task is not None:
        ON_THE_EVENT_LOOP.append(statement)


event.listen(Engine, "before_cursor_execute", _refuse_the_event_loop)


@pytest.fixture(autouse=True)
def no_database_work_on_the_event_loop() -> Iterator[None]:
    """Every test, pages and API included, fails if a statement ran on the event loop."""
    ON_THE_EVENT_LOOP.clear()
    yield
    found, ON_THE_EVENT_LOOP[:] = list(ON_THE_EVENT_LOOP), []
    assert not found, f"database statements on the event loop: {found[:3]}"
