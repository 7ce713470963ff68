"""Writers wait their turn for the database, and a lock that cannot be had is a clear 503
(issue 18.4), on both backends."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, func, select, text

from maillage.cli import main
from maillage.domain.actors import Actor
from maillage.errors import DatabaseBusy, UserError
from maillage.services import accounts, sheets, zonings
from maillage.services.platform import Platform
from maillage.store import database
from maillage.store.models import TerritorySheetRow
from tests.helpers import snapshot

ANNE = Actor(None, "anne@example.be", "192.0.2.1")


@contextmanager
def holding_the_write_lock(engine: Engine, *tables: str) -> Iterator[None]:
    """Another writer in the middle of a long transaction (on PostgreSQL, on *tables*)."""
    with engine.connect() as connection:
        connection.execution_options(**{database.WRITE: True}).begin()  # SQLite: IMMEDIATE
        if engine.dialect.name != "sqlite":
            connection.execute(text(f"LOCK TABLE {', '.join(tables)} IN EXCLUSIVE MODE"))
        try:
            yield
        finally:
            connection.rollback()


def reopened(platform: Platform, monkeypatch: pytest.MonkeyPatch, seconds: int) -> Platform:
    monkeypatch.setattr(database, "LOCK_WAIT_SECONDS", seconds)
    return Platform.open(platform.settings)


def test_a_writer_that_read_first_still_writes_after_another_writer_committed(platform):
    """A transaction that read, then wrote after another writer had committed, used to fail
    at once with "database is locked" on SQLite whatever the timeout; writers now take
    the lock when they begin, so the other one waits its turn and both are saved."""
    for code in ("BV-001", "BV-002"):
        sheets.update_sheet(platform, ANNE, code, 0, {"contact": "début"})
    has_read = threading.Event()
    outcome: list[str] = []

    def reads_then_writes() -> None:
        with platform.transaction(ANNE) as session:
            session.execute(select(func.count()).select_from(TerritorySheetRow))
            has_read.set()
            time.sleep(0.5)  # meanwhile another writer tries to commit
            session.execute(
                text("UPDATE territory_sheet SET contact = 'lent' WHERE code = 'BV-002'")
            )
        outcome.append("slow saved")

    thread = threading.Thread(target=reads_then_writes)
    thread.start()
    has_read.wait(10)
    version = sheets.get_sheet(platform, "BV-001", True).version
    sheets.update_sheet(platform, ANNE, "BV-001", version, {"contact": "rapide"})
    outcome.append("quick saved")
    thread.join(30)
    assert sorted(outcome) == ["quick saved", "slow saved"]
    assert sheets.get_sheet(platform, "BV-001", True).contact == "rapide"
    assert sheets.get_sheet(platform, "BV-002", True).contact == "lent"


def test_a_lock_held_longer_than_a_writer_waits_is_database_busy_and_changes_nothing(
    platform, monkeypatch
):
    impatient = reopened(platform, monkeypatch, 1)
    try:
        with holding_the_write_lock(platform.engine, "territory_sheet"):
            started = time.monotonic()
            with pytest.raises(DatabaseBusy) as caught:
                sheets.update_sheet(impatient, ANNE, "BV-003", 0, {"contact": "x"})
            waited = time.monotonic() - started
        assert 0.8 < waited < 10
        assert caught.value.http_status == 503 and caught.value.exit_code == 9
        assert "réessayez" in str(caught.value).lower()
        assert sheets.get_sheet(impatient, "BV-003", True).version == 0  # nothing saved
    finally:
        impatient.close()


def test_the_command_line_says_the_database_is_busy_without_a_traceback(
    platform, monkeypatch, tmp_path
):
    monkeypatch.setattr(database, "BATCH_LOCK_WAIT_SECONDS", 1)
    monkeypatch.setenv("MAILLAGE_DATABASE_URL", platform.settings.database_url)
    monkeypatch.setenv("MAILLAGE_LANGUAGE", "fr")
    path = tmp_path / "decoupage.csv"
    path.write_text(zonings.export_zoning(platform), encoding="utf-8")
    with holding_the_write_lock(platform.engine, "zoning", "bassin", "ols"):
        result = CliRunner().invoke(
            main, ["zoning", "import", str(path), "--name", "Occupé", "--valid-from", "2026-01-01"]
        )
    assert result.exit_code == 9, result.output
    assert isinstance(result.exception, SystemExit)  # a message, not a traceback
    assert "occupée" in result.stderr and "Traceback" not in result.stderr
    assert "Occupé" not in [z.name for z in zonings.list_zonings(platform)]


def test_text_with_a_nul_character_is_refused_before_it_reaches_either_backend(platform):
    """PostgreSQL cannot hold U+0000: a name or a search with one failed with a DataError
    (500) there, while SQLite stored it. Both now refuse it, saying why, writing nothing."""
    before = snapshot(platform)
    with pytest.raises(UserError, match=r"U\+0000"):
        accounts.create_person(platform, ANNE, "nul@example.be", "Nu\x00l", None)
    with pytest.raises(UserError, match=r"U\+0000"):
        zonings.get_zoning(platform, "a\x00b")
    assert snapshot(platform) == before
    assert zonings.get_zoning(platform, zonings.list_zonings(platform)[0].name)  # still reads
