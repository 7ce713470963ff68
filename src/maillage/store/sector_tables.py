"""Statbel statistical sectors and the sectors of split communes in a zoning."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from maillage.store.models import Base


class StatisticalSectorRow(Base):
    """A sector as Statbel publishes it; geometry is GeoJSON in WGS84."""

    __tablename__ = "statistical_sector"

    code: Mapped[str] = mapped_column(String(9), primary_key=True)
    refnis: Mapped[str] = mapped_column(ForeignKey("commune.refnis"), index=True)
    name_fr: Mapped[str] = mapped_column(Text, default="")
    name_nl: Mapped[str] = mapped_column(Text, default="")
    population: Mapped[int | None] = mapped_column(Integer, nullable=True)
    population_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    geometry: Mapped[str | None] = mapped_column(Text, nullable=True)
    source_key: Mapped[str] = mapped_column(ForeignKey("data_source.key"))


class ZoningSectorRow(Base):
    """A sector of a split commune assigned to a bassin; never changed once stored."""

    __tablename__ = "zoning_sector"

    zoning_id: Mapped[int] = mapped_column(
        ForeignKey("zoning.id", ondelete="CASCADE"), primary_key=True
    )
    sector_code: Mapped[str] = mapped_column(
        ForeignKey("statistical_sector.code"), primary_key=True
    )
    refnis: Mapped[str] = mapped_column(ForeignKey("commune.refnis"))
    bassin_id: Mapped[int] = mapped_column(ForeignKey("bassin.id", ondelete="CASCADE"), index=True)
