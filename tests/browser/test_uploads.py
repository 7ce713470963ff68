"""Page flows of data loaded through the web: indicator values and directory files, each
uploaded, previewed, confirmed, then seen where people look for them."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from maillage.domain.access import Role
from maillage.domain.actors import Actor
from maillage.services import indicator_loading
from tests.accounts_helpers import PASSWORD, add_person
from tests.browser.test_accessibility import severe_violations
from tests.services.test_directory import template
from tests.services.test_indicators import TEST_INDICATOR

pytestmark = pytest.mark.browser

CSV = "text/csv"


def log_in(page, live_server, email):
    """Log in and land on « Mon espace »."""
    page.goto(live_server + "/connexion")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(re.compile(r"/mon-espace$"))


def test_the_administration_loads_indicator_values_after_a_preview(
    page, live_server, sqlite_platform, tmp_path
):
    # An indicator of its own, so that the shared database's catalogue stays as it was.
    first = tmp_path / "first.csv"
    first.write_text("refnis,period,numerator,denominator\n92094,2024,10,1000\n", encoding="utf-8")
    indicator_loading.load_file(
        sqlite_platform, Actor(None, "test", "127.0.0.1"), first, TEST_INDICATOR
    )
    add_person(sqlite_platform, "donnees.aviq@example.be", Role.ADMINISTRATION)
    log_in(page, live_server, "donnees.aviq@example.be")
    menu = page.get_by_role("navigation", name="Menu principal")
    menu.get_by_text("Santé de la population").click()
    menu.get_by_role("link", name="Charger des valeurs d’indicateur").click()
    expect(page).to_have_url(re.compile(r"/indicateurs/envoi$"))
    assert severe_violations(page) == []
    form = page.get_by_test_id("values-upload-form")
    form.get_by_label("Indicateur").select_option(TEST_INDICATOR.id)
    content = "refnis;period;numerator;denominator\n92094;2024;25;1000\n91114;2024;3;300\n"
    form.get_by_label("Fichier (CSV ou XLSX)").set_input_files(
        {"name": "diabete.csv", "mimeType": CSV, "buffer": content.encode()}
    )
    form.get_by_role("button", name="Vérifier le fichier").click()
    preview = page.get_by_test_id("values-preview")
    expect(preview.locator("tbody tr")).to_have_count(1)
    expect(preview.locator("tbody td")).to_have_text(["1", "1", "0", "0"])
    expect(page.get_by_test_id("values-samples")).to_contain_text("Namur")
    assert severe_violations(page) == []
    page.get_by_role("button", name="Enregistrer ces valeurs").click()
    expect(page.get_by_test_id("indicator-loaded")).to_contain_text("2 valeurs")
    page.get_by_role("link", name="Les valeurs par commune (JSON)").click()
    expect(page.locator("body")).to_contain_text('"numerator":25.0')


def test_an_ols_team_imports_the_directory_template_after_a_preview(
    page, live_server, sqlite_platform
):
    add_person(sqlite_platform, "curation.ols@example.be", Role.OLS_TEAM)
    log_in(page, live_server, "curation.ols@example.be")
    menu = page.get_by_role("navigation", name="Menu principal")
    menu.get_by_text("Offre", exact=True).click()
    menu.get_by_role("link", name="Importer des fichiers du répertoire").click()
    expect(page).to_have_url(re.compile(r"/repertoire/envoi$"))
    assert severe_violations(page) == []
    content = template(rows=2).replace("Permanence sociale", "Écrivain public navigateur")
    form = page.get_by_test_id("directory-upload-form")
    form.get_by_label("Fichier (.json, .zip, .csv ou .xlsx)").set_input_files(
        {"name": "ecrivains.csv", "mimeType": CSV, "buffer": content.encode()}
    )
    form.get_by_label("Nom de la source").fill("Écrivains publics")
    form.get_by_role("button", name="Vérifier le fichier").click()
    expect(page.get_by_test_id("directory-preview").locator("td")).to_have_text(
        ["2", "0", "0", "0"]
    )
    expect(page.get_by_test_id("directory-added")).to_contain_text("Écrivain public navigateur 1")
    assert severe_violations(page) == []
    page.get_by_role("button", name="Importer ces services").click()
    expect(page.get_by_test_id("directory-imported")).to_contain_text("2 services créés")
    page.get_by_role("link", name="Chercher dans le répertoire").click()
    page.get_by_label("Que cherchez-vous ?").fill("écrivain public navigateur")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.locator(".service-item")).to_have_count(2)
    expect(page.locator("main")).to_contain_text("Écrivains publics")
