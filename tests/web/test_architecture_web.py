"""The architecture and roadmap pages through HTTP: public reading, regional editing,
OLS recording, exports, and malformed input answered without a 500."""

from __future__ import annotations

import io
import re

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from maillage.domain.access import Role
from maillage.web.app import create_app
from tests.accounts_helpers import add_person, session_for
from tests.helpers import snapshot


@pytest.fixture
def client(platform):
    with TestClient(create_app(platform)) as test_client:
        yield test_client


def test_anyone_reads_the_architecture_its_findings_and_diagrams(client):
    page = client.get("/architecture")
    assert page.status_code == 200
    html = page.text
    assert "L’OLS est le pivot entre les bassins de vie et le niveau macro" in html
    assert "Reconstitution" in html and "seed 000" in html.lower()
    for kind in ("tous", "accountability", "information", "human_resources"):
        svg = client.get(f"/architecture/diagramme.svg?flux={kind}")
        assert svg.headers["content-type"].startswith("image/svg+xml")
        assert len(re.findall(r'<g class="structure', svg.text)) == 18
    pas = client.get("/architecture/structures/pas").text
    assert 'data-testid="reach"' in pas and "/architecture?de=pas&vers=aviq" in pas
    focused = client.get("/architecture?flux=information&focus=pas").text
    assert 'data-testid="focus-panel"' in focused
    routes = client.get("/architecture?de=bassins&vers=federal&chemin=information").text
    assert 'data-testid="routes"' in routes and "Fédéral" in routes
    graph = nx.read_graphml(io.BytesIO(client.get("/architecture/export.graphml").content))
    assert graph.number_of_nodes() == 18
    exported = client.get("/architecture/export.json").json()
    assert exported["data_source"]["year"] == "2024" and len(exported["flows"]) == 35
    analysis = client.get("/api/v1/architecture/analysis?threshold=0.8").json()
    assert [(a["first"], a["second"]) for a in analysis["alike"]] == [("forum", "cbs")]
    assert {f["seed_point"] for f in analysis["findings"]} >= {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}


@pytest.mark.parametrize(
    "url, status",
    [
        ("/architecture?flux=argent", 400),
        ("/architecture?focus=inconnue", 400),
        ("/architecture?seuil=abc", 400),
        ("/architecture?seuil=250", 400),
        ("/architecture?date=2026-02-30", 400),
        ("/architecture?de=bassins&vers=zzz", 400),
        ("/architecture/structures/inconnue", 404),
        ("/architecture/structures/%00", 400),
        ("/feuille-de-route?etape-12=1", 400),
        ("/feuille-de-route?etape-6=3", 400),
        ("/api/v1/roadmap/evaluation?choices=6:9", 400),
        ("/api/v1/architecture/routes?source=ols&target=nulle", 400),
        ("/api/v1/architecture/analysis?threshold=2", 400),
    ],
)
def test_malformed_requests_get_a_clear_error(client, url, status):
    assert client.get(url).status_code == status


def test_the_iwpl_edits_a_flow_and_others_cannot(client, platform):
    analyst = add_person(platform, "analyste@iwpl.be", Role.IWPL_ANALYST)
    actor = add_person(platform, "acteur@bv1.be", Role.BASSIN_ACTOR)
    csrf = session_for(client, platform, analyst)
    data = {
        "csrf_token": csrf,
        "kind": "information",
        "source": "pss",
        "target": "ols",
        "what": "Avis sur les situations complexes",
        "available_from": "2027-01-01",
    }
    added = client.post("/architecture/flux", data=data, follow_redirects=False)
    assert added.status_code == 303
    assert added.headers["location"] == "/architecture/structures/pss#flux"
    page = client.get("/architecture/structures/pss").text
    assert "Avis sur les situations complexes" in page and "1 janv. 2027" in page
    assert "PSS: no flow" not in client.get("/api/v1/architecture/analysis").text
    before = snapshot(platform)
    assert client.post("/architecture/flux", data={**data, "target": "pss"}).status_code == 400
    assert (
        client.post("/architecture/flux", data={**data, "available_from": "demain"}).status_code
        == 400
    )
    assert client.post("/architecture/flux/1", data={**data, "version": "99"}).status_code == 409
    assert snapshot(platform) == before
    other = session_for(client, platform, actor)
    before = snapshot(platform)
    assert client.post("/architecture/flux", data={**data, "csrf_token": other}).status_code == 403
    assert snapshot(platform) == before


def test_the_builder_flags_and_an_ols_records_its_path(client, platform):
    page = client.get("/feuille-de-route?etape-7=1&etape-6=2&etape-9.1=1&etape-4=blend").text
    # 7/1 against 6/2 is inconsistent; 9.1/1 against a blended step 4 is to watch.
    assert page.count('data-testid="flag"') == 2
    assert 'data-severity="inconsistent"' in page and 'data-severity="watch"' in page
    assert "Rigidité" in page
    team = add_person(platform, "equipe@ols1.be", Role.OLS_TEAM)
    csrf = session_for(client, platform, team)
    saved = client.post(
        "/feuille-de-route/ols/OLS-01/etapes/7",
        data={
            "csrf_token": csrf,
            "choice": "1",
            "status": "in_progress",
            "since": "2026-03-01",
            "note": "Coordinatrice engagée",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303
    client.post(
        "/feuille-de-route/ols/OLS-01/etapes/6",
        data={"csrf_token": csrf, "choice": "2", "status": "done"},
    )
    mine = client.get("/feuille-de-route/ols/OLS-01").text
    assert "Coordinatrice engagée" in mine and 'data-severity="inconsistent"' in mine
    assert (
        client.post(
            "/feuille-de-route/ols/OLS-02/etapes/6",
            data={"csrf_token": csrf, "choice": "2", "status": "done"},
        ).status_code
        == 403
    )
    trajectories = client.get("/api/v1/roadmap/trajectories").json()
    first = next(t for t in trajectories if t["ols"] == "OLS-01")
    assert [f["then"] for f in first["evaluation"]["flags"]] == ["6:1"]
