"""Writing and querying the directory tables (searching them is ``store.directory_search``,
whose names are reachable from here too)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    Text,
    cast,
    delete,
    insert,
    or_,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from maillage.domain.directory import (
    Cost,
    DirectoryBatch,
    DirectorySource,
    Location,
    Organization,
    Service,
    ServiceStatus,
    WeeklyOpening,
    search_text,
    shown_web_address,
)
from maillage.store.directory_search import Criteria as Criteria
from maillage.store.directory_search import nearest as nearest
from maillage.store.directory_search import search as search
from maillage.store.directory_tables import (
    DirectorySourceRow,
    LocationRow,
    OpeningRow,
    OrganizationRow,
    ServiceAreaRow,
    ServiceAtLocationRow,
    ServiceLanguageRow,
    ServiceRow,
    ServiceTermRow,
    TaxonomyTermRow,
)

CHUNK = 500


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _existing(session: Session, model: Any, ids: list[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for chunk in _chunks(ids):
        for row in session.scalars(select(model).where(model.id.in_(chunk))):
            found[row.id] = row
    return found


def save_source(session: Session, source: DirectorySource) -> None:
    row = session.get(DirectorySourceRow, source.key)
    if row is None:
        row = DirectorySourceRow(key=source.key)
        session.add(row)
    row.name, row.licence, row.attribution = source.name, source.licence, source.attribution
    row.is_demo, row.imported_at = source.is_demo, datetime.now(UTC)
    session.flush()


@dataclass(frozen=True)
class Placed:
    """Where a location lies: projected metres and commune (computed by the caller)."""

    x: float | None
    y: float | None
    refnis: str | None


@dataclass(frozen=True)
class BatchRows:
    """A batch as table rows, computed before the write transaction opens."""

    source: DirectorySource
    organizations: list[dict[str, Any]]
    locations: list[dict[str, Any]]
    services: list[dict[str, Any]]
    children: dict[Any, list[dict[str, Any]]]


def batch_rows(
    batch: DirectoryBatch, placed: dict[str, Placed], term_names: dict[str, str]
) -> BatchRows:
    """The rows of every table a batch writes (a record given twice: the last one)."""
    key = batch.source.key
    now = datetime.now(UTC)
    organizations = list(dict((o.id, o) for o in batch.organizations).values())
    locations = list(dict((loc.id, loc) for loc in batch.locations).values())
    services = list(dict((s.id, s) for s in batch.services).values())
    org_names = {o.id: o.name for o in organizations}
    places = {loc.id: f"{loc.address_1} {loc.city}" for loc in locations}
    return BatchRows(
        batch.source,
        [
            {
                "id": org.id,
                "source_key": key,
                "name": org.name,
                "description": org.description,
                "email": org.email,
                "website": org.website,
                "enterprise_number": org.enterprise_number,
                "extra": org.extra,
            }
            for org in organizations
        ],
        [
            {
                "id": loc.id,
                "source_key": key,
                "organization_id": loc.organization_id,
                "name": loc.name,
                "latitude": loc.latitude,
                "longitude": loc.longitude,
                "x": where.x,
                "y": where.y,
                "refnis": where.refnis,
                "address_1": loc.address_1,
                "postal_code": loc.postal_code,
                "city": loc.city,
                "country": loc.country,
                "pmr_accessible": loc.pmr_accessible,
                "accessibility_note": loc.accessibility_note,
                "extra": loc.extra,
            }
            for loc in locations
            for where in (placed.get(loc.id, Placed(None, None, loc.refnis)),)
        ],
        [
            {
                "id": service.id,
                "source_key": key,
                "organization_id": service.organization_id,
                "name": service.name,
                "alternate_name": service.alternate_name,
                "description": service.description,
                "status": service.status.value,
                "email": service.email,
                "url": service.url,
                "eligibility_description": service.eligibility_description,
                "minimum_age": service.minimum_age,
                "maximum_age": service.maximum_age,
                "fees_description": service.fees_description,
                "cost": service.cost.value,
                "phones": list(service.phones),
                "openings": [
                    [o.weekday, o.opens.strftime("%H:%M"), o.closes.strftime("%H:%M")]
                    for o in service.openings
                ],
                "last_verified": service.last_verified,
                "internal_note": service.internal_note,
                "search_text": search_text(
                    service.name,
                    service.alternate_name,
                    " ".join(term_names.get(code, code) for code in service.terms),
                    org_names.get(service.organization_id or "", ""),
                    service.description,
                    service.eligibility_description,
                    *(places.get(i, "") for i in service.location_ids),
                ),
                "extra": service.extra,
                "updated_at": now,
            }
            for service in services
        ],
        {
            ServiceAtLocationRow: [
                {"service_id": s.id, "location_id": loc}
                for s in services
                for loc in dict.fromkeys(s.location_ids)
            ],
            ServiceTermRow: [
                {"service_id": s.id, "term_code": t}
                for s in services
                for t in dict.fromkeys(s.terms)
            ],
            ServiceLanguageRow: [
                {"service_id": s.id, "code": c}
                for s in services
                for c in dict.fromkeys(s.languages)
            ],
            ServiceAreaRow: [
                {"service_id": s.id, "refnis": r}
                for s in services
                for r in dict.fromkeys(s.area_communes)
            ],
            OpeningRow: [
                {
                    "service_id": s.id,
                    "weekday": o.weekday,
                    "opens": o.opens.strftime("%H:%M"),
                    "closes": o.closes.strftime("%H:%M"),
                }
                for s in services
                for o in s.openings
            ],
        },
    )


def save_rows(session: Session, rows: BatchRows) -> tuple[int, int]:
    """Insert or update every row (same ids update); return (created, updated).

    Rows go in as set-based upserts, many per statement, rather than one ORM object each:
    an import holds the database's write lock only while these run (60,000 services took
    29 s through the ORM, during which every other writer waited).
    """
    save_source(session, rows.source)
    _upsert(session, OrganizationRow, rows.organizations)
    _upsert(session, LocationRow, rows.locations)
    ids = [row["id"] for row in rows.services]
    updated = sum(
        len(session.scalars(select(ServiceRow.id).where(ServiceRow.id.in_(chunk))).all())
        for chunk in _chunks(ids)
    )
    _upsert(session, ServiceRow, rows.services, unchanged_when_equal=("updated_at",))
    for child, child_rows in rows.children.items():
        for chunk in _chunks(ids):
            session.execute(delete(child).where(child.service_id.in_(chunk)))
        _insert(session, child, child_rows)
    session.expire_all()  # rows loaded earlier in this session are stale now
    return len(ids) - updated, updated


def save_batch(
    session: Session, batch: DirectoryBatch, placed: dict[str, Placed], term_names: dict[str, str]
) -> tuple[int, int]:
    return save_rows(session, batch_rows(batch, placed, term_names))


def _upsert(
    session: Session,
    model: Any,
    rows: list[dict[str, Any]],
    unchanged_when_equal: Sequence[str] = (),
) -> None:
    """Insert *rows* of a versioned table keyed by ``id``, or update the existing row —
    only when a value differs (apart from *unchanged_when_equal*'s bookkeeping columns),
    bumping its version as the ORM would."""
    if not rows:
        return
    table_ = model.__table__
    dialect = session.get_bind().dialect.name
    statement: Any = (postgresql_insert if dialect == "postgresql" else sqlite_insert)(table_)
    columns = [name for name in rows[0] if name != "id"]
    compared = [name for name in columns if name not in unchanged_when_equal]
    statement = statement.on_conflict_do_update(
        index_elements=[table_.c.id],
        set_={
            **{name: statement.excluded[name] for name in columns},
            "version": table_.c.version + 1,
        },
        where=or_(*(_differs(table_.c[name], statement.excluded[name]) for name in compared)),
    )
    connection = session.connection()
    for chunk in _chunks(rows, 1000):
        connection.execute(statement, [{**row, "version": 1} for row in chunk])


def _differs(current: Any, given: Any) -> Any:
    if isinstance(current.type, JSON):  # PostgreSQL's json has no equality: compare text
        return cast(current, Text).is_distinct_from(cast(given, Text))
    return current.is_distinct_from(given)


def _insert(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    """Plain inserts through the connection: the ORM's bulk path costs more than the rows."""
    connection = session.connection()
    for chunk in _chunks(rows, 2000):
        connection.execute(insert(model.__table__), list(chunk))


def terms(session: Session) -> list[TaxonomyTermRow]:
    return list(
        session.scalars(
            select(TaxonomyTermRow).order_by(TaxonomyTermRow.kind.desc(), TaxonomyTermRow.code)
        )
    )


# --- reading back ------------------------------------------------------------------------


def load_services(session: Session, ids: list[str]) -> list[Service]:
    rows: list[ServiceRow] = []
    for chunk in _chunks(ids):
        rows.extend(session.scalars(select(ServiceRow).where(ServiceRow.id.in_(chunk))))
    children = _children(session, [r.id for r in rows])
    by_id = {r.id: _service(r, children) for r in rows}
    return [by_id[i] for i in ids if i in by_id]


def _children(session: Session, ids: list[str]) -> dict[str, dict[str, list[Any]]]:
    out: dict[str, dict[str, list[Any]]] = {
        i: {"loc": [], "term": [], "lang": [], "area": []} for i in ids
    }
    for chunk in _chunks(ids):
        for sid, loc in session.execute(
            select(ServiceAtLocationRow.service_id, ServiceAtLocationRow.location_id).where(
                ServiceAtLocationRow.service_id.in_(chunk)
            )
        ):
            out[sid]["loc"].append(loc)
        for sid, code in session.execute(
            select(ServiceTermRow.service_id, ServiceTermRow.term_code).where(
                ServiceTermRow.service_id.in_(chunk)
            )
        ):
            out[sid]["term"].append(code)
        for sid, code in session.execute(
            select(ServiceLanguageRow.service_id, ServiceLanguageRow.code).where(
                ServiceLanguageRow.service_id.in_(chunk)
            )
        ):
            out[sid]["lang"].append(code)
        for sid, refnis in session.execute(
            select(ServiceAreaRow.service_id, ServiceAreaRow.refnis).where(
                ServiceAreaRow.service_id.in_(chunk)
            )
        ):
            out[sid]["area"].append(refnis)
    return out


def _service(row: ServiceRow, children: dict[str, dict[str, list[Any]]]) -> Service:
    mine = children[row.id]
    return Service(
        id=row.id,
        organization_id=row.organization_id,
        name=row.name,
        description=row.description,
        status=ServiceStatus(row.status),
        alternate_name=row.alternate_name,
        email=row.email,
        url=shown_web_address(row.url),
        eligibility_description=row.eligibility_description,
        minimum_age=row.minimum_age,
        maximum_age=row.maximum_age,
        fees_description=row.fees_description,
        cost=Cost(row.cost),
        languages=tuple(sorted(mine["lang"])),
        terms=tuple(sorted(mine["term"])),
        area_communes=tuple(sorted(mine["area"])),
        openings=tuple(
            WeeklyOpening(d, time.fromisoformat(o), time.fromisoformat(c))
            for d, o, c in row.openings or []
        ),
        location_ids=tuple(sorted(mine["loc"])),
        phones=tuple(row.phones or ()),
        last_verified=row.last_verified,
        internal_note=row.internal_note,
        extra=dict(row.extra or {}),
    )


def load_organizations(session: Session, ids: Iterable[str]) -> dict[str, Organization]:
    found = _existing(session, OrganizationRow, sorted(set(ids)))
    return {
        i: Organization(
            id=r.id,
            name=r.name,
            description=r.description,
            email=r.email,
            website=shown_web_address(r.website),
            enterprise_number=r.enterprise_number,
            extra=dict(r.extra or {}),
        )
        for i, r in found.items()
    }


def load_locations(session: Session, ids: Iterable[str]) -> dict[str, Location]:
    found = _existing(session, LocationRow, sorted(set(ids)))
    return {
        i: Location(
            id=r.id,
            organization_id=r.organization_id,
            name=r.name,
            latitude=r.latitude,
            longitude=r.longitude,
            address_1=r.address_1,
            postal_code=r.postal_code,
            city=r.city,
            country=r.country,
            refnis=r.refnis,
            pmr_accessible=r.pmr_accessible,
            accessibility_note=r.accessibility_note,
            extra=dict(r.extra or {}),
        )
        for i, r in found.items()
    }


def all_service_ids(
    session: Session, source_key: str | None = None, include_demo: bool = True
) -> list[str]:
    query = select(ServiceRow.id).where(ServiceRow.merged_into.is_(None)).order_by(ServiceRow.id)
    if source_key:
        query = query.where(ServiceRow.source_key == source_key)
    if not include_demo:
        query = query.where(
            ServiceRow.source_key.in_(
                select(DirectorySourceRow.key).where(DirectorySourceRow.is_demo.is_(False))
            )
        )
    return list(session.scalars(query))


def refresh_statistics(session: Session) -> None:
    """Let the query planner know the table sizes after a bulk load (SQLite and PostgreSQL)."""
    session.execute(text("ANALYZE"))


@dataclass(frozen=True)
class ServiceSite:
    """One location of an active service: where coverage counts it and access places it."""

    service_id: str
    refnis: str | None
    x: float | None  # EPSG:3812 metres
    y: float | None
    is_demo: bool


def service_sites(session: Session, term_codes: Iterable[str]) -> list[ServiceSite]:
    """Every location of the active, unmerged services classed under *term_codes*."""
    rows = session.execute(
        select(
            ServiceRow.id,
            LocationRow.refnis,
            LocationRow.x,
            LocationRow.y,
            DirectorySourceRow.is_demo,
        )
        .join(ServiceAtLocationRow, ServiceAtLocationRow.service_id == ServiceRow.id)
        .join(LocationRow, LocationRow.id == ServiceAtLocationRow.location_id)
        .join(ServiceTermRow, ServiceTermRow.service_id == ServiceRow.id)
        .join(DirectorySourceRow, DirectorySourceRow.key == ServiceRow.source_key)
        .where(
            ServiceTermRow.term_code.in_(list(term_codes)),
            ServiceRow.merged_into.is_(None),
            ServiceRow.status == "active",
        )
        .distinct()
    ).all()
    return [
        ServiceSite(service_id, refnis, x, y, bool(is_demo))
        for service_id, refnis, x, y, is_demo in rows
    ]


def source_rows(session: Session) -> dict[str, DirectorySourceRow]:
    return {r.key: r for r in session.scalars(select(DirectorySourceRow))}


def service_rows(session: Session, ids: list[str]) -> dict[str, ServiceRow]:
    return _existing(session, ServiceRow, ids)


def source_keys(session: Session, ids: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for chunk in _chunks(ids):
        rows = session.execute(
            select(ServiceRow.id, ServiceRow.source_key).where(ServiceRow.id.in_(chunk))
        )
        found.update((service_id, key) for service_id, key in rows)
    return found


def stale_before(today: date) -> date:
    return date(today.year - 1, today.month, min(today.day, 28))
