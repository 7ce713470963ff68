"""What a directory batch would change in the stored records, without writing.

``directory.save_rows`` counts every service already stored as updated, since it cannot
tell cheaply; a preview shows people more: a service is *unchanged* when its row, its
linked rows (terms, languages, places, areas, openings), its organisation and its
locations hold exactly what the batch would write.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from maillage.store.directory import BatchRows
from maillage.store.directory_tables import (
    LocationRow,
    OrganizationRow,
    ServiceAtLocationRow,
    ServiceRow,
)

CHUNK = 500
BOOKKEEPING = ("updated_at",)  # written on every save, not a change of the record


@dataclass(frozen=True)
class BatchChanges:
    added: list[str]  # service ids
    updated: list[str]
    unchanged: list[str]


def _chunks(items: Sequence[Any]) -> list[Sequence[Any]]:
    return [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]


def _differing(
    session: Session, model: Any, rows: list[dict[str, Any]]
) -> tuple[set[str], set[str]]:
    """Ids of *rows* not stored, and of those stored with another value in a column."""
    stored: dict[str, Any] = {}
    for chunk in _chunks([row["id"] for row in rows]):
        stored.update((r.id, r) for r in session.scalars(select(model).where(model.id.in_(chunk))))
    new = {row["id"] for row in rows if row["id"] not in stored}
    changed = {
        row["id"]
        for row in rows
        if row["id"] in stored
        and any(
            getattr(stored[row["id"]], name) != value
            for name, value in row.items()
            if name not in BOOKKEEPING
        )
    }
    return new, changed


def _linked(session: Session, model: Any, ids: list[str]) -> dict[str, set[tuple[Any, ...]]]:
    """A service's rows in a link table, each as its values besides the service id."""
    columns = [c for c in model.__table__.columns if c.name not in ("service_id", "id")]
    found: dict[str, set[tuple[Any, ...]]] = defaultdict(set)
    for chunk in _chunks(ids):
        query = select(model.__table__.c.service_id, *columns).where(
            model.__table__.c.service_id.in_(chunk)
        )
        for service_id, *values in session.execute(query):
            found[service_id].add(tuple(values))
    return found


def _given(model: Any, rows: list[dict[str, Any]]) -> dict[str, set[tuple[Any, ...]]]:
    names = [c.name for c in model.__table__.columns if c.name not in ("service_id", "id")]
    found: dict[str, set[tuple[Any, ...]]] = defaultdict(set)
    for row in rows:
        found[row["service_id"]].add(tuple(row[name] for name in names))
    return found


def batch_changes(session: Session, rows: BatchRows) -> BatchChanges:
    """Which services of *rows* would be added, updated, or left as they are."""
    new, changed = _differing(session, ServiceRow, rows.services)
    _new_orgs, orgs = _differing(session, OrganizationRow, rows.organizations)
    new_locations, locations = _differing(session, LocationRow, rows.locations)
    moved = orgs | locations | new_locations
    stored = [row["id"] for row in rows.services if row["id"] not in new]
    for model, given_rows in rows.children.items():
        before, after = _linked(session, model, stored), _given(model, given_rows)
        changed |= {i for i in stored if before.get(i, set()) != after.get(i, set())}
    for row in rows.services:
        if row["id"] in new:
            continue
        if row.get("organization_id") in orgs:
            changed.add(row["id"])
    places = rows.children.get(ServiceAtLocationRow, [])
    changed |= {p["service_id"] for p in places if p["location_id"] in moved} - new
    ids = [row["id"] for row in rows.services]
    return BatchChanges(
        added=[i for i in ids if i in new],
        updated=[i for i in ids if i in changed],
        unchanged=[i for i in ids if i not in new and i not in changed],
    )
