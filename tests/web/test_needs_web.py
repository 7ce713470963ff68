"""The needs flow through HTTP: API with tokens, CSRF, 409s, exports, synthesis visibility."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from maillage.domain.access import Role
from maillage.services import accounts, territories
from maillage.web.app import create_app
from tests.accounts_helpers import ADMIN, session_for
from tests.helpers import snapshot


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
    return person, {"Authorization": f"Bearer {secret}"}


def test_the_api_walks_a_need_and_refuses_stale_or_illegal_steps(client, platform):
    _actor, actor = token_for(platform, "a@bv1.be", Role.BASSIN_ACTOR, "BV-001")
    _team, team = token_for(platform, "t@ols1.be", Role.OLS_TEAM, "OLS-01")
    created = client.post(
        "/api/v1/needs",
        headers=actor,
        json={
            "bassin": "BV-001",
            "title": "Transport vers les consultations",
            "theme": "social",
            "population_count": 80,
            "indicator_ids": ["pop-80plus-pct"],
        },
    )
    assert created.status_code == 201, created.text
    need = created.json()
    assert need["state"] == "raised" and need["history"][0]["role"] == "bassin_actor"
    elsewhere = client.post(
        "/api/v1/needs", headers=actor, json={"bassin": "BV-002", "title": "x", "theme": "social"}
    )
    assert elsewhere.status_code == 403
    moved = client.post(
        f"/api/v1/needs/{need['id']}/transitions",
        headers=actor,
        json={"action": "qualify", "version": need["version"]},
    )
    assert moved.status_code == 200 and moved.json()["state"] == "qualified"
    before = snapshot(platform)
    stale = client.post(
        f"/api/v1/needs/{need['id']}/transitions",
        headers=team,
        json={"action": "consolidate", "version": need["version"]},
    )
    assert stale.status_code == 409
    illegal = client.post(
        f"/api/v1/needs/{need['id']}/transitions",
        headers=team,
        json={
            "action": "answer",
            "version": moved.json()["version"],
            "outcome": "lifted",
            "reason": "x",
        },
    )
    assert illegal.status_code == 409 and "consolider" in illegal.json()["error"]["message"]
    malformed = client.post(
        f"/api/v1/needs/{need['id']}/transitions",
        headers=team,
        json={"action": "teleport", "version": "a"},
    )
    assert malformed.status_code == 422
    assert snapshot(platform) == before
    listed = client.get("/api/v1/needs", headers=team, params={"state": "qualified"}).json()
    assert need["id"] in [n["id"] for n in listed]
    assert {n["state"] for n in listed} == {"qualified"}
    assert client.get("/api/v1/needs").status_code == 401  # not for anonymous visitors


def test_pages_refuse_posts_without_the_csrf_token(client, platform):
    person = accounts.create_person(platform, ADMIN, "a@bv1.be", "A", None)
    person = accounts.grant(
        platform,
        ADMIN,
        person.id,
        Role.BASSIN_ACTOR,
        "BV-001",
        territories.level_of(platform, "BV-001"),
    )
    csrf = session_for(client, platform, person)
    form = {"bassin": "BV-001", "title": "Besoin", "theme": "sante", "urgency": "low"}
    before = snapshot(platform)
    assert client.post("/besoins", data=form, follow_redirects=False).status_code == 403
    assert snapshot(platform) == before
    bad = client.post("/besoins", data={**form, "csrf_token": csrf, "population_count": "beaucoup"})
    assert bad.status_code == 400 and "beaucoup" in bad.text  # the form comes back, explained
    assert snapshot(platform) == before
    done = client.post("/besoins", data={**form, "csrf_token": csrf}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].startswith("/besoins/")


def test_synthesis_visibility_follows_publication_and_audience(client, platform):
    team = accounts.create_person(platform, ADMIN, "t@ols1.be", "T", None)
    team = accounts.grant(
        platform, ADMIN, team.id, Role.OLS_TEAM, "OLS-01", territories.level_of(platform, "OLS-01")
    )
    csrf = session_for(client, platform, team)
    space = client.post(
        "/concertation/BV-001/espaces",
        follow_redirects=False,
        data={"csrf_token": csrf, "name": "Espace du bassin"},
    )
    space_url = space.headers["location"]
    member = client.post(
        space_url + "/membres", data={"csrf_token": csrf, "name": "CPAS", "sector": "cpas"}
    )
    assert member.status_code == 200
    future = client.post(
        space_url + "/reunions", data={"csrf_token": csrf, "held_on": "2999-01-01"}
    )
    assert future.status_code == 400
    meeting = client.post(
        space_url + "/reunions",
        follow_redirects=False,
        data={
            "csrf_token": csrf,
            "held_on": "2026-01-05",
            "notes": "<script>alert(1)</script> Délais",
        },
    )
    meeting_url = meeting.headers["location"]
    synthesis_url = meeting_url + "/synthese"
    page = client.get(synthesis_url)
    assert page.status_code == 200 and "&lt;script&gt;" in page.text  # never raw HTML
    session_for(client, platform, None)
    assert client.get(synthesis_url).status_code == 404  # a draft is not public
    csrf = session_for(client, platform, team)
    version = 1
    published = client.post(
        synthesis_url,
        data={
            "csrf_token": csrf,
            "version": version,
            "synthesis": "## Points clés\n\n- Délais",
            "publish": "1",
        },
    )
    assert published.status_code == 200
    again = client.post(
        synthesis_url, data={"csrf_token": csrf, "version": 2, "synthesis": "réécrit"}
    )
    assert again.status_code == 409  # published: it no longer changes
    session_for(client, platform, None)
    assert client.get(synthesis_url).status_code == 404  # internal: members only
    assert client.get(meeting_url, follow_redirects=False).status_code == 404


def test_the_plan_exports_to_csv_with_one_line_per_action(client, platform):
    team = accounts.create_person(platform, ADMIN, "t@ols1.be", "T", None)
    team = accounts.grant(
        platform, ADMIN, team.id, Role.OLS_TEAM, "OLS-01", territories.level_of(platform, "OLS-01")
    )
    csrf = session_for(client, platform, team)
    plan = client.post(
        "/plans/OLS-01",
        follow_redirects=False,
        data={
            "csrf_token": csrf,
            "title": "Plan 2026-2028",
            "kind": "multi_year",
            "first_year": "2026",
            "last_year": "2028",
        },
    )
    plan_url = plan.headers["location"]
    client.post(plan_url + "/objectifs", data={"csrf_token": csrf, "title": "Accès"})
    client.post(
        plan_url + "/partenaires",
        data={"csrf_token": csrf, "name": "CPAS; Wavre", "sector": "cpas"},
    )
    body = client.get(plan_url).text
    assert "CPAS; Wavre" in body and "Partenaires" in body
    plan_id = plan_url.rsplit("/", 1)[1]
    objective = client.get(f"/api/v1/action-plans/OLS-01/{plan_id}").json()
    assert objective["partners_without_action"] == ["CPAS; Wavre"]
    csv = client.get(plan_url + "/csv")
    assert csv.headers["content-type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("objectif;action;statut;échéance")
    bad_year = client.post(
        "/plans/OLS-01",
        data={
            "csrf_token": csrf,
            "title": "x",
            "kind": "multi_year",
            "first_year": "2026",
            "last_year": "2040",
        },
    )
    assert bad_year.status_code == 400
    pdf = client.get(plan_url + "/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
