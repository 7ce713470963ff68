"""Small helpers shared by tests: table snapshots to prove that nothing changed."""

from __future__ import annotations

from sqlalchemy import func, select

from maillage.services.platform import Platform
from maillage.store.models import Base


def snapshot(platform: Platform) -> dict[str, int]:
    """Row counts of every table: equal snapshots before and after mean nothing was written."""
    with platform.sessions() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }
