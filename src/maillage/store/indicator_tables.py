"""Tables of population health management: the indicator catalogue and its values.

Values are stored as loaded (usually per commune, with numerator and denominator); values
of bassins, OLS and the region are computed from them when asked, for the active zoning,
so that a new zoning never needs a reload.
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

from maillage.store.models import Audited, Base, Versioned
from maillage.store.types import UtcDateTime


class IndicatorRow(Audited, Versioned, Base):
    __tablename__ = "indicator"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    definition: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(16))
    polarity: Mapped[str] = mapped_column(String(24))
    unit: Mapped[str] = mapped_column(String(40), default="")
    multiplier: Mapped[float] = mapped_column(Float, default=1.0)
    numerator: Mapped[str] = mapped_column(Text, default="")
    denominator: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")
    licence: Mapped[str] = mapped_column(Text, default="")
    years: Mapped[str] = mapped_column(String(40), default="")
    level: Mapped[str] = mapped_column(String(16), default="commune")
    caveats: Mapped[str] = mapped_column(Text, default="")
    theme: Mapped[str] = mapped_column(String(64), default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    small_numbers_apply: Mapped[bool] = mapped_column(Boolean, default=True)
    # JSON list of [age band, weight] for age-standardised rates; empty otherwise.
    standard_population: Mapped[str] = mapped_column(Text, default="")
    standard_name: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class IndicatorValueRow(Base):
    __tablename__ = "indicator_value"
    __table_args__ = (UniqueConstraint("indicator_id", "code", "period", "age_band"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_id: Mapped[str] = mapped_column(
        ForeignKey("indicator.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(24), index=True)  # REFNIS or zone code
    period: Mapped[str] = mapped_column(String(16))
    numerator: Mapped[float | None] = mapped_column(Float, nullable=True)
    denominator: Mapped[float | None] = mapped_column(Float, nullable=True)
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    age_band: Mapped[str] = mapped_column(String(16), default="")  # "" unless age-specific


class WarmObservationRow(Audited, Versioned, Base):
    """What an actor noticed about a territory: the "warm" data beside the figures.

    ``zoning_id`` is set when the territory is a bassin or OLS (their codes belong to a
    zoning); communes and the region have none.
    """

    __tablename__ = "warm_observation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(24), index=True)
    zoning_id: Mapped[int | None] = mapped_column(
        ForeignKey("zoning.id", ondelete="CASCADE"), nullable=True
    )
    text: Mapped[str] = mapped_column(Text)
    observed_on: Mapped[date] = mapped_column(Date)
    origin: Mapped[str] = mapped_column(String(24))
    themes: Mapped[str] = mapped_column(Text, default="")  # taxonomy sector codes, comma-sep.
    indicator_id: Mapped[str | None] = mapped_column(
        ForeignKey("indicator.id", ondelete="SET NULL"), nullable=True, index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), nullable=True
    )
    author_name: Mapped[str] = mapped_column(String(120), default="")
    is_public: Mapped[bool] = mapped_column(Boolean, default=False)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
