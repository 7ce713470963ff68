"""Tables. Geometries are stored as GeoJSON text so that SQLite and PostgreSQL share one schema."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

from maillage.store.types import UtcDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Audited:
    """Rows of these tables get an audit event for every insert, update and delete.

    ``AUDIT_EXCLUDE`` names columns never copied into the trail (secrets).
    """

    AUDIT_EXCLUDE: tuple[str, ...] = ()


class Versioned:
    """Optimistic locking: every update checks and bumps ``version`` (no lost updates)."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class DataSourceRow(Base):
    __tablename__ = "data_source"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    publisher: Mapped[str] = mapped_column(Text)
    licence: Mapped[str] = mapped_column(Text)
    year: Mapped[str] = mapped_column(String(32))
    origin: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")
    loaded_at: Mapped[datetime] = mapped_column(UtcDateTime())


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


class ZoningRow(Audited, Base):
    __tablename__ = "zoning"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    valid_from: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(Text)
    provenance: Mapped[str] = mapped_column(Text, default="")
    is_active: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    report: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    AUDIT_EXCLUDE = ("report",)

    ols_zones: Mapped[list[OlsRow]] = relationship(
        back_populates="zoning", cascade="all, delete-orphan"
    )
    bassins: Mapped[list[BassinRow]] = relationship(
        back_populates="zoning", cascade="all, delete-orphan"
    )


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
    bassin_id: Mapped[int] = mapped_column(ForeignKey("bassin.id", ondelete="CASCADE"), index=True)


class PersonRow(Audited, Versioned, Base):
    """An account. Only what login and contact need: no other personal data."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    oidc_subject: Mapped[str | None] = mapped_column(String(255), nullable=True, unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # Bumped by every change of the means to log in (password set or reset, account
    # disabled): a browser session opened under another generation is over.
    credential_generation: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    # A temporary password (given by the command line or an administrator's reset) must be
    # changed at the next login before anything else.
    must_change_password: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )

    AUDIT_EXCLUDE = ("password_hash",)

    grants: Mapped[list[RoleGrantRow]] = relationship(
        back_populates="person", cascade="all, delete-orphan"
    )


class RoleGrantRow(Audited, Base):
    __tablename__ = "role_grant"
    __table_args__ = (UniqueConstraint("person_id", "role", "scope"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    scope: Mapped[str] = mapped_column(String(24))
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime())

    person: Mapped[PersonRow] = relationship(back_populates="grants")


class WebSessionRow(Base):
    """A browser session; the cookie holds a secret whose SHA-256 is the key here."""

    __tablename__ = "web_session"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), nullable=True, index=True
    )
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    data: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    # The person's credential generation when the session was opened (0 before login).
    generation: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))


class FirstRunLinkRow(Base):
    """A one-time link creating the first platform administrator: only its SHA-256 is
    kept; it expires, and it is dead once used or once an administrator exists."""

    __tablename__ = "first_run_link"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class ApiTokenRow(Audited, Base):
    """A token for machine clients: acts with its owner's grants; only its hash is kept."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)

    AUDIT_EXCLUDE = ("token_hash", "last_used_at")


class LoginLimitRow(Base):
    """Login attempts counted per account and per address in a window (no password, ever).

    One row per (kind, value), raised by an atomic upsert *before* the password is
    checked, so that parallel attempts cannot all pass the limit; given back on success.
    """

    __tablename__ = "login_limit"

    kind: Mapped[str] = mapped_column(String(8), primary_key=True)  # "account" or "address"
    value: Mapped[str] = mapped_column(String(254), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    attempts: Mapped[int] = mapped_column(Integer)


class AuditEventRow(Base):
    """Append-only: the application never updates or deletes these rows, and the
    database refuses it (triggers created by the migration)."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    actor_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    actor: Mapped[str] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16), index=True)
    entity: Mapped[str] = mapped_column(String(64), index=True)
    entity_id: Mapped[str] = mapped_column(String(64), index=True)
    before: Mapped[dict[str, object] | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict[str, object] | None] = mapped_column(JSON, nullable=True)


class TerritorySheetRow(Audited, Versioned, Base):
    """The presentation of a bassin or OLS territory, kept by its own actors."""

    __tablename__ = "territory_sheet"
    __table_args__ = (UniqueConstraint("zoning_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    zoning_id: Mapped[int] = mapped_column(ForeignKey("zoning.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(24))
    presentation: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(String(254), default="")
    website: Mapped[str] = mapped_column(String(254), default="")
    internal_note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
