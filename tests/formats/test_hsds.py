"""HSDS 3.0 JSON in and out, checked against the official schemas."""

from __future__ import annotations

import copy

import pytest

from maillage.domain.directory import Cost, DirectorySource
from maillage.formats import hsds, hsds_writing

SOURCE = DirectorySource("test", "Test", "CC0", "")
ORG = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
SERVICE = "ac148810-d857-441c-9679-408f346de14b"
LOCATION = "1e2b3c4d-0000-4000-8000-00000000000a"

# A compiled service written from the schema (the official examples are not shipped).
EXAMPLE = {
    "id": SERVICE,
    "name": "Consultations de médecine générale",
    "status": "active",
    "description": "Consultations sans rendez-vous le matin.",
    "fees_description": "Tiers payant pour les bénéficiaires BIM",
    "organization": {
        "id": ORG,
        "name": "Maison médicale du Centre",
        "description": "Équipe pluridisciplinaire de première ligne.",
        "organization_identifiers": [
            {
                "id": "5b2f7a7e-1111-4a6b-9c1d-000000000001",
                "organization_id": ORG,
                "identifier_scheme": "BE-BCE_KBO",
                "identifier_type": "BCE",
                "identifier": "0412345678",
            }
        ],
    },
    "service_at_locations": [
        {
            "id": "5b2f7a7e-1111-4a6b-9c1d-000000000002",
            "service_id": SERVICE,
            "location_id": LOCATION,
            "location": {
                "id": LOCATION,
                "location_type": "physical",
                "name": "Site de la gare",
                "latitude": 50.4669,
                "longitude": 4.8675,
                "addresses": [
                    {
                        "id": "5b2f7a7e-1111-4a6b-9c1d-000000000003",
                        "address_1": "Place de la Station 1",
                        "city": "Namur",
                        "state_province": "Namur",
                        "postal_code": "5000",
                        "country": "BE",
                        "address_type": "physical",
                    }
                ],
                "accessibility": [
                    {
                        "id": "5b2f7a7e-1111-4a6b-9c1d-000000000004",
                        "description": "Accès de plain-pied, toilettes PMR",
                    }
                ],
            },
        }
    ],
    "languages": [
        {"id": "5b2f7a7e-1111-4a6b-9c1d-000000000005", "code": "fr"},
        {"id": "5b2f7a7e-1111-4a6b-9c1d-000000000006", "code": "nl"},
    ],
    "schedules": [
        {
            "id": "5b2f7a7e-1111-4a6b-9c1d-000000000007",
            "freq": "WEEKLY",
            "byday": "MO,TU,WE,TH,FR",
            "opens_at": "08:00",
            "closes_at": "12:00",
        }
    ],
    "phones": [{"id": "5b2f7a7e-1111-4a6b-9c1d-000000000008", "number": "+32 81 00 00 00"}],
    "attributes": [
        {
            "id": "5b2f7a7e-1111-4a6b-9c1d-000000000009",
            "link_id": SERVICE,
            "link_type": "service",
            "link_entity": "service",
            "taxonomy_term_id": "5b2f7a7e-1111-4a6b-9c1d-0000000000aa",
            "taxonomy_term": {
                "id": "5b2f7a7e-1111-4a6b-9c1d-0000000000aa",
                "code": "maison-medicale",
                "name": "Maison médicale",
                "description": "…",
                "taxonomy": "maillage-premiere-ligne-be",
            },
        }
    ],
    "service_areas": [
        {
            "id": "5b2f7a7e-1111-4a6b-9c1d-00000000000a",
            "name": "Namur",
            "extent_type": "other",
            "extent": "REFNIS 92094",
        }
    ],
    "required_documents": [
        {"id": "5b2f7a7e-1111-4a6b-9c1d-00000000000b", "document": "Carte d'identité"}
    ],
}


def test_the_example_is_valid_hsds():
    assert hsds.schema_errors("service", EXAMPLE) == []


def test_a_compiled_service_reads_into_records():
    batch, refused = hsds.read(EXAMPLE, "s.json", SOURCE)
    assert refused == []
    [service] = batch.services
    assert service.terms == ("maison-medicale",)
    assert service.languages == ("fr", "nl")
    assert service.area_communes == ("92094",)
    assert service.cost is Cost.LOW
    assert len(service.openings) == 5
    assert batch.organizations[0].enterprise_number == "0412345678"
    assert batch.locations[0].pmr_accessible is True


@pytest.mark.parametrize("shape", ["single", "list", "page"])
def test_single_list_and_page_forms(shape):
    document = {
        "single": EXAMPLE,
        "list": [EXAMPLE],
        "page": {"total_items": 1, "contents": [EXAMPLE]},
    }[shape]
    batch, refused = hsds.read(document, "s.json", SOURCE)
    assert len(batch.services) == 1 and refused == []


def test_organizations_and_service_at_locations_as_top_level_records():
    organization = {
        **EXAMPLE["organization"],
        "locations": [EXAMPLE["service_at_locations"][0]["location"]],
    }
    bare_service = {
        k: v for k, v in EXAMPLE.items() if k not in ("organization", "service_at_locations")
    }
    link = {
        "id": "5b2f7a7e-1111-4a6b-9c1d-0000000000ff",
        "service_id": SERVICE,
        "location_id": LOCATION,
    }
    batch, refused = hsds.read([organization, bare_service, link], "mix.json", SOURCE)
    assert refused == []
    assert batch.services[0].location_ids == (LOCATION,)
    assert [loc.id for loc in batch.locations] == [LOCATION]


def test_invalid_record_names_file_record_field_and_value():
    broken = copy.deepcopy(EXAMPLE)
    broken["status"] = "open"
    broken["service_at_locations"][0]["location"]["latitude"] = 48.0
    batch, refused = hsds.read([EXAMPLE, broken], "bad.json", SOURCE)
    assert len(batch.services) == 1
    [record] = refused
    fields = {(p.line, p.field, p.value) for p in record.problems}
    assert (2, "service.status", '"open"') in fields
    assert any(f == "service.location.latitude" and v == "48.0" for _l, f, v in fields)


def test_export_validates_and_round_trips():
    batch, _ = hsds.read(EXAMPLE, "s.json", SOURCE)
    service = batch.services[0]
    exported = hsds_writing.service_json(
        service,
        batch.organizations[0],
        batch.locations,
        {"maison-medicale": {"name": "Maison médicale", "description": "…"}},
        {"92094": "Namur"},
    )
    assert hsds.schema_errors("service", exported) == []
    again, refused = hsds.read(exported, "again.json", SOURCE)
    assert refused == []
    assert again.services[0] == service
    assert again.organizations[0] == batch.organizations[0]
