"""The single orientation line: suggest services for a situation, log the outcome.

The log holds no personal data: time, commune, needs picked from the taxonomy, the
constraints and the outcome. Requests that found no suitable service are the signals
of unmet need shown per bassin.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from maillage.analysis.placement import project
from maillage.domain.actors import Actor
from maillage.domain.directory import ServiceHit
from maillage.domain.hierarchy import Hierarchy
from maillage.domain.orientation import (
    Candidate,
    CostLimit,
    Match,
    Mobility,
    Outcome,
    Situation,
    Urgency,
    rank,
)
from maillage.domain.territory import Level
from maillage.errors import InvalidInput
from maillage.i18n import BRUSSELS
from maillage.i18n import gettext as _
from maillage.services import directory
from maillage.services.platform import Platform
from maillage.services.territories import zoning_hierarchy
from maillage.store import directory as store
from maillage.store.directory_tables import OrientationRequestRow

# The nearest services of the needed types, plus those covering the commune, are ranked.
CANDIDATES = 30


@dataclass(frozen=True)
class Suggestions:
    situation: Situation
    commune_name: str
    bassin_name: str | None
    matches: list[Match]
    considered: int
    asked_at: datetime


def _checked_terms(
    platform: Platform, session: Session, tree: Hierarchy, situation: Situation
) -> tuple[str, ...]:
    """The service types the needs stand for, once the situation is known to be valid."""
    if not situation.needs:
        raise InvalidInput(_("Pick at least one need from the list."))
    terms = directory.expand_terms(platform, session, situation.needs)
    if tree.at(situation.refnis, Level.COMMUNE) is None:
        raise InvalidInput(_("Unknown commune: {code}").format(code=situation.refnis))
    return terms


def suggest(
    platform: Platform, situation: Situation, now: datetime | None = None, limit: int = 10
) -> Suggestions:
    """Ranked services for *situation*, each with the reasons it matched."""
    now = (now or datetime.now(UTC)).astimezone(BRUSSELS)
    with platform.reading() as session:
        tree = zoning_hierarchy(platform, session, None, None)[2]
        terms = _checked_terms(platform, session, tree, situation)
        centre = directory.locator(platform, session).centroid(situation.refnis)
        if centre is None:
            raise InvalidInput(_("This commune has no known position."))
        radius = situation.mobility.radius_km * 1000
        near = store.nearest(
            session, store.Criteria(terms=terms, near=(centre[0], centre[1], radius)), CANDIDATES
        )
        _total, serving = store.search(
            session, store.Criteria(terms=terms, communes=(situation.refnis,)), 0, CANDIDATES
        )
        covering = {service_id for service_id, _d in serving}
        found = dict(near)
        for service_id, _d in serving:
            found.setdefault(service_id, None)
        hits = directory.describe(platform, session, list(found.items()), tree, internal=False)
    candidates = [Candidate(_with_distance(hit, centre), hit.id in covering) for hit in hits]
    bassin = tree.ancestor_at(situation.refnis, Level.BASSIN)
    return Suggestions(
        situation,
        tree.get(situation.refnis).name,
        bassin.name if bassin else None,
        rank(situation, candidates, now, limit),
        len(candidates),
        now,
    )


def _with_distance(hit: ServiceHit, centre: tuple[float, float]) -> ServiceHit:
    """Services found through their service area get a distance too when located."""
    if hit.distance_km is not None or hit.latitude is None or hit.longitude is None:
        return hit
    [(x, y)] = project([hit.longitude], [hit.latitude])
    distance = ((x - centre[0]) ** 2 + (y - centre[1]) ** 2) ** 0.5 / 1000
    return replace(hit, distance_km=round(distance, 2))


def record(
    platform: Platform,
    actor: Actor,
    situation: Situation,
    outcome: Outcome,
    matches: int,
    service_id: str | None = None,
) -> int:
    """Log one request (no personal data) and return its number."""
    with platform.transaction(actor) as session:
        tree = zoning_hierarchy(platform, session, None, None)[2]
        _checked_terms(platform, session, tree, situation)
        if outcome is Outcome.ORIENTED:
            if not service_id or not store.service_rows(session, [service_id]):
                raise InvalidInput(_("Pick the service the person was oriented to."))
        else:
            service_id = None
        row = OrientationRequestRow(
            asked_at=datetime.now(UTC),
            refnis=situation.refnis,
            needs=sorted(situation.needs),
            language=situation.language,
            mobility=situation.mobility.value,
            cost=situation.cost.value,
            urgency=situation.urgency.value,
            matches=max(0, matches),
            outcome=outcome.value,
            service_id=service_id,
        )
        session.add(row)
        session.flush()
        return row.id


@dataclass
class BassinSignal:
    code: str
    name: str
    ols: str
    unmet: int = 0
    total: int = 0
    needs: Counter[str] = field(default_factory=Counter)
    last: datetime | None = None


@dataclass(frozen=True)
class SignalReport:
    bassins: list[BassinSignal]
    outcomes: dict[str, int]
    recent: list[OrientationRequestRow]
    term_names: dict[str, str]


def signals(platform: Platform, recent: int = 50) -> SignalReport:
    """Requests per bassin of the active zoning; unmet ones first (signals of need)."""
    with platform.reading() as session:
        tree = zoning_hierarchy(platform, session, None, None)[2]
        rows = list(
            session.scalars(
                select(OrientationRequestRow).order_by(OrientationRequestRow.asked_at.desc())
            )
        )
        names = directory.term_names(platform, session)
        session.expunge_all()
    by_bassin: dict[str, BassinSignal] = {}
    outcomes: Counter[str] = Counter()
    for row in rows:
        outcomes[row.outcome] += 1
        bassin = tree.ancestor_at(row.refnis, Level.BASSIN) if row.refnis in tree else None
        if bassin is None:
            continue
        ols = tree.ancestor_at(bassin.code, Level.OLS)
        signal = by_bassin.setdefault(
            bassin.code, BassinSignal(bassin.code, bassin.name, ols.name if ols else "")
        )
        signal.total += 1
        if row.outcome == Outcome.NO_SUITABLE_SERVICE.value:
            signal.unmet += 1
            signal.needs.update(row.needs)
            if signal.last is None or row.asked_at > signal.last:
                signal.last = row.asked_at
    ordered = sorted(by_bassin.values(), key=lambda s: (-s.unmet, -s.total, s.name))
    return SignalReport(ordered, dict(outcomes), rows[:recent], names)


def situation_from(
    needs: list[str],
    refnis: str,
    language: str = "",
    mobility: str = "",
    cost: str = "",
    urgency: str = "",
    pmr: bool = False,
) -> Situation:
    """A situation from form or API values, refusing unknown choices with a clear message."""
    try:
        return Situation(
            needs=tuple(dict.fromkeys(n for n in needs if n)),
            refnis=refnis.strip(),
            language=language.strip().lower()[:8],
            mobility=Mobility(mobility or Mobility.PUBLIC_TRANSPORT.value),
            cost=CostLimit(cost or CostLimit.ANY.value),
            urgency=Urgency(urgency or Urgency.THIS_WEEK.value),
            pmr=pmr,
        )
    except ValueError as error:
        raise InvalidInput(_("Unknown choice: {reason}").format(reason=error)) from error
