"""Queries about statistical sectors and the split communes of zonings."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from maillage.domain.territory import SectorAssignment, Zone
from maillage.store.models import BassinRow, OlsRow
from maillage.store.sector_tables import StatisticalSectorRow, ZoningSectorRow


def sector_communes(session: Session) -> dict[str, str]:
    """Sector code → current REFNIS of its commune, for every known sector."""
    rows = session.execute(select(StatisticalSectorRow.code, StatisticalSectorRow.refnis))
    return {code: refnis for code, refnis in rows}


def sector_populations(session: Session) -> dict[str, int]:
    """Sector code → inhabitants, for the sectors whose population is known."""
    rows = session.execute(
        select(StatisticalSectorRow.code, StatisticalSectorRow.population).where(
            StatisticalSectorRow.population.is_not(None)
        )
    )
    return {code: population or 0 for code, population in rows}


def sectors_of(session: Session, refnis: list[str]) -> list[StatisticalSectorRow]:
    return list(
        session.scalars(
            select(StatisticalSectorRow)
            .where(StatisticalSectorRow.refnis.in_(refnis))
            .order_by(StatisticalSectorRow.code)
        )
    )


def sector(session: Session, code: str) -> StatisticalSectorRow | None:
    return session.get(StatisticalSectorRow, code)


def sector_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(StatisticalSectorRow)) or 0


def zoning_sectors(session: Session, zoning_id: int) -> list[SectorAssignment]:
    """The sectors a zoning assigns one by one (those of its split communes), in order."""
    rows = session.execute(
        select(
            ZoningSectorRow.sector_code,
            ZoningSectorRow.refnis,
            BassinRow.code,
            BassinRow.name,
            OlsRow.code,
            OlsRow.name,
        )
        .join(BassinRow, BassinRow.id == ZoningSectorRow.bassin_id)
        .join(OlsRow, OlsRow.id == BassinRow.ols_id)
        .where(ZoningSectorRow.zoning_id == zoning_id)
        .order_by(ZoningSectorRow.sector_code)
    )
    return [
        SectorAssignment(code, refnis, Zone(bc, bn), Zone(oc, on))
        for code, refnis, bc, bn, oc, on in rows
    ]


def sector_totals(session: Session) -> tuple[int, int, int, int, list[int]]:
    """Sectors, communes they cover, sectors with a population, inhabitants counted, and
    the population years present — what a page says is loaded."""
    count, communes, counted, people = session.execute(
        select(
            func.count(),
            func.count(StatisticalSectorRow.refnis.distinct()),
            func.count(StatisticalSectorRow.population),
            func.coalesce(func.sum(StatisticalSectorRow.population), 0),
        ).select_from(StatisticalSectorRow)
    ).one()
    years = session.scalars(
        select(StatisticalSectorRow.population_year)
        .where(StatisticalSectorRow.population_year.is_not(None))
        .distinct()
        .order_by(StatisticalSectorRow.population_year)
    )
    return count, communes, counted, int(people or 0), [y for y in years if y is not None]
