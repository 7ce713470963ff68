"""The spreadsheet template: one row per service at one place, French column names.

For people who keep their list in a spreadsheet. Identifiers are derived from the
source and the row's own identifier (or its organisation, service and address), so that
importing the same sheet again updates the records instead of duplicating them.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Collection, Iterable
from datetime import date, time
from typing import Any

from maillage.domain.directory import (
    Cost,
    DirectoryBatch,
    DirectorySource,
    Location,
    Organization,
    Service,
    WeeklyOpening,
    is_web_address,
    search_text,
)
from maillage.domain.numbers import spreadsheet_number
from maillage.domain.territory import REFNIS_PATTERN
from maillage.errors import Problem
from maillage.formats.hsds import MAX_RECORDS, Budget, RecordProblem, Refusals
from maillage.i18n import gettext as _
from maillage.tabular.csv_reader import Row

COLUMNS = (
    "identifiant",
    "organisation",
    "numero_bce",
    "service",
    "description",
    "types",
    "adresse",
    "code_postal",
    "commune",
    "refnis",
    "latitude",
    "longitude",
    "telephone",
    "email",
    "site_web",
    "langues",
    "cout",
    "acces_pmr",
    "horaires",
    "public",
    "zone_desservie",
    "derniere_verification",
    "note_interne",
)
REQUIRED = ("organisation", "service", "types")
NAMESPACE = uuid.UUID("6f0b8a43-5d1c-4f1e-9a34-2c5b9e7d1a10")
DAYS = {"lu": 0, "ma": 1, "me": 2, "je": 3, "ve": 4, "sa": 5, "di": 6}
COSTS = {"gratuit": Cost.FREE, "modique": Cost.LOW, "payant": Cost.PAID, "": Cost.UNKNOWN}
YES_NO = {"oui": True, "non": False, "": None}
LANGUAGES = {
    "fr",
    "nl",
    "de",
    "en",
    "ar",
    "tr",
    "es",
    "it",
    "pt",
    "pl",
    "ro",
    "ru",
    "uk",
    "sq",
    "fa",
    "ps",
    "so",
    "ti",
    "lsfb",
}


def stable_id(source: str, *parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "|".join([source, *(p.strip().lower() for p in parts)])))


def parse_hours(text: str) -> tuple[WeeklyOpening, ...]:
    """« lu-ve 09:00-17:00; sa 09:00-12:00 » → openings (raises ValueError when unreadable)."""
    openings: list[WeeklyOpening] = []
    for chunk in filter(None, (c.strip() for c in text.split(";"))):
        match = re.fullmatch(
            r"([a-z]{2})(?:-([a-z]{2}))?\s+(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})", chunk.lower()
        )
        if (
            not match
            or match.group(1) not in DAYS
            or (match.group(2) and match.group(2) not in DAYS)
        ):
            raise ValueError(chunk)
        first = DAYS[match.group(1)]
        last = DAYS[match.group(2)] if match.group(2) else first
        opens = time(int(match.group(3)), int(match.group(4)))
        closes = time(int(match.group(5)), int(match.group(6)))
        if closes <= opens or last < first:
            raise ValueError(chunk)
        openings.extend(WeeklyOpening(day, opens, closes) for day in range(first, last + 1))
    return tuple(openings)


def read(
    rows: Iterable[Row],
    file: str,
    source: DirectorySource,
    terms: Collection[str],
    communes: dict[str, str],
    refusals: Refusals,
    budget: Budget | None = None,
) -> DirectoryBatch:
    """Rows to records; *terms* are the known taxonomy codes, *communes* REFNIS → name.

    Invalid rows, and rows naming a service already given (same ``identifiant``, or same
    organisation, service and address), go to *refusals*; nothing more is kept once the
    file is refused.
    """
    batch = DirectoryBatch(source)
    by_name = {_plain(name): code for code, name in communes.items()}
    seen_orgs: set[str] = set()
    seen_locations: set[str] = set()
    first_line: dict[str, int] = {}  # service id -> line that gave it
    for row in rows:
        faults = _Faults(file, row.line)
        fail = faults.add
        v = {column: row.values.get(column, "").strip() for column in COLUMNS}
        for column in REQUIRED:
            if not v[column]:
                fail(column, "", _("a value is required"))
        codes = [c.strip() for c in v["types"].split("|") if c.strip()]
        for code in codes:
            if code not in terms:
                fail("types", code, _("unknown service type (see the taxonomy)"))
        latitude = longitude = None
        if v["latitude"] or v["longitude"]:
            try:
                latitude = spreadsheet_number(v["latitude"])
                longitude = spreadsheet_number(v["longitude"])
            except ValueError:
                fail(
                    "latitude",
                    f"{v['latitude']} {v['longitude']}",
                    _("expected decimal coordinates (e.g. 50.4669 and 4.8675)"),
                )
            else:
                if not (49.3 <= latitude <= 51.6 and 2.4 <= longitude <= 6.5):
                    fail("latitude", f"{latitude} {longitude}", _("coordinates outside Belgium"))
        refnis = v["refnis"] or by_name.get(_plain(v["commune"]), "")
        if v["refnis"] and v["refnis"] not in communes:
            fail("refnis", v["refnis"], _("unknown REFNIS code (expected a Walloon commune)"))
        elif v["commune"] and not refnis:
            fail("commune", v["commune"], _("unknown Walloon commune"))
        if latitude is None and not refnis:
            fail("latitude", "", _("give coordinates or a commune"))
        enterprise = re.sub(r"\D", "", v["numero_bce"])
        if v["numero_bce"] and not re.fullmatch(r"[01]\d{9}", enterprise):
            fail(
                "numero_bce",
                v["numero_bce"],
                _("a BCE/KBO number has 10 digits starting with 0 or 1"),
            )
        languages = [c.strip().lower() for c in v["langues"].split("|") if c.strip()]
        for code in languages:
            if code not in LANGUAGES:
                fail("langues", code, _("expected language codes such as fr, nl, de"))
        if v["cout"].lower() not in COSTS:
            fail("cout", v["cout"], _("expected gratuit, modique or payant"))
        if v["acces_pmr"].lower() not in YES_NO:
            fail("acces_pmr", v["acces_pmr"], _("expected oui or non"))
        openings: tuple[WeeklyOpening, ...] = ()
        try:
            openings = parse_hours(v["horaires"])
        except ValueError as error:
            fail("horaires", str(error), _("expected e.g. “lu-ve 09:00-17:00; sa 09:00-12:00”"))
        areas = [c.strip() for c in v["zone_desservie"].split("|") if c.strip()]
        for code in areas:
            if not REFNIS_PATTERN.match(code) or code not in communes:
                fail("zone_desservie", code, _("expected REFNIS codes of Walloon communes"))
        if v["site_web"] and not is_web_address(v["site_web"]):
            fail(
                "site_web",
                v["site_web"],
                _("expected a web address starting with http:// or https://"),
            )
        key = v["identifiant"] or f"{v['organisation']}|{v['service']}|{v['adresse']}"
        service_id = stable_id(source.key, "svc", key)
        if service_id in first_line:
            fail(
                "identifiant" if v["identifiant"] else "service",
                v["identifiant"] or v["service"],
                _("this service is already on line {line} (same identifiant)").format(
                    line=first_line[service_id]
                )
                if v["identifiant"]
                else _(
                    "this service is already on line {line} (same organisation, service and "
                    "address)"
                ).format(line=first_line[service_id]),
            )
        verified = None
        if v["derniere_verification"]:
            try:
                verified = date.fromisoformat(v["derniere_verification"])
            except ValueError:
                fail(
                    "derniere_verification",
                    v["derniere_verification"],
                    _("expected a date YYYY-MM-DD"),
                )
        if faults.problems:
            refusals.add(RecordProblem(row.line, v["identifiant"], faults.problems))
            continue
        if len(first_line) < MAX_RECORDS:  # bounded, even when nothing more is kept
            first_line[service_id] = row.line
        if refusals.file_refused or (
            budget is not None
            and not budget.take(row.line, sum(len(value) for value in v.values()))
        ):
            continue
        organization_id = stable_id(source.key, "org", enterprise or v["organisation"])
        location_id = stable_id(
            source.key, "loc", v["adresse"], v["code_postal"], refnis, f"{latitude}", f"{longitude}"
        )
        if organization_id not in seen_orgs:
            seen_orgs.add(organization_id)
            batch.organizations.append(
                Organization(
                    id=organization_id,
                    name=v["organisation"],
                    description=v["organisation"],
                    website=v["site_web"],
                    enterprise_number=enterprise,
                )
            )
        if location_id not in seen_locations:
            seen_locations.add(location_id)
            batch.locations.append(
                Location(
                    id=location_id,
                    organization_id=organization_id,
                    name=v["organisation"],
                    latitude=latitude,
                    longitude=longitude,
                    address_1=v["adresse"],
                    postal_code=v["code_postal"],
                    city=v["commune"] or communes.get(refnis, ""),
                    refnis=refnis or None,
                    pmr_accessible=YES_NO[v["acces_pmr"].lower()],
                )
            )
        extra: dict[str, Any] = {}
        batch.services.append(
            Service(
                id=service_id,
                organization_id=organization_id,
                name=v["service"],
                description=v["description"],
                email=v["email"],
                url=v["site_web"],
                eligibility_description=v["public"],
                cost=COSTS[v["cout"].lower()],
                languages=tuple(sorted(set(languages))),
                terms=tuple(sorted(set(codes))),
                area_communes=tuple(sorted(set(areas))),
                openings=openings,
                location_ids=(location_id,),
                phones=(v["telephone"],) if v["telephone"] else (),
                last_verified=verified,
                internal_note=v["note_interne"],
                extra=extra,
            )
        )
    return batch


class _Faults:
    def __init__(self, file: str, line: int) -> None:
        self.file, self.line = file, line
        self.problems: list[Problem] = []

    def add(self, column: str, value: str, expected: str) -> None:
        self.problems.append(Problem(self.file, self.line, column, value, expected))


def _plain(name: str) -> str:
    return search_text(re.sub(r"\s*\(.*\)$", "", name))
