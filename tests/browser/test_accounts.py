"""Page flows of accounts: log in, edit one's sheet, meet a conflict, administer people."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from maillage.domain.access import Role
from tests.accounts_helpers import PASSWORD, add_person

pytestmark = pytest.mark.browser


def log_in(page, live_server, email):
    page.goto(live_server + "/connexion")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(re.compile(r"/mon-espace$"))  # login lands on « Mon espace »


def test_ols_team_edits_its_sheet_and_a_stale_tab_gets_a_conflict(
    page, browser, live_server, sqlite_platform
):
    add_person(sqlite_platform, "equipe.ols1@example.be", Role.OLS_TEAM)
    log_in(page, live_server, "equipe.ols1@example.be")
    expect(page.locator("main h2").first).to_contain_text("Équipe opérationnelle d'OLS")

    page.goto(live_server + "/territoires/OLS-01")
    page.get_by_role("link", name="Modifier").click()
    stale = page.context.new_page()
    stale.goto(page.url)  # a second tab opened on the same version

    page.get_by_label("Présentation").fill("Équipe de facilitation de la zone 1.")
    page.get_by_label("Note interne (membres uniquement)").fill("Réunion le 3 décembre.")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page).to_have_url(re.compile(r"/territoires/OLS-01$"))
    expect(page.locator(".sheet")).to_contain_text("Équipe de facilitation de la zone 1.")
    expect(page.locator(".sheet .internal")).to_contain_text("Réunion le 3 décembre.")

    stale.get_by_label("Présentation").fill("Texte concurrent")
    stale.get_by_role("button", name="Enregistrer").click()
    expect(stale.locator(".error-message")).to_contain_text("modifié par quelqu'un d'autre")
    expect(stale.locator(".error-message")).to_contain_text("Équipe de facilitation")
    stale.close()

    # Out of scope: another OLS shows no edit link and refuses the form.
    page.goto(live_server + "/territoires/OLS-10")
    expect(page.get_by_role("link", name="Modifier")).to_have_count(0)
    response = page.goto(live_server + "/territoires/OLS-10/fiche")
    assert response.status == 403


def test_public_reader_sees_the_sheet_but_not_the_internal_note(
    browser, live_server, sqlite_platform
):
    from maillage.domain.actors import Actor
    from maillage.services import sheets

    sheets.update_sheet(
        sqlite_platform,
        Actor.system(),
        "BV-002",
        0,
        {"presentation": "Bassin rural", "internal_note": "Confidentiel"},
    )
    context = browser.new_context(locale="fr-BE")
    anonymous = context.new_page()
    anonymous.goto(live_server + "/territoires/BV-002")
    expect(anonymous.locator(".sheet")).to_contain_text("Bassin rural")
    expect(anonymous.locator(".sheet")).not_to_contain_text("Confidentiel")
    anonymous.goto(live_server + "/compte")
    expect(anonymous).to_have_url(re.compile(r"/connexion\?suivant=/compte$"))
    context.close()


def test_admin_creates_a_person_grants_a_role_and_reads_the_trail(
    page, live_server, sqlite_platform
):
    add_person(sqlite_platform, "admin.plateforme@example.be", Role.PLATFORM_ADMIN)
    log_in(page, live_server, "admin.plateforme@example.be")
    menu = page.get_by_role("navigation", name="Menu principal")
    menu.get_by_text("Administration", exact=True).click()
    menu.get_by_role("link", name="Personnes").click()
    page.get_by_label("Adresse e-mail").fill("nouvelle.actrice@example.be")
    page.get_by_label("Nom d'affichage").fill("Nouvelle actrice")
    page.get_by_role("button", name="Créer le compte").click()
    expect(page.locator(".notice")).to_contain_text("Mot de passe temporaire")
    page.get_by_label("Rôle").select_option("bassin_actor")
    page.get_by_label("Code du territoire").fill("BV-003")
    page.get_by_role("button", name="Attribuer").click()
    expect(page.locator("table.data")).to_contain_text("BV-003")
    page.goto(live_server + "/admin/journal")
    expect(page.locator("table.audit")).to_contain_text("Création — personne")
    expect(page.locator("table.audit")).to_contain_text("« Nouvelle actrice »")
    expect(page.locator("table.audit")).to_contain_text("« acteur de bassin » sur BV-003")
