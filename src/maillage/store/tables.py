"""Every table of the schema in one metadata, for Alembic and the schema checks."""

from __future__ import annotations

from maillage.store import directory_tables, indicator_tables  # noqa: F401 - register tables
from maillage.store.models import Base

metadata = Base.metadata
