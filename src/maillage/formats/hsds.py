"""Open Referral HSDS 3.0 JSON: compiled services, organizations, service-at-locations.

Validation uses the official JSON Schemas shipped in ``hsds_schema/`` (CC BY-SA 4.0,
Open Referral). Reading accepts one object, a list, or an API page (``contents``) of
organizations, services and service_at_locations; writing compiled services is
``formats.hsds_writing``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from maillage.domain.directory import (
    PMR_DETAILS,
    TAXONOMY_ID,
    DirectoryBatch,
    DirectorySource,
    Location,
    Organization,
    Service,
    ServiceStatus,
    cost_from,
    is_web_address,
    parse_openings,
)
from maillage.errors import Problem, ProblemList
from maillage.i18n import format_integer
from maillage.i18n import gettext as _

SCHEMA_DIR = Path(__file__).parent / "hsds_schema"
ENTERPRISE_SCHEME = "BE-BCE_KBO"
REFNIS_EXTENT = re.compile(r"REFNIS (\d{5})")
PMR_WORDS = re.compile(r"pmr|fauteuil|wheelchair|rolstoel|rollstuhl|mobilit[ée] r[ée]duite", re.I)

# Fields read into typed attributes; everything else travels in ``extra``.
_SERVICE_FIELDS = {
    "id",
    "organization_id",
    "name",
    "alternate_name",
    "description",
    "url",
    "email",
    "status",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "fees_description",
    "assured_date",
    "languages",
    "schedules",
    "service_areas",
    "service_at_locations",
    "organization",
    "cost_options",
    "attributes",
    "phones",
}
_ORGANIZATION_FIELDS = {
    "id",
    "name",
    "description",
    "email",
    "website",
    "locations",
    "organization_identifiers",
}
_LOCATION_FIELDS = {
    "id",
    "organization_id",
    "name",
    "latitude",
    "longitude",
    "addresses",
    "accessibility",
}


@cache
def _registry() -> Registry:
    resources = [
        (
            path.name,
            Resource.from_contents(
                json.loads(path.read_text(encoding="utf-8")), default_specification=DRAFT202012
            ),
        )
        for path in SCHEMA_DIR.glob("*.json")
    ]
    return Registry().with_resources(resources)


@cache
def validator(entity: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        {"$ref": f"{entity}.json"}, registry=_registry(), format_checker=jsonschema.FormatChecker()
    )


@dataclass(frozen=True)
class SchemaError:
    path: str
    value: str
    message: str


def schema_errors(entity: str, record: Any) -> list[SchemaError]:
    errors = []
    for error in sorted(validator(entity).iter_errors(record), key=lambda e: list(e.path)):
        path = ".".join(str(p) for p in error.absolute_path) or "(record)"
        value = json.dumps(error.instance, ensure_ascii=False)
        errors.append(SchemaError(path, value[:80], error.message[:200]))
    return errors


def entity_of(record: dict[str, Any]) -> str:
    """Which HSDS entity an object is: a service has a status, a service_at_location links."""
    if "status" in record or "service_at_locations" in record:
        return "service"
    if "location" in record or ("service_id" in record and "location_id" in record):
        return "service_at_location"
    return "organization"


def records(data: Any) -> Iterator[dict[str, Any]]:
    """The objects of an HSDS JSON document: one object, a list, or a page of contents."""
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        data = data["contents"]
    yield from (data if isinstance(data, list) else [data])


@dataclass
class RecordProblem:
    """A record refused, with every fault found in it."""

    index: int
    record_id: str
    problems: list[Problem]


class Refusals:
    """Records refused while a directory file is read.

    By default (all or nothing) their faults go to the file's *problems*, which refuse the
    whole file. With a *sink* (``--skip-invalid``) each refused record is handed to it as
    it is found (to the rejects file) and the file is still taken. Faults of the file
    itself (unreadable, too big) always go to *problems*.
    """

    def __init__(
        self, problems: ProblemList, sink: Callable[[RecordProblem], None] | None = None
    ) -> None:
        self.problems = problems
        self.sink = sink
        self.count = 0

    def add(self, record: RecordProblem) -> None:
        self.count += 1
        if self.sink is None:
            self.problems.extend(record.problems)
        else:
            self.sink(record)

    @property
    def file_refused(self) -> bool:
        """Whether the file will be refused: records read from now on need not be kept."""
        return bool(self.problems)


class Budget:
    """How much of one directory file is kept in memory until it is written.

    A file is checked whole before anything is stored, so the records taken are held
    meanwhile; past *records* records or *chars* characters of them, the file is refused
    with a located fault asking to split it, and what follows is only checked.
    """

    def __init__(self, problems: ProblemList, file: str, records: int, chars: int) -> None:
        self.problems, self.file = problems, file
        self.records_left, self.chars_left = records, chars
        self.limits = (records, chars)
        self.exceeded = False

    def take(self, line: int | None, chars: int) -> bool:
        """Count one record of *chars* characters; False (and one located fault, the first
        time) when over the budget."""
        self.records_left -= 1
        self.chars_left -= chars
        within = self.records_left >= 0 and self.chars_left >= 0
        if not within and not self.exceeded:
            self.exceeded = True
            self.problems.add(
                Problem(
                    self.file,
                    line,
                    None,
                    None,
                    _(
                        "more than {records} records or {chars} characters in one file: split the "
                        "file"
                    ).format(
                        records=format_integer(self.limits[0]), chars=format_integer(self.limits[1])
                    ),
                )
            )
        return within


MAX_RECORDS = 200_000  # far above the whole Walloon offer; ~1 kB of memory each
MAX_CHARS = 100_000_000


def read(
    data: Any, file: str, source: DirectorySource
) -> tuple[DirectoryBatch, list[RecordProblem]]:
    """Parse an HSDS JSON document; invalid records are reported, valid ones returned."""
    refused: list[RecordProblem] = []
    problems = ProblemList()
    batch = read_records(
        enumerate(records(data), start=1), file, source, Refusals(problems, refused.append)
    )
    problems.raise_if_any()
    return batch, refused


def read_records(
    located: Iterable[tuple[int, Any]],
    file: str,
    source: DirectorySource,
    refusals: Refusals,
    budget: Budget | None = None,
) -> DirectoryBatch:
    """HSDS records, each with its line (or its number), into a batch; invalid records and
    ids already given go to *refusals*. Nothing more is kept once the file is refused."""
    batch = DirectoryBatch(source)
    pending_links: list[tuple[str, str]] = []
    first_of: dict[tuple[str, str], int] = {}  # (entity, id) of services, organizations
    for index, (line, record) in enumerate(located, start=1):
        if not isinstance(record, dict):
            refusals.add(
                RecordProblem(
                    index,
                    "",
                    [Problem(file, line, None, str(record)[:80], _("expected an object"))],
                )
            )
            continue
        entity = entity_of(record)
        record_id = str(record.get("id", ""))
        problems = [
            Problem(file, line, f"{entity}.{e.path}", e.value, e.message)
            for e in schema_errors(entity, record)
        ]
        problems += _semantic_problems(entity, record, file, line)
        key = (entity, record_id)
        if entity != "service_at_location" and key in first_of:
            problems.append(
                Problem(
                    file,
                    line,
                    f"{entity}.id",
                    record_id,
                    _("this id is already given on line {line}").format(line=first_of[key]),
                )
            )
        if problems:
            refusals.add(RecordProblem(index, record_id, problems))
            continue
        if entity != "service_at_location" and len(first_of) < MAX_RECORDS:
            first_of[key] = line
        if refusals.file_refused or (
            budget is not None
            and not budget.take(line, len(json.dumps(record, ensure_ascii=False)))
        ):
            continue
        if entity == "service":
            organization, locations, service = _read_service(record)
            if organization:
                batch.organizations.append(organization)
            batch.locations.extend(locations)
            batch.services.append(service)
        elif entity == "organization":
            organization = _read_organization(record)
            batch.organizations.append(organization)
            batch.locations.extend(
                _read_location(loc, organization.id) for loc in record.get("locations") or []
            )
        else:
            location = record.get("location")
            if isinstance(location, dict):
                batch.locations.append(_read_location(location, None))
            pending_links.append(
                (
                    str(record.get("service_id")),
                    str(record.get("location_id") or (location or {}).get("id")),
                )
            )
    _apply_links(batch, pending_links)
    return batch


def _semantic_problems(entity: str, record: dict[str, Any], file: str, index: int) -> list[Problem]:
    problems = []
    locations = []
    if entity == "service":
        locations = [
            sal["location"]
            for sal in _dicts(record.get("service_at_locations"))
            if isinstance(sal.get("location"), dict)
        ]
    elif entity == "organization":
        locations = _dicts(record.get("locations"))
    elif isinstance(record.get("location"), dict):
        locations = [record["location"]]
    for location in locations:
        lat, lon = (
            value
            if isinstance(value, int | float) and not isinstance(value, bool)
            else None  # any other type is a schema error already
            for value in (location.get("latitude"), location.get("longitude"))
        )
        if lat is not None and not 49.3 <= float(lat) <= 51.6:
            problems.append(
                Problem(
                    file,
                    index,
                    f"{entity}.location.latitude",
                    str(lat),
                    _("latitude outside Belgium (49.3 to 51.6)"),
                )
            )
        if lon is not None and not 2.4 <= float(lon) <= 6.5:
            problems.append(
                Problem(
                    file,
                    index,
                    f"{entity}.location.longitude",
                    str(lon),
                    _("longitude outside Belgium (2.4 to 6.5)"),
                )
            )
    sites = [("organization.website", record.get("website"))] if entity == "organization" else []
    if entity == "service":
        sites.append(("service.url", record.get("url")))
        nested = record.get("organization")
        if isinstance(nested, dict):
            sites.append(("service.organization.website", nested.get("website")))
    for name, site in sites:
        if site not in (None, "") and not (isinstance(site, str) and is_web_address(site)):
            problems.append(
                Problem(
                    file,
                    index,
                    name,
                    str(site),
                    _("expected a web address starting with http:// or https://"),
                )
            )
    if entity == "organization":
        for identifier in _dicts(record.get("organization_identifiers")):
            if identifier.get("identifier_scheme") == ENTERPRISE_SCHEME and not re.fullmatch(
                r"[01]\d{9}", re.sub(r"\D", "", str(identifier.get("identifier")))
            ):
                problems.append(
                    Problem(
                        file,
                        index,
                        "organization.organization_identifiers",
                        str(identifier.get("identifier")),
                        _("a BCE/KBO number has 10 digits starting with 0 or 1"),
                    )
                )
    return problems


def _dicts(value: Any) -> list[dict[str, Any]]:
    """The objects of a list (the schema reports anything else)."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _rest(record: dict[str, Any], known: set[str]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in known}


def _read_organization(record: dict[str, Any]) -> Organization:
    enterprise = ""
    for identifier in record.get("organization_identifiers") or []:
        if identifier.get("identifier_scheme") == ENTERPRISE_SCHEME:
            enterprise = re.sub(r"\D", "", str(identifier.get("identifier")))
    others = [
        i
        for i in record.get("organization_identifiers") or []
        if i.get("identifier_scheme") != ENTERPRISE_SCHEME
    ]
    extra = _rest(record, _ORGANIZATION_FIELDS)
    if others:
        extra["organization_identifiers"] = others
    return Organization(
        id=str(record["id"]),
        name=str(record["name"]),
        description=str(record.get("description") or ""),
        email=str(record.get("email") or ""),
        website=str(record.get("website") or ""),
        enterprise_number=enterprise,
        extra=extra,
    )


def _read_location(record: dict[str, Any], organization_id: str | None) -> Location:
    address: dict[str, Any] = next(iter(record.get("addresses") or []), {})
    accessibility = record.get("accessibility") or []
    pmr: bool | None = None
    notes = []
    for item in accessibility:
        text = f"{item.get('description') or ''} {item.get('details') or ''}"
        if item.get("details") == PMR_DETAILS or PMR_WORDS.search(text):
            pmr = True
        if item.get("description"):
            notes.append(str(item["description"]))
    lat, lon = record.get("latitude"), record.get("longitude")
    extra = _rest(record, _LOCATION_FIELDS)
    if len(record.get("addresses") or []) > 1:
        extra["addresses"] = record["addresses"][1:]
    return Location(
        id=str(record["id"]),
        organization_id=record.get("organization_id") or organization_id,
        name=str(record.get("name") or ""),
        latitude=float(lat) if lat is not None else None,
        longitude=float(lon) if lon is not None else None,
        address_1=str(address.get("address_1") or ""),
        postal_code=str(address.get("postal_code") or ""),
        city=str(address.get("city") or ""),
        country=str(address.get("country") or "BE"),
        pmr_accessible=pmr,
        accessibility_note="; ".join(notes),
        extra=extra,
    )


def _read_service(record: dict[str, Any]) -> tuple[Organization | None, list[Location], Service]:
    organization = None
    nested = record.get("organization")
    if isinstance(nested, dict) and nested.get("id"):
        organization = _read_organization(nested)
    organization_id = record.get("organization_id") or (organization.id if organization else None)
    locations = [
        _read_location(sal["location"], organization_id)
        for sal in record.get("service_at_locations") or []
        if isinstance(sal.get("location"), dict)
    ]
    location_ids = [
        str(sal.get("location_id") or (sal.get("location") or {}).get("id"))
        for sal in record.get("service_at_locations") or []
    ]
    terms, other_attributes = [], []
    for attribute in record.get("attributes") or []:
        term = attribute.get("taxonomy_term") or {}
        if term.get("taxonomy") == TAXONOMY_ID and term.get("code"):
            terms.append(str(term["code"]))
        else:
            other_attributes.append(attribute)
    areas, other_areas = [], []
    for area in record.get("service_areas") or []:
        match = REFNIS_EXTENT.search(str(area.get("extent") or ""))
        if match:
            areas.append(match.group(1))
        else:
            other_areas.append(area)
    amounts = [
        float(c["amount"]) for c in record.get("cost_options") or [] if c.get("amount") is not None
    ]
    assured = record.get("assured_date")
    extra = _rest(record, _SERVICE_FIELDS)
    for key, value in (
        ("attributes", other_attributes),
        ("service_areas", other_areas),
        ("cost_options", record.get("cost_options")),
    ):
        if value:
            extra[key] = value
    schedules = record.get("schedules") or []
    openings = parse_openings(schedules)
    unparsed = [s for s in schedules if not parse_openings([s])]
    if unparsed:
        extra["schedules"] = unparsed
    service = Service(
        id=str(record["id"]),
        organization_id=organization_id,
        name=str(record["name"]),
        description=str(record.get("description") or ""),
        status=ServiceStatus(record.get("status", "active")),
        alternate_name=str(record.get("alternate_name") or ""),
        email=str(record.get("email") or ""),
        url=str(record.get("url") or ""),
        eligibility_description=str(record.get("eligibility_description") or ""),
        minimum_age=record.get("minimum_age"),
        maximum_age=record.get("maximum_age"),
        fees_description=str(record.get("fees_description") or ""),
        cost=cost_from(str(record.get("fees_description") or ""), amounts),
        languages=tuple(
            sorted(
                {
                    str(lang.get("code") or lang.get("name") or "").lower()
                    for lang in record.get("languages") or []
                }
                - {""}
            )
        ),
        terms=tuple(sorted(set(terms))),
        area_communes=tuple(sorted(set(areas))),
        openings=openings,
        location_ids=tuple(location_ids),
        phones=tuple(str(p.get("number")) for p in record.get("phones") or [] if p.get("number")),
        last_verified=date.fromisoformat(assured[:10])
        if isinstance(assured, str) and re.match(r"\d{4}-\d{2}-\d{2}", assured)
        else None,
        extra=extra,
    )
    return organization, locations, service


def _apply_links(batch: DirectoryBatch, links: list[tuple[str, str]]) -> None:
    if not links:
        return
    by_id = {s.id: s for s in batch.services}
    for service_id, location_id in links:
        service = by_id.get(service_id)
        if service is not None and location_id not in service.location_ids:
            by_id[service_id] = replace(service, location_ids=(*service.location_ids, location_id))
    batch.services = list(by_id.values())
