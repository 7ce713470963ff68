"""A directory record written in the browser: placed with a click on the map, edited,
then verified by a curator of its territory; the quality page lists it meanwhile."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from maillage.domain.access import Role
from tests.accounts_helpers import add_person
from tests.browser.test_accounts import log_in

pytestmark = pytest.mark.browser


def test_a_governance_member_proposes_a_record_and_the_team_verifies_it(
    page, browser, live_server, sqlite_platform
):
    add_person(sqlite_platform, "gouvernance.ols1@example.be", Role.OLS_GOVERNANCE)
    add_person(sqlite_platform, "curatrice.ols1@example.be", Role.OLS_TEAM)
    log_in(page, live_server, "gouvernance.ols1@example.be")
    page.goto(live_server + "/repertoire/services/nouveau")
    form = page.get_by_test_id("record-form")
    form.get_by_label("Nom du service").fill("Épicerie sociale du Chenois")
    form.get_by_label("Nom de l’organisation").fill("Asbl Le Panier")
    types = form.get_by_test_id("record-terms")
    types.get_by_label("Filtrer la liste").fill("social")
    types.locator("input[value=service-social]").check()
    form.get_by_label("Plages d’ouverture").fill("mardi 09:00-12:00\nvendredi 14h-17h")
    form.get_by_test_id("record-languages").get_by_label("fr", exact=True).check()
    record_map = form.get_by_test_id("record-map")
    expect(record_map).to_have_attribute("data-ready", "true")
    form.get_by_label("Commune").select_option(label="Braine-l'Alleud")  # the map zooms there
    page.wait_for_timeout(600)  # the zoom's animation
    record_map.click()  # the point: where the service is
    expect(form.get_by_label("Latitude")).not_to_have_value("")
    latitude = float(form.get_by_label("Latitude").input_value())
    assert 50.6 < latitude < 50.75
    form.get_by_role("button", name="Enregistrer la fiche").click()

    expect(page).to_have_url(re.compile(r"/repertoire/services/web-[0-9a-f]+$"))
    service_url = page.url
    expect(page.locator("h1")).to_have_text("Épicerie sociale du Chenois")
    expect(page.get_by_test_id("awaiting-review")).to_contain_text("À vérifier")
    page.get_by_role("link", name="Modifier la fiche").click()
    page.get_by_label("Nom du service").fill("Épicerie sociale « Le Panier »")
    page.get_by_role("button", name="Enregistrer la fiche").click()
    expect(page.locator("h1")).to_have_text("Épicerie sociale « Le Panier »")

    curator = browser.new_context(locale="fr-BE", viewport={"width": 1280, "height": 900})
    team = curator.new_page()
    log_in(team, live_server, "curatrice.ols1@example.be")
    team.goto(live_server + "/repertoire/qualite")
    row = team.get_by_test_id("awaiting-review").locator("tr", has_text="Le Panier")
    expect(row).to_contain_text("gouvernance.ols1")
    row.get_by_role("button", name="Vérifiée").click()
    expect(team.get_by_test_id("awaiting-review")).not_to_contain_text("Le Panier")
    team.goto(service_url)
    expect(team.get_by_test_id("last-verified")).to_contain_text("par curatrice.ols1")
    expect(team.get_by_test_id("awaiting-review")).to_have_count(0)
    curator.close()
