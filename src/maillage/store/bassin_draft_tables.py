"""Tables of the drafts of bassin changes an OLS team proposes (apart from zonings).

A zoning row never changes once stored; a draft holds its own copy of the OLS's bassins
and of the assignment of its communes, and becomes a new zoning only when validated.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from maillage.store.models import Audited, Base, Versioned
from maillage.store.types import UtcDateTime


class BassinDraftRow(Audited, Versioned, Base):
    __tablename__ = "bassin_draft"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ols_code: Mapped[str] = mapped_column(String(24), index=True)
    base_zoning_id: Mapped[int] = mapped_column(ForeignKey("zoning.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(16))
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    comment: Mapped[str] = mapped_column(Text, default="")  # the last return's comment
    result_zoning_id: Mapped[int | None] = mapped_column(
        ForeignKey("zoning.id", ondelete="SET NULL"), nullable=True
    )

    zones: Mapped[list[BassinDraftZoneRow]] = relationship(
        cascade="all, delete-orphan", order_by="BassinDraftZoneRow.code"
    )
    communes: Mapped[list[BassinDraftCommuneRow]] = relationship(
        cascade="all, delete-orphan", order_by="BassinDraftCommuneRow.refnis"
    )
    steps: Mapped[list[BassinDraftStepRow]] = relationship(
        cascade="all, delete-orphan", order_by="BassinDraftStepRow.id"
    )


class BassinDraftZoneRow(Base):
    __tablename__ = "bassin_draft_zone"

    draft_id: Mapped[int] = mapped_column(
        ForeignKey("bassin_draft.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(24), primary_key=True)
    name: Mapped[str] = mapped_column(Text)


class BassinDraftCommuneRow(Base):
    __tablename__ = "bassin_draft_commune"

    draft_id: Mapped[int] = mapped_column(
        ForeignKey("bassin_draft.id", ondelete="CASCADE"), primary_key=True
    )
    refnis: Mapped[str] = mapped_column(ForeignKey("commune.refnis"), primary_key=True)
    bassin_code: Mapped[str] = mapped_column(String(24))


class BassinDraftStepRow(Audited, Base):
    """One line of a draft's history (start, each edit, submit, return, validation)."""

    __tablename__ = "bassin_draft_step"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(
        ForeignKey("bassin_draft.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(16))
    state_after: Mapped[str] = mapped_column(String(16))
    by_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(32), default="")
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    detail: Mapped[str] = mapped_column(Text, default="")  # what an edit changed
    reason: Mapped[str] = mapped_column(Text, default="")
