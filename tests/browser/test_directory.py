"""Page flows of the directory: search, open a service, map; the orientation line."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from maillage.domain.access import Role
from maillage.services import orientation
from tests.accounts_helpers import add_person
from tests.browser.test_accounts import log_in

pytestmark = pytest.mark.browser


def test_search_text_filter_near_a_commune_open_a_service_and_see_it_on_the_map(page, live_server):
    page.goto(live_server + "/repertoire")
    page.get_by_label("Que cherchez-vous ?").fill("pharmacie")
    page.get_by_label("Type de service").select_option("pharmacie")
    page.get_by_label("Près de la commune").select_option(label="Namur")
    page.get_by_label("dans un rayon de (km)").fill("5")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.locator(".result-count")).to_contain_text("services trouvés")
    expect(page.locator(".result-count")).to_contain_text("triés par distance")
    expect(page.locator("#services-map[data-ready=true]")).to_be_visible(timeout=15_000)
    shown = page.locator(".service-item").count()
    assert shown == 20
    expect(page.locator("path.service-marker")).to_have_count(20)
    first = page.locator(".service-item .service-name").first
    name = first.inner_text()
    first.click()
    expect(page).to_have_url(re.compile(r"/repertoire/services/"))
    expect(page.locator("h1")).to_have_text(name)
    expect(page.locator("main")).to_contain_text("ODbL")
    expect(page.locator("#services-map[data-ready=true]")).to_be_visible(timeout=15_000)
    expect(page.locator("path.service-marker")).to_have_count(1)
    page.locator("path.service-marker").hover()
    expect(page.locator(".leaflet-tooltip")).to_contain_text(name)


def test_coverage_map_colours_bassins_and_lists_zones_blanches(page, live_server):
    page.goto(live_server + "/repertoire/couverture?type=hopital-general")
    expect(page.locator("#coverage-map[data-ready=true]")).to_be_visible(timeout=15_000)
    expect(page.locator("path.coverage-shape")).to_have_count(84)
    blank = page.locator("ul.blank-zones li").count()
    assert blank > 0
    expect(page.locator("path.coverage-shape.density-blank")).to_have_count(blank)


def test_the_orientation_flow_records_a_no_suitable_service_request(
    page, live_server, sqlite_platform
):
    add_person(sqlite_platform, "ligne.orientation@example.be", Role.ORIENTATION_OPERATOR)
    before = orientation.signals(sqlite_platform).outcomes.get("no_suitable_service", 0)
    log_in(page, live_server, "ligne.orientation@example.be")
    page.goto(live_server + "/orientation")
    needs = page.get_by_test_id("orientation-needs")  # boxes to tick, no Ctrl-click
    for code in ("abri-nuit", "service-social"):
        needs.locator(f"input[value={code}]").check()
    page.get_by_label("Commune").select_option(label="Dinant")
    page.get_by_label("Mobilité").select_option("walking")
    page.get_by_label("Langue parlée").select_option("fr")
    page.get_by_role("button", name="Chercher des services").click()
    expect(page.locator("h2")).to_contain_text("Services suggérés près de Dinant")
    page.get_by_role("button", name="Aucun service adapté").click()
    expect(page.locator(".notice")).to_contain_text("enregistrée")
    report = orientation.signals(sqlite_platform)
    assert report.outcomes["no_suitable_service"] == before + 1
    page.goto(live_server + "/orientation/signaux")
    row = page.locator("table.signals tr", has_text="abri de nuit")
    expect(row.first).to_be_visible()


def test_a_service_is_shown_in_its_commune_among_its_named_neighbours(page, live_server):
    page.goto(live_server + "/repertoire?q=pharmacie&type=pharmacie&pres_de=92094&rayon=3")
    page.locator(".service-item .service-name").first.click()
    expect(page.locator("#services-map[data-ready=true]")).to_be_visible(timeout=15_000)
    expect(page.locator("path.service-commune")).to_have_count(1)
    labels = page.locator("#services-map .commune-label")
    assert labels.count() >= 4  # the commune and its neighbours, named
    expect(page.locator("#services-map")).to_contain_text("Namur")
    expect(page.locator("#services-map .leaflet-control-scale")).to_be_visible()
    expect(page.locator("#services-map path.province-border").first).to_be_attached()
