"""Reading the audit trail: filters and exports for administrators (never writes)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from maillage.i18n import format_datetime
from maillage.i18n import gettext as _
from maillage.services.audit_text import describe
from maillage.services.platform import Platform
from maillage.store.models import AuditEventRow
from maillage.tabular import spreadsheet


@dataclass(frozen=True)
class AuditFilter:
    actor: str | None = None
    action: str | None = None
    entity: str | None = None
    entity_id: str | None = None
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class AuditEvent:
    id: int
    at: datetime
    actor: str
    address: str
    action: str
    entity: str
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    description: str  # what the event did, in words (services.audit_text.describe)


# The event is its own schema: the API and the JSON export answer it as it is; the CSV
# export has its columns, headed in words.
EXPORT_COLUMNS = tuple(f.name for f in fields(AuditEvent))


def export_headers() -> list[str]:
    return [
        _("No."),
        _("When (Brussels time)"),
        _("Who"),
        _("Address"),
        _("Action"),
        _("What"),
        _("Identifier"),
        _("Before"),
        _("After"),
        _("Description"),
    ]


def events(
    platform: Platform, wanted: AuditFilter, limit: int = 200, before_id: int | None = None
) -> list[AuditEvent]:
    """Newest first; *before_id* pages further back."""
    query = select(AuditEventRow).order_by(AuditEventRow.id.desc())
    if wanted.actor:
        query = query.where(AuditEventRow.actor.ilike(f"%{wanted.actor}%"))
    if wanted.action:
        query = query.where(AuditEventRow.action == wanted.action)
    if wanted.entity:
        query = query.where(AuditEventRow.entity == wanted.entity)
    if wanted.entity_id:
        query = query.where(AuditEventRow.entity_id == wanted.entity_id)
    if wanted.since:
        query = query.where(AuditEventRow.at >= datetime.combine(wanted.since, time.min))
    if wanted.until:
        query = query.where(
            AuditEventRow.at < datetime.combine(wanted.until + timedelta(days=1), time.min)
        )
    if before_id:
        query = query.where(AuditEventRow.id < before_id)
    with platform.reading() as session:
        return [
            AuditEvent(
                r.id,
                r.at,
                r.actor,
                r.address,
                r.action,
                r.entity,
                r.entity_id,
                r.before,
                r.after,
                describe(r.action, r.entity, r.entity_id, r.before, r.after),
            )
            for r in session.scalars(query.limit(limit))
        ]


def export(platform: Platform, wanted: AuditFilter, fmt: str) -> str:
    rows = events(platform, wanted, limit=1_000_000)
    if fmt == "json":
        return json.dumps(
            [{**asdict(e), "at": e.at.isoformat()} for e in rows], ensure_ascii=False, indent=1
        )
    return spreadsheet.csv_text(
        [
            export_headers(),
            *(
                [
                    e.id,
                    format_datetime(e.at, seconds=True),
                    e.actor,
                    e.address,
                    e.action,
                    e.entity,
                    e.entity_id,
                    json.dumps(e.before, ensure_ascii=False) if e.before else "",
                    json.dumps(e.after, ensure_ascii=False) if e.after else "",
                    e.description,
                ]
                for e in rows
            ),
        ]
    )
