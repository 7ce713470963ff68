"""Queries about communes, populations and zonings."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from maillage.domain.territory import REGION_CODE, Zone
from maillage.ids import parse_id
from maillage.store.models import (
    AdminAreaRow,
    BassinRow,
    CommuneCodeChangeRow,
    CommuneRow,
    DataSourceRow,
    OlsRow,
    PopulationRow,
    ZoningAssignmentRow,
    ZoningRow,
)


def reference_loaded(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(CommuneRow)))


def commune_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(CommuneRow.refnis, CommuneRow.name_fr)).all())


def reform_commune_names(session: Session) -> dict[str, str]:
    """Communes of the reform (the French-language region) and their names.

    The one home of that notion: a German-language commune is in the reference data but
    outside the reform, so zonings, proposals and the region's totals leave it out.
    """
    rows = session.execute(
        select(CommuneRow.refnis, CommuneRow.name_fr).where(CommuneRow.german_speaking.is_(False))
    )
    return dict(rows.all())


def outside_reform(session: Session) -> dict[str, str]:
    """German-language communes (own competence of the German-speaking Community)."""
    rows = session.execute(
        select(CommuneRow.refnis, CommuneRow.name_fr).where(CommuneRow.german_speaking.is_(True))
    )
    return dict(rows.all())


def commune_areas(session: Session) -> dict[str, float | None]:
    return dict(session.execute(select(CommuneRow.refnis, CommuneRow.area_km2)).all())


def communes(session: Session, *, reform_only: bool = False) -> list[CommuneRow]:
    """Every commune of the reference data, or with *reform_only* those of the reform."""
    query = select(CommuneRow).order_by(CommuneRow.refnis)
    if reform_only:
        query = query.where(CommuneRow.german_speaking.is_(False))
    return list(session.scalars(query))


def commune(session: Session, refnis: str) -> CommuneRow | None:
    return session.get(CommuneRow, refnis)


def admin_area(session: Session, refnis: str) -> AdminAreaRow | None:
    return session.get(AdminAreaRow, refnis)


def region_name(session: Session) -> str:
    area = session.get(AdminAreaRow, REGION_CODE)
    return area.name_fr if area else "Région wallonne"


def code_changes(session: Session) -> dict[str, str]:
    rows = session.execute(select(CommuneCodeChangeRow.old_refnis, CommuneCodeChangeRow.new_refnis))
    return dict(rows.all())


def population_totals(session: Session, year: int) -> dict[str, int]:
    rows = session.execute(
        select(PopulationRow.refnis, PopulationRow.count).where(
            PopulationRow.year == year,
            PopulationRow.sex == "total",
            PopulationRow.age_band == "total",
        )
    )
    return dict(rows.all())


def population_years(session: Session) -> list[int]:
    rows = session.scalars(
        select(PopulationRow.year)
        .where(PopulationRow.sex == "total", PopulationRow.age_band == "total")
        .distinct()
        .order_by(PopulationRow.year)
    )
    return list(rows)


def population_rows(session: Session, refnis: list[str], year: int) -> list[PopulationRow]:
    return list(
        session.scalars(
            select(PopulationRow).where(
                PopulationRow.refnis.in_(refnis), PopulationRow.year == year
            )
        )
    )


def sources(session: Session, keys: list[str] | None = None) -> list[DataSourceRow]:
    query = select(DataSourceRow).order_by(DataSourceRow.key)
    if keys is not None:
        query = query.where(DataSourceRow.key.in_(keys))
    return list(session.scalars(query))


def source_keys(session: Session) -> list[str]:
    return list(session.scalars(select(DataSourceRow.key)))


def zonings(session: Session) -> list[ZoningRow]:
    return list(session.scalars(select(ZoningRow).order_by(ZoningRow.id)))


def active_zoning(session: Session) -> ZoningRow | None:
    return session.scalar(select(ZoningRow).where(ZoningRow.is_active.is_(True)))


def zoning_by_ref(session: Session, ref: str) -> ZoningRow | None:
    """The zoning whose id or, failing that, whose name is *ref*."""
    zoning_id = parse_id(ref)
    if zoning_id is not None:
        found = session.get(ZoningRow, zoning_id)
        if found is not None:
            return found
    return session.scalar(select(ZoningRow).where(ZoningRow.name == ref))


def assignments(session: Session, zoning_id: int) -> dict[str, tuple[Zone, Zone]]:
    rows = session.execute(
        select(ZoningAssignmentRow.refnis, BassinRow.code, BassinRow.name, OlsRow.code, OlsRow.name)
        .join(BassinRow, BassinRow.id == ZoningAssignmentRow.bassin_id)
        .join(OlsRow, OlsRow.id == BassinRow.ols_id)
        .where(ZoningAssignmentRow.zoning_id == zoning_id)
    )
    return {refnis: (Zone(bc, bn), Zone(oc, on)) for refnis, bc, bn, oc, on in rows}


def bassin_rows(session: Session, zoning_id: int) -> list[BassinRow]:
    return list(
        session.scalars(
            select(BassinRow).where(BassinRow.zoning_id == zoning_id).order_by(BassinRow.code)
        )
    )


def ols_rows(session: Session, zoning_id: int) -> list[OlsRow]:
    return list(
        session.scalars(select(OlsRow).where(OlsRow.zoning_id == zoning_id).order_by(OlsRow.code))
    )
