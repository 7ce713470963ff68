"""Data quality of the directory: stale records, likely duplicates, reversible merges.

A merge hides the duplicate from search and exports and points it at the record kept;
both records and their audit histories stay, and undoing the merge restores the
duplicate as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import case, func, select

from maillage.analysis.duplicates import Pair, Record, likely_duplicates
from maillage.domain.actors import Actor
from maillage.errors import Conflict, InvalidInput, NotFound
from maillage.i18n import gettext as _
from maillage.services.platform import Platform
from maillage.store import directory as store
from maillage.store.directory_tables import (
    DirectoryMergeRow,
    LocationRow,
    ServiceAtLocationRow,
    ServiceRow,
)


@dataclass(frozen=True)
class SourceQuality:
    key: str
    name: str
    licence: str
    is_demo: bool
    services: int
    stale: int
    never_verified: int
    oldest: date | None


@dataclass(frozen=True)
class MergeEntry:
    id: int
    kept_id: str
    kept_name: str
    merged_id: str
    merged_name: str
    reasons: list[str]
    merged_at: datetime
    undone_at: datetime | None


def clue_text(clue: str) -> str:
    kind, _sep, value = clue.partition(":")
    return {
        "name": _("names {value} % alike").format(value=value),
        "address": _("same address"),
        "phone": _("same phone number"),
        "place": _("{value} m apart").format(value=value),
    }.get(kind, clue)


def sources(platform: Platform, today: date | None = None) -> list[SourceQuality]:
    """Per source: records, records not verified for 12 months, oldest verification."""
    limit = store.stale_before(today or date.today())
    with platform.reading() as session:
        active = (ServiceRow.merged_into.is_(None), ServiceRow.status == "active")
        rows = session.execute(
            select(
                ServiceRow.source_key,
                func.count(),
                func.sum(
                    case(
                        (ServiceRow.last_verified.is_(None), 1),
                        (ServiceRow.last_verified < limit, 1),
                        else_=0,
                    )
                ),
                func.sum(case((ServiceRow.last_verified.is_(None), 1), else_=0)),
                func.min(ServiceRow.last_verified),
            )
            .where(*active)
            .group_by(ServiceRow.source_key)
        ).all()
        known = store.source_rows(session)
        return [
            SourceQuality(
                key,
                known[key].name,
                known[key].licence,
                known[key].is_demo,
                count,
                int(stale or 0),
                int(never or 0),
                oldest,
            )
            for key, count, stale, never, oldest in rows
        ]


def duplicates(platform: Platform, limit: int = 200) -> list[Pair]:
    """Likely duplicates among active records, strongest first."""
    with platform.reading() as session:
        rows = session.execute(
            select(
                ServiceRow.id,
                ServiceRow.name,
                ServiceRow.phones,
                ServiceRow.source_key,
                LocationRow.refnis,
                LocationRow.address_1,
                LocationRow.postal_code,
                LocationRow.x,
                LocationRow.y,
            )
            .join(ServiceAtLocationRow, ServiceAtLocationRow.service_id == ServiceRow.id)
            .join(LocationRow, LocationRow.id == ServiceAtLocationRow.location_id)
            .where(ServiceRow.merged_into.is_(None), ServiceRow.status == "active")
            .order_by(ServiceRow.id)
        ).all()
    seen: set[str] = set()
    records = []
    for r in rows:
        if r.id in seen:  # one location per service is enough to block on
            continue
        seen.add(r.id)
        address = f"{r.address_1} {r.postal_code}".strip() if r.address_1 else ""
        records.append(
            Record(r.id, r.name, r.refnis, address, tuple(r.phones or ()), r.x, r.y, r.source_key)
        )
    return likely_duplicates(records, limit)


def merge(
    platform: Platform, actor: Actor, kept_id: str, merged_id: str, reasons: list[str]
) -> int:
    """Merge *merged_id* into *kept_id*; returns the merge number (to undo it)."""
    if kept_id == merged_id:
        raise InvalidInput(_("A record cannot be merged into itself."))
    with platform.transaction(actor) as session:
        found = store.service_rows(session, [kept_id, merged_id])
        for service_id in (kept_id, merged_id):
            if service_id not in found:
                raise NotFound(_("Unknown service: {id}").format(id=service_id))
        kept, merged = found[kept_id], found[merged_id]
        if kept.merged_into or merged.merged_into:
            raise Conflict(_("One of these records has already been merged; reload the list."))
        merged.merged_into = kept_id
        row = DirectoryMergeRow(
            kept_id=kept_id,
            merged_id=merged_id,
            reasons=[r[:80] for r in reasons][:10],
            merged_at=datetime.now(UTC),
        )
        session.add(row)
        session.flush()
        return row.id


def undo_merge(platform: Platform, actor: Actor, merge_id: int) -> MergeEntry:
    with platform.transaction(actor) as session:
        row = session.get(DirectoryMergeRow, merge_id)
        if row is None:
            raise NotFound(_("Unknown merge: {id}").format(id=merge_id))
        if row.undone_at is not None:
            raise Conflict(_("This merge has already been undone."))
        merged = store.service_rows(session, [row.merged_id])[row.merged_id]
        merged.merged_into = None
        row.undone_at = datetime.now(UTC)
        session.flush()
        return _entry(
            row,
            {
                r.id: r.name
                for r in store.service_rows(session, [row.kept_id, row.merged_id]).values()
            },
        )


def merges(platform: Platform, service_id: str | None = None) -> list[MergeEntry]:
    with platform.reading() as session:
        query = select(DirectoryMergeRow).order_by(DirectoryMergeRow.merged_at.desc())
        if service_id:
            query = query.where(
                (DirectoryMergeRow.kept_id == service_id)
                | (DirectoryMergeRow.merged_id == service_id)
            )
        rows = list(session.scalars(query))
        ids = sorted({i for r in rows for i in (r.kept_id, r.merged_id)})
        names = {r.id: r.name for r in store.service_rows(session, ids).values()}
        return [_entry(r, names) for r in rows]


def _entry(row: DirectoryMergeRow, names: dict[str, str]) -> MergeEntry:
    return MergeEntry(
        row.id,
        row.kept_id,
        names.get(row.kept_id, row.kept_id),
        row.merged_id,
        names.get(row.merged_id, row.merged_id),
        list(row.reasons),
        row.merged_at,
        row.undone_at,
    )


def merged_into(platform: Platform, service_id: str) -> str | None:
    with platform.reading() as session:
        found = store.service_rows(session, [service_id])
        return found[service_id].merged_into if service_id in found else None
