"""Tables of the directory of the offer (HSDS entities), alongside ``models.Base``.

Typed columns hold what is searched and filtered; ``extra`` keeps every other HSDS field
so that exports give back what imports brought. ``search_text`` is the lower-case,
accent-free text indexed for full-text search (FTS5 on SQLite, a GIN index on
PostgreSQL, both created by the migration).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from maillage.store.models import Audited, Base, Versioned
from maillage.store.types import UtcDateTime


class TaxonomyTermRow(Base):
    __tablename__ = "taxonomy_term"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("taxonomy_term.code"), nullable=True)
    kind: Mapped[str] = mapped_column(String(16))
    name_fr: Mapped[str] = mapped_column(Text)
    name_nl: Mapped[str] = mapped_column(Text)
    name_de: Mapped[str] = mapped_column(Text)
    description_fr: Mapped[str] = mapped_column(Text)


class DirectorySourceRow(Base):
    __tablename__ = "directory_source"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    licence: Mapped[str] = mapped_column(Text)
    attribution: Mapped[str] = mapped_column(Text)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime())


class OrganizationRow(Audited, Versioned, Base):
    __tablename__ = "directory_organization"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    source_key: Mapped[str] = mapped_column(ForeignKey("directory_source.key"), index=True)
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    website: Mapped[str] = mapped_column(Text, default="")
    enterprise_number: Mapped[str] = mapped_column(String(10), default="", index=True)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class LocationRow(Audited, Versioned, Base):
    __tablename__ = "directory_location"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    source_key: Mapped[str] = mapped_column(ForeignKey("directory_source.key"), index=True)
    organization_id: Mapped[str | None] = mapped_column(
        ForeignKey("directory_organization.id"), nullable=True, index=True
    )
    name: Mapped[str] = mapped_column(Text, default="")
    latitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    x: Mapped[float | None] = mapped_column(Float, nullable=True)  # EPSG:3812 metres
    y: Mapped[float | None] = mapped_column(Float, nullable=True)
    refnis: Mapped[str | None] = mapped_column(
        ForeignKey("commune.refnis"), nullable=True, index=True
    )
    address_1: Mapped[str] = mapped_column(Text, default="")
    postal_code: Mapped[str] = mapped_column(String(16), default="")
    city: Mapped[str] = mapped_column(Text, default="")
    country: Mapped[str] = mapped_column(String(2), default="BE")
    pmr_accessible: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    accessibility_note: Mapped[str] = mapped_column(Text, default="")
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    # Covering (x, y, id): a search near a place reads the index alone, not the rows.
    __table_args__ = (Index("ix_directory_location_xy", "x", "y", "id"),)


class ServiceRow(Audited, Versioned, Base):
    __tablename__ = "directory_service"

    # An integer key for the full-text index (SQLite FTS5 rowid); ``id`` is the HSDS id.
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[str] = mapped_column(String(64), unique=True)
    source_key: Mapped[str] = mapped_column(ForeignKey("directory_source.key"), index=True)
    organization_id: Mapped[str | None] = mapped_column(
        ForeignKey("directory_organization.id"), nullable=True, index=True
    )
    name: Mapped[str] = mapped_column(Text)
    alternate_name: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(24), default="active")
    email: Mapped[str] = mapped_column(String(254), default="")
    url: Mapped[str] = mapped_column(Text, default="")
    eligibility_description: Mapped[str] = mapped_column(Text, default="")
    minimum_age: Mapped[float | None] = mapped_column(Float, nullable=True)
    maximum_age: Mapped[float | None] = mapped_column(Float, nullable=True)
    fees_description: Mapped[str] = mapped_column(Text, default="")
    cost: Mapped[str] = mapped_column(String(8), default="unknown", index=True)
    phones: Mapped[list[str]] = mapped_column(JSON, default=list)
    openings: Mapped[list[list[Any]]] = mapped_column(JSON, default=list)
    last_verified: Mapped[date | None] = mapped_column(Date, nullable=True)
    internal_note: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text, default="")
    merged_into: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # Written in the browser by someone who is not a curator of its territory: shown « à
    # vérifier » until a curator verifies it (``verified_by`` then names them).
    awaiting_review: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false(), index=True
    )
    proposed_by: Mapped[str] = mapped_column(Text, default="", server_default="")
    verified_by: Mapped[str] = mapped_column(Text, default="", server_default="")

    AUDIT_EXCLUDE = ("search_text", "seq")
    AUDIT_KEY = "id"


class ServiceAtLocationRow(Base):
    __tablename__ = "directory_service_at_location"

    service_id: Mapped[str] = mapped_column(
        ForeignKey("directory_service.id", ondelete="CASCADE"), primary_key=True
    )
    location_id: Mapped[str] = mapped_column(
        ForeignKey("directory_location.id", ondelete="CASCADE"), primary_key=True
    )

    # From a location found near a place to its services without reading the rows.
    __table_args__ = (Index("ix_directory_service_at_location_place", "location_id", "service_id"),)


class ServiceTermRow(Base):
    __tablename__ = "directory_service_term"

    service_id: Mapped[str] = mapped_column(
        ForeignKey("directory_service.id", ondelete="CASCADE"), primary_key=True
    )
    term_code: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)


class ServiceLanguageRow(Base):
    __tablename__ = "directory_service_language"

    service_id: Mapped[str] = mapped_column(
        ForeignKey("directory_service.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(8), primary_key=True, index=True)


class ServiceAreaRow(Base):
    __tablename__ = "directory_service_area"

    service_id: Mapped[str] = mapped_column(
        ForeignKey("directory_service.id", ondelete="CASCADE"), primary_key=True
    )
    refnis: Mapped[str] = mapped_column(ForeignKey("commune.refnis"), primary_key=True, index=True)


class OpeningRow(Base):
    """Weekly opening hours, one row per day and span, for « open at » searches."""

    __tablename__ = "directory_opening"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_id: Mapped[str] = mapped_column(
        ForeignKey("directory_service.id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int] = mapped_column(Integer)
    opens: Mapped[str] = mapped_column(String(8))  # HH:MM, compared as text
    closes: Mapped[str] = mapped_column(String(8))

    __table_args__ = (Index("ix_directory_opening_day", "weekday", "opens", "closes"),)


class DirectoryMergeRow(Audited, Versioned, Base):
    """A merge of a likely duplicate into the record kept; undoing it keeps the row."""

    __tablename__ = "directory_merge"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kept_id: Mapped[str] = mapped_column(ForeignKey("directory_service.id"), index=True)
    merged_id: Mapped[str] = mapped_column(ForeignKey("directory_service.id"), index=True)
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    merged_at: Mapped[datetime] = mapped_column(UtcDateTime())
    undone_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class OrientationRequestRow(Audited, Base):
    """One request to the orientation line, deliberately without any personal data."""

    __tablename__ = "orientation_request"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asked_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    refnis: Mapped[str] = mapped_column(ForeignKey("commune.refnis"), index=True)
    needs: Mapped[list[str]] = mapped_column(JSON, default=list)  # taxonomy codes
    language: Mapped[str] = mapped_column(String(8), default="")
    mobility: Mapped[str] = mapped_column(String(16), default="")
    cost: Mapped[str] = mapped_column(String(8), default="")
    urgency: Mapped[str] = mapped_column(String(16), default="")
    matches: Mapped[int] = mapped_column(Integer, default=0)
    outcome: Mapped[str] = mapped_column(String(24), index=True)
    service_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
