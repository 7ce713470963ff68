"""Directory records through HTTP: the form and its twins, who may write, stale edits."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from maillage.domain.access import Role
from maillage.services import directory_records
from maillage.web.app import create_app
from tests.accounts_helpers import add_person, session_for

FORM = {
    "name": "Maison d'accueil du Centre",
    "organization": "Asbl Le Relais",
    "terms": ["service-social", "abri-nuit"],
    "openings": "lundi 09:00-12:00",
    "latitude": "50,6840",  # typed with a decimal comma
    "longitude": "4.3700",
    "languages": ["fr"],
}
BODY = {
    "name": "Permanence juridique",
    "organization": "Asbl Droits pour tous",
    "terms": ["service-social"],
    "openings": [{"weekday": 1, "opens": "09:00", "closes": "12:00"}],
    "latitude": 50.684,
    "longitude": 4.37,
}


@pytest.fixture
def client(platform):
    with TestClient(create_app(platform)) as test_client:
        yield test_client


def as_person(client, platform, email, role):
    return session_for(client, platform, add_person(platform, email, role))


def test_a_team_creates_a_record_in_the_form_and_edits_it(client, platform):
    csrf = as_person(client, platform, "equipe@ols1.be", Role.OLS_TEAM)
    page = client.get("/repertoire/services/nouveau")
    assert page.status_code == 200 and "Ajouter un service au répertoire" in page.text
    assert 'id="record-map"' in page.text
    created = client.post(
        "/repertoire/services/nouveau", data={**FORM, "csrf_token": csrf}, follow_redirects=False
    )
    assert created.status_code == 303, created.text
    location = created.headers["location"]
    service_id = location.rsplit("/", 1)[1]
    shown = client.get(location).text
    assert "Maison d&#39;accueil du Centre" in shown and "Modifier la fiche" in shown
    edit = client.get(f"{location}/modifier").text
    assert 'name="version" value="1"' in edit and "Asbl Le Relais" in edit
    saved = client.post(
        f"{location}/modifier",
        data={**FORM, "name": "Maison d'accueil", "version": "1", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert directory_records.editable(platform, service_id).fields.name == "Maison d'accueil"
    stale = client.post(
        f"{location}/modifier",
        data={**FORM, "name": "Autre", "version": "1", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert stale.status_code == 409
    assert "modifié par quelqu&#39;un d&#39;autre depuis que vous l&#39;avez" in stale.text
    assert "Ouvrir la fiche telle qu’elle est maintenant" in stale.text
    assert directory_records.editable(platform, service_id).fields.name == "Maison d'accueil"


def test_the_form_names_each_faulty_field_in_french(client, platform):
    csrf = as_person(client, platform, "equipe@ols1.be", Role.OLS_TEAM)
    refused = client.post(
        "/repertoire/services/nouveau",
        data={
            **FORM,
            "name": "",
            "terms": [],
            "latitude": "48.85",
            "longitude": "2.35",
            "csrf_token": csrf,
        },
    )
    assert refused.status_code == 400
    assert 'id="error-name"' in refused.text and 'id="error-terms"' in refused.text
    assert "hors de Belgique" in refused.text
    assert 'value="50,6840"' not in refused.text and 'value="48.85"' in refused.text  # kept


def test_a_bassin_actor_can_neither_open_the_form_nor_write(client, platform):
    csrf = as_person(client, platform, "actrice@bv1.be", Role.BASSIN_ACTOR)
    assert client.get("/repertoire/services/nouveau").status_code == 403
    response = client.post("/api/v1/services", json=BODY, headers={"X-CSRF-Token": csrf})
    assert response.status_code == 403


def test_the_api_creates_replaces_amends_and_verifies(client, platform):
    csrf = as_person(client, platform, "gouvernance@ols1.be", Role.OLS_GOVERNANCE)
    headers = {"X-CSRF-Token": csrf}
    created = client.post("/api/v1/services", json=BODY, headers=headers)
    assert created.status_code == 201, created.text
    record = created.json()
    assert record["awaiting_review"] is True and record["version"] == 1
    url = f"/api/v1/services/{record['id']}"
    current = client.get(f"{url}/record").json()
    assert current["fields"]["openings"] == "mardi 09:00-12:00" and current["version"] == 1
    replaced = client.put(url, json={**BODY, "cost": "free", "version": 1}, headers=headers)
    assert replaced.status_code == 200 and replaced.json()["version"] == 2
    amended = client.patch(
        url, json={"description": "Le mardi matin."}, headers={**headers, "If-Match": '"2"'}
    )
    assert amended.status_code == 200 and amended.json()["version"] == 3
    stale = client.patch(url, json={"name": "X", "version": 2}, headers=headers)
    assert stale.status_code == 409 and stale.json()["error"]["type"] == "StaleVersion"
    assert client.get(f"{url}/review").json()["awaiting_review"] is True
    curator = as_person(client, platform, "equipe@ols1.be", Role.OLS_TEAM)
    verified = client.post(f"{url}/verify", headers={"X-CSRF-Token": curator})
    assert verified.status_code == 200 and verified.json()["verified_by"] == "equipe"
    assert client.get(f"{url}/review").json()["awaiting_review"] is False


def test_the_quality_page_lists_records_awaiting_verification(client, platform):
    csrf = as_person(client, platform, "gouvernance@ols1.be", Role.OLS_GOVERNANCE)
    client.post("/api/v1/services", json=BODY, headers={"X-CSRF-Token": csrf})
    as_person(client, platform, "equipe@ols1.be", Role.OLS_TEAM)
    page = client.get("/repertoire/qualite").text
    assert "Fiches à vérifier (1)" in page and "Permanence juridique" in page
