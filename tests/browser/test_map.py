"""The home map: 261 commune shapes, hover for name and population, click to open."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_home_map_draws_every_commune_and_opens_one(page, live_server):
    page.goto(live_server + "/")
    expect(page.locator("#map[data-ready=true]")).to_be_visible(timeout=15_000)
    expect(page.locator("path.commune-shape")).to_have_count(261)
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
    expect(page.locator("nav.breadcrumb")).to_contain_text("Région wallonne")


def test_territory_page_map_focuses_the_bassin_and_links_down(page, live_server):
    page.goto(live_server + "/territoires/BV-001")
    expect(page.locator("#map[data-ready=true]")).to_be_visible(timeout=15_000)
    expect(page.locator("h1")).to_contain_text("Bassin calculé")
    page.locator("table.data a").first.click()
    expect(page.locator("h1 .level")).to_contain_text("commune")
