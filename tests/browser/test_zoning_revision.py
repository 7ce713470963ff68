"""Acceptance: an OLS team reshapes its bassins in the browser, the administration validates.

Runs last among the browser tests (it activates a new zoning on the shared database).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from maillage.domain.access import Role
from maillage.services import bassin_draft_views, territories, zonings
from tests.browser.test_needs_flow import add_person_in, session_of

pytestmark = pytest.mark.browser


def a_move_that_breaks_contiguity(platform):
    """(commune, its bassin, a bassin of the same OLS the commune does not touch)."""
    graph = bassin_draft_views.contiguity(platform)
    tree = territories.list_territories(platform, territories.Level.BASSIN)
    bassins = [t.code for t, parent in tree.items if parent and parent.code == "OLS-01"]
    names = {
        t.code: t.name
        for t, _p in territories.list_territories(platform, territories.Level.COMMUNE).items
    }
    members = {b: territories.communes_of(platform, b) for b in bassins}
    of = {c: b for b, communes in members.items() for c in communes}
    for source, communes in members.items():
        if len(communes) < 2:
            continue
        for commune in communes:
            touching = {of.get(n) for n in graph.neighbors(commune)}
            for target in bassins:
                if target not in touching and target != source:
                    return (commune, names[commune]), source, target
    raise AssertionError("no such move in OLS-01")


def test_a_team_moves_a_commune_submits_and_the_administration_validates(
    browser, live_server, sqlite_platform
):
    add_person_in(sqlite_platform, "revision.ols1@example.be", Role.OLS_TEAM, "OLS-01")
    add_person_in(sqlite_platform, "revision.aviq@example.be", Role.ADMINISTRATION, "03000")
    before = zonings.get_zoning(sqlite_platform)
    commune, source, target = a_move_that_breaks_contiguity(sqlite_platform)
    with session_of(browser, live_server, "revision.ols1@example.be") as page:
        page.goto(live_server + "/revisions-bassins")
        page.get_by_role("button", name=re.compile("Proposer une modification")).click()
        expect(page).to_have_url(re.compile(r"/revisions-bassins/OLS-01/\d+$"))
        draft_url = page.url
        expect(page.locator("#draft-map[data-ready=true]")).to_be_attached()
        source_population = page.get_by_test_id(f"population-{source}").inner_text()
        target_population = page.get_by_test_id(f"population-{target}").inner_text()
        expect(page.get_by_test_id(f"checks-{target}")).not_to_contain_text("non contigu")
        form = page.get_by_test_id("move-form")
        form.get_by_label("Commune").select_option(commune[0])
        form.get_by_label("vers le bassin").select_option(target)
        form.get_by_role("button", name="Déplacer").click()
        # htmx swaps the body: populations, contiguity and the diff change without a reload
        expect(page.get_by_test_id(f"population-{target}")).not_to_have_text(target_population)
        expect(page.get_by_test_id(f"population-{source}")).not_to_have_text(source_population)
        expect(page.get_by_test_id(f"checks-{target}")).to_contain_text("non contigu")
        expect(page.get_by_test_id("draft-diff")).to_contain_text(commune[1])
        assert page.url == draft_url
        page.get_by_test_id("submit-draft").click()
        expect(page.get_by_test_id("draft-state")).to_have_text("soumise à l’administration")
    with session_of(browser, live_server, "revision.aviq@example.be") as page:
        page.goto(draft_url)
        page.get_by_test_id("validate-draft").click()
        expect(page.get_by_test_id("draft-state")).to_have_text("validée et activée")
        page.goto(live_server + "/decoupages")
        table = page.locator("table.data")
        expect(table).to_contain_text(before.name)
        active_row = table.locator("tr", has_text="révision OLS-01")
        expect(active_row).to_contain_text("✓")
        expect(table.locator("tr", has_text=before.name).first).not_to_contain_text("✓")
    assert zonings.get_zoning(sqlite_platform).id != before.id
