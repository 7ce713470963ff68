"""A project with its theory of change, three PDSA cycles, a shift on the run chart, and an
unexpected event in the journal — driven in Chromium like a team would."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from maillage.domain.access import Role
from tests.browser.test_needs_flow import add_person_in, session_of

pytestmark = pytest.mark.browser

# Weekly discharges with a call to the GP: noise around the median, then clearly higher.
CYCLES = (
    ("Appeler la veille de la sortie", "adapt", (4, 7, 5, 8)),
    ("Appeler aussi le vendredi", "adapt", (6, 9, 5, 7)),
    ("Étendre à la gériatrie", "adopt", (10, 11, 10, 12, 11, 12)),
)


def run_cycle(
    page: Page, number: int, objective: str, decision: str, values: tuple[int, ...]
) -> None:
    form = page.get_by_test_id("cycle-form")
    form.locator("input[name=objective]").fill(objective)
    form.locator("input[name=prediction]").fill("Au moins 10 sorties par semaine avec un appel")
    form.locator("input[name=predicted_value]").fill("10")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/cycles/\d+$"))
    expect(page.get_by_test_id("cycle-title")).to_contain_text(f"Cycle {number}")
    points = page.locator("form[data-testid^=points-form]")
    points.locator("textarea[name=points]").fill(
        "\n".join(f"2026-{number:02d}-{day + 1:02d};{value}" for day, value in enumerate(values))
    )
    points.locator("button[type=submit]").click()
    record = page.get_by_test_id("cycle-record")
    for stage, field, text in (
        ("Faire", "textarea[name=done_what]", "Appels par la liaison"),
        ("Étudier", "textarea[name=study]", "Lu sur le graphique"),
        ("Agir", None, None),
    ):
        record.get_by_test_id("move-on").click()
        expect(page.get_by_test_id("cycle-stage")).to_contain_text(stage)
        if field:
            record.locator(field).fill(text)
    record.locator(f"input[name=decision][value={decision}]").check()
    record.locator("textarea[name=act_notes]").fill("Cycle suivant")
    record.get_by_test_id("move-on").click()
    expect(page.get_by_test_id("cycle-stage")).to_contain_text("clôturé")


def test_a_team_learns_in_three_cycles_and_sees_the_shift(browser, live_server, sqlite_platform):
    add_person_in(sqlite_platform, "liaison@ols1.be", Role.OLS_TEAM, "OLS-01")
    with session_of(browser, live_server, "liaison@ols1.be") as page:
        page.goto(live_server + "/projets")
        chooser = page.get_by_test_id("project-territory-form")
        chooser.locator("select[name=creer]").select_option("BV-002")
        chooser.locator("button[type=submit]").click()
        form = page.get_by_test_id("project-form")
        form.locator("input[name=title]").fill("Appel de sortie d'hospitalisation")
        form.locator("select[name=programme]").select_option("hospital_referent")
        form.locator("textarea[name=knowledge]").fill("Ce qui aide le retour à domicile")
        form.locator("button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"/projets/BV-002/\d+$"))
        expect(page.get_by_test_id("project-title")).to_have_text(
            "Appel de sortie d'hospitalisation"
        )

        hypothesis = page.get_by_test_id("hypothesis-form")
        hypothesis.locator("input[name=if]").fill("un référent appelle le médecin traitant")
        hypothesis.locator("input[name=then]").fill("le suivi commence dans les 48 heures")
        hypothesis.locator("input[name=because]").fill("le médecin connaît la sortie")
        hypothesis.locator("button[type=submit]").click()
        expect(page.get_by_test_id("hypotheses")).to_contain_text(
            "Si un référent appelle le médecin traitant, alors le suivi commence dans les 48 "
            "heures, parce que le médecin connaît la sortie."
        )

        measure = page.get_by_test_id("measure-form")
        measure.locator("input[name=name]").fill("Sorties avec appel par semaine")
        measure.locator("select[name=chart]").select_option("run")
        measure.locator("button[type=submit]").click()

        project_url = page.url.split("#")[0]
        for number, (objective, decision, values) in enumerate(CYCLES, 1):
            page.goto(project_url + "#cycles")
            run_cycle(page, number, objective, decision, values)

        chart = page.locator("svg.control-chart")
        expect(chart.locator(".signal[data-rules~=shift]")).to_have_count(6)
        signals = page.locator("[data-testid^=signals-]")
        expect(signals).to_contain_text("glissement (points 9–14)")
        expect(page.locator("figure")).to_contain_text("Perla")

        page.goto(project_url)
        expect(page.get_by_test_id("cycles").locator("tbody tr")).to_have_count(3)
        entry = page.get_by_test_id("entry-form")
        entry.locator("select[name=kind]").select_option("surprise")
        entry.locator("input[name=expectation][value=unexpected]").check()
        entry.locator("textarea[name=text]").fill(
            "Les pharmaciens ont proposé de relayer la date de sortie."
        )
        entry.locator("input[name=participants]").fill("pharmaciens, liaison")
        entry.locator("button[type=submit]").click()
        journal = page.get_by_test_id("journal")
        expect(journal).to_contain_text("Les pharmaciens ont proposé")
        expect(journal.get_by_test_id("tag").first).to_have_text("inattendu")

        search = page.get_by_test_id("journal-search")
        search.locator("input[name=q]").fill("pharmacien")
        search.locator("select[name=attendu]").select_option("expected")
        search.locator("button[type=submit]").click()
        expect(page.get_by_test_id("journal")).to_contain_text("Aucune entrée ne correspond")
