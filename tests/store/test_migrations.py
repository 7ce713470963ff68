"""The Alembic migrations create exactly the schema the models describe, on both backends."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from maillage.store.database import include_name, is_current
from maillage.store.tables import metadata


def test_migrated_schema_matches_the_models(platform):
    assert is_current(platform.engine)
    with platform.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": include_name})
        differences = compare_metadata(context, metadata)
    assert differences == []


def test_sqlite_runs_in_wal_mode_with_foreign_keys(platform):
    if platform.engine.dialect.name != "sqlite":
        return
    with platform.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
