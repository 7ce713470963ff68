"""Every table of the schema in one metadata, for Alembic and the schema checks."""

from __future__ import annotations

from maillage.store import (  # noqa: F401 - register tables
    architecture_tables,
    bassin_draft_tables,
    changes,
    directory_tables,
    indicator_tables,
    layers,
    learning_tables,
    needs_tables,
    sector_tables,
)
from maillage.store.models import Base

metadata = Base.metadata
