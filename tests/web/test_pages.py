"""Pages: French by default, labelled zonings, provenance shown, nothing from the internet."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from maillage import i18n
from maillage.web import i18n as web_i18n
from maillage.web.app import create_app

PAGES = [
    "/",
    "/territoires?niveau=commune",
    "/territoires?niveau=bassin",
    "/territoires?niveau=ols",
    "/territoires/03000",
    "/territoires/92094",
    "/territoires/OLS-01",
    "/territoires/BV-001",
    "/decoupages",
    "/decoupages/1",
    "/sources",
    "/api/v1/docs",
]


@pytest.fixture(scope="module")
def client(shared_platform):
    with TestClient(create_app(shared_platform)) as test_client:
        yield test_client


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_offline(client, path):
    response = client.get(path)
    assert response.status_code == 200
    remote = re.findall(r'(?:src|href)="(https?://[^"]+)"', response.text)
    assert remote == []


def test_home_is_in_french_and_labels_the_computed_zoning(client):
    page = client.get("/").text
    assert '<html lang="fr">' in page
    assert "Territoires de la première ligne social-santé en Wallonie" in page
    assert "proposition calculée — non officielle" in page
    assert "3 583 891" in page.replace("\u202f", " ").replace("\xa0", " ")


def test_territory_page_shows_breadcrumb_composition_and_sources(client):
    page = client.get("/territoires/OLS-01").text
    assert "Fil d&#39;Ariane" in page or "Fil d'Ariane" in page
    assert "Wallonie — région de langue française" in page
    assert "Composition" in page
    assert "Statbel" in page and "licence" in page


def test_only_a_complete_language_is_offered(client):
    page = client.get("/?lang=nl").text
    assert '<html lang="fr">' in page and "Kaart" not in page  # Dutch is not complete
    assert 'class="languages"' not in page  # French alone: no switch to show


def test_a_complete_language_can_be_chosen(client, monkeypatch):
    offered = lambda: i18n.LANGUAGES  # noqa: E731 - as if Dutch and German were complete
    monkeypatch.setattr(i18n, "offered_languages", offered)
    monkeypatch.setattr(web_i18n, "offered_languages", offered)
    page = client.get("/?lang=nl").text
    assert '<html lang="nl">' in page and "Kaart" in page
    assert "Karte" in client.get("/", headers={"Accept-Language": "de-BE,de;q=0.9"}).text


def test_unknown_territory_page_is_a_french_404(client):
    response = client.get("/territoires/ZZZ")
    assert response.status_code == 404
    assert "Code de territoire inconnu" in response.text


def test_a_javascript_website_is_refused_in_the_form_and_never_served(platform):
    from sqlalchemy import update

    from maillage.domain.access import Role
    from maillage.store.models import TerritorySheetRow
    from tests.accounts_helpers import add_person, login

    with TestClient(create_app(platform)) as client:
        add_person(platform, "fiche@example.be", Role.OLS_TEAM)
        csrf = login(client, "fiche@example.be")
        refused = client.post(
            "/territoires/OLS-01/fiche",
            data={"version": "0", "website": "javascript:alert(1)", "csrf_token": csrf},
        )
        assert refused.status_code == 400 and "http:// ou https://" in refused.text
        api = client.put(
            "/api/v1/territories/OLS-01/sheet",
            headers={"X-CSRF-Token": csrf},
            json={"version": 0, "website": "javascript:alert(1)"},
        )
        assert api.status_code == 400
        saved = client.put(
            "/api/v1/territories/OLS-01/sheet",
            headers={"X-CSRF-Token": csrf},
            json={"version": 0, "website": "https://ols.example.be"},
        )
        assert saved.status_code == 200
        with platform.sessions() as session, session.begin():  # stored before the rule
            session.execute(update(TerritorySheetRow).values(website="javascript:alert(1)"))
        assert client.get("/api/v1/territories/OLS-01/sheet").json()["website"] == ""
        assert "javascript:" not in client.get("/territoires/OLS-01").text
