"""Tables of the needs flow: concertation spaces and meetings, needs and their history,
OLS action plans, notifications, and the links between them (``store.links``).

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

from maillage.store.links import Link
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
    guests: Mapped[int] = mapped_column(Integer, default=0)  # people present, not members
    # The one-page synthesis: generated from the record, editable until published.
    synthesis: Mapped[str] = mapped_column(Text, default="")
    synthesis_public: Mapped[bool] = mapped_column(Boolean, default=False)
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)


class MeetingAttendeeRow(Link[int], Base):
    """A member of the space present at one of its meetings."""

    __tablename__ = "meeting_attendee"
    PARENT, TARGET = "meeting_id", "member_id"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("concertation_meeting.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("concertation_member.id", ondelete="CASCADE"), primary_key=True, index=True
    )


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


class NeedIndicatorRow(Link[str], Base):
    """Hard evidence of a need: an indicator of the profiles."""

    __tablename__ = "need_indicator"
    PARENT, TARGET = "need_id", "indicator_id"

    need_id: Mapped[int] = mapped_column(
        ForeignKey("need.id", ondelete="CASCADE"), primary_key=True
    )
    indicator_id: Mapped[str] = mapped_column(
        ForeignKey("indicator.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class NeedObservationRow(Link[int], Base):
    """Warm evidence of a need: what an actor noticed in the bassin."""

    __tablename__ = "need_observation"
    PARENT, TARGET = "need_id", "observation_id"

    need_id: Mapped[int] = mapped_column(
        ForeignKey("need.id", ondelete="CASCADE"), primary_key=True
    )
    observation_id: Mapped[int] = mapped_column(
        ForeignKey("warm_observation.id", ondelete="CASCADE"), primary_key=True, index=True
    )


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


class PlanActionPartnerRow(Link[int], Base):
    """A partner of the plan committed to one of its actions."""

    __tablename__ = "plan_action_partner"
    PARENT, TARGET = "action_id", "partner_id"

    action_id: Mapped[int] = mapped_column(
        ForeignKey("plan_action.id", ondelete="CASCADE"), primary_key=True
    )
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("plan_partner.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class PlanActionNeedRow(Link[int], Base):
    """A need of the OLS an action answers (the need is then in the action plan)."""

    __tablename__ = "plan_action_need"
    PARENT, TARGET = "action_id", "need_id"

    action_id: Mapped[int] = mapped_column(
        ForeignKey("plan_action.id", ondelete="CASCADE"), primary_key=True
    )
    need_id: Mapped[int] = mapped_column(
        ForeignKey("need.id", ondelete="CASCADE"), primary_key=True, index=True
    )


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
