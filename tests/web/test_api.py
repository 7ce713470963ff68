"""The JSON API on both backends: territories, populations, zonings, errors."""

from __future__ import annotations

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from maillage.services.territories import map_layers
from maillage.web.app import create_app

# Statbel, population on 1 January 2022 of the French-language region: the 261 Walloon
# communes (3,662,495) less the nine of the German-language region (78,604).
REGION_POPULATION_2022 = 3_583_891
GERMAN_LANGUAGE = {"63001", "63012", "63013", "63023", "63040", "63048", "63061", "63067", "63087"}


@pytest.fixture(scope="module")
def client(shared_platform):
    with TestClient(create_app(shared_platform)) as test_client:
        yield test_client


def test_communes_cover_the_french_language_region_and_sum_to_its_statbel_total(client):
    body = client.get("/api/v1/territories", params={"level": "commune"}).json()
    assert body["count"] == 252
    assert body["population_year"] == 2022
    assert sum(t["population"] for t in body["territories"]) == REGION_POPULATION_2022
    assert body["zoning"]["label"] == "proposition calculée — non officielle"


def test_each_commune_in_exactly_one_bassin_and_one_ols(client):
    communes = client.get("/api/v1/territories?level=commune").json()["territories"]
    bassins = client.get("/api/v1/territories?level=bassin").json()["territories"]
    ols = client.get("/api/v1/territories?level=ols").json()["territories"]
    assert all(c["parent"]["level"] == "bassin" for c in communes)
    assert all(b["parent"]["level"] == "ols" for b in bassins)
    members = {}
    for bassin in bassins:
        detail = client.get(f"/api/v1/territories/{bassin['code']}").json()
        members[bassin["code"]] = [c["code"] for c in detail["children"]]
        assert detail["population"] == sum(c["population"] for c in detail["children"])
    flat = [code for codes in members.values() for code in codes]
    assert sorted(flat) == sorted(c["code"] for c in communes)
    assert len(ols) == 10
    assert sum(o["population"] for o in ols) == REGION_POPULATION_2022


def test_bassins_are_contiguous(shared_platform, client):
    from maillage.analysis.contiguity import contiguity_graph
    from maillage.analysis.geometry import from_geojson, to_lambert

    layers = map_layers(shared_platform)
    projected = {
        f["properties"]["code"]: to_lambert(from_geojson(f["geometry"]))
        for f in layers["communes"]["features"]
    }
    graph = contiguity_graph(projected)
    by_bassin = {}
    for feature in layers["communes"]["features"]:
        by_bassin.setdefault(feature["properties"]["bassin"], set()).add(
            feature["properties"]["code"]
        )
    for code, communes in by_bassin.items():
        assert nx.is_connected(graph.subgraph(communes)), code


def test_territory_detail_has_parents_children_and_provenance(client):
    body = client.get("/api/v1/territories/92094").json()
    assert body["name"] == "Namur" and body["level"] == "commune"
    assert [a["level"] for a in body["ancestors"]] == ["region", "ols", "bassin"]
    assert body["population_trend"]["2022"] == body["population"] == 112_559
    assert body["names"] == {"fr": "Namur", "nl": "Namen", "de": "Namur"}
    assert {s["key"] for s in body["sources"]} >= {"statbel-population-2017-2022"}
    region = client.get("/api/v1/territories/03000").json()
    assert region["population"] == REGION_POPULATION_2022
    assert len(region["children"]) == 10


def test_the_active_zonings_bassins_cover_exactly_the_252_french_language_communes(client):
    bassins = client.get("/api/v1/territories", params={"level": "bassin"}).json()
    communes: list[str] = []
    for bassin in bassins["territories"]:
        detail = client.get(f"/api/v1/territories/{bassin['code']}").json()
        communes.extend(c["code"] for c in detail["children"])
    assert len(communes) == len(set(communes)) == 252
    assert not GERMAN_LANGUAGE & set(communes)
    assert sum(b["population"] for b in bassins["territories"]) == REGION_POPULATION_2022
    region = client.get("/api/v1/territories/03000").json()
    assert region["name"] == "Wallonie — région de langue française"
    assert region["level"] == "region" and region["commune_count"] == 252


def test_a_german_language_commune_answers_as_outside_the_reform(client):
    body = client.get("/api/v1/territories/63023").json()  # Eupen
    assert body["name"] == "Eupen" and body["german_speaking"] is True
    assert body["in_reform"] is False and body["ancestors"] == [] and body["parent"] is None
    assert body["status"] == "Communauté germanophone — hors réforme (compétence propre)"
    assert body["population"] > 0 and body["share_of_region"] == 0
    assert client.get("/api/v1/territories/92094").json()["in_reform"] is True
    page = client.get("/territoires/63023")
    assert page.status_code == 200
    assert "hors réforme (compétence propre)" in page.text and "/profils/63023" not in page.text


def test_the_map_draws_the_german_language_communes_apart(client):
    layers = client.get("/api/v1/map").json()
    inside = {f["properties"]["code"] for f in layers["communes"]["features"]}
    outside = {f["properties"]["code"]: f["properties"] for f in layers["outside"]["features"]}
    assert len(inside) == 252 and set(outside) == GERMAN_LANGUAGE
    assert {p["status"] for p in outside.values()} == {"outside-reform"}
    assert layers["outside_label"] == "Communauté germanophone — hors réforme (compétence propre)"


def test_errors_are_json_and_never_500(client):
    missing = client.get("/api/v1/territories/00000")
    assert missing.status_code == 404
    assert missing.json()["error"]["type"] == "UnknownTerritory"
    # A malformed address (path segment, query parameter) is a 400 naming the parameter.
    wrong_level = client.get("/api/v1/territories?level=province")
    assert wrong_level.status_code == 400
    assert wrong_level.json()["error"]["message"] == "Paramètre non valide : level."
    assert client.get("/api/v1/territories/%3Cscript%3E").status_code == 400
    assert client.get("/api/v1/territories?year=abc").status_code == 400
    assert client.get("/api/v1/territories?zoning=nope").status_code == 404
    assert client.get("/api/v1/nothing-here").status_code == 404


def test_openapi_describes_the_versioned_api(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/territories" in spec["paths"]
    assert "/api/v1/territories/{code}" in spec["paths"]
    assert all(path.startswith("/api/v1/") for path in spec["paths"])


def test_a_refused_upload_lists_fifty_faults_then_the_count(platform):
    import io

    from maillage.domain.access import Role
    from tests.accounts_helpers import add_person, login

    with TestClient(create_app(platform)) as client:
        add_person(platform, "admin@example.be", Role.PLATFORM_ADMIN)
        csrf = login(client, "admin@example.be")
        faulty = "refnis,bassin_code,bassin_name,ols_code,ols_name\n" + "x,B,B,O,O\n" * 70
        response = client.post(
            "/api/v1/zonings",
            data={"name": "Z", "valid_from": "2026-01-01", "csrf_token": csrf},
            files={"file": ("z.csv", io.BytesIO(faulty.encode()), "text/csv")},
        )
        assert response.status_code == 422
        error = response.json()["error"]
        assert error["type"] == "DataFileError" and len(error["details"]) == 51
        assert "z.csv, ligne 2, champ refnis" in error["details"][0]
        assert error["details"][-1] == "… et 20 autres anomalies non affichées."
