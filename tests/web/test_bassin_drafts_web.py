"""Drafts of bassins through HTTP: the API's workflow and 409s, the page's htmx edits, 403s."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from maillage.domain.access import Role
from maillage.services import accounts, territories
from maillage.web.app import create_app
from tests.accounts_helpers import ADMIN, add_person, session_for


@pytest.fixture
def client(platform):
    with TestClient(create_app(platform)) as test_client:
        yield test_client


def token_for(platform, email, role, scope):
    person = accounts.create_person(platform, ADMIN, email, email.split("@")[0], None)
    person = accounts.grant(
        platform, ADMIN, person.id, role, scope, territories.level_of(platform, scope)
    )
    secret = accounts.create_token(platform, ADMIN, person.id, "api")[1]
    return {"Authorization": f"Bearer {secret}"}


def test_the_api_walks_a_draft_from_the_team_to_the_administration(client, platform):
    team = token_for(platform, "team@ols1.be", Role.OLS_TEAM, "OLS-01")
    other = token_for(platform, "team@ols2.be", Role.OLS_TEAM, "OLS-02")
    aviq = token_for(platform, "aviq@aviq.be", Role.ADMINISTRATION, "03000")
    assert client.post("/api/v1/bassin-drafts/OLS-01", headers=other).status_code == 403
    created = client.post("/api/v1/bassin-drafts/OLS-01", headers=team)
    assert created.status_code == 201, created.text
    draft = created.json()
    assert draft["state"] == "draft" and len(draft["bounds"]) == 2
    url = f"/api/v1/bassin-drafts/OLS-01/{draft['id']}"
    code = draft["bassins"][0]["code"]
    rename = {"kind": "rename", "bassin": code, "name": "Bassin du Hainaut", "version": 1}
    assert client.post(f"{url}/edits", json=rename, headers=other).status_code == 403
    edited = client.post(f"{url}/edits", json=rename, headers=team)
    assert edited.status_code == 200, edited.text
    assert edited.json()["diff"]["renamed"][0]["after"] == "Bassin du Hainaut"
    stale = client.post(f"{url}/edits", json=rename, headers=team)
    assert stale.status_code == 409
    early = client.post(f"{url}/validate", json={"version": 2}, headers=aviq)
    assert early.status_code == 409 and "possible" in str(early.json()["error"])
    assert client.post(f"{url}/submit", json={"version": 2}, headers=team).status_code == 200
    validated = client.post(f"{url}/validate", json={"version": 3}, headers=aviq)
    assert validated.status_code == 200, validated.text
    body = validated.json()
    assert body["state"] == "validated"
    active = client.get("/api/v1/zonings").json()
    assert [z["id"] for z in active if z["is_active"]] == [body["result_zoning_id"]]
    assert [h["action"] for h in body["history"]] == ["start", "edit", "submit", "validate"]
    listed = client.get("/api/v1/bassin-drafts", headers=team).json()
    assert [d["id"] for d in listed] == [draft["id"]]


def test_the_page_swaps_its_body_after_an_edit_and_refuses_another_ols(client, platform):
    team = add_person(platform, "team@ols1.be", Role.OLS_TEAM)
    csrf = session_for(client, platform, team)
    started = client.post(
        "/revisions-bassins/OLS-01", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert started.status_code == 303
    page = client.get(started.headers["location"])
    assert 'data-testid="move-form"' in page.text
    draft_url = started.headers["location"]
    answer = client.post(
        f"{draft_url}/modifications",
        data={"csrf_token": csrf, "kind": "rename", "bassin": "nope", "name": "X", "version": 1},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200 and 'data-testid="draft-error"' in answer.text
    stranger = add_person(platform, "stranger@ols.be")
    accounts.grant(platform, ADMIN, stranger.id, Role.OLS_TEAM, "OLS-10", territories.Level.OLS)
    csrf = session_for(client, platform, stranger)
    refused = client.post(
        f"{draft_url}/modifications",
        data={"csrf_token": csrf, "kind": "rename", "bassin": "BV-001", "name": "X", "version": 1},
    )
    assert refused.status_code == 403
    assert client.get(draft_url).status_code == 200  # any member reads drafts
