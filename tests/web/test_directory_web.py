"""The directory through HTTP: search, a service, exports, coverage, orientation, quality."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from maillage.domain.access import Role
from maillage.formats import hsds
from maillage.services import directory
from maillage.store.directory_tables import OrientationRequestRow, ServiceRow
from maillage.web.app import create_app
from tests.accounts_helpers import add_person, session_for


@pytest.fixture(scope="module")
def client(shared_platform):
    with TestClient(create_app(shared_platform)) as test_client:
        yield test_client


def test_search_near_a_commune_is_sorted_by_distance_and_paginated(client):
    body = client.get(
        "/api/v1/services",
        params={"type": "pharmacie", "near_commune": "92094", "radius_km": 8, "per_page": 10},
    ).json()
    assert body["total"] > 10 and len(body["services"]) == 10
    distances = [s["distance_km"] for s in body["services"]]
    assert distances == sorted(distances) and distances[-1] <= 8
    second = client.get(
        "/api/v1/services",
        params={
            "type": "pharmacie",
            "near_commune": "92094",
            "radius_km": 8,
            "per_page": 10,
            "page": 2,
        },
    ).json()
    assert not {s["id"] for s in body["services"]} & {s["id"] for s in second["services"]}
    assert all(s["licence"] == "ODbL 1.0" and not s["is_demo"] for s in body["services"])


def test_text_search_ignores_accents_and_case(client):
    plain = client.get("/api/v1/services", params={"q": "HOPITAL"}).json()
    accented = client.get("/api/v1/services", params={"q": "hôpital"}).json()
    assert plain["total"] == accented["total"] > 0


@pytest.mark.parametrize(
    "params",
    [
        {"type": "plombier"},
        {"cost": "cher"},
        {"territory": "XX-99"},
        {"near_commune": "1"},
        {"lat": "50.4"},
        {"radius_km": "-3"},
        {"per_page": "1000"},
        {"open_at": "lundi"},
    ],
)
def test_malformed_searches_get_a_clear_error_not_a_500(client, params):
    response = client.get("/api/v1/services", params=params)
    assert response.status_code in (400, 404, 422), response.text
    assert response.json()["error"]["message"]


def test_a_service_gives_its_hsds_record_and_hides_internal_notes_from_the_public(platform):
    with platform.transaction() as session:
        row = session.query(ServiceRow).filter(ServiceRow.source_key == "demo-maillage").first()
        row.internal_note = "Appeler la coordinatrice avant d'orienter."
        service_id = row.id
    app = create_app(platform)
    with TestClient(app) as anonymous:
        body = anonymous.get(f"/api/v1/services/{service_id}").json()
        assert body["service"]["internal_note"] is None
        assert hsds.schema_errors("service", body["hsds"]) == []
        page = anonymous.get(f"/repertoire/services/{service_id}").text
        assert "Appeler la coordinatrice" not in page
        assert "données de démonstration" in page
    with TestClient(app) as actor:
        session_for(actor, platform, add_person(platform, "acteur@example.be", Role.BASSIN_ACTOR))
        body = actor.get(f"/api/v1/services/{service_id}").json()
        assert body["service"]["internal_note"] == "Appeler la coordinatrice avant d'orienter."
        assert "Appeler la coordinatrice" in actor.get(f"/repertoire/services/{service_id}").text
    with TestClient(app) as anonymous:
        assert anonymous.get("/api/v1/services/inconnu").status_code == 404


def test_every_export_format_downloads_from_the_api(client, shared_platform):
    count = len(directory.export_services(shared_platform))
    hsds_json = client.get("/api/v1/directory/export", params={"format": "hsds-json"})
    assert len(hsds_json.json()) == count
    fhir = client.get("/api/v1/directory/export", params={"format": "fhir"}).json()
    assert fhir["resourceType"] == "Bundle"
    assert sum(e["resource"]["resourceType"] == "HealthcareService" for e in fhir["entry"]) == count
    package = client.get("/api/v1/directory/export", params={"format": "hsds-tabular"})
    names = zipfile.ZipFile(io.BytesIO(package.content)).namelist()
    assert "datapackage.json" in names and "services.csv" in names
    excel = client.get("/api/v1/directory/export", params={"format": "csv-excel"}).content
    assert excel.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(excel.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == count + 1 and rows[0][1] == "nom"
    book = load_workbook(
        io.BytesIO(client.get("/repertoire/export", params={"format": "xlsx"}).content)
    )
    assert book.active.max_row == count + 1
    geo = client.get(
        "/api/v1/directory/export", params={"format": "geojson", "include_demo": "false"}
    ).json()
    assert geo["features"] and all(
        f["properties"]["donnees_de_demonstration"] == "non" for f in geo["features"]
    )
    assert client.get("/api/v1/directory/export", params={"format": "pdf"}).status_code == 400


def test_coverage_counts_per_bassin_and_lists_zones_blanches(client):
    body = client.get(
        "/api/v1/coverage", params={"type": "hopital-general", "level": "bassin"}
    ).json()
    assert len(body["rows"]) == 84
    assert body["blank"] == [r["code"] for r in body["rows"] if r["services"] == 0]
    assert 0 < len(body["blank"]) < 84
    for row in body["rows"]:
        assert row["density"] == pytest.approx(row["services"] / row["population"] * 10000)
    page = client.get("/repertoire/couverture", params={"type": "hopital-general"}).text
    assert "Zones blanches" in page and "coverage-map" in page
    exported = client.get(
        "/repertoire/couverture.csv", params={"type": "pharmacie", "niveau": "ols"}
    )
    assert exported.content.decode("utf-8-sig").count("\n") == 11


def test_the_orientation_line_ranks_logs_without_personal_data_and_signals(platform):
    app = create_app(platform)
    with TestClient(app) as operator:
        csrf = session_for(
            operator, platform, add_person(platform, "ligne@example.be", Role.ORIENTATION_OPERATOR)
        )
        found = operator.get(
            "/api/v1/orientation/suggestions",
            params={"need": "pharmacie", "commune": "92094", "mobility": "walking"},
        ).json()
        assert found["matches"] and found["commune"] == "Namur"
        assert all(any("km" in r for r in m["reasons"]) for m in found["matches"])
        logged = operator.post(
            "/api/v1/orientation/requests",
            headers={"X-CSRF-Token": csrf},
            json={"needs": ["abri-nuit"], "commune": "92094", "outcome": "no_suitable_service"},
        )
        assert logged.status_code == 201, logged.text
        refused = operator.post(
            "/api/v1/orientation/requests",
            headers={"X-CSRF-Token": csrf},
            json={
                "needs": ["abri-nuit"],
                "commune": "92094",
                "outcome": "no_suitable_service",
                "name": "Jean Dupont",
                "niss": "85073003328",
            },
        )
        assert refused.status_code == 422  # unknown fields are refused, never stored
        signals = operator.get("/api/v1/orientation/signals").json()
        assert signals["outcomes"] == {"no_suitable_service": 1}
        [bassin] = signals["bassins"]
        assert bassin["no_suitable_service"] == 1 and bassin["needs"] == {"abri-nuit": 1}
    columns = set(OrientationRequestRow.__table__.columns.keys())
    assert columns == {
        "id",
        "asked_at",
        "refnis",
        "needs",
        "language",
        "mobility",
        "cost",
        "urgency",
        "matches",
        "outcome",
        "service_id",
    }
    with TestClient(app) as anonymous:
        assert (
            anonymous.get(
                "/api/v1/orientation/suggestions", params={"need": "cpas", "commune": "92094"}
            ).status_code
            == 401
        )


def test_curators_merge_a_duplicate_and_undo_it(platform, tmp_path):
    path = tmp_path / "doublons.json"
    records = directory.export_services(platform)
    original = next(
        r for r in records if r["name"].startswith("Pharmacie") and r.get("service_at_locations")
    )
    copy = json.loads(json.dumps(original))
    copy["id"] = "5b0c2c55-1111-4c4c-9d9d-000000000001"
    copy["name"] = original["name"].upper()
    copy.pop("organization", None)
    copy.pop("organization_id", None)
    path.write_text(json.dumps([copy]), encoding="utf-8")
    directory.import_path(platform, path)
    app = create_app(platform)
    with TestClient(app) as curator:
        csrf = session_for(curator, platform, add_person(platform, "ols@example.be", Role.OLS_TEAM))
        page = curator.get("/repertoire/qualite").text
        assert copy["id"] in page and original["id"] in page
        # Merging is destructive: a first click only asks, the red button sends.
        assert '<details class="confirm" data-testid="merge-1"><summary>' in page
        assert 'class="danger">Oui, fusionner</button>' in page
        response = curator.post(
            "/repertoire/fusions",
            data={
                "csrf_token": csrf,
                "kept": original["id"],
                "merged": copy["id"],
                "clues": "name:100|place:0",
            },
            follow_redirects=False,
        )
        assert response.status_code == 303
        hidden = directory.search(
            platform, directory.SearchRequest(text=copy["name"], per_page=100)
        )
        assert copy["id"] not in {h.id for h in hidden.hits}
        merged_page = curator.get(f"/repertoire/services/{copy['id']}").text
        assert "fusionnée dans une autre" in merged_page
        again = curator.post(
            "/repertoire/fusions",
            data={"csrf_token": csrf, "kept": original["id"], "merged": copy["id"]},
        )
        assert again.status_code == 409
        from maillage.services import quality

        [merge] = quality.merges(platform, copy["id"])
        curator.post(f"/repertoire/fusions/{merge.id}/annuler", data={"csrf_token": csrf})
        back = directory.search(platform, directory.SearchRequest(text=copy["name"], per_page=100))
        assert copy["id"] in {h.id for h in back.hits}
    with TestClient(app) as actor:
        session_for(actor, platform, add_person(platform, "bv@example.be", Role.BASSIN_ACTOR))
        assert actor.get("/repertoire/qualite").status_code == 403
