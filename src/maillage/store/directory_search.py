"""Searching the directory: services by words, types, territory, language, cost,
accessibility, opening hours and distance, as one query whose driving filter (the place
or the types) is chosen by two counts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Select, column, exists, func, literal_column, or_, select, table
from sqlalchemy.orm import Session, aliased

from maillage.store.directory_tables import (
    DirectorySourceRow,
    LocationRow,
    OpeningRow,
    ServiceAreaRow,
    ServiceAtLocationRow,
    ServiceLanguageRow,
    ServiceRow,
    ServiceTermRow,
)

# The SQLite full-text table made by the migration (not a mapped model).
FTS = table("directory_service_fts", column("rowid"), column("directory_service_fts"))


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
