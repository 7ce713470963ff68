"""Tables of the needs flow: concertation spaces and meetings, needs and their history,
OLS action plans, notifications.

A need's history (``need_step``) is only ever appended to; merged needs keep their row
and point to the need that absorbed them, so nothing raised is ever lost.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from maillage.store.models import Audited, Base, Versioned
from maillage.store.types import UtcDateTime


class ConcertationSpaceRow(Audited, Versioned, Base):
    __tablename__ = "concertation_space"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(24), index=True)  # bassin, OLS or region
    zoning_id: Mapped[int | None] = mapped_column(
        ForeignKey("zoning.id", ondelete="CASCADE"), nullable=True
    )
    theme: Mapped[str] = mapped_column(String(64), default="")  # taxonomy sector code
    expected_sectors: Mapped[str] = mapped_column(Text, default="")  # comma-separated
    description: Mapped[str] = mapped_column(Text, default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ConcertationMemberRow(Audited, Versioned, Base):
    """An organisation or a person taking part (a name and a sector, nothing more)."""

    __tablename__ = "concertation_member"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    space_id: Mapped[int] = mapped_column(
        ForeignKey("concertation_space.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    sector: Mapped[str] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class MeetingRow(Audited, Versioned, Base):
    __tablename__ = "concertation_meeting"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    space_id: Mapped[int] = mapped_column(
        ForeignKey("concertation_space.id", ondelete="CASCADE"), index=True
    )
    held_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200), default="")
    agenda: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[str] = mapped_column(Text, default="")
    proposals: Mapped[str] = mapped_column(Text, default="")  # to the OLS governance
    attendees: Mapped[str] = mapped_column(Text, default="")  # member ids, comma-separated
    guests: Mapped[int] = mapped_column(Integer, default=0)  # people present, not members
    # The one-page synthesis: generated from the record, editable until published.
    synthesis: Mapped[str] = mapped_column(Text, default="")
    synthesis_public: Mapped[bool] = mapped_column(Boolean, default=False)
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)


class NeedRow(Audited, Versioned, Base):
    __tablename__ = "need"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(24), index=True)  # the bassin
    ols_code: Mapped[str] = mapped_column(String(24), index=True)
    zoning_id: Mapped[int] = mapped_column(ForeignKey("zoning.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    theme: Mapped[str] = mapped_column(String(64))  # taxonomy sector code
    population: Mapped[str] = mapped_column(Text, default="")  # who is concerned
    population_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    urgency: Mapped[str] = mapped_column(String(8))
    origin: Mapped[str] = mapped_column(String(24))
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("concertation_meeting.id", ondelete="SET NULL"), nullable=True
    )
    indicator_ids: Mapped[str] = mapped_column(Text, default="")  # hard evidence
    observation_ids: Mapped[str] = mapped_column(Text, default="")  # warm evidence
    orientation_terms: Mapped[str] = mapped_column(Text, default="")  # unmet request needs
    state: Mapped[str] = mapped_column(String(16), index=True)
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("need.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    outcome: Mapped[str] = mapped_column(String(16), default="")
    answer: Mapped[str] = mapped_column(Text, default="")
    raised_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), nullable=True, index=True
    )
    raised_by_name: Mapped[str] = mapped_column(String(120), default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class NeedStepRow(Audited, Base):
    """One transition of a need: appended, never changed."""

    __tablename__ = "need_step"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("need.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(16), default="")  # "" for the raising
    state_before: Mapped[str] = mapped_column(String(16), default="")
    state_after: Mapped[str] = mapped_column(String(16))
    by_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), nullable=True
    )
    by_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(32), default="")
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    reason: Mapped[str] = mapped_column(Text, default="")
    merged_into_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


class NeedFollowerRow(Base):
    __tablename__ = "need_follower"

    need_id: Mapped[int] = mapped_column(
        ForeignKey("need.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ActionPlanRow(Audited, Versioned, Base):
    __tablename__ = "action_plan"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(24), index=True)  # the OLS
    zoning_id: Mapped[int] = mapped_column(ForeignKey("zoning.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    first_year: Mapped[int] = mapped_column(Integer)
    last_year: Mapped[int] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text, default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class PlanObjectiveRow(Audited, Versioned, Base):
    __tablename__ = "plan_objective"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("action_plan.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")


class PlanPartnerRow(Audited, Versioned, Base):
    __tablename__ = "plan_partner"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("action_plan.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    sector: Mapped[str] = mapped_column(String(32))


class PlanActionRow(Audited, Versioned, Base):
    __tablename__ = "plan_action"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    objective_id: Mapped[int] = mapped_column(
        ForeignKey("plan_objective.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    resources: Mapped[str] = mapped_column(Text, default="")
    deadline: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(16))
    partner_ids: Mapped[str] = mapped_column(Text, default="")  # comma-separated
    need_ids: Mapped[str] = mapped_column(Text, default="")  # comma-separated


class NotificationRow(Base):
    """A message to one person about a need they raised or follow."""

    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    need_id: Mapped[int | None] = mapped_column(
        ForeignKey("need.id", ondelete="CASCADE"), nullable=True
    )
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    emailed: Mapped[bool] = mapped_column(Boolean, default=False)
