"""« Mon espace » per role, a menu without a forbidden link, territory pages linking all."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

from maillage.domain.access import Role
from maillage.web.app import create_app
from tests.accounts_helpers import OWN_OLS, add_person, session_for

SQLITE_ONLY = pytest.mark.parametrize("platform", ["sqlite"], indirect=True)
MENU = re.compile(r'<nav class="main-menu".*?</nav>', re.S)
HOME_LINKS = re.compile(r'<main id="contenu".*?</main>', re.S)
HREF = re.compile(r'href="(/[^"]*)"')


@pytest.fixture
def client(platform):
    with TestClient(create_app(platform)) as test_client:
        yield test_client


def links(html: str, part: re.Pattern[str]) -> list[str]:
    found = part.search(html)
    assert found, "the page has this part"
    return [h.replace("&amp;", "&") for h in HREF.findall(found.group(0))]


@SQLITE_ONLY
def test_every_link_of_the_menu_and_of_the_home_opens_for_each_role(client, platform):
    for role in [None, *Role]:
        person = add_person(platform, f"{role or 'nobody'}@example.be", *([role] if role else []))
        session_for(client, platform, person)
        home = client.get("/mon-espace")
        assert home.status_code == 200, role
        assert "<h1>Mon espace</h1>" in home.text
        menu = links(home.text, MENU)
        groups = home.text.count("<summary>")
        assert 1 <= groups <= 7
        for href in {*menu, *links(home.text, HOME_LINKS)}:
            answer = client.get(href, follow_redirects=False)
            assert answer.status_code == 200, (role, href, answer.status_code)


@SQLITE_ONLY
def test_the_menu_marks_the_current_page_and_offers_a_skip_link(client, platform):
    page = client.get("/repertoire").text
    assert 'href="#contenu"' in page and '<main id="contenu"' in page
    assert '<a href="/repertoire" aria-current="page">' in page
    assert "/orientation" not in links(page, MENU)  # the public may not open it
    assert "/besoins" not in links(page, MENU)


@SQLITE_ONLY
def test_the_ols_team_home_and_api_say_what_waits(client, platform):
    session_for(client, platform, add_person(platform, "lou@example.be", Role.OLS_TEAM))
    page = client.get("/mon-espace").text
    assert "Équipe opérationnelle" in page or "équipe opérationnelle" in page
    assert f"/feuille-de-route/ols/{OWN_OLS}" in page
    assert "Rapport d'activités" in html.unescape(page)
    data = client.get("/api/v1/me/home").json()
    panel = data["panels"][0]
    assert panel["code"] == OWN_OLS and panel["role"] == "ols_team"
    assert any(link["href"] == f"/performance/{OWN_OLS}" for link in panel["links"])


@SQLITE_ONLY
def test_a_territory_page_links_everything_of_its_territory(client, platform):
    session_for(client, platform, add_person(platform, "lou@example.be", Role.OLS_TEAM))
    page = client.get(f"/territoires/{OWN_OLS}").text
    for href in (
        f"/profils/{OWN_OLS}",
        f"/besoins?territoire={OWN_OLS}",
        f"/concertation?territoire={OWN_OLS}",
        f"/projets?territoire={OWN_OLS}",
        "/plans",
        f"/feuille-de-route/ols/{OWN_OLS}",
        f"/performance/{OWN_OLS}",
        "/revisions-bassins",
    ):
        assert f'href="{href}"' in page, href
    client.cookies.clear()
    public = client.get(f"/territoires/{OWN_OLS}").text
    assert f'href="/besoins?territoire={OWN_OLS}"' not in public  # login needed there
    assert f'href="/profils/{OWN_OLS}"' in public
