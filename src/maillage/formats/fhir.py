"""FHIR R4 export of the directory: Organization, Location and HealthcareService resources.

Care software and regional health directories read FHIR rather than HSDS; the bundle is
built from the same compiled HSDS services as the HSDS export so that both say the same.
References are ``urn:uuid:`` full URLs, resolved inside the bundle, as a collection needs.
"""

from __future__ import annotations

import csv
import re
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, time
from functools import cache
from typing import Any

from maillage.domain.directory import TAXONOMY_ID, parse_openings
from maillage.formats.hsds import ENTERPRISE_SCHEME
from maillage.reference.sources import DATA_DIR

KBO_SYSTEM = "https://kbopub.economie.fgov.be"
TAXONOMY_SYSTEM = "https://maillage.be/taxonomy/first-line-be"
LANGUAGE_SYSTEM = "urn:ietf:bcp:47"
FHIR_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# For ids that are not UUIDs (HSDS wants UUIDs, but a reference must stay one anyway).
_IDS = uuid.UUID("5f0b7c1e-2d4a-4e8b-9a61-3c7d2e1f0a94")
_PLACEHOLDER = "-"  # what hsds_writing.location_json writes for an unknown address part


@cache
def sectors() -> frozenset[str]:
    """Taxonomy codes that name a sector: a FHIR category, where other terms are types."""
    with (DATA_DIR / "taxonomy_first_line_be.csv").open(encoding="utf-8") as handle:
        return frozenset(row["code"] for row in csv.DictReader(handle) if row["kind"] == "sector")


def uid(value: Any) -> str:
    """The UUID a record is known by in the bundle: its own id when that is a UUID."""
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return str(uuid.uuid5(_IDS, str(value)))


def reference(record_id: Any) -> str:
    return f"urn:uuid:{uid(record_id)}"


def bundle(services: Iterable[dict[str, Any]], timestamp: datetime | None = None) -> dict[str, Any]:
    """A FHIR R4 collection Bundle of compiled HSDS services, their organizations and
    locations (each once)."""
    services = list(services)
    organizations: dict[str, dict[str, Any]] = {}
    for service in services:
        nested = service.get("organization")
        if isinstance(nested, dict) and nested.get("id"):
            organizations.setdefault(uid(nested["id"]), organization(nested))
    locations: dict[str, dict[str, Any]] = {}
    healthcare = []
    for service in services:
        owner = service.get("organization_id") or (service.get("organization") or {}).get("id")
        for link in service.get("service_at_locations") or []:
            place = link.get("location")
            if isinstance(place, dict) and place.get("id"):
                managed_by = place.get("organization_id") or owner
                locations.setdefault(
                    uid(place["id"]),
                    location(
                        place,
                        managed_by if managed_by and uid(managed_by) in organizations else None,
                    ),
                )
        healthcare.append(
            healthcare_service(
                service,
                owner if owner and uid(owner) in organizations else None,
                [i for i in _location_ids(service) if uid(i) in locations],
            )
        )
    resources = [*organizations.values(), *locations.values(), *healthcare]
    moment = (timestamp or datetime.now(UTC)).replace(microsecond=0)
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": moment.isoformat(),
        "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources],
    }


def _location_ids(service: dict[str, Any]) -> list[str]:
    ids = [
        str(link.get("location_id") or (link.get("location") or {}).get("id") or "")
        for link in service.get("service_at_locations") or []
    ]
    return list(dict.fromkeys(i for i in ids if i))


def _telecom(system: str, value: Any) -> dict[str, str]:
    return {"system": system, "value": str(value), "use": "work"}


def _telecoms(record: dict[str, Any], web_field: str) -> list[dict[str, str]]:
    """Phones, e-mail and web address of an HSDS organisation or service."""
    found = [_telecom("phone", p["number"]) for p in record.get("phones") or [] if p.get("number")]
    if record.get("email"):
        found.append(_telecom("email", record["email"]))
    if record.get(web_field):
        found.append(_telecom("url", record[web_field]))
    return found


def organization(record: dict[str, Any]) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Organization",
        "id": uid(record["id"]),
        "active": True,
    }
    identifiers = []
    for identifier in record.get("organization_identifiers") or []:
        value = str(identifier.get("identifier") or "")
        if not value:
            continue
        if identifier.get("identifier_scheme") == ENTERPRISE_SCHEME:
            identifiers.append(
                {"use": "official", "system": KBO_SYSTEM, "value": re.sub(r"\D", "", value)}
            )
        else:
            entry: dict[str, Any] = {"value": value}
            if identifier.get("identifier_type"):
                entry["type"] = {"text": str(identifier["identifier_type"])}
            identifiers.append(entry)
    if identifiers:
        resource["identifier"] = identifiers
    resource["name"] = str(record.get("name") or "")
    if record.get("alternate_name"):
        resource["alias"] = [str(record["alternate_name"])]
    telecom = _telecoms(record, "website")
    if telecom:
        resource["telecom"] = telecom
    return resource


def _known(value: Any) -> str:
    text = str(value or "").strip()
    return "" if text == _PLACEHOLDER else text


def location(record: dict[str, Any], managing_organization: str | None) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Location",
        "id": uid(record["id"]),
        "status": "active",
    }
    if record.get("name"):
        resource["name"] = str(record["name"])
    if record.get("description"):
        resource["description"] = str(record["description"])
    resource["mode"] = "instance"
    address = next(iter(record.get("addresses") or []), None)
    if isinstance(address, dict):
        fhir_address: dict[str, Any] = {"use": "work", "type": "physical"}
        lines = [_known(address.get(k)) for k in ("address_1", "address_2")]
        if any(lines):
            fhir_address["line"] = [line for line in lines if line]
        for ours, theirs in (
            ("city", "city"),
            ("postal_code", "postalCode"),
            ("country", "country"),
        ):
            if _known(address.get(ours)):
                fhir_address[theirs] = _known(address.get(ours))
        if len(fhir_address) > 2:
            resource["address"] = fhir_address
    if record.get("latitude") is not None and record.get("longitude") is not None:
        resource["position"] = {
            "longitude": float(record["longitude"]),
            "latitude": float(record["latitude"]),
        }
    if managing_organization:
        resource["managingOrganization"] = {"reference": reference(managing_organization)}
    return resource


def _concept(term: dict[str, Any]) -> dict[str, Any] | None:
    name = str(term.get("name") or term.get("code") or "")
    if term.get("taxonomy") == TAXONOMY_ID and term.get("code"):
        return {
            "coding": [{"system": TAXONOMY_SYSTEM, "code": str(term["code"]), "display": name}],
            "text": name,
        }
    return {"text": name} if name else None  # another taxonomy: its words, not its codes


def _available_time(schedules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[tuple[time, time], list[int]] = {}
    for opening in parse_openings(schedules):
        groups.setdefault((opening.opens, opening.closes), []).append(opening.weekday)
    return [
        {
            "daysOfWeek": [FHIR_DAYS[d] for d in sorted(set(days))],
            "availableStartTime": opens.strftime("%H:%M:%S"),
            "availableEndTime": closes.strftime("%H:%M:%S"),
        }
        for (opens, closes), days in sorted(groups.items())
    ]


def healthcare_service(
    record: dict[str, Any], provided_by: str | None, location_ids: list[str]
) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "HealthcareService",
        "id": uid(record["id"]),
        "active": record.get("status", "active") == "active",
    }
    if provided_by:
        resource["providedBy"] = {"reference": reference(provided_by)}
    categories: list[dict[str, Any]] = []
    types: list[dict[str, Any]] = []
    for attribute in record.get("attributes") or []:
        term = attribute.get("taxonomy_term")
        concept = _concept(term) if isinstance(term, dict) else None
        if concept is None:
            continue
        is_sector = term.get("taxonomy") == TAXONOMY_ID and term.get("code") in sectors()
        (categories if is_sector else types).append(concept)
    if categories:
        resource["category"] = categories
    if types:
        resource["type"] = types
    if location_ids:
        resource["location"] = [{"reference": reference(i)} for i in location_ids]
    resource["name"] = str(record.get("name") or "")
    if record.get("description"):
        resource["comment"] = str(record["description"])
    if record.get("fees_description"):
        resource["extraDetails"] = str(record["fees_description"])
    telecom = _telecoms(record, "url")
    if telecom:
        resource["telecom"] = telecom
    if record.get("eligibility_description"):
        resource["eligibility"] = [{"comment": str(record["eligibility_description"])}]
    languages = dict.fromkeys(
        str(lang.get("code") or "").strip().lower() for lang in record.get("languages") or []
    )
    communication = [
        {"coding": [{"system": LANGUAGE_SYSTEM, "code": code}]} for code in languages if code
    ]
    if communication:
        resource["communication"] = communication
    available = _available_time(record.get("schedules") or [])
    if available:
        resource["availableTime"] = available
    return resource
