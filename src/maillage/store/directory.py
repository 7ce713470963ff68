"""Writing and querying the directory tables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    Select,
    Text,
    cast,
    column,
    delete,
    exists,
    func,
    insert,
    literal_column,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, aliased

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
# The SQLite full-text table made by the migration (not a mapped model).
FTS = table("directory_service_fts", column("rowid"), column("directory_service_fts"))


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


# --- search ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Criteria:
    words: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()  # service-type codes (sectors already expanded)
    communes: tuple[str, ...] | None = None  # REFNIS codes of a territory
    languages: tuple[str, ...] = ()
    costs: tuple[str, ...] = ()
    pmr: bool = False
    open_at: tuple[int, str] | None = None  # weekday, HH:MM
    near: tuple[float, float, float] | None = None  # x, y, radius in metres
    include_demo: bool = True


def _place_is_selective(session: Session, criteria: Criteria) -> bool:
    """Whether the place (a box near a point, or a territory) holds fewer locations than
    there are services of the asked types.

    The planner cannot know which is smaller: two counts on covering indexes (a millisecond
    or two) decide which one drives the query; the other filters are then checked per
    candidate (EXISTS) instead of being listed (IN). Both plans give the same answer.
    """
    if not criteria.near and criteria.communes is None:
        return False
    if not criteria.terms:
        return True
    loc = LocationRow
    if criteria.near:
        x, y, radius = criteria.near
        in_place = select(func.count()).where(
            loc.x.between(x - radius, x + radius), loc.y.between(y - radius, y + radius)
        )
    else:
        in_place = select(func.count()).where(loc.refnis.in_(criteria.communes or ()))
    of_type = select(func.count()).where(ServiceTermRow.term_code.in_(criteria.terms))
    return (session.scalar(in_place) or 0) <= (session.scalar(of_type) or 0)


def _filtered(session: Session, criteria: Criteria, place_first: bool | None = None) -> Select[Any]:
    """Services (with their nearest location) matching every criterion.

    Each criterion is a ``service id IN (…)`` on an indexed child table rather than a
    correlated EXISTS, so the database can start from the most selective one (measured by
    ``ANALYZE``, see :func:`refresh_statistics`) instead of scanning every service.
    """
    s, loc, sal = ServiceRow, LocationRow, ServiceAtLocationRow
    distance: Any = literal_column("NULL")
    if criteria.near:
        x, y, radius = criteria.near
        distance = func.min(func.sqrt((loc.x - x) * (loc.x - x) + (loc.y - y) * (loc.y - y)))
        query: Select[Any] = (
            select(s.seq, s.id, s.name, distance.label("distance"))
            .join(sal, sal.service_id == s.id)
            .join(loc, loc.id == sal.location_id)
            .where(loc.x.between(x - radius, x + radius), loc.y.between(y - radius, y + radius))
            .group_by(s.seq, s.id, s.name)
            .having(distance <= radius)
        )
    else:
        query = select(s.seq, s.id, s.name, distance.label("distance"))
    query = query.where(s.merged_into.is_(None), s.status == "active")

    place_drives = _place_is_selective(session, criteria) if place_first is None else place_first

    def among(ids: Select[Any]) -> Any:
        if place_drives:
            column_of = ids.selected_columns[0]
            return exists(ids.where(column_of == s.id))
        return s.id.in_(ids)

    if criteria.words:
        if session.get_bind().dialect.name == "sqlite":
            match = " ".join(f'"{w}"*' for w in criteria.words)
            query = query.where(
                s.seq.in_(select(FTS.c.rowid).where(FTS.c.directory_service_fts.op("MATCH")(match)))
            )
        else:
            tsquery = " & ".join(f"{w}:*" for w in criteria.words)
            query = query.where(
                func.to_tsvector("simple", s.search_text).op("@@")(
                    func.to_tsquery("simple", tsquery)
                )
            )
    if criteria.terms:
        query = query.where(
            among(
                select(ServiceTermRow.service_id).where(
                    ServiceTermRow.term_code.in_(criteria.terms)
                )
            )
        )
    if criteria.languages:
        query = query.where(
            among(
                select(ServiceLanguageRow.service_id).where(
                    ServiceLanguageRow.code.in_(criteria.languages)
                )
            )
        )
    if criteria.costs:
        query = query.where(s.cost.in_(criteria.costs))
    # Subqueries use their own aliases: the outer query may already join these tables.
    inner_sal, inner_loc = aliased(ServiceAtLocationRow), aliased(LocationRow)
    if criteria.pmr:
        query = query.where(
            s.id.in_(
                select(inner_sal.service_id)
                .join(inner_loc, inner_loc.id == inner_sal.location_id)
                .where(inner_loc.pmr_accessible.is_(True))
            )
        )
    if criteria.open_at:
        weekday, moment = criteria.open_at
        query = query.where(
            s.id.in_(
                select(OpeningRow.service_id).where(
                    OpeningRow.weekday == weekday,
                    OpeningRow.opens <= moment,
                    OpeningRow.closes > moment,
                )
            )
        )
    if criteria.communes is not None:
        located_in = (
            select(inner_sal.service_id)
            .join(inner_loc, inner_loc.id == inner_sal.location_id)
            .where(inner_loc.refnis.in_(criteria.communes))
        )
        serves = select(ServiceAreaRow.service_id).where(
            ServiceAreaRow.refnis.in_(criteria.communes)
        )
        query = query.where(or_(s.id.in_(located_in), s.id.in_(serves)))
    if not criteria.include_demo:
        query = query.where(
            s.source_key.in_(
                select(DirectorySourceRow.key).where(DirectorySourceRow.is_demo.is_(False))
            )
        )
    return query


def search(
    session: Session, criteria: Criteria, offset: int, limit: int, place_first: bool | None = None
) -> tuple[int, list[tuple[str, float | None]]]:
    """Total matches and one page of (service id, distance in metres), in one query."""
    matches = _filtered(session, criteria, place_first).subquery()
    order = [matches.c.distance, matches.c.name] if criteria.near else [matches.c.name]
    rows = session.execute(
        select(matches.c.id, matches.c.distance, func.count().over().label("total"))
        .order_by(*order, matches.c.id)
        .offset(offset)
        .limit(limit)
    ).all()
    if rows:
        total = int(rows[0].total)
    elif offset:  # a page beyond the last one still needs the count
        total = session.scalar(select(func.count()).select_from(matches)) or 0
    else:
        total = 0
    return total, [(row.id, None if row.distance is None else float(row.distance)) for row in rows]


def nearest(
    session: Session, criteria: Criteria, limit: int, first_radius: float = 4000.0
) -> list[tuple[str, float | None]]:
    """The *limit* nearest matches within ``criteria.near``, without ranking them all.

    The radius grows from *first_radius*; once a circle holds *limit* services, none
    outside it can be nearer, so the answer is exact and dense areas stay cheap.
    """
    if criteria.near is None:
        raise ValueError("nearest() needs criteria.near")
    if not _place_is_selective(session, criteria):
        # Rarer types than places in the whole circle: one query, driven by the types.
        return search(session, criteria, 0, limit, place_first=False)[1]
    x, y, radius = criteria.near
    step = min(first_radius, radius)
    while True:
        found = search(session, replace(criteria, near=(x, y, step)), 0, limit, place_first=True)[1]
        if len(found) >= limit or step >= radius:
            return found
        step = min(step * 2.5, radius)


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
