"""The home map: 252 commune shapes of the reform and the nine German-language communes
drawn apart; hover for name and population, click to open."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_home_map_draws_every_commune_and_opens_one(page, live_server):
    page.goto(live_server + "/")
    expect(page.locator("#map[data-ready=true]")).to_be_visible(timeout=15_000)
    expect(page.locator("path.commune-shape")).to_have_count(252)
    assert page.locator("path.bassin-outline").count() > 50
    assert page.locator("path.ols-outline").count() == 10

    namur = page.locator("path.commune-92094")
    namur.hover()
    expect(page.locator(".commune-tooltip")).to_contain_text("Namur")
    expect(page.locator(".commune-tooltip")).to_contain_text("112")

    namur.click()
    expect(page).to_have_url(re.compile(r"/territoires/92094$"))
    expect(page.locator("h1")).to_contain_text("Namur")
    expect(page.locator(".zoning-label")).to_have_text("proposition calculée — non officielle")
    expect(page.locator("nav.breadcrumb")).to_contain_text("Wallonie — région de langue française")


def test_home_map_names_towns_and_ols_draws_provinces_and_a_scale(page, live_server):
    page.goto(live_server + "/")
    expect(page.locator("#map[data-ready=true]")).to_be_visible(timeout=15_000)
    expect(page.locator("path.province-border")).to_have_count(5)
    expect(page.locator("#map .ols-label")).to_have_count(10)
    towns = page.locator("#map .town-label")
    assert towns.count() >= 15
    for name in ("Charleroi", "Liège", "Namur", "Mons", "Arlon"):
        expect(towns.filter(has_text=name).first).to_be_attached()
    scale = page.locator("#map .leaflet-control-scale-line")
    expect(scale).to_be_visible()
    expect(scale).to_have_text(re.compile(r"^\d+ k?m$"))


OUTSIDE = "Communauté germanophone — hors réforme (compétence propre)"
GERMAN_LANGUAGE = ("63001", "63012", "63013", "63023", "63040", "63048", "63061", "63067", "63087")


def test_home_map_draws_the_german_language_communes_outside_the_reform(page, live_server):
    page.goto(live_server + "/")
    expect(page.locator("#map[data-ready=true]")).to_be_visible(timeout=15_000)
    expect(page.locator("path.commune-outside")).to_have_count(9)
    for code in GERMAN_LANGUAGE:
        shape = page.locator(f"path.commune-{code}")
        expect(shape).to_have_count(1)
        expect(shape).to_have_class(re.compile(r"\bcommune-outside\b"))
        expect(shape).not_to_have_class(re.compile(r"\bcommune-shape\b"))
    expect(page.locator("[data-testid=map-legend-outside]")).to_have_text(OUTSIDE)
    expect(page.locator("aside ul.legend")).to_have_text(OUTSIDE)

    sankt_vith = page.locator("path.commune-63067")
    sankt_vith.hover()
    # A neighbour's tooltip may linger while the map settles; the one asked for is there.
    tooltip = page.locator(".commune-tooltip", has_text="Saint-Vith")
    expect(tooltip).to_contain_text("hors réforme")
    sankt_vith.click()
    expect(page).to_have_url(re.compile(r"/territoires/63067$"))
    expect(page.locator("[data-testid=outside-reform]")).to_have_text(OUTSIDE)


def test_territory_page_map_focuses_the_bassin_and_links_down(page, live_server):
    page.goto(live_server + "/territoires/BV-001")
    expect(page.locator("#map[data-ready=true]")).to_be_visible(timeout=15_000)
    expect(page.locator("h1")).to_contain_text("Bassin calculé")
    page.locator("table.data a").first.click()
    expect(page.locator("h1 .level")).to_contain_text("commune")
