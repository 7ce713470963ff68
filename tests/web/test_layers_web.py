"""Layers through HTTP: upload with located faults, the overlap page, CSV and the API."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient

from maillage.domain.access import Role
from maillage.web.app import create_app
from tests.accounts_helpers import add_person, session_for

GOOD = (
    "structure_code;structure_name;refnis\n"
    "RML-L;Réseau liégeois;62063\n"
    "RML-L;Réseau liégeois;62096\n"
    "RML-V;Réseau verviétois;63079\n"
    "RML-V;Réseau verviétois;62096\n"
)


@pytest.fixture
def client(platform):
    with TestClient(create_app(platform)) as test_client:
        yield test_client


def _upload(client, csrf, text, name="RML", replace=False):
    data = {"csrf_token": csrf, "name": name, "kind": "rml"}
    if replace:
        data["replace"] = "true"
    return client.post(
        "/couches",
        data=data,
        files={"file": ("rml.csv", io.BytesIO(text.encode("utf-8")), "text/csv")},
        follow_redirects=False,
    )


def test_an_administration_account_loads_a_layer_and_anyone_reads_its_overlap(client, platform):
    csrf = session_for(
        client, platform, add_person(platform, "aviq@example.be", Role.ADMINISTRATION)
    )
    assert 'enctype="multipart/form-data"' in client.get("/couches").text
    refused = _upload(client, csrf, GOOD + "RML-V;Autre nom;63001\nX;Y;99999\n")
    assert refused.status_code == 422
    assert "ligne 6" in refused.text and "ligne 7" in refused.text and "99999" in refused.text
    assert client.get("/api/v1/layers").json() == []
    stored = _upload(client, csrf, GOOD)
    assert stored.status_code == 303
    page_url = stored.headers["location"]
    layer_id = int(page_url.rsplit("/", 1)[1])
    assert _upload(client, csrf, GOOD).status_code == 409
    assert _upload(client, csrf, GOOD, replace=True).status_code == 303

    session_for(client, platform, None)  # anonymous from here
    listed = client.get("/api/v1/layers").json()
    assert [(x["name"], x["kind"], x["structures"]) for x in listed] == [("RML", "rml", 2)]
    layer_id = listed[0]["id"]
    page = client.get(f"/couches/{layer_id}?niveau=ols")
    assert page.status_code == 200 and "Réseau verviétois" in page.text
    assert "Supprimer" not in page.text
    overlap = client.get(f"/api/v1/layers/{layer_id}/overlap?level=bassin").json()
    assert overlap["level"] == "bassin" and overlap["rows"]
    row = overlap["rows"][0]
    assert set(row) >= {
        "structure_code",
        "territory_code",
        "population",
        "share_of_territory",
        "share_of_structure",
    }
    for code in ("RML-L", "RML-V"):
        shares = [r["share_of_structure"] for r in overlap["rows"] if r["structure_code"] == code]
        assert abs(sum(shares) - 1) < 1e-9
    assert set(overlap["summary"]) >= {"territories_single", "structures_split"}
    csv = client.get(f"/couches/{layer_id}/recouvrement.csv?niveau=bassin")
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text.lstrip("\ufeff").startswith("structure_code;structure_name;territory_code")
    exported = client.get(f"/couches/{layer_id}/export.csv").text
    assert exported.splitlines()[0] == "structure_code,structure_name,refnis"
    assert len(exported.splitlines()) == 5
    shapes = client.get(f"/api/v1/layers/{layer_id}/map?level=ols").json()
    assert len(shapes["structures"]["features"]) == 2 and shapes["territories"]["features"]
    assert client.get(f"/api/v1/layers/{layer_id}/overlap?level=commune").status_code == 400
    assert client.get("/api/v1/layers/999999/overlap").status_code == 404


def test_deleting_a_layer_needs_the_zoning_key(client, platform):
    admin = add_person(platform, "aviq@example.be", Role.ADMINISTRATION)
    csrf = session_for(client, platform, admin)
    layer_id = int(_upload(client, csrf, GOOD).headers["location"].rsplit("/", 1)[1])
    team = session_for(client, platform, add_person(platform, "ols@example.be", Role.OLS_TEAM))
    denied = client.post(f"/couches/{layer_id}/suppression", data={"csrf_token": team})
    assert denied.status_code == 403
    csrf = session_for(client, platform, admin)
    done = client.post(
        f"/couches/{layer_id}/suppression", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert done.status_code == 303 and client.get("/api/v1/layers").json() == []
