"""Tables of the learning system: projects, their cycles, measures and journal; the
quintuple-aim framework, yearly self-assessments and activity reports.

Measure points entered by a team belong to the measure (and, optionally, the cycle during
which they were observed); measures drawn from an indicator store no points: they are
read from the indicator's values for the project's territory.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from maillage.store.links import Link
from maillage.store.models import Audited, Base, Versioned
from maillage.store.types import UtcDateTime


class ProjectRow(Audited, Versioned, Base):
    __tablename__ = "project"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(24), index=True)  # bassin or OLS
    ols_code: Mapped[str] = mapped_column(String(24), index=True)
    zoning_id: Mapped[int] = mapped_column(ForeignKey("zoning.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    programme: Mapped[str] = mapped_column(String(24))
    summary: Mapped[str] = mapped_column(Text, default="")
    # The six descriptors of a pilot project (seed 003).
    policy_context: Mapped[str] = mapped_column(Text, default="")
    scale: Mapped[str] = mapped_column(String(16))
    scale_note: Mapped[str] = mapped_column(Text, default="")  # duration, reversibility
    innovation_kind: Mapped[str] = mapped_column(String(16))
    innovation: Mapped[str] = mapped_column(Text, default="")
    knowledge: Mapped[str] = mapped_column(Text, default="")
    special_status: Mapped[str] = mapped_column(Text, default="")
    actor_network: Mapped[str] = mapped_column(Text, default="")
    # Published to the learning network: what other OLS can reuse.
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    practice: Mapped[str] = mapped_column(Text, default="")
    started_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ProjectNeedRow(Link[int], Base):
    """A need of the project's OLS, from the needs register, the project answers."""

    __tablename__ = "project_need"
    PARENT, TARGET = "project_id", "need_id"

    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), primary_key=True
    )
    need_id: Mapped[int] = mapped_column(
        ForeignKey("need.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ProjectPartnerRow(Audited, Versioned, Base):
    __tablename__ = "project_partner"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    sector: Mapped[str] = mapped_column(String(32))
    contribution: Mapped[str] = mapped_column(Text, default="")


class HypothesisRow(Audited, Versioned, Base):
    """One "if … then … because …" of the project's theory of change."""

    __tablename__ = "project_hypothesis"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    if_text: Mapped[str] = mapped_column(Text)
    then_text: Mapped[str] = mapped_column(Text)
    because_text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))


class MeasureRow(Audited, Versioned, Base):
    __tablename__ = "project_measure"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(40), default="")
    chart: Mapped[str] = mapped_column(String(8))  # run, xmr or p
    indicator_id: Mapped[str | None] = mapped_column(String(64), nullable=True)


class MeasurePointRow(Audited, Base):
    __tablename__ = "measure_point"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("project_measure.id", ondelete="CASCADE"), index=True
    )
    observed_on: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)  # the numerator for a p-chart
    denominator: Mapped[int | None] = mapped_column(Integer, nullable=True)
    cycle_id: Mapped[int | None] = mapped_column(
        ForeignKey("learning_cycle.id", ondelete="SET NULL"), nullable=True
    )
    note: Mapped[str] = mapped_column(String(200), default="")


class CycleRow(Audited, Versioned, Base):
    """One Plan–Do–Study–Act cycle; cycles of a project are numbered and chained."""

    __tablename__ = "learning_cycle"
    __table_args__ = (UniqueConstraint("project_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(String(8))
    # Plan
    objective: Mapped[str] = mapped_column(Text, default="")
    hypothesis: Mapped[str] = mapped_column(Text, default="")
    hypothesis_id: Mapped[int | None] = mapped_column(
        ForeignKey("project_hypothesis.id", ondelete="SET NULL"), nullable=True
    )
    prediction: Mapped[str] = mapped_column(Text, default="")
    predicted_value: Mapped[float | None] = mapped_column(Float, nullable=True)
    # Do
    done_what: Mapped[str] = mapped_column(Text, default="")
    done_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    done_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    done_by: Mapped[str] = mapped_column(Text, default="")
    # Study
    study: Mapped[str] = mapped_column(Text, default="")
    # Act
    decision: Mapped[str] = mapped_column(String(8), default="")
    act_notes: Mapped[str] = mapped_column(Text, default="")
    started_on: Mapped[date] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)


class CycleMeasureRow(Link[int], Base):
    """A measure of the project a cycle watches."""

    __tablename__ = "cycle_measure"
    PARENT, TARGET = "cycle_id", "measure_id"

    cycle_id: Mapped[int] = mapped_column(
        ForeignKey("learning_cycle.id", ondelete="CASCADE"), primary_key=True
    )
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("project_measure.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class JournalEntryRow(Audited, Versioned, Base):
    """A dated reflective entry of developmental evaluation."""

    __tablename__ = "journal_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    written_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))
    expectation: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    participants: Mapped[str] = mapped_column(Text, default="")  # who took part
    shared: Mapped[bool] = mapped_column(Boolean, default=False)  # learning network
    author_name: Mapped[str] = mapped_column(String(120), default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)


class PerformanceObjectiveRow(Audited, Versioned, Base):
    __tablename__ = "performance_objective"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(24), index=True)  # the OLS
    aim: Mapped[str] = mapped_column(String(24))
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    indicator_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    target: Mapped[float | None] = mapped_column(Float, nullable=True)
    direction: Mapped[str] = mapped_column(String(8))
    target_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    current_value: Mapped[float | None] = mapped_column(Float, nullable=True)  # entered
    narrative: Mapped[str] = mapped_column(Text, default="")  # how progress is recognised
    progress_note: Mapped[str] = mapped_column(Text, default="")


class SelfAssessmentRow(Audited, Versioned, Base):
    __tablename__ = "self_assessment"
    __table_args__ = (UniqueConstraint("code", "year", "aim"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(24), index=True)
    year: Mapped[int] = mapped_column(Integer)
    aim: Mapped[str] = mapped_column(String(24))
    score: Mapped[int] = mapped_column(Integer)
    implementation: Mapped[str] = mapped_column(Text, default="")
    explanation: Mapped[str] = mapped_column(Text, default="")


class ActivityReportRow(Audited, Versioned, Base):
    __tablename__ = "activity_report"
    __table_args__ = (UniqueConstraint("code", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(24), index=True)
    year: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ReportNarrativeRow(Audited, Versioned, Base):
    """The team's words for one section; drafted from the data, then theirs."""

    __tablename__ = "report_narrative"
    __table_args__ = (UniqueConstraint("report_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("activity_report.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text, default="")
    drafted: Mapped[bool] = mapped_column(Boolean, default=True)  # not yet edited by a person
