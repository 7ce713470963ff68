"""Alembic environment: the engine is handed over by ``maillage.store.database``."""

from __future__ import annotations

from alembic import context

from maillage.store.database import include_name
from maillage.store.tables import metadata

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_name=include_name,
    )
    context.run_migrations()
