"""The directory of the offer (cadastre de l'offre), in Open Referral HSDS 3.0 terms.

Records keep the HSDS fields the platform searches on as typed attributes, and every other
HSDS field untouched in ``extra`` so that an export gives back what an import brought.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from maillage.i18n import gettext as _

TAXONOMY_ID = "maillage-premiere-ligne-be"
PMR_DETAILS = "wheelchair"
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class Cost(StrEnum):
    FREE = "free"
    LOW = "low"  # social tariff, third-party payment, symbolic fee
    PAID = "paid"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return {
            Cost.FREE: _("free"),
            Cost.LOW: _("low cost"),
            Cost.PAID: _("paid"),
            Cost.UNKNOWN: _("cost not stated"),
        }[self]


class ServiceStatus(StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"
    DEFUNCT = "defunct"
    TEMPORARILY_CLOSED = "temporarily closed"

    @property
    def label(self) -> str:
        return {
            ServiceStatus.ACTIVE: _("active"),
            ServiceStatus.INACTIVE: _("inactive"),
            ServiceStatus.DEFUNCT: _("closed for good"),
            ServiceStatus.TEMPORARILY_CLOSED: _("temporarily closed"),
        }[self]


@dataclass(frozen=True)
class WeeklyOpening:
    """Open on *weekday* (0 = Monday) from *opens* to *closes*."""

    weekday: int
    opens: time
    closes: time

    def covers(self, moment_weekday: int, moment: time) -> bool:
        return self.weekday == moment_weekday and self.opens <= moment < self.closes


@dataclass(frozen=True)
class Organization:
    id: str
    name: str
    description: str
    email: str = ""
    website: str = ""
    enterprise_number: str = ""  # BCE/KBO, 10 digits, when known
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Location:
    id: str
    organization_id: str | None
    name: str
    latitude: float | None
    longitude: float | None
    address_1: str = ""
    postal_code: str = ""
    city: str = ""
    country: str = "BE"
    refnis: str | None = None  # commune, found from the coordinates or the postcode
    pmr_accessible: bool | None = None
    accessibility_note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Service:
    id: str
    organization_id: str | None
    name: str
    description: str = ""
    status: ServiceStatus = ServiceStatus.ACTIVE
    alternate_name: str = ""
    email: str = ""
    url: str = ""
    eligibility_description: str = ""
    minimum_age: float | None = None
    maximum_age: float | None = None
    fees_description: str = ""
    cost: Cost = Cost.UNKNOWN
    languages: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()  # taxonomy codes
    area_communes: tuple[str, ...] = ()  # REFNIS codes the service covers
    openings: tuple[WeeklyOpening, ...] = ()
    location_ids: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    last_verified: date | None = None
    internal_note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def is_open(self, weekday: int, moment: time) -> bool:
        return any(o.covers(weekday, moment) for o in self.openings)


@dataclass(frozen=True)
class ServiceHit:
    """A service as lists, maps and flat exports show it (one row, first location)."""

    id: str
    name: str
    organization: str
    description: str
    terms: list[dict[str, str]]
    address: str
    commune: str | None
    latitude: float | None
    longitude: float | None
    distance_km: float | None
    languages: list[str]
    cost: str
    pmr_accessible: bool
    phones: list[str]
    openings: list[list[Any]]
    source: str
    licence: str
    attribution: str
    is_demo: bool
    last_verified: date | None
    stale: bool
    internal_note: str | None = None


@dataclass(frozen=True)
class DirectorySource:
    """Where records come from; demo sources are labelled wherever their records show."""

    key: str
    name: str
    licence: str
    attribution: str
    is_demo: bool = False


@dataclass
class DirectoryBatch:
    source: DirectorySource
    organizations: list[Organization] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)


def is_web_address(text: str) -> bool:
    """An absolute ``http://`` or ``https://`` address with a host.

    The only kind of website the directory, territory sheets and exports hold: anything
    else (``javascript:``, ``data:``, a relative path) could run or mislead when followed.
    """
    if not text or any(c.isspace() or unicodedata.category(c) == "Cc" for c in text):
        return False
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(host)


def shown_web_address(text: str) -> str:
    """*text* when it is a web address, else nothing: a value stored before the rule (or
    by another tool) is served as empty, never as a link."""
    return text if is_web_address(text) else ""


def search_text(*parts: str) -> str:
    """Lower-case, accent-free words: what full-text search indexes and queries."""
    text = " ".join(p for p in parts if p)
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", plain))


def query_words(query: str) -> list[str]:
    return search_text(query).split()


def has_words(query: str, *texts: str) -> bool:
    """Every word of *query* starts a word of *texts*, ignoring case and accents."""
    words = search_text(*texts).split()
    return all(any(w.startswith(q) for w in words) for q in query_words(query))


_FREE = re.compile(r"\bgratuit|\bfree\b|\bkosteloos|\bkostenlos|\bsans frais", re.I)
_LOW = re.compile(
    r"tarif social|tiers payant|\bbim\b|modique|symbolique|forfait|"
    r"prix libre|sociaal tarief|derdebetaler",
    re.I,
)


def cost_from(fees_description: str, amounts: list[float]) -> Cost:
    """Free, low or paid, from HSDS cost options and the fees text."""
    if (amounts and min(amounts) == 0) or _FREE.search(fees_description or ""):
        return Cost.FREE
    if _LOW.search(fees_description or ""):
        return Cost.LOW
    if amounts:
        return Cost.LOW if min(amounts) <= 5 else Cost.PAID
    return Cost.UNKNOWN


def parse_openings(schedules: list[dict[str, Any]]) -> tuple[WeeklyOpening, ...]:
    """Weekly openings from HSDS schedules (freq WEEKLY, byday, opens_at, closes_at)."""
    openings: list[WeeklyOpening] = []
    for schedule in schedules:
        if str(schedule.get("freq", "WEEKLY")).upper() != "WEEKLY":
            continue
        opens, closes = _time(schedule.get("opens_at")), _time(schedule.get("closes_at"))
        if opens is None or closes is None:
            continue
        days = [d.strip().upper()[-2:] for d in str(schedule.get("byday") or "").split(",")]
        for day in days:
            if day in WEEKDAYS:
                openings.append(WeeklyOpening(WEEKDAYS.index(day), opens, closes))
    return tuple(sorted(set(openings), key=lambda o: (o.weekday, o.opens)))


def _time(value: Any) -> time | None:
    if not value:
        return None
    match = re.match(r"^(\d{1,2}):(\d{2})", str(value))
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours == 24 and minutes == 0:
        return time(23, 59, 59)
    if hours > 23 or minutes > 59:
        return None
    return time(hours, minutes)


def openings_to_schedules(
    service_id: str, openings: tuple[WeeklyOpening, ...], make_id: Callable[..., str]
) -> list[dict[str, Any]]:
    """HSDS schedules, one per distinct opening hours, days grouped."""
    groups: dict[tuple[time, time], list[int]] = {}
    for opening in openings:
        groups.setdefault((opening.opens, opening.closes), []).append(opening.weekday)
    return [
        {
            "id": make_id(service_id, "schedule", str(n)),
            "service_id": service_id,
            "freq": "WEEKLY",
            "byday": ",".join(WEEKDAYS[d] for d in sorted(days)),
            "opens_at": opens.strftime("%H:%M"),
            "closes_at": closes.strftime("%H:%M"),
        }
        for n, ((opens, closes), days) in enumerate(sorted(groups.items()), start=1)
    ]
