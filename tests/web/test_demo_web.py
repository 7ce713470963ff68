"""The demo on a database set up as ``maillage init`` does: every page of the needs cycle
shows labelled demonstration content, and the shortage page opens on a named rule."""

from __future__ import annotations

import html
from datetime import date

import pytest
from fastapi.testclient import TestClient

from maillage.domain.access import Role
from maillage.web.app import create_app
from tests.accounts_helpers import add_person, session_for

LABEL = "données de démonstration"


class ReadingClient(TestClient):
    """A test client whose pages read as a person reads them (entities decoded)."""

    def page(self, url: str, **params: str) -> str:
        response = self.get(url, params=params)
        assert response.status_code == 200, url
        return html.unescape(response.text)


@pytest.fixture
def client(platform):
    with ReadingClient(create_app(platform)) as test_client:
        yield test_client


def test_the_demo_need_travels_from_two_bassins_to_the_forum_answer(client, platform):
    session_for(client, platform, add_person(platform, "team@ols1.be", Role.OLS_TEAM))
    compiled = client.page("/compilation")
    assert "Pas de solution de garde le week-end" in compiled
    assert "Délais d'attente en santé mentale" in compiled
    assert LABEL in compiled
    assert "Pas de solution de garde le week-end" in client.page("/besoins", etat="answered")
    assert "Personnes âgées sans relais de garde" in client.page("/besoins", etat="merged")


def test_plans_performance_and_report_show_labelled_demo_content(client, platform):
    session_for(client, platform, add_person(platform, "team@ols1.be", Role.OLS_TEAM))
    plans = client.page("/plans")
    assert "Plan d'action de l'OLS — exemple fictif" in plans and LABEL in plans
    plan = client.page("/plans/OLS-01/" + plans.split('href="/plans/OLS-01/')[1].split('"')[0])
    assert "Étudier un poste de garde partagé" in plan
    assert "Cercle de médecine générale (exemple)" in plan
    framework = client.page("/performance/OLS-01")
    assert "Personnes de 80 ans et plus suivies à domicile (exemple fictif)" in framework
    first = max(2024, date.today().year - 2)
    assert "Auto-évaluation fictive de démonstration" in framework
    assert str(first) in framework and str(first + 1) in framework
    report = client.page(f"/rapports/OLS-01/{date.today().year}")
    assert "Plan d'action de l'OLS — exemple fictif" in report
    assert "démonstration" in report


def test_the_demo_synthesis_is_published_for_everyone(client, platform):
    session_for(client, platform, None)
    spaces = client.page("/concertation", territoire="BV-001")
    space = client.page(
        "/concertation/BV-001/" + spaces.split('href="/concertation/BV-001/')[1].split('"')[0]
    )
    assert "Continuité des soins le week-end" in space
    assert "Aucune réunion à afficher" not in space


def test_the_shortage_page_opens_on_the_federal_rule_and_names_it(client, platform):
    page = client.page("/acces")
    assert "Critère de pénurie : Zones prioritaires de médecine générale" in page
    assert 'value="federal-2012" selected' in page
    assert "vos seuils" in client.page("/acces", critere="", seuil="9")


def test_demo_gp_density_is_of_the_published_order_and_cited(client, platform):
    page = client.page("/acces")
    figure = page.split('data-testid="region-access">')[1].split("<")[0]
    assert 7 <= float(figure.replace(",", ".")) <= 12
    sources = client.page("/sources")
    assert "9,5 pour 10 000" in sources and "non vérifié" in sources
