"""Tables of the reform's architecture (structures and flows) and of each OLS's roadmap.

Structures and flows are shipped from seed 000 at ``maillage init`` and edited in the app
afterwards; every edit is versioned and audited, like any other row.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from maillage.store.models import Audited, Base, Versioned


class StructureRow(Audited, Versioned, Base):
    __tablename__ = "arch_structure"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    short: Mapped[str] = mapped_column(String(60))
    level: Mapped[str] = mapped_column(String(16))
    in_decree: Mapped[bool] = mapped_column(Boolean, default=False)
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    missions: Mapped[str] = mapped_column(Text, default="")  # one per line
    composition: Mapped[str] = mapped_column(Text, default="")  # member categories, per line
    source: Mapped[str] = mapped_column(Text, default="")


class FlowRow(Audited, Versioned, Base):
    __tablename__ = "arch_flow"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(24), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("arch_structure.id"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("arch_structure.id"), index=True)
    what: Mapped[str] = mapped_column(Text)
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    frequency: Mapped[str] = mapped_column(String(60), default="")
    available_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    timing_note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")


class RoadmapStepRow(Audited, Versioned, Base):
    """One OLS's choice and progress on one step of the roadmap."""

    __tablename__ = "roadmap_step"
    __table_args__ = (UniqueConstraint("ols_code", "step"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ols_code: Mapped[str] = mapped_column(String(24), index=True)
    step: Mapped[str] = mapped_column(String(8))
    choice: Mapped[str] = mapped_column(String(8), default="")  # "", 1, 2 or blend
    status: Mapped[str] = mapped_column(String(16))
    since: Mapped[date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
