"""From a bassin's need to the Forum and back, with five accounts; a meeting's synthesis."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pypdfium2
import pytest
from playwright.sync_api import Page, expect

from maillage.domain.access import Role
from maillage.services import accounts, territories
from tests.accounts_helpers import ADMIN
from tests.browser.test_accounts import log_in

pytestmark = pytest.mark.browser


@contextmanager
def session_of(browser, live_server: str, email: str) -> Iterator[Page]:
    """A separate browser context (its own cookies) logged in as *email*."""
    context = browser.new_context(locale="fr-BE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    outside: list[str] = []
    page.on(
        "request",
        lambda r: (
            outside.append(r.url)
            if not r.url.startswith(live_server) and not r.url.startswith("data:")
            else None
        ),
    )
    try:
        log_in(page, live_server, email)
        yield page
    finally:
        context.close()
    assert outside == [], f"the page tried to reach the internet: {outside}"


def add_person_in(platform, email: str, role: Role, scope: str) -> None:
    person = accounts.create_person(
        platform, ADMIN, email, email.split("@")[0], "correct horse battery staple"
    )
    accounts.grant(platform, ADMIN, person.id, role, scope, territories.level_of(platform, scope))


def raise_need(page: Page, live_server: str, title: str) -> str:
    page.goto(live_server + "/besoins")
    form = page.get_by_test_id("need-form")
    form.locator("input[name=title]").fill(title)
    form.locator("textarea[name=population]").fill("Personnes âgées isolées")
    form.locator("input[name=population_count]").fill("250")
    form.locator("select[name=theme]").select_option("sante")
    form.locator("select[name=urgency]").select_option("high")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/besoins/\d+$"))
    expect(page.get_by_test_id("need-state")).to_have_text("signalé")
    page.locator("form[data-action=qualify] button").click()
    expect(page.get_by_test_id("need-state")).to_have_text("qualifié par le bassin")
    return page.url.rsplit("/", 1)[1]


def act(page: Page, action: str, reason: str = "") -> None:
    form = page.locator(f"form[data-action={action}]")
    if reason:
        form.locator("input[name=reason]").fill(reason)
    confirmation = form.locator("details.confirm")
    if confirmation.count():  # a destructive step asks first
        confirmation.locator("summary").click()
    form.locator("button").click()


def test_a_need_travels_from_two_bassins_to_the_forum_and_the_answer_comes_back(
    browser, live_server, sqlite_platform
):
    add_person_in(sqlite_platform, "actrice.a@bv1.be", Role.BASSIN_ACTOR, "BV-001")
    add_person_in(sqlite_platform, "acteur.b@bv2.be", Role.BASSIN_ACTOR, "BV-002")
    add_person_in(sqlite_platform, "facilitatrice@ols1.be", Role.OLS_TEAM, "OLS-01")
    add_person_in(sqlite_platform, "analyste@iwpl.be", Role.IWPL_ANALYST, "03000")
    add_person_in(sqlite_platform, "membre@forum.be", Role.FORUM_MEMBER, "03000")

    with session_of(browser, live_server, "actrice.a@bv1.be") as page:
        need_a = raise_need(page, live_server, "Pas de garde de médecine générale le week-end")
    with session_of(browser, live_server, "acteur.b@bv2.be") as page:
        need_b = raise_need(page, live_server, "Gardes de MG introuvables")

    with session_of(browser, live_server, "facilitatrice@ols1.be") as page:
        page.goto(f"{live_server}/besoins/{need_a}")
        act(page, "consolidate", "Même besoin dans deux bassins")
        expect(page.get_by_test_id("need-state")).to_have_text("consolidé par l'OLS")
        page.goto(f"{live_server}/besoins/{need_b}")
        page.locator("form[data-action=merge] select[name=into]").select_option(need_a)
        expect(page.get_by_test_id("confirm-merge")).to_contain_text("la fusion peut être annulée")
        act(page, "merge")
        expect(page.get_by_test_id("need-state")).to_have_text("fusionné dans un autre besoin")
        page.goto(f"{live_server}/besoins/{need_a}")
        expect(page.get_by_test_id("merged-needs")).to_contain_text("Gardes de MG")

        page.goto(live_server + "/plans")
        form = page.get_by_test_id("plan-form-OLS-01")
        form.locator("input[name=title]").fill("Plan d'action 2026")
        form.locator("button").click()
        expect(page.get_by_test_id("plan-title")).to_have_text("Plan d'action 2026")
        page.get_by_test_id("objective-form").locator("input[name=title]").fill(
            "Continuité des soins de première ligne"
        )
        page.get_by_test_id("objective-form").locator("button").click()
        page.get_by_test_id("partner-form").locator("input[name=name]").fill("Cercle de MG")
        page.get_by_test_id("partner-form").locator("button").click()
        action = page.get_by_test_id("action-form")
        action.locator("input[name=title]").fill("Poste de garde partagé")
        action.get_by_test_id("action-partners").get_by_label("Cercle de MG").check()
        action.locator(f"input[name=need_ids][value='{need_a}']").check()
        action.locator("button").click()
        expect(page.locator(f"tr[data-action] >> text=n° {need_a}")).to_be_visible()
        page.get_by_test_id("transmit-form").locator("button").click()
        expect(page.locator("tr[data-action]")).to_contain_text("transmis à l'IWPL et au Forum")

    with session_of(browser, live_server, "analyste@iwpl.be") as page:
        page.goto(live_server + "/compilation")
        cell = page.locator("[data-testid=heat-map] g[data-ols=OLS-01][data-theme=sante]")
        expect(cell).to_have_attribute("data-count", "2")  # with the demo's compiled need
        expect(page.locator(f".compiled-need[data-need='{need_a}']")).to_contain_text(
            "Pas de garde"
        )
        page.locator("form[action='/compilation/compiler'] button").click()
        expect(page.locator(f".compiled-need[data-need='{need_a}']")).to_contain_text(
            "compilé par l'IWPL"
        )

    with session_of(browser, live_server, "membre@forum.be") as page:
        page.goto(f"{live_server}/besoins/{need_a}")
        page.locator("form[data-action=answer] select[name=outcome]").select_option("in_progress")
        act(page, "answer", "Concertation engagée avec l'INAMI sur les gardes")
        expect(page.get_by_test_id("forum-answer")).to_contain_text("INAMI")

    for email, own in (("actrice.a@bv1.be", need_a), ("acteur.b@bv2.be", need_b)):
        with session_of(browser, live_server, email) as page:
            page.goto(live_server + "/mes-besoins")
            row = page.locator(f"[data-testid=my-needs] tr[data-need='{own}']")
            expect(row).to_contain_text("INAMI")
            expect(row).to_contain_text("en cours")
            expect(page.get_by_test_id("notifications")).to_contain_text("INAMI")
            page.goto(f"{live_server}/besoins/{own}")
            expect(page.get_by_test_id("forum-answer")).to_contain_text("INAMI")


def test_a_meeting_synthesis_is_edited_published_and_printed_on_one_page(
    browser, live_server, sqlite_platform, tmp_path
):
    add_person_in(sqlite_platform, "animatrice@ols1.be", Role.OLS_TEAM, "OLS-01")
    with session_of(browser, live_server, "animatrice@ols1.be") as page:
        page.goto(live_server + "/concertation?territoire=OLS-01")
        form = page.get_by_test_id("space-form")
        form.locator("input[name=name]").fill("Espace thématique santé mentale")
        form.locator("select[name=theme]").select_option("sante-mentale")
        form.locator("button").click()
        expect(page.get_by_test_id("space-title")).to_contain_text("santé mentale")
        for name, sector in (
            ("SSM de Wavre", "mental_health"),
            ("CPAS de Wavre", "cpas"),
            ("Ligue des usagers", "patients_citizens"),
        ):
            member = page.get_by_test_id("member-form")
            member.locator("input[name=name]").fill(name)
            member.locator("select[name=sector]").select_option(sector)
            member.locator("button").click()
        expect(page.get_by_test_id("diversity")).to_contain_text("manquant")
        meeting = page.get_by_test_id("meeting-form")
        meeting.locator("input[name=title]").fill("Accès aux soins psychiques")
        meeting.get_by_label("SSM de Wavre").check()
        meeting.get_by_label("Ligue des usagers").check()
        meeting.locator("textarea[name=notes]").fill("Délais de 4 mois en SSM.")
        meeting.locator("textarea[name=decisions]").fill(
            "- Cartographier les psychologues conventionnés"
        )
        meeting.locator("textarea[name=proposals]").fill(
            "Renforcer la fonction psy de première ligne"
        )
        meeting.locator("button").click()
        expect(page.get_by_test_id("meeting-title")).to_contain_text("Accès aux soins")
        synthesis = page.get_by_test_id("synthesis-form")
        text = synthesis.locator("textarea[name=synthesis]")
        expect(text).to_contain_text("Délais de 4 mois")  # drafted from the record
        text.fill(text.input_value() + "\n## Prochaine réunion\n\nEn mars, avec les CPAS.\n")
        synthesis.locator("input[name=public]").check()
        synthesis.locator("input[name=publish]").check()
        synthesis.locator("button").click()
        expect(page.locator(".synthesis-preview h2", has_text="Prochaine réunion")).to_be_visible()
        href = page.get_by_test_id("synthesis-pdf").get_attribute("href")
        response = page.request.get(live_server + href)
        assert response.ok and response.headers["content-type"] == "application/pdf"
        body = response.body()
    document = pypdfium2.PdfDocument(io.BytesIO(body))
    assert len(document) == 1  # one page
    image = document[0].render(scale=1).to_pil().convert("L")
    image.save(tmp_path / "synthesis.png")
    histogram = image.histogram()
    inked = sum(histogram[:200]) / sum(histogram)
    assert inked > 0.01, f"the synthesis page is almost blank ({inked:.2%} inked)"
    # Published as public: an anonymous visitor reads it, but not the meeting record.
    anonymous = browser.new_context(locale="fr-BE")
    public = anonymous.new_page()
    public.goto(live_server + href.removesuffix("/pdf"))
    expect(public.get_by_test_id("synthesis-title")).to_contain_text("santé mentale")
    anonymous.close()
