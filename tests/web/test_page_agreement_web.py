"""Pages that agree with themselves for every reader (issue 21, point 11): counts and lists
tell the same story, the form asks instead of preselecting, destructive actions confirm."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

from maillage.domain.access import Role
from maillage.web.app import create_app
from tests.accounts_helpers import add_person, session_for


@pytest.fixture
def client(platform):
    with TestClient(create_app(platform)) as test_client:
        yield test_client


def text_of(client: TestClient, url: str, **params: str) -> str:
    response = client.get(url, params=params)
    assert response.status_code == 200, url
    return html.unescape(response.text)


def test_a_space_says_why_a_counted_meeting_is_not_listed(client, platform):
    team = add_person(platform, "team@ols1.be", Role.OLS_TEAM)
    csrf = session_for(client, platform, team)
    space = client.post(
        "/concertation/BV-001/espaces",
        follow_redirects=False,
        data={"csrf_token": csrf, "name": "Espace de travail"},
    ).headers["location"]
    client.post(space + "/reunions", data={"csrf_token": csrf, "held_on": "2026-01-05"})
    as_team = text_of(client, space)
    assert "/reunions/" in as_team and 'data-testid="hidden-meetings"' not in as_team
    session_for(client, platform, None)
    outside = text_of(client, space)
    assert "Aucune réunion à afficher" not in outside
    assert "1 réunion de cet espace est comptée ci-dessus mais n’est pas listée ici" in outside
    assert "sa synthèse n’est pas encore publiée" in outside


def test_the_roadmap_counts_its_steps_and_choices_the_same_way_throughout(client, platform):
    page = text_of(client, "/feuille-de-route", **{"etape-1": "1", "etape-5.1": "2"})
    assert "9 étapes clés, 11 choix de scénario" in page
    assert "neuf étapes" not in page.split("<footer")[0].split("</h1>")[0]
    assert "Scénario choisi pour 2 des 11 étapes et sous-étapes qui en proposent" in page


def test_the_raise_form_asks_for_the_theme(client, platform):
    session_for(client, platform, add_person(platform, "a@bv1.be", Role.BASSIN_ACTOR))
    page = text_of(client, "/besoins")
    form = page.split('data-testid="need-form"')[1].split("</form>")[0]
    theme = form.split('name="theme"')[1].split("</select>")[0]
    assert re.search(r'<option value="" selected>— choisir le thème —</option>', theme)
    assert theme.count("selected") == 1


def test_leaving_a_space_and_removing_a_role_are_destructive_and_confirmed(client, platform):
    admin = add_person(platform, "admin@x.be", Role.PLATFORM_ADMIN)
    team = add_person(platform, "team@ols1.be", Role.OLS_TEAM)
    csrf = session_for(client, platform, team)
    space = client.post(
        "/concertation/BV-001/espaces",
        follow_redirects=False,
        data={"csrf_token": csrf, "name": "Espace de travail"},
    ).headers["location"]
    client.post(space + "/membres", data={"csrf_token": csrf, "name": "CPAS", "sector": "cpas"})
    page = text_of(client, space)
    leave = page.split('<details class="confirm"')[1].split("</details>")[0]
    assert "<summary>A quitté l'espace</summary>" in leave  # a first click only asks
    assert "Noter que « CPAS » a quitté l’espace ?" in leave
    assert '<button type="submit" class="danger">Oui, noter le départ</button>' in leave
    session_for(client, platform, admin)
    person = text_of(client, f"/admin/personnes/{team.id}")
    remove = person.split('<details class="confirm"')[1].split("</details>")[0]
    assert "<summary>Retirer</summary>" in remove
    assert "Retirer le rôle « " in remove and "sur OLS-01 ?" in remove
    assert 'class="danger">Oui, retirer le rôle</button>' in remove
