"""Orientation for the single line: rank candidate services for a described situation.

Hard constraints (a service that cannot help is left out): the needs, a known language
that excludes the caller's, a known cost above what the caller can pay, distance beyond
the caller's mobility unless the service covers the commune. Everything else orders the
list, and every point given or taken is stated as a reason the operator can read out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from maillage.domain.directory import Cost, ServiceHit
from maillage.i18n import gettext as _


class Mobility(StrEnum):
    CAR = "car"  # can travel (car, someone drives)
    PUBLIC_TRANSPORT = "transport"  # bus or train, short trips
    WALKING = "walking"  # a few kilometres at most
    HOME = "home"  # cannot travel: the service must come to them

    @property
    def radius_km(self) -> float:
        return {
            Mobility.CAR: 25.0,
            Mobility.PUBLIC_TRANSPORT: 12.0,
            Mobility.WALKING: 3.0,
            Mobility.HOME: 15.0,
        }[self]

    @property
    def label(self) -> str:
        return {
            Mobility.CAR: _("can travel (car)"),
            Mobility.PUBLIC_TRANSPORT: _("public transport"),
            Mobility.WALKING: _("on foot only"),
            Mobility.HOME: _("cannot travel (at home)"),
        }[self]


class Urgency(StrEnum):
    TODAY = "today"
    THIS_WEEK = "week"
    NOT_URGENT = "later"

    @property
    def label(self) -> str:
        return {
            Urgency.TODAY: _("today"),
            Urgency.THIS_WEEK: _("this week"),
            Urgency.NOT_URGENT: _("not urgent"),
        }[self]


class CostLimit(StrEnum):
    ANY = "any"
    LOW = "low"
    FREE = "free"

    @property
    def label(self) -> str:
        return {
            CostLimit.ANY: _("any cost"),
            CostLimit.LOW: _("free or low cost"),
            CostLimit.FREE: _("free only"),
        }[self]

    def accepts(self, cost: Cost) -> bool | None:
        """True/False when the service's cost is known, None when it is not stated."""
        if self is CostLimit.ANY:
            return True
        if cost is Cost.UNKNOWN:
            return None
        return cost is Cost.FREE or (self is CostLimit.LOW and cost is Cost.LOW)


class Outcome(StrEnum):
    ORIENTED = "oriented"
    NO_SUITABLE_SERVICE = "no_suitable_service"
    REFERRED_ELSEWHERE = "referred_elsewhere"

    @property
    def label(self) -> str:
        return {
            Outcome.ORIENTED: _("oriented to a service"),
            Outcome.NO_SUITABLE_SERVICE: _("no suitable service"),
            Outcome.REFERRED_ELSEWHERE: _("referred elsewhere"),
        }[self]


@dataclass(frozen=True)
class Situation:
    """What the operator heard — needs and constraints, never who is calling."""

    needs: tuple[str, ...]
    refnis: str
    language: str = ""
    mobility: Mobility = Mobility.PUBLIC_TRANSPORT
    cost: CostLimit = CostLimit.ANY
    urgency: Urgency = Urgency.THIS_WEEK
    pmr: bool = False


@dataclass(frozen=True)
class Candidate:
    hit: ServiceHit
    covers_commune: bool  # located in the commune or declares it in its service area


@dataclass
class Match:
    hit: ServiceHit
    score: float
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


LANGUAGE_NAMES = {
    "fr": "français",
    "nl": "néerlandais",
    "de": "allemand",
    "en": "anglais",
    "ar": "arabe",
    "tr": "turc",
    "es": "espagnol",
    "it": "italien",
    "pt": "portugais",
    "ro": "roumain",
    "pl": "polonais",
    "ru": "russe",
    "sgn": "langue des signes",
}


def _km(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _open_today(hit: ServiceHit, now: datetime) -> list[tuple[str, str]]:
    return [(o, c) for d, o, c in hit.openings if d == now.weekday()]


def assess(situation: Situation, candidate: Candidate, now: datetime) -> Match | None:
    """Score one candidate with its reasons, or None when a hard constraint excludes it."""
    hit = candidate.hit
    score = 100.0
    reasons: list[str] = []
    warnings: list[str] = []
    needs = set(situation.needs)
    matched = [t["name"] for t in hit.terms if t["code"] in needs]
    if matched:
        reasons.append(_("offers: {types}").format(types=", ".join(matched)))
    radius = situation.mobility.radius_km
    if hit.distance_km is not None:
        if hit.distance_km > radius and not candidate.covers_commune:
            return None
        score -= 3 * hit.distance_km
        reasons.append(_("{km} km from the commune's centre").format(km=_km(hit.distance_km)))
    if candidate.covers_commune:
        score += 10
        reasons.append(_("serves the commune"))
    if situation.mobility is Mobility.HOME:
        if candidate.covers_commune:
            score += 10
        else:
            warnings.append(_("home visits in this commune not confirmed"))
    if situation.language:
        name = LANGUAGE_NAMES.get(situation.language, situation.language)
        if situation.language in hit.languages:
            score += 15
            reasons.append(_("speaks {language}").format(language=name))
        elif hit.languages:
            return None
        else:
            score -= 5
            warnings.append(_("languages not stated"))
    accepted = situation.cost.accepts(Cost(hit.cost))
    if accepted is False:
        return None
    if situation.cost is not CostLimit.ANY:
        if accepted:
            score += 10
            reasons.append(Cost(hit.cost).label)
        else:
            score -= 10
            warnings.append(_("cost not stated"))
    if situation.pmr:
        if hit.pmr_accessible:
            score += 10
            reasons.append(_("wheelchair accessible (PMR)"))
        else:
            score -= 15
            warnings.append(_("wheelchair access not confirmed"))
    today = _open_today(hit, now)
    if hit.openings:
        moment = now.strftime("%H:%M")
        if any(o <= moment < c for o, c in today):
            score += 15 if situation.urgency is Urgency.TODAY else 5
            reasons.append(_("open now"))
        elif any(moment < c for _o, c in today):
            score += 8 if situation.urgency is Urgency.TODAY else 2
            reasons.append(
                _("open later today ({hours})").format(
                    hours=", ".join(f"{o}–{c}" for o, c in today)
                )
            )
        elif situation.urgency is Urgency.TODAY:
            score -= 25
            warnings.append(_("closed for the rest of today"))
    elif situation.urgency is not Urgency.NOT_URGENT:
        score -= 5
        warnings.append(_("opening hours not stated"))
    if hit.stale:
        score -= 5
        warnings.append(_("record not verified for more than 12 months"))
    if hit.is_demo:
        warnings.append(_("demonstration data"))
    return Match(hit, round(score, 1), reasons, warnings)


def rank(
    situation: Situation, candidates: list[Candidate], now: datetime, limit: int = 10
) -> list[Match]:
    """The best matches first; ties broken by distance then name, so the order is stable."""
    matches = [m for m in (assess(situation, c, now) for c in candidates) if m is not None]
    matches.sort(
        key=lambda m: (
            -m.score,
            m.hit.distance_km if m.hit.distance_km is not None else 1e9,
            m.hit.name,
            m.hit.id,
        )
    )
    return matches[:limit]
