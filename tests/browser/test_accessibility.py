"""axe-core (vendored from npm, see package.json) run in the browser on every main page,
as a reader who may open it: no serious or critical violation (issue 21.9).

The pages are listed here, by role; a page reached through a list (a need, a plan, a
space…) is the first one that list links to; the OLS team also starts a bassin draft and
its page is checked.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from maillage.domain.access import Role
from maillage.domain.actors import Actor
from maillage.services import accounts, action_plans, territories
from tests.accounts_helpers import ADMIN, OWN_OLS, add_person
from tests.browser.test_accounts import log_in

pytestmark = pytest.mark.browser

AXE = "/static/vendor/axe-core/axe.min.js"
SEVERE = ("serious", "critical")

# (address, or (list address, link pattern)) per role; None: not logged in.
PAGES: dict[Role | None, list[str | tuple[str, ...]]] = {
    None: [
        "/",
        "/territoires",
        "/territoires/BV-001",
        "/territoires/OLS-01",
        "/profils",
        "/profils/OLS-01",
        "/repertoire",
        ("/repertoire?q=pharmacie", r"^/repertoire/services/[0-9a-f-]+$"),
        "/acces",
        "/allocation",
        "/architecture",
        ("/architecture", r"^/architecture/structures/[^/?#]+$"),
        "/feuille-de-route",
        "/feuille-de-route/ols/OLS-01",
        "/sources",
        "/decoupages",
        ("/decoupages", r"^/decoupages/[^/?#]+$"),
        "/couches",
        "/secteurs",
        "/connexion",
        "/profils/sur-mesure?communes=62063&communes=62096",
    ],
    Role.OLS_TEAM: [
        "/mon-espace",
        "/compte",
        "/besoins",
        ("/besoins", r"^/besoins/\d+$"),
        "/mes-besoins",
        "/plans",
        ("/plans", r"^/plans/OLS-\d+/\d+$"),
        "/performance",
        "/performance/OLS-01",
        ("/performance/OLS-01", r"^/rapports/OLS-01/\d{4}$"),
        "/concertation",
        ("/concertation", r"^/concertation/[A-Z0-9-]+/\d+$"),
        ("/concertation", r"^/concertation/[A-Z0-9-]+/\d+$", r"^/concertation/.+/reunions/\d+$"),
        "/apprentissage",
        "/projets",
        ("/projets", r"^/projets/[A-Z0-9-]+/\d+$"),
        "/revisions-bassins",
        "/orientation",
        "/orientation/signaux",
        "/repertoire/couverture",
        "/repertoire/envoi",
        "/repertoire/services/nouveau",
    ],
    Role.IWPL_ANALYST: ["/mon-espace", "/compilation", "/feuille-de-route/comparaison"],
    Role.ADMINISTRATION: [
        "/decoupages",
        "/revisions-bassins",
        "/repertoire/qualite",
        "/indicateurs/envoi",
    ],
    Role.PLATFORM_ADMIN: [
        "/admin/personnes",
        ("/admin/personnes", r"^/admin/personnes/\d+$"),
        "/admin/journal",
        "/couches",
        "/secteurs",
    ],
}


def severe_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the page as shown, one line each."""
    page.add_script_tag(url=AXE)
    found = page.evaluate(
        """async () => {
          const result = await axe.run(document, { resultTypes: ["violations"] });
          return result.violations.map(v => ({
            id: v.id, impact: v.impact,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))
          }));
        }"""
    )
    return [f"{v['id']} ({v['impact']}): {v['nodes']}" for v in found if v["impact"] in SEVERE]


DRAFT_OLS = "OLS-10"


def address_of(page: Page, live_server: str, entry: str | tuple[str, ...]) -> str:
    """The address itself, or the one reached from a listing by following, in turn, the
    first link matching each pattern."""
    if isinstance(entry, str):
        return entry
    address, *patterns = entry
    for pattern in patterns:
        page.goto(live_server + address)
        hrefs = page.eval_on_selector_all(
            "main a[href]", "links => links.map(a => a.getAttribute('href'))"
        )
        matching = [h for h in hrefs if re.match(pattern, h)]
        assert matching, f"no link matching {pattern} on {address}"
        address = str(matching[0])
    return address


@pytest.mark.parametrize("role", list(PAGES), ids=lambda r: r.value if r else "anonymous")
def test_main_pages_have_no_serious_accessibility_violation(
    role, page, live_server, sqlite_platform
):
    if role is not None:
        email = f"axe.{role.value}@example.be"
        person = add_person(sqlite_platform, email, role)
        if (
            role is Role.OLS_TEAM
        ):  # its draft on OLS-10 leaves OLS-01 free for the draft flow's test
            level = territories.level_of(sqlite_platform, DRAFT_OLS)
            accounts.grant(sqlite_platform, ADMIN, person.id, role, DRAFT_OLS, level)
        log_in(page, live_server, email)
        if role is Role.OLS_TEAM and not action_plans.list_plans(sqlite_platform):
            actor = Actor(person.id, email, "127.0.0.1")
            action_plans.create_plan(sqlite_platform, actor, OWN_OLS, "Plan 2026", "yearly", 2026)
    problems = {}
    for entry in PAGES[role]:
        address = address_of(page, live_server, entry)
        answer = page.goto(live_server + address)
        assert answer is not None and answer.status == 200, address
        page.wait_for_load_state("networkidle")
        found = severe_violations(page)
        if found:
            problems[address] = found
    if role is Role.OLS_TEAM:  # a bassin draft: started here, there is none in the demo
        page.goto(live_server + "/revisions-bassins")
        page.locator(f"form[action='/revisions-bassins/{DRAFT_OLS}'] button").click()
        page.wait_for_url(re.compile(rf"/revisions-bassins/{DRAFT_OLS}/\d+$"))
        page.wait_for_load_state("networkidle")
        if found := severe_violations(page):
            problems[page.url] = found
    assert problems == {}
