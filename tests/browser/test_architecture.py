"""The flow diagrams and the trajectory builder, driven in Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from maillage.services import architecture

pytestmark = pytest.mark.browser


def test_diagrams_draw_one_node_per_structure_and_highlight_a_structures_flows(
    browser, live_server, sqlite_platform
):
    structures = len(architecture.current(sqlite_platform).structures)
    context = browser.new_context(locale="fr-BE", viewport={"width": 1300, "height": 900})
    page = context.new_page()
    outside: list[str] = []
    page.on(
        "request", lambda r: outside.append(r.url) if not r.url.startswith(live_server) else None
    )
    try:
        for kind in ("tous", "accountability", "information", "human_resources"):
            page.goto(f"{live_server}/architecture?flux={kind}")
            diagram = page.locator("[data-testid=flow-diagram] svg.flow-diagram")
            expect(diagram).to_be_visible()
            expect(diagram.locator("g.structure")).to_have_count(structures)
            assert diagram.evaluate("svg => svg.getBBox().width") > 600
        # PSS is absent from every diagram: drawn dashed, with no arrow.
        expect(page.locator("g.structure.absent[data-structure=pss]")).to_have_count(1)
        page.goto(f"{live_server}/architecture?flux=information")
        page.locator("g.structure[data-structure=ols] a").click()
        expect(page.get_by_test_id("focus-panel")).to_contain_text("Organisations locorégionales")
        focused = page.locator("path.flow.focus")
        assert focused.count() >= 6
        assert (
            page.locator("path.flow.focus[data-from=pas], path.flow.focus[data-to=pas]").count()
            == 0
        )
        expect(page.locator("g.structure.dim[data-structure=pss]")).to_have_count(1)
        expect(page.get_by_test_id("findings")).to_contain_text(
            "L’OLS est le pivot entre les bassins de vie et le niveau macro"
        )
    finally:
        context.close()
    assert outside == [], f"the page tried to reach the internet: {outside}"


def test_a_trajectory_is_built_and_an_inconsistency_is_flagged(browser, live_server):
    context = browser.new_context(locale="fr-BE", viewport={"width": 1300, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{live_server}/feuille-de-route")
        evaluation = page.get_by_test_id("evaluation")
        expect(evaluation).not_to_contain_text("incohérent")
        page.get_by_test_id("choice-6-2").check()
        page.get_by_test_id("choice-4-2").check()
        expect(evaluation).to_contain_text("Aucune incohérence")
        page.get_by_test_id("choice-7-1").check()  # a coordinator with cooperation
        flag = evaluation.locator("[data-testid=flag][data-severity=inconsistent]")
        expect(flag).to_have_count(1)
        expect(flag).to_contain_text("va de pair avec l'étape 6")
        expect(flag).to_contain_text("Compétences portées par le coordinateur")
        expect(flag).to_contain_text(
            "« Le premier scénario va de pair avec un modèle de "
            "gouvernance basé sur la coordination"
        )
        # The trajectory is in the address: it can be shared as a link.
        expect(page).to_have_url(re.compile(r"etape-6=2.*etape-7=1"))
        page.get_by_test_id("choice-7-2").check()  # the multidisciplinary team instead
        expect(flag).to_have_count(0)
        expect(evaluation).to_contain_text("Souplesse")
    finally:
        context.close()
