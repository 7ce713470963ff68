"""Warm data: what actors observe about a territory, shown beside the figures.

An observation is attached to one territory; pages of the territories containing it show
it too (a commune's observation appears on its bassin's, its OLS's and the region's
profile), so that what the field says climbs with the figures it comments on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from maillage.domain.actors import Actor
from maillage.domain.territory import Level
from maillage.errors import InvalidInput, NotFound
from maillage.i18n import gettext as _
from maillage.services import directory
from maillage.services.platform import Platform
from maillage.services.territories import zoning_hierarchy
from maillage.services.versioning import guarded_update
from maillage.store.indicator_tables import IndicatorRow, WarmObservationRow

MAX_TEXT = 4000


class Origin(StrEnum):
    CONCERTATION_SPACE = "concertation_space"
    FIELD = "field"
    ORIENTATION_LINE = "orientation_line"

    @property
    def label(self) -> str:
        return {
            Origin.CONCERTATION_SPACE: _("concertation space"),
            Origin.FIELD: _("field"),
            Origin.ORIENTATION_LINE: _("orientation line"),
        }[self]


@dataclass(frozen=True)
class WarmObservation:
    id: int
    code: str
    territory_name: str
    text: str
    observed_on: date
    origin: Origin
    themes: list[str]
    indicator_id: str | None
    author: str | None  # None when the reader may not see who wrote it
    is_public: bool
    version: int
    created_at: datetime


def _zoning_id(platform: Platform, session: Session, code: str) -> tuple[int | None, str]:
    zoning, _year, tree = zoning_hierarchy(platform, session, None, None)
    territory = tree.get(code)
    zoned = territory.level in (Level.BASSIN, Level.OLS)
    return (zoning.id if zoned else None), territory.name


def add(
    platform: Platform,
    actor: Actor,
    code: str,
    text: str,
    observed_on: date,
    origin: str,
    themes: list[str],
    indicator_id: str | None = None,
    is_public: bool = False,
    author_name: str = "",
) -> WarmObservation:
    text = text.strip()
    if not text:
        raise InvalidInput(_("An observation needs a text."))
    if len(text) > MAX_TEXT:
        raise InvalidInput(
            _("{field}: at most {count} characters.").format(field=_("text"), count=MAX_TEXT)
        )
    if observed_on > date.today():
        raise InvalidInput(_("The date of an observation cannot be in the future."))
    try:
        origin_ = Origin(origin)
    except ValueError as error:
        raise InvalidInput(_("Unknown origin: {value}").format(value=origin)) from error
    with platform.transaction(actor) as session:
        known_themes = directory.sector_codes(platform, session)
        unknown = [t for t in themes if t not in known_themes]
        if unknown:
            raise InvalidInput(_("Unknown themes: {themes}").format(themes=", ".join(unknown)))
        if indicator_id and session.get(IndicatorRow, indicator_id) is None:
            raise InvalidInput(_("Unknown indicator: {id}").format(id=indicator_id))
        zoning_id, name = _zoning_id(platform, session, code)
        row = WarmObservationRow(
            code=code,
            zoning_id=zoning_id,
            text=text,
            observed_on=observed_on,
            origin=origin_.value,
            themes=",".join(dict.fromkeys(themes)),
            indicator_id=indicator_id or None,
            author_id=actor.id,
            author_name=author_name or actor.label,
            is_public=is_public,
            withdrawn=False,
            created_at=datetime.now(UTC),
            version=1,
        )
        session.add(row)
        session.flush()
        return _observation(row, name, True)


def withdraw(
    platform: Platform, actor: Actor, code: str, observation_id: int, expected_version: int
) -> None:
    """Take an observation of *code* off the pages; it stays in the audit trail."""

    def load(session: Session) -> WarmObservationRow:
        row = session.get(WarmObservationRow, observation_id)
        if row is None or row.withdrawn or row.code != code:
            raise NotFound(_("Unknown observation: {id}").format(id=observation_id))
        return row

    def apply(session: Session, row: WarmObservationRow) -> None:
        row.withdrawn = True

    guarded_update(platform, actor, load, expected_version, apply)


def for_territory(
    platform: Platform, code: str, internal: bool, communes: list[str] | None = None
) -> list[WarmObservation]:
    """Observations of *code* and of every territory it contains, newest first.

    *internal* readers (members) see observations not marked public and their authors.
    With *communes*, the observations of an ad-hoc group of those communes.
    """
    with platform.reading() as session:
        zoning, _year, tree = zoning_hierarchy(platform, session, None, None)
        if communes is None:
            tree.get(code)
            covered = {code, *(t.code for t in tree.descendants(code))}
        else:
            covered = set(communes)
        names = {c: tree.get(c).name for c in covered if c in tree}
        query = select(WarmObservationRow).where(
            WarmObservationRow.withdrawn.is_(False),
            WarmObservationRow.code.in_(covered),
            or_(WarmObservationRow.zoning_id.is_(None), WarmObservationRow.zoning_id == zoning.id),
        )
        if not internal:
            query = query.where(WarmObservationRow.is_public.is_(True))
        rows = session.scalars(
            query.order_by(WarmObservationRow.observed_on.desc(), WarmObservationRow.id.desc())
        )
        return [_observation(r, names.get(r.code, r.code), internal) for r in rows]


def _observation(row: WarmObservationRow, name: str, internal: bool) -> WarmObservation:
    return WarmObservation(
        row.id,
        row.code,
        name,
        row.text,
        row.observed_on,
        Origin(row.origin),
        [t for t in row.themes.split(",") if t],
        row.indicator_id,
        row.author_name if internal else None,
        row.is_public,
        row.version,
        row.created_at,
    )
