"""FHIR R4 export: a collection Bundle that FHIR models accept and whose links resolve."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from maillage.formats import fhir
from tests.formats.test_hsds_tabular import (
    CENTRE_ID,
    GP_ID,
    JAMBES_ID,
    ORG_ID,
    PHYSIO_ID,
    compiled_services,
)

MOMENT = datetime(2026, 7, 1, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return fhir.bundle(compiled_services(), timestamp=MOMENT)


def resources(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["resource"]["id"]: e["resource"] for e in document["entry"]}


def references(value: Any) -> list[str]:
    if isinstance(value, dict):
        found = [value["reference"]] if isinstance(value.get("reference"), str) else []
        return found + [r for v in value.values() for r in references(v)]
    if isinstance(value, list):
        return [r for v in value for r in references(v)]
    return []


def test_the_bundle_is_valid_fhir(document):
    # R4B models: Organization, Location and HealthcareService are unchanged from R4.
    parsed = Bundle.model_validate(document)
    assert parsed.type == "collection"
    assert [e.resource.get_resource_type() for e in parsed.entry] == [
        "Organization",
        "Location",
        "Location",
        "HealthcareService",
        "HealthcareService",
    ]
    assert document["timestamp"] == "2026-07-01T09:30:00+00:00"


def test_references_resolve_inside_the_bundle(document):
    full_urls = [e["fullUrl"] for e in document["entry"]]
    assert len(set(full_urls)) == len(full_urls)
    assert all(
        u == f"urn:uuid:{e['resource']['id']}"
        for u, e in zip(full_urls, document["entry"], strict=True)
    )
    links = references(document)
    assert links and set(links) <= set(full_urls)


def test_organization(document):
    organization = resources(document)[ORG_ID]
    assert organization["identifier"] == [
        {"use": "official", "system": fhir.KBO_SYSTEM, "value": "0412345678"}
    ]
    assert organization["name"] == "Maison médicale des Tilleuls"
    assert {(t["system"], t["value"]) for t in organization["telecom"]} == {
        ("email", "accueil@tilleuls.example.be"),
        ("url", "https://tilleuls.example.be"),
    }


def test_locations(document):
    centre, jambes = resources(document)[CENTRE_ID], resources(document)[JAMBES_ID]
    assert centre["status"] == "active" and centre["name"] == "Site du centre"
    assert centre["position"] == {"longitude": 4.8675, "latitude": 50.4669}
    assert centre["address"] == {
        "use": "work",
        "type": "physical",
        "line": ["Rue de Fer 12"],
        "city": "Namur",
        "postalCode": "5000",
        "country": "BE",
    }
    assert jambes["managingOrganization"] == {"reference": f"urn:uuid:{ORG_ID}"}


def test_healthcare_services(document):
    gp, physio = resources(document)[GP_ID], resources(document)[PHYSIO_ID]
    assert gp["active"] is True and gp["name"] == "Consultations de médecine générale"
    assert gp["providedBy"] == {"reference": f"urn:uuid:{ORG_ID}"}
    assert gp["location"] == [
        {"reference": f"urn:uuid:{CENTRE_ID}"},
        {"reference": f"urn:uuid:{JAMBES_ID}"},
    ]
    assert gp["comment"].startswith("Sans rendez-vous")
    assert gp["category"] == [
        {
            "coding": [
                {
                    "system": fhir.TAXONOMY_SYSTEM,
                    "code": "sante",
                    "display": "Santé (soins de première ligne)",
                }
            ],
            "text": "Santé (soins de première ligne)",
        }
    ]
    assert [c["coding"][0]["code"] for c in gp["type"]] == ["maison-medicale"]
    assert gp["communication"] == [
        {"coding": [{"system": "urn:ietf:bcp:47", "code": "fr"}]},
        {"coding": [{"system": "urn:ietf:bcp:47", "code": "nl"}]},
    ]
    assert gp["availableTime"] == [
        {
            "daysOfWeek": ["mon", "tue", "wed", "thu", "fri"],
            "availableStartTime": "08:00:00",
            "availableEndTime": "12:00:00",
        },
        {"daysOfWeek": ["wed"], "availableStartTime": "14:00:00", "availableEndTime": "18:30:00"},
    ]
    assert gp["eligibility"] == [{"comment": "Patients inscrits au forfait"}]
    assert {(t["system"], t["value"]) for t in gp["telecom"]} == {
        ("phone", "+32 81 22 33 44"),
        ("phone", "+32 470 00 00 00"),
        ("email", "rdv@tilleuls.example.be"),
        ("url", "https://tilleuls.example.be/rdv"),
    }
    assert physio["availableTime"] == [
        {"daysOfWeek": ["sat"], "availableStartTime": "09:00:00", "availableEndTime": "12:00:00"}
    ]


def test_a_service_without_organization_or_location_stays_valid():
    [service, _] = compiled_services()
    for key in ("organization", "organization_id", "service_at_locations"):
        service.pop(key)
    service["status"] = "inactive"
    document = fhir.bundle([service])
    Bundle.model_validate(document)
    [entry] = document["entry"]
    assert entry["resource"]["active"] is False
    assert references(document) == []
