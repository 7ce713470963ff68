"""A directory record as a person types it (the page's form, the API's body), checked
field by field: every refusal is kept under its field's name, so that the form shows it
next to the field, and a point is taken only in Belgium, in a commune the platform knows."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import time
from functools import partial
from typing import TypeVar

from sqlalchemy.orm import Session

from maillage.analysis.placement import project
from maillage.domain.directory import (
    WEEKDAYS,
    Cost,
    DirectorySource,
    Location,
    Organization,
    Service,
    ServiceStatus,
    WeeklyOpening,
    is_web_address,
)
from maillage.errors import InvalidInput
from maillage.i18n import gettext as _
from maillage.services import fields
from maillage.services.directory import locator, terms
from maillage.services.platform import Platform
from maillage.store import directory as store
from maillage.store import territories as territory_store

Value = TypeVar("Value")
# Belgium's extent (WGS 84): a point outside is refused before looking for its commune.
BELGIUM_LATITUDES = (49.49, 51.51)
BELGIUM_LONGITUDES = (2.54, 6.41)
ID_PREFIX = "web"
TEXT_LIMIT = 4000
NAME_LIMIT = 300
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^[0-9+()./ -]{6,30}$")
LANGUAGE = re.compile(r"^[a-z]{2,3}$")
# Day names people type in French (full or short) and the HSDS codes (MO…SU).
DAY_NAMES = {
    **{code.lower(): n for n, code in enumerate(WEEKDAYS)},
    **{
        name: n
        for n, names in enumerate(
            (
                ("lundi", "lun", "lu"),
                ("mardi", "mar", "ma"),
                ("mercredi", "mer", "me"),
                ("jeudi", "jeu", "je"),
                ("vendredi", "ven", "ve"),
                ("samedi", "sam", "sa"),
                ("dimanche", "dim", "di"),
            )
        )
        for name in names
    },
}
OPENING = re.compile(
    r"^\s*(?P<day>[^\s\d]+)\s+(?P<opens>\d{1,2}[:hH]\d{0,2})\s*[-–à]+\s*"
    r"(?P<closes>\d{1,2}[:hH]\d{0,2})\s*$"
)


def source() -> DirectorySource:
    """Where records typed in the platform belong."""
    return DirectorySource(
        key="saisie-plateforme",
        name=_("Entered in the platform"),
        licence=_("not stated"),
        attribution="",
    )


@dataclass(frozen=True)
class RecordFields:
    """A record as a person types it; numbers and hours as text, checked by ``check``."""

    name: str
    organization: str
    terms: tuple[str, ...] = ()
    description: str = ""
    alternate_name: str = ""
    status: str = ServiceStatus.ACTIVE.value
    email: str = ""
    url: str = ""
    phones: str = ""  # one a line
    eligibility_description: str = ""
    minimum_age: str = ""
    maximum_age: str = ""
    fees_description: str = ""
    cost: str = Cost.UNKNOWN.value
    languages: tuple[str, ...] = ()
    openings: str = ""  # one opening a line: « lundi 09:00-12:00 »
    internal_note: str = ""
    organization_website: str = ""
    organization_email: str = ""
    enterprise_number: str = ""
    address: str = ""
    postal_code: str = ""
    city: str = ""
    latitude: str = ""
    longitude: str = ""
    commune: str = ""  # REFNIS
    pmr_accessible: bool = False
    accessibility_note: str = ""


class FieldProblems(InvalidInput):
    """Fields refused, each with its message: the form shows them next to the field."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__(
            _("Some fields are not valid: {problems}").format(
                problems="; ".join(f"{name}: {text}" for name, text in problems.items())
            )
        )


@dataclass(frozen=True)
class Checked:
    """A record whose every field passed, with where its location lies."""

    service: Service
    organization: Organization
    location: Location
    placed: store.Placed


def parse_openings(text: str) -> tuple[WeeklyOpening, ...]:
    """Openings typed one a line (« lundi 09:00-12:00 », « ma 14h-17h30 », « MO 9:00-12:00 »)."""
    openings = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = OPENING.match(line)
        day = DAY_NAMES.get(match.group("day").lower().rstrip(".")) if match else None
        opens = _clock(match.group("opens")) if match else None
        closes = _clock(match.group("closes")) if match else None
        if match is None or day is None or opens is None or closes is None or closes <= opens:
            raise InvalidInput(
                _(
                    "line {line} « {text} »: write a day and two times, e.g. lundi 09:00-12:00"
                ).format(line=number, text=line.strip()[:60])
            )
        openings.append(WeeklyOpening(day, opens, closes))
    return tuple(sorted(set(openings), key=lambda o: (o.weekday, o.opens)))


def _clock(text: str) -> time | None:
    hours, minutes = re.split(r"[:hH]", text, maxsplit=1)
    if not hours.isdigit() or (minutes and not minutes.isdigit()):
        return None
    h, m = int(hours), int(minutes or 0)
    return time(h, m) if h < 24 and m < 60 else None


def openings_text(openings: Iterable[WeeklyOpening]) -> str:
    """Openings as the form shows them, one a line, in French day names."""
    names = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
    return "\n".join(
        f"{names[o.weekday]} {o.opens.strftime('%H:%M')}-{o.closes.strftime('%H:%M')}"
        for o in openings
    )


def in_belgium(latitude: float, longitude: float) -> bool:
    return (
        BELGIUM_LATITUDES[0] <= latitude <= BELGIUM_LATITUDES[1]
        and BELGIUM_LONGITUDES[0] <= longitude <= BELGIUM_LONGITUDES[1]
    )


def check(
    platform: Platform, session: Session, given: RecordFields, ids: tuple[str, str, str]
) -> Checked:
    """Every field checked, every refusal collected under its field's name (nothing is
    half taken); *ids* are those of the service, its organisation and its location."""
    problems: dict[str, str] = {}

    def field(name: str, read: Callable[[], Value], fallback: Value) -> Value:
        try:
            return read()
        except InvalidInput as error:
            problems[name] = str(error)
            return fallback

    known_terms = {t.code for t in terms(platform, session)}
    communes = territory_store.commune_names(session)
    name = field("name", lambda: fields.bounded_text(given.name, _("Name"), NAME_LIMIT, True), "")
    organization = field(
        "organization",
        lambda: fields.bounded_text(given.organization, _("Organisation"), NAME_LIMIT, True),
        "",
    )
    chosen_terms = tuple(dict.fromkeys(t for t in given.terms if t))
    if not chosen_terms:
        problems["terms"] = _("Tick at least one type of service.")
    elif unknown := [t for t in chosen_terms if t not in known_terms]:
        problems["terms"] = _("Unknown service type: {codes}").format(codes=", ".join(unknown))
    status = field(
        "status", lambda: fields.choice(ServiceStatus, given.status), ServiceStatus.ACTIVE
    )
    cost = field("cost", lambda: fields.choice(Cost, given.cost), Cost.UNKNOWN)
    for key, value in (("email", given.email), ("organization_email", given.organization_email)):
        if value.strip() and not EMAIL.match(value.strip()):
            problems[key] = _("An e-mail address such as accueil@example.be.")
    for key, value in (("url", given.url), ("organization_website", given.organization_website)):
        if value.strip() and not is_web_address(value.strip()):
            problems[key] = _("A web address starting with https:// or http://.")
    phones = tuple(p.strip() for p in given.phones.splitlines() if p.strip())
    if len(phones) > 10 or any(not PHONE.match(p) for p in phones):
        problems["phones"] = _("Up to ten phone numbers, one a line, digits and + ( ) . / - only.")
    ages: list[int | None] = [
        field(key, partial(fields.whole, value, label, 0, 120), None)
        for key, value, label in (
            ("minimum_age", given.minimum_age, _("Minimum age")),
            ("maximum_age", given.maximum_age, _("Maximum age")),
        )
    ]
    if ages[0] is not None and ages[1] is not None and ages[0] > ages[1]:
        problems["maximum_age"] = _("The maximum age is below the minimum age.")
    languages = tuple(dict.fromkeys(c.strip().lower() for c in given.languages if c.strip()))
    if any(not LANGUAGE.match(c) for c in languages):
        problems["languages"] = _("Languages as two- or three-letter codes (fr, nl, de…).")
    no_openings: tuple[WeeklyOpening, ...] = ()
    openings = field("openings", partial(parse_openings, given.openings), no_openings)
    number = re.sub(r"[\s.]", "", given.enterprise_number)
    if number and not re.fullmatch(r"[01]\d{9}", number):
        problems["enterprise_number"] = _("Ten digits starting with 0 or 1, e.g. 0123.456.789.")
    postal_code = given.postal_code.strip()
    if postal_code and not re.fullmatch(r"\d{4}", postal_code):
        problems["postal_code"] = _("A Belgian postcode has four digits.")
    placed = _place(platform, session, given, communes, problems)
    texts = {
        key: field(key, partial(fields.bounded_text, value, label, TEXT_LIMIT), "")
        for key, value, label in (
            ("description", given.description, _("Description")),
            ("alternate_name", given.alternate_name, _("Other name")),
            ("eligibility_description", given.eligibility_description, _("Who can use it")),
            ("fees_description", given.fees_description, _("Fees")),
            ("internal_note", given.internal_note, _("Internal note")),
            ("address", given.address, _("Address")),
            ("city", given.city, _("Locality")),
            ("accessibility_note", given.accessibility_note, _("Accessibility")),
        )
    }
    if problems:
        raise FieldProblems(problems)
    service_id, organization_id, location_id = ids
    latitude, longitude = _coordinates(given)
    return Checked(
        Service(
            id=service_id,
            organization_id=organization_id,
            name=name,
            description=texts["description"],
            status=status,
            alternate_name=texts["alternate_name"],
            email=given.email.strip(),
            url=given.url.strip(),
            eligibility_description=texts["eligibility_description"],
            minimum_age=ages[0],
            maximum_age=ages[1],
            fees_description=texts["fees_description"],
            cost=cost,
            languages=languages,
            terms=chosen_terms,
            openings=openings,
            location_ids=(location_id,),
            phones=phones,
            internal_note=texts["internal_note"],
        ),
        Organization(
            id=organization_id,
            name=organization,
            description="",
            email=given.organization_email.strip(),
            website=given.organization_website.strip(),
            enterprise_number=number,
        ),
        Location(
            id=location_id,
            organization_id=organization_id,
            name=name,
            latitude=latitude,
            longitude=longitude,
            address_1=texts["address"],
            postal_code=postal_code,
            city=texts["city"],
            refnis=placed.refnis,
            pmr_accessible=True if given.pmr_accessible else None,
            accessibility_note=texts["accessibility_note"],
        ),
        placed,
    )


def _coordinates(given: RecordFields) -> tuple[float | None, float | None]:
    latitude = fields.decimal(given.latitude, _("Latitude"))
    longitude = fields.decimal(given.longitude, _("Longitude"))
    return latitude, longitude


def _place(
    platform: Platform,
    session: Session,
    given: RecordFields,
    communes: dict[str, str],
    problems: dict[str, str],
) -> store.Placed:
    """Where the location lies: the point typed or clicked (in Belgium, in a commune the
    platform knows), else the centre of the commune picked."""
    commune = given.commune.strip() or None
    if commune is not None and commune not in communes:
        problems["commune"] = _("Unknown commune: {code}").format(code=commune)
        return store.Placed(None, None, None)
    try:
        latitude, longitude = _coordinates(given)
    except InvalidInput as error:
        problems["latitude"] = str(error)
        return store.Placed(None, None, None)
    if (latitude is None) != (longitude is None):
        problems["latitude"] = _("Give both the latitude and the longitude, or neither.")
        return store.Placed(None, None, None)
    found = locator(platform, session)
    if latitude is None or longitude is None:
        if commune is None:
            problems["latitude"] = _(
                "Place the service on the map, type its coordinates or pick its commune."
            )
            return store.Placed(None, None, None)
        centre = found.centroid(commune)
        return store.Placed(centre[0] if centre else None, centre[1] if centre else None, commune)
    if not in_belgium(latitude, longitude):
        problems["latitude"] = _("This point is outside Belgium: check the coordinates.")
        return store.Placed(None, None, None)
    [(x, y)] = project([longitude], [latitude])
    at = found.commune_at(x, y)
    if at is None:
        problems["latitude"] = _(
            "This point falls in no commune of the territory: check the coordinates."
        )
    elif commune is not None and commune != at:
        problems["commune"] = _("The point lies in {found}, not in {chosen}.").format(
            found=communes.get(at, at), chosen=communes.get(commune, commune)
        )
    return store.Placed(x, y, at)
