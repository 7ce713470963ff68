"""Page flows of offer-versus-need analysis: accessibility map, budget sharing."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_access_map_for_pharmacies_with_the_federal_criteria(page, live_server):
    page.goto(live_server + "/acces")
    form = page.get_by_test_id("access-form")
    form.get_by_label("Type de service").select_option("pharmacie")
    form.get_by_label("Critères de pénurie").select_option("federal-2012")
    form.get_by_role("button", name="Calculer").click()
    expect(page.locator("[data-testid=access-map] path")).to_have_count(252 + 9)  # 9 outside
    expect(page.get_by_test_id("shortage-table")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Arrêté royal du 23 mars 2012")
    assert "type=pharmacie" in page.url and "critere=federal-2012" in page.url


def test_budget_shared_three_ways_adds_up(page, live_server):
    page.goto(live_server + "/allocation")
    form = page.get_by_test_id("allocation-form")
    form.get_by_label("Budget (€)").fill("1234567.89")
    form.get_by_label("Entre").select_option("bassin")
    form.get_by_role("button", name="Comparer").click()
    expect(page.get_by_test_id("allocation-table").locator("tbody tr")).to_have_count(84)
    for method in ("equal_per_capita", "need_weighted", "floor_plus_need"):
        expect(page.get_by_test_id(f"total-{method}")).to_have_text("1\u202f234\u202f567,89")
    expect(page.locator("main")).to_contain_text("Proposition calculée — non officielle")
