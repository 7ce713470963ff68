"""Acceptance: each role logs in, lands on « Mon espace » and reaches its three main jobs
from there in three clicks or fewer, without meeting a link it may not open.

The clicks are counted as a person makes them: each is a link followed in the page's main
content, starting from the home page. Every link shown on the way (menu included) is
requested as that person: none may answer 403.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from maillage.domain.access import Role
from tests.accounts_helpers import add_person
from tests.browser.test_accounts import log_in

pytestmark = pytest.mark.browser

MAX_CLICKS = 3


@dataclass(frozen=True)
class Job:
    name: str
    # the links followed, in order: their names (regular expressions) or "css=" selectors
    clicks: tuple[str, ...]
    arrives: str  # the address reached (regular expression on the path)


JOBS: dict[Role, list[Job]] = {
    Role.OLS_TEAM: [
        Job("registre des besoins de l’OLS", ("^Besoins$",), r"^/besoins$"),
        Job("plan d’action", ("^Plans d.action$", "^Plan "), r"^/plans/OLS-01/\d+$"),
        Job(
            "rapport d’activité",
            ("^Performance et rapports$", "^Rapport d.activités \\d{4}$"),
            r"^/rapports/OLS-01/\d{4}$",
        ),
    ],
    Role.BASSIN_ACTOR: [
        Job("besoins du bassin", ("^Besoins$",), r"^/besoins$"),
        Job(
            "espace de concertation",
            ("^Espaces de concertation$", "css=main table a[href^='/concertation/BV-001/']"),
            r"^/concertation/BV-001/\d+$",
        ),
        Job("profil du bassin", ("^Profil$",), r"^/profils/BV-001$"),
    ],
    Role.IWPL_ANALYST: [
        Job("besoins à compiler", ("^Compilation des besoins$",), r"^/compilation$"),
        Job("comparaison des OLS", ("^Comparaison des OLS$",), r"^/performance$"),
        Job(
            "comparaison des feuilles de route",
            ("^Comparaison des feuilles de route$",),
            r"^/feuille-de-route/comparaison$",
        ),
    ],
    Role.FORUM_MEMBER: [
        Job("besoins qui attendent une réponse", ("^Registre des besoins$",), r"^/besoins$"),
        Job("compilation des besoins", ("^Compilation des besoins$",), r"^/compilation$"),
        Job("plans d’action des OLS", ("^Plans d.action$",), r"^/plans$"),
    ],
    Role.ADMINISTRATION: [
        Job(
            "propositions de bassins à valider",
            ("^Propositions de modification des bassins$",),
            r"^/revisions-bassins$",
        ),
        Job("découpages", ("^Découpages$",), r"^/decoupages$"),
        Job("comparaison des OLS", ("^Comparaison des OLS$",), r"^/performance$"),
    ],
}


def links_shown(page: Page, origin: str) -> set[str]:
    """Addresses of the site linked from the page (menu and content), files aside."""
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    found = set()
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin:
            continue
        if re.search(r"/(pdf|docx|csv|xlsx|json)$|\.(pdf|docx|csv|xlsx|json)$", parts.path):
            continue
        found.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def refused(page: Page, origin: str, addresses: set[str]) -> list[str]:
    """The addresses that answer 403 to this person."""
    return [a for a in sorted(addresses) if page.request.get(origin + a).status == 403]


@pytest.mark.parametrize("role", list(JOBS), ids=lambda r: r.value)
def test_each_role_lands_home_and_reaches_its_three_jobs_in_three_clicks(
    role: Role, page: Page, live_server: str, sqlite_platform
):
    email = f"home.{role.value}@example.be"
    add_person(sqlite_platform, email, role)
    log_in(page, live_server, email)
    expect(page.locator("h1")).to_have_text("Mon espace")
    checked: set[str] = set()
    clicks_per_job = {}
    for job in JOBS[role]:
        page.goto(live_server + "/mon-espace")
        seen = links_shown(page, live_server)
        for step, name in enumerate(job.clicks, start=1):
            assert step <= MAX_CLICKS, job.name
            if name.startswith("css="):
                link = page.locator(name.removeprefix("css=")).first
            else:
                link = page.locator("main").get_by_role("link", name=re.compile(name)).first
            expect(link).to_be_visible()
            link.click()
            page.wait_for_load_state()
            seen |= links_shown(page, live_server)
        assert re.match(job.arrives, urlsplit(page.url).path), (job.name, page.url)
        expect(page.locator("h1")).to_be_visible()
        clicks_per_job[job.name] = len(job.clicks)
        forbidden = refused(page, live_server, seen - checked)
        assert forbidden == [], f"{job.name}: links answering 403: {forbidden}"
        checked |= seen
    print(f"\n{role.value}: {clicks_per_job}")  # the figures of the closing note


PHONE_PAGES = [
    "/",
    "/territoires/OLS-01",
    "/profils/BV-001",
    "/repertoire",
    "/acces",
    "/allocation",
    "/architecture",
    "/concertation",
    "/decoupages",
    "/feuille-de-route",
]


def test_the_menu_is_usable_on_a_390_pixel_wide_phone(browser, live_server: str):
    context = browser.new_context(locale="fr-BE", viewport={"width": 390, "height": 844})
    phone = context.new_page()
    phone.goto(live_server + "/repertoire")
    menu = phone.get_by_role("navigation", name="Menu principal")
    expect(menu).to_be_visible()
    current = menu.locator("[aria-current=page]")
    expect(current).to_have_count(1)
    expect(current).to_have_attribute("href", "/repertoire")
    menu.get_by_text("Territoires", exact=True).click()
    zonings = menu.get_by_role("link", name="Découpages", exact=True)
    expect(zonings).to_be_visible()
    box = zonings.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways: {width} px"
    zonings.click()
    expect(phone).to_have_url(re.compile(r"/decoupages$"))
    for address in PHONE_PAGES:  # wide tables scroll inside themselves, not the page
        phone.goto(live_server + address)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{address} scrolls sideways: {width} px"
    context.close()
