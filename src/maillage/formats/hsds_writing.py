"""Open Referral HSDS 3.0 JSON written: compiled services (each with its organization,
locations, languages, phones, schedules, terms, areas and costs), the form the API, the
JSON export and the tabular package give.

Nested records without an id of their own get a stable UUID (``sub_id``), so that the
same directory exported twice gives the same ids.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from maillage.domain.directory import (
    PMR_DETAILS,
    TAXONOMY_ID,
    Cost,
    Location,
    Organization,
    Service,
    openings_to_schedules,
)
from maillage.formats.hsds import ENTERPRISE_SCHEME

SUB_IDS = uuid.UUID("9b6a3d2e-7c41-4f0a-b8e5-1d2c3b4a5f60")


def sub_id(*parts: str) -> str:
    """A stable UUID for a nested record that has none of its own (HSDS wants UUIDs)."""
    return str(uuid.uuid5(SUB_IDS, "|".join(parts)))


def term_id(code: str) -> str:
    return sub_id(TAXONOMY_ID, code)


def organization_json(organization: Organization) -> dict[str, Any]:
    record: dict[str, Any] = {
        **organization.extra,
        "id": organization.id,
        "name": organization.name,
        "description": organization.description or organization.name,
    }
    if organization.email:
        record["email"] = organization.email
    if organization.website:
        record["website"] = organization.website
    identifiers = list(organization.extra.get("organization_identifiers") or [])
    if organization.enterprise_number:
        identifiers.append(
            {
                "id": sub_id(organization.id, "bce"),
                "organization_id": organization.id,
                "identifier_scheme": ENTERPRISE_SCHEME,
                "identifier_type": "Numéro d'entreprise (BCE/KBO)",
                "identifier": organization.enterprise_number,
            }
        )
    if identifiers:
        record["organization_identifiers"] = identifiers
    return record


def location_json(location: Location, commune_names: dict[str, str]) -> dict[str, Any]:
    record: dict[str, Any] = {
        **location.extra,
        "id": location.id,
        "location_type": location.extra.get("location_type", "physical"),
    }
    if location.organization_id:
        record["organization_id"] = location.organization_id
    if location.name:
        record["name"] = location.name
    if location.latitude is not None and location.longitude is not None:
        record["latitude"] = location.latitude
        record["longitude"] = location.longitude
    if location.address_1 or location.city:
        record["addresses"] = [
            {
                "id": sub_id(location.id, "address"),
                "location_id": location.id,
                "address_1": location.address_1 or "-",
                "city": location.city or commune_names.get(location.refnis or "", "-"),
                "state_province": "Wallonie",
                "postal_code": location.postal_code or "-",
                "country": location.country or "BE",
                "address_type": "physical",
            },
            *location.extra.get("addresses", []),
        ]
    if location.pmr_accessible:
        record["accessibility"] = [
            {
                "id": sub_id(location.id, "pmr"),
                "location_id": location.id,
                "description": location.accessibility_note
                or "Accessible aux personnes à mobilité réduite (PMR)",
                "details": PMR_DETAILS,
            }
        ]
    return record


def service_json(
    service: Service,
    organization: Organization | None,
    locations: Iterable[Location],
    terms: dict[str, dict[str, str]],
    commune_names: dict[str, str],
) -> dict[str, Any]:
    """A compiled HSDS service: organization, locations, schedules, terms, areas nested."""
    record: dict[str, Any] = {
        **service.extra,
        "id": service.id,
        "name": service.name,
        "status": service.status.value,
    }
    if service.organization_id:
        record["organization_id"] = service.organization_id
    for key in (
        "alternate_name",
        "description",
        "email",
        "url",
        "eligibility_description",
        "fees_description",
    ):
        value = getattr(service, key)
        if value:
            record[key] = value
    for key in ("minimum_age", "maximum_age"):
        if getattr(service, key) is not None:
            record[key] = getattr(service, key)
    if service.last_verified:
        record["assured_date"] = service.last_verified.isoformat()
    if organization is not None:
        record["organization"] = organization_json(organization)
    record["service_at_locations"] = [
        {
            "id": sub_id(service.id, location.id),
            "service_id": service.id,
            "location_id": location.id,
            "location": location_json(location, commune_names),
        }
        for location in locations
    ]
    if service.languages:
        record["languages"] = [
            {"id": sub_id(service.id, "language", code), "service_id": service.id, "code": code}
            for code in service.languages
        ]
    if service.phones and "phones" not in service.extra:
        record["phones"] = [
            {"id": sub_id(service.id, "phone", str(n)), "service_id": service.id, "number": number}
            for n, number in enumerate(service.phones, 1)
        ]
    schedules = openings_to_schedules(service.id, service.openings, sub_id)
    if schedules or service.extra.get("schedules"):
        record["schedules"] = [*schedules, *service.extra.get("schedules", [])]
    attributes = list(service.extra.get("attributes", []))
    for code in service.terms:
        term = terms.get(code, {"name": code, "description": code})
        attributes.append(
            {
                "id": sub_id(service.id, "term", code),
                "link_id": service.id,
                "link_type": "service",
                "link_entity": "service",
                "taxonomy_term_id": term_id(code),
                "taxonomy_term": {
                    "id": term_id(code),
                    "code": code,
                    "name": term["name"],
                    "description": term["description"],
                    "taxonomy": TAXONOMY_ID,
                },
            }
        )
    if attributes:
        record["attributes"] = attributes
    areas = list(service.extra.get("service_areas", []))
    for refnis in service.area_communes:
        areas.append(
            {
                "id": sub_id(service.id, "area", refnis),
                "service_id": service.id,
                "name": commune_names.get(refnis, refnis),
                "extent_type": "other",
                "extent": f"REFNIS {refnis}",
            }
        )
    if areas:
        record["service_areas"] = areas
    if service.cost is Cost.FREE and not service.extra.get("cost_options"):
        record["cost_options"] = [
            {
                "id": sub_id(service.id, "cost"),
                "service_id": service.id,
                "amount": 0,
                "currency": "EUR",
                "option": "gratuit",
            }
        ]
    return record
