"""Page flows of territory profiles: an ad-hoc territory, the PDF, field observations."""

from __future__ import annotations

import io
import re

import pypdfium2
import pytest
from playwright.sync_api import expect

from maillage.domain.access import Role
from tests.accounts_helpers import add_person
from tests.browser.test_accounts import log_in

pytestmark = pytest.mark.browser

CHOSEN = {"92094": "Namur", "91034": "Dinant", "92003": "Andenne"}


def test_an_adhoc_territory_of_three_communes_gets_its_profile(page, live_server):
    page.goto(live_server + "/profils")
    communes = page.get_by_test_id("adhoc-communes-select")
    communes.get_by_label("Filtrer la liste").fill("dinan")  # the filter box narrows the list
    expect(communes.get_by_label("Namur (92094)")).to_be_hidden()
    communes.get_by_label("Dinant (91034)").check()
    communes.get_by_label("Filtrer la liste").fill("")
    communes.get_by_label("Namur (92094)").check()
    communes.get_by_label("Andenne (92003)").check()
    page.get_by_role("button", name="Voir le profil").click()
    expect(page.get_by_test_id("profile-title")).to_contain_text(
        "Territoire sur mesure (3 communes)"
    )
    for code, name in CHOSEN.items():
        expect(page.get_by_test_id("adhoc-communes")).to_contain_text(f"{name} ({code})")
    assert all(f"communes={code}" in page.url for code in CHOSEN)  # a shareable address
    expect(page.locator("[data-testid=profile-map] path")).to_have_count(3)
    expect(page.locator("svg.spine").first).to_be_visible()
    # Another indicator on the map keeps the same territory.
    page.get_by_test_id("map-indicator").select_option("revenu-par-habitant")
    page.get_by_role("button", name="Afficher").click()
    expect(page.locator(".map-block h2")).to_contain_text("Revenu net imposable par habitant")
    expect(page.get_by_test_id("adhoc-communes")).to_contain_text("Dinant (91034)")


def test_the_pdf_of_a_bassin_profile_renders_a_page_that_is_not_blank(page, live_server, tmp_path):
    page.goto(live_server + "/profils/BV-001")
    expect(page.get_by_test_id("profile-title")).to_contain_text("Bassin")
    href = page.get_by_test_id("pdf-link").get_attribute("href")
    response = page.request.get(live_server + href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    document = pypdfium2.PdfDocument(io.BytesIO(response.body()))
    image = document[0].render(scale=1).to_pil().convert("L")
    image.save(tmp_path / "page-1.png")
    histogram = image.histogram()
    inked = sum(histogram[:200]) / sum(histogram)  # pixels clearly darker than paper
    assert inked > 0.02, f"the first page is almost blank ({inked:.2%} inked)"


def test_a_bassin_actor_records_an_observation_seen_on_the_ols_profile(
    page, live_server, sqlite_platform
):
    add_person(sqlite_platform, "actrice.bv1@example.be", Role.BASSIN_ACTOR)  # BV-001
    log_in(page, live_server, "actrice.bv1@example.be")
    page.goto(live_server + "/profils/BV-001")
    form = page.get_by_test_id("observation-form")
    form.get_by_label("Qu'avez-vous observé ?").fill(
        "Trois maisons médicales ne prennent plus de nouveaux patients."
    )
    form.get_by_label("Origine").select_option("concertation_space")
    form.get_by_label("À propos de l'indicateur").select_option("offre-maison-medicale")
    form.get_by_label("Publique").check()
    form.get_by_role("button", name="Enregistrer l'observation").click()
    expect(page).to_have_url(re.compile(r"/profils/BV-001"))
    expect(page.get_by_test_id("warm-observations")).to_contain_text("Trois maisons médicales")
    row = page.locator("tr[data-indicator=offre-maison-medicale]")
    expect(row).to_contain_text("Trois maisons médicales")  # beside the figure it is about
    page.goto(live_server + "/profils/OLS-01")
    expect(page.get_by_test_id("warm-observations")).to_contain_text("Trois maisons médicales")
