"""Tables. Geometries are stored as GeoJSON text so that SQLite and PostgreSQL share one schema."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class DataSourceRow(Base):
    __tablename__ = "data_source"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    publisher: Mapped[str] = mapped_column(Text)
    licence: Mapped[str] = mapped_column(Text)
    year: Mapped[str] = mapped_column(String(32))
    origin: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AdminAreaRow(Base):
    """Region, provinces and arrondissements (Statbel REFNIS)."""

    __tablename__ = "admin_area"

    refnis: Mapped[str] = mapped_column(String(5), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name_fr: Mapped[str] = mapped_column(Text)
    name_nl: Mapped[str] = mapped_column(Text)
    parent_refnis: Mapped[str | None] = mapped_column(
        ForeignKey("admin_area.refnis"), nullable=True
    )
    source_key: Mapped[str] = mapped_column(ForeignKey("data_source.key"))


class CommuneRow(Base):
    __tablename__ = "commune"

    refnis: Mapped[str] = mapped_column(String(5), primary_key=True)
    name_fr: Mapped[str] = mapped_column(Text)
    name_nl: Mapped[str] = mapped_column(Text)
    name_de: Mapped[str] = mapped_column(Text)
    arrondissement_refnis: Mapped[str] = mapped_column(ForeignKey("admin_area.refnis"))
    province_refnis: Mapped[str] = mapped_column(ForeignKey("admin_area.refnis"))
    german_speaking: Mapped[bool] = mapped_column(Boolean, default=False)
    names_derived: Mapped[bool] = mapped_column(Boolean, default=False)
    area_km2: Mapped[float | None] = mapped_column(Float, nullable=True)
    geometry: Mapped[str | None] = mapped_column(Text, nullable=True)
    map_geometry: Mapped[str | None] = mapped_column(Text, nullable=True)
    source_key: Mapped[str] = mapped_column(ForeignKey("data_source.key"))
    geometry_source_key: Mapped[str | None] = mapped_column(
        ForeignKey("data_source.key"), nullable=True
    )


class CommuneCodeChangeRow(Base):
    """An older REFNIS code and the current commune covering its territory."""

    __tablename__ = "commune_code_change"

    old_refnis: Mapped[str] = mapped_column(String(5), primary_key=True)
    new_refnis: Mapped[str] = mapped_column(ForeignKey("commune.refnis"))
    effective: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    source_key: Mapped[str] = mapped_column(ForeignKey("data_source.key"))


class PopulationRow(Base):
    __tablename__ = "population"
    __table_args__ = (UniqueConstraint("refnis", "year", "sex", "age_band"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    refnis: Mapped[str] = mapped_column(ForeignKey("commune.refnis"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    sex: Mapped[str] = mapped_column(String(8))
    age_band: Mapped[str] = mapped_column(String(8))
    count: Mapped[int] = mapped_column(Integer)
    source_key: Mapped[str] = mapped_column(ForeignKey("data_source.key"))


class ZoningRow(Base):
    __tablename__ = "zoning"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    valid_from: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(Text)
    provenance: Mapped[str] = mapped_column(Text, default="")
    is_active: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    report: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)

    ols_zones: Mapped[list[OlsRow]] = relationship(back_populates="zoning",
                                                   cascade="all, delete-orphan")
    bassins: Mapped[list[BassinRow]] = relationship(back_populates="zoning",
                                                    cascade="all, delete-orphan")


class OlsRow(Base):
    __tablename__ = "ols"
    __table_args__ = (UniqueConstraint("zoning_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    zoning_id: Mapped[int] = mapped_column(ForeignKey("zoning.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(24))
    name: Mapped[str] = mapped_column(Text)
    geometry: Mapped[str | None] = mapped_column(Text, nullable=True)

    zoning: Mapped[ZoningRow] = relationship(back_populates="ols_zones")


class BassinRow(Base):
    __tablename__ = "bassin"
    __table_args__ = (UniqueConstraint("zoning_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    zoning_id: Mapped[int] = mapped_column(ForeignKey("zoning.id", ondelete="CASCADE"))
    ols_id: Mapped[int] = mapped_column(ForeignKey("ols.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(24))
    name: Mapped[str] = mapped_column(Text)
    geometry: Mapped[str | None] = mapped_column(Text, nullable=True)

    zoning: Mapped[ZoningRow] = relationship(back_populates="bassins")


class ZoningAssignmentRow(Base):
    __tablename__ = "zoning_assignment"

    zoning_id: Mapped[int] = mapped_column(
        ForeignKey("zoning.id", ondelete="CASCADE"), primary_key=True
    )
    refnis: Mapped[str] = mapped_column(ForeignKey("commune.refnis"), primary_key=True)
    bassin_id: Mapped[int] = mapped_column(ForeignKey("bassin.id", ondelete="CASCADE"),
                                           index=True)
