"""Projects, the quintuple-aim framework and the activity report through HTTP."""

from __future__ import annotations

import io

import pypdfium2
import pytest
from docx import Document
from fastapi.testclient import TestClient

from maillage.domain.access import Role
from maillage.domain.performance import Aim
from maillage.services import activity_report, learning, performance
from maillage.services.learning import CycleFields, EntryDraft, ProjectDraft
from maillage.services.performance import AssessmentDraft, ObjectiveDraft
from maillage.web.app import create_app
from tests.accounts_helpers import ADMIN, add_person, session_for
from tests.helpers import snapshot


@pytest.fixture
def client(platform):
    with TestClient(create_app(platform)) as test_client:
        yield test_client


def test_a_team_runs_a_project_and_outsiders_see_only_what_is_shared(client, platform):
    team = add_person(platform, "equipe@bv1.be", Role.BASSIN_ACTOR)
    other = add_person(platform, "autre@ols2.be", Role.IWPL_ANALYST)
    csrf = session_for(client, platform, team)
    created = client.post(
        "/projets/BV-001",
        data={
            "csrf_token": csrf,
            "title": "Mille premiers jours",
            "programme": "first_1000_days",
            "scale": "small",
            "innovation_kind": "incremental",
            "knowledge": "Ce qui aide",
        },
        follow_redirects=False,
    )
    assert created.status_code == 303
    page = created.headers["location"]
    project_id = int(page.rsplit("/", 1)[1])
    assert (
        client.post(
            f"{page}/hypotheses",
            data={
                "csrf_token": csrf,
                "if": "les sages-femmes visitent à J+3",
                "then": "les réhospitalisations baissent",
                "because": "les signes sont vus tôt",
            },
            follow_redirects=False,
        ).status_code
        == 303
    )
    client.post(
        f"{page}/journal",
        data={
            "csrf_token": csrf,
            "text": "Une crèche a rejoint le projet",
            "kind": "emerged",
            "expectation": "unexpected",
            "written_on": "2026-04-02",
        },
    )
    html = client.get(page).text
    assert "Si les sages-femmes visitent à J+3, alors" in html
    assert "Une crèche a rejoint le projet" in html and "inattendu" in html
    # Outside the team: the project, not its unshared journal, and no editing.
    session_for(client, platform, other)
    outside = client.get(page).text
    assert "Mille premiers jours" in outside and "Une crèche" not in outside
    assert "1 entrée reste réservée à l’équipe du projet" in outside
    other_csrf = session_for(client, platform, other)
    before = snapshot(platform)
    refused = client.post(
        f"{page}/journal",
        data={"csrf_token": other_csrf, "text": "x", "kind": "emerged", "expectation": "expected"},
    )
    assert refused.status_code == 403
    assert snapshot(platform) == before
    assert learning.get_project(platform, project_id, private=True).journal_hidden == 0


def test_malformed_project_input_gets_a_clear_error_not_a_500(client, platform):
    team = add_person(platform, "equipe@bv1.be", Role.BASSIN_ACTOR)
    csrf = session_for(client, platform, team)
    before = snapshot(platform)
    bad = client.post(
        "/projets/BV-001", data={"csrf_token": csrf, "title": "x", "programme": "teleport"}
    )
    assert bad.status_code == 400 and "teleport" in bad.text
    project_id = learning.create_project(platform, ADMIN, ProjectDraft("BV-001", "P", "local"))
    before = snapshot(platform)
    cycle = client.post(
        f"/projets/BV-001/{project_id}/cycles",
        data={"csrf_token": csrf, "objective": "o", "predicted_value": "beaucoup"},
    )
    assert cycle.status_code == 400 and "beaucoup" in cycle.text
    assert client.get(f"/projets/BV-001/{project_id}/cycles/999999").status_code == 404
    assert client.get("/projets?programme=nope").status_code == 400
    assert snapshot(platform) == before


def report_fixture(platform) -> None:
    project_id = learning.create_project(
        platform,
        ADMIN,
        ProjectDraft(
            "OLS-01",
            "Partage des tâches infirmières",
            "task_sharing",
            shared=True,
            practice="Grille de délégation des soins",
        ),
    )
    cycle_id = learning.start_cycle(
        platform,
        ADMIN,
        project_id,
        "OLS-01",
        CycleFields(objective="Déléguer les pansements", prediction="Moins d'attente"),
    )
    fields = CycleFields(
        objective="Déléguer les pansements",
        prediction="Moins d'attente",
        done_what="Formation",
        study="Attente réduite",
        decision="adopt",
        act_notes="Étendre à deux bassins",
    )
    for _ in range(4):
        version = learning.get_project(platform, project_id).cycles[0].version
        learning.update_cycle(
            platform, ADMIN, project_id, "OLS-01", cycle_id, fields, version, move_on=True
        )
    learning.add_entry(
        platform,
        ADMIN,
        project_id,
        "OLS-01",
        EntryDraft("Les infirmières ont créé leur propre fiche", "surprise", "unexpected"),
        "Équipe",
    )
    for aim, score in zip(Aim, (3, 4, 4, 4, 4), strict=True):
        performance.assess(
            platform,
            ADMIN,
            "OLS-01",
            AssessmentDraft(
                2026, aim.value, score, "Outils d'orientation", "Intervention indirecte"
            ),
        )
    performance.add_objective(
        platform,
        ADMIN,
        "OLS-01",
        ObjectiveDraft(
            "equity",
            "Intégrer prévention et soins dans chaque bassin",
            "narrative",
            narrative="Des réseaux locaux actifs dans chaque bassin",
        ),
    )


def test_the_activity_report_is_prefilled_edited_and_exported(client, platform):
    report_fixture(platform)
    team = add_person(platform, "equipe@ols1.be", Role.OLS_TEAM)
    csrf = session_for(client, platform, team)
    opened = client.post(
        "/rapports/OLS-01", data={"csrf_token": csrf, "year": "2026"}, follow_redirects=False
    )
    assert opened.status_code == 303 and opened.headers["location"] == "/rapports/OLS-01/2026"
    html = client.get("/rapports/OLS-01/2026").text
    for heading in (
        "En général et gouvernance",
        "Auto-évaluation",
        "Réalisation : 3 / 5",
        "Partage des tâches infirmières",
        "Grille de délégation des soins",
        "Brouillon",
    ):
        assert heading.casefold() in html.casefold(), heading
    version = next(
        s
        for _level, s in activity_report.build(platform, "OLS-01", 2026).walk()
        if s.key == "enablers"
    ).narrative_version
    saved = client.post(
        "/rapports/OLS-01/2026/sections/enablers",
        data={
            "csrf_token": csrf,
            "version": str(version),
            "text": "La confiance entre partenaires\n- des rencontres régulières",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303
    stale = client.post(
        "/rapports/OLS-01/2026/sections/enablers",
        data={"csrf_token": csrf, "version": str(version), "text": "écrasé ?"},
    )
    assert stale.status_code == 409
    docx = client.get("/rapports/OLS-01/2026/docx")
    assert docx.status_code == 200
    document = Document(io.BytesIO(docx.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for expected in (
        "En général et gouvernance",
        "Auto-évaluation",
        "L'avenir",
        "Plus grandes réussites",
    ):
        assert any(expected in h for h in headings), (expected, headings)
    assert any("La confiance entre partenaires" in p.text for p in document.paragraphs)
    assert document.tables  # facts as Word tables
    pdf = client.get("/rapports/OLS-01/2026/pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    pages = pypdfium2.PdfDocument(pdf.content)
    assert len(pages) >= 2
    image = pages[0].render(scale=0.5).to_pil().convert("L")
    assert image.getextrema()[0] < 100  # ink on the first page, not a blank sheet


def test_the_dashboard_and_the_iwpl_comparison_show_declared_scores(client, platform):
    report_fixture(platform)
    session_for(client, platform, add_person(platform, "iwpl@iwpl.be", Role.IWPL_ANALYST))
    board = client.get("/performance/OLS-01").text
    assert "Intégrer prévention et soins" in board and "<svg" in board
    comparison = client.get("/performance?annee=2026").text
    assert "3/5" in comparison
    assert (
        client.post(
            "/performance/OLS-01/autoevaluation",
            data={
                "csrf_token": session_for(
                    client, platform, add_person(platform, "x@iwpl.be", Role.IWPL_ANALYST)
                ),
                "year": "2026",
                "aim": "equity",
                "score": "5",
            },
        ).status_code
        == 403
    )


def test_the_api_gives_a_project_with_its_signals_and_the_comparison(client, platform):
    _team = add_person(platform, "api@ols1.be", Role.OLS_TEAM)
    session_for(client, platform, _team)
    listed = client.get("/api/v1/projects", params={"territory": "OLS-01"}).json()
    demo = next(p for p in listed if p["is_demo"])
    found = client.get(f"/api/v1/projects/{demo['id']}").json()
    measure = found["measures"][0]
    assert measure["chart"] == "run" and "Perla" in measure["rules"]
    assert [s["rule"] for s in measure["signals"]] == ["shift", "shift"]
    assert measure["signals"][-1]["points"] == [10, 13, 14, 15, 16, 17, 18]  # 1-based
    assert {e["expectation"] for e in found["journal"]} == {"expected", "unexpected"}
    assert found["cycles_detail"][0]["decision"] == "adapt"
    comparison = client.get("/api/v1/performance", params={"year": 2026}).json()
    assert len(comparison) == 10 and set(comparison[0]["aims"]) == {a.value for a in Aim}
    assert client.get("/api/v1/performance", params={"year": "x"}).status_code == 400
    session_for(client, platform, None)
    assert client.get("/api/v1/projects").status_code == 401


def test_an_objective_is_revised_with_its_version(client, platform):
    report_fixture(platform)
    csrf = session_for(client, platform, add_person(platform, "gov@ols1.be", Role.OLS_GOVERNANCE))
    board = performance.dashboard(platform, "OLS-01")
    objective = next(
        o for a in board.aims for o in a.objectives if "exemple fictif" not in o.title
    )  # not the demo's
    form = {
        "csrf_token": csrf,
        "version": str(objective.version),
        "aim": "equity",
        "title": objective.title,
        "kind": "measurable",
        "target": "80",
        "current_value": "85",
        "progress_note": "Huit bassins sur dix",
    }
    page = client.get("/performance/OLS-01").text
    assert f'data-testid="objective-edit-{objective.id}"' in page
    saved = client.post(
        f"/performance/OLS-01/objectifs/{objective.id}", data=form, follow_redirects=False
    )
    assert saved.status_code == 303
    revised = next(
        o
        for a in performance.dashboard(platform, "OLS-01").aims
        for o in a.objectives
        if o.id == objective.id
    )
    assert (revised.value, revised.progress.value) == (85.0, "met")
    assert (
        client.post(f"/performance/OLS-01/objectifs/{objective.id}", data=form).status_code == 409
    )  # the version read is stale now
    bad = client.post("/performance/OLS-01/objectifs", data={**form, "target": "beaucoup"})
    assert bad.status_code == 400 and "beaucoup" in bad.text
