"""Projects, chained PDSA cycles, measures and the journal, on both backends."""

from __future__ import annotations

from datetime import date

import pytest

from maillage.domain.actors import Actor
from maillage.domain.control_charts import ChartKind, Rule
from maillage.domain.learning import Decision, Expectation, HypothesisStatus, Stage
from maillage.errors import Conflict, DataFileError, NotFound, StaleVersion, UserError
from maillage.services import learning
from maillage.services.learning import CycleFields, EntryDraft, ProjectDraft
from tests.helpers import snapshot

TEAM = Actor(None, "equipe@ols1.be", "127.0.0.1")


def new_project(platform, code="BV-001", **extra) -> int:
    return learning.create_project(
        platform,
        TEAM,
        ProjectDraft(
            code,
            "Référent hospitalier à la sortie",
            "hospital_referent",
            policy_context="Réforme Proxisanté; hôpital du bassin en réorganisation",
            scale="small",
            scale_note="Deux services, six mois, réversible",
            knowledge="Comprendre ce qui facilite le retour à domicile",
            **extra,
        ),
    )


def walk(platform, project_id, code, cycle_id, fields: CycleFields, stages: int) -> Stage:
    stage = Stage.PLAN
    for _ in range(stages):
        version = next(
            c for c in learning.get_project(platform, project_id, code).cycles if c.id == cycle_id
        ).version
        stage = learning.update_cycle(
            platform,
            TEAM,
            project_id,
            code,
            cycle_id,
            fields,
            version,
            move_on=True,
            today=date(2026, 6, 30),
        )
    return stage


def test_a_project_holds_its_descriptors_theory_of_change_and_ols(platform):
    project_id = new_project(platform)
    learning.add_hypothesis(
        platform,
        TEAM,
        project_id,
        "BV-001",
        "un référent appelle le médecin traitant avant la sortie",
        "les réhospitalisations à 30 jours baissent",
        "le suivi commence le jour du retour",
    )
    found = learning.get_project(platform, project_id, "BV-001")
    assert found.summary.ols_code == "OLS-01"
    assert found.hypotheses[0].hypothesis.sentence().startswith("Si un référent appelle")
    assert "parce que le suivi commence" in found.hypotheses[0].hypothesis.sentence()
    assert found.hypotheses[0].status is HypothesisStatus.OPEN
    assert "réversible" in found.scale_note
    with pytest.raises(NotFound):
        learning.get_project(platform, project_id, "BV-002")  # not its territory
    before = snapshot(platform)
    with pytest.raises(UserError):
        learning.add_hypothesis(platform, TEAM, project_id, "BV-001", "si", "", "car")
    with pytest.raises(UserError):
        learning.create_project(platform, TEAM, ProjectDraft("57081", "Commune", "local"))
    assert snapshot(platform) == before


def test_three_chained_cycles_and_a_shift_on_the_run_chart(platform):
    project_id = new_project(platform)
    measure = learning.add_measure(
        platform,
        TEAM,
        project_id,
        "BV-001",
        "Sorties avec appel au médecin traitant",
        "run",
        "sorties",
    )
    fields = CycleFields(
        objective="Tester l'appel la veille de la sortie",
        prediction="Au moins 8 sorties sur 10 avec appel",
        predicted_value=8,
        done_what="Appels par l'infirmière de liaison",
        study="Sous la prédiction",
        decision="adapt",
        act_notes="Élargir au service de gériatrie",
    )
    values = [[4, 7, 5, 8], [6, 9, 5, 7], [10, 11, 10, 12, 11, 12]]
    for number, batch in enumerate(values, 1):
        cycle_id = learning.start_cycle(platform, TEAM, project_id, "BV-001", fields)
        text = "\n".join(f"2026-{number:02d}-{day + 1:02d};{v}" for day, v in enumerate(batch))
        assert learning.add_points(
            platform, TEAM, project_id, "BV-001", measure, text, cycle_id
        ) == len(batch)
        with pytest.raises(Conflict, match="encore ouvert"):
            learning.start_cycle(platform, TEAM, project_id, "BV-001", fields)
        assert walk(platform, project_id, "BV-001", cycle_id, fields, 4) is Stage.CLOSED
    found = learning.get_project(platform, project_id, "BV-001")
    assert [c.number for c in found.cycles] == [1, 2, 3]
    assert all(c.decision is Decision.ADAPT and c.closed_on for c in found.cycles)
    chart = found.measures[0].chart
    assert chart is not None and chart.kind is ChartKind.RUN
    assert [(s.rule, s.indices) for s in chart.signals] == [
        (Rule.SHIFT, tuple(range(8, 14)))
    ]  # the third cycle, and nothing before
    assert found.measures[0].cycle_starts == [(0, "Cycle 1"), (4, "Cycle 2"), (8, "Cycle 3")]


def test_a_stage_is_left_only_once_its_record_is_filled(platform):
    project_id = new_project(platform)
    cycle_id = learning.start_cycle(
        platform, TEAM, project_id, "BV-001", CycleFields(objective="Essai")
    )
    version = learning.get_project(platform, project_id, "BV-001").cycles[0].version
    before = snapshot(platform)
    with pytest.raises(UserError, match="prédiction"):
        learning.update_cycle(
            platform,
            TEAM,
            project_id,
            "BV-001",
            cycle_id,
            CycleFields(objective="Essai"),
            version,
            move_on=True,
        )
    assert snapshot(platform) == before
    with pytest.raises(StaleVersion):
        learning.update_cycle(
            platform,
            TEAM,
            project_id,
            "BV-001",
            cycle_id,
            CycleFields(objective="Autre"),
            version + 1,
            move_on=False,
        )
    closed = walk(
        platform,
        project_id,
        "BV-001",
        cycle_id,
        CycleFields(
            objective="Essai", prediction="p", done_what="d", study="s", decision="abandon"
        ),
        4,
    )
    assert closed is Stage.CLOSED
    version = learning.get_project(platform, project_id, "BV-001").cycles[0].version
    with pytest.raises(UserError, match="clôturé"):
        learning.update_cycle(
            platform,
            TEAM,
            project_id,
            "BV-001",
            cycle_id,
            CycleFields(objective="Réécrire"),
            version,
            move_on=False,
        )


def test_bad_points_name_their_line_and_change_nothing(platform):
    project_id = new_project(platform)
    rate = learning.add_measure(platform, TEAM, project_id, "BV-001", "Part appelée", "p")
    before = snapshot(platform)
    with pytest.raises(DataFileError) as error:
        learning.add_points(
            platform,
            TEAM,
            project_id,
            "BV-001",
            rate,
            "2026-01-05;3;10\n2026-13-01;2;10\n2026-01-19;12;10\n2026-01-26;x;4",
        )
    problems = error.value.problems
    assert [(p.line, p.value) for p in problems] == [(2, "2026-13-01"), (3, "12"), (4, "x")]
    assert snapshot(platform) == before
    learning.add_points(
        platform, TEAM, project_id, "BV-001", rate, "2026-01-05;3;10\n2026-01-12\t5\t10\tnote libre"
    )
    points = learning.get_project(platform, project_id, "BV-001").measures[0].points
    assert [(p.value, p.denominator, p.note) for p in points] == [
        (3, 10, ""),
        (5, 10, "note libre"),
    ]


def test_the_journal_is_tagged_searchable_and_shared_on_purpose(platform):
    project_id = new_project(platform)
    learning.add_entry(
        platform,
        TEAM,
        project_id,
        "BV-001",
        EntryDraft(
            "Les pharmaciens se sont proposés pour relayer les appels",
            "emerged",
            "unexpected",
            date(2026, 3, 2),
            "pharmaciens, infirmière de liaison",
        ),
        "Équipe",
    )
    learning.add_entry(
        platform,
        TEAM,
        project_id,
        "BV-001",
        EntryDraft("Démarrage des appels comme prévu", "decision", "expected", date(2026, 2, 1)),
        "Équipe",
    )
    team_view = learning.get_project(platform, project_id, "BV-001", private=True)
    assert [e.expectation for e in team_view.journal] == [
        Expectation.UNEXPECTED,
        Expectation.EXPECTED,
    ]
    outsider = learning.get_project(platform, project_id, "BV-001")
    assert outsider.journal == [] and outsider.journal_hidden == 2
    found = learning.get_project(platform, project_id, private=True, query="PHARMACIEN")
    assert [e.text[:15] for e in found.journal] == ["Les pharmaciens"]
    assert learning.get_project(
        platform, project_id, private=True, query="infirmiere", expectation="unexpected"
    ).journal  # accents ignored
    assert not learning.get_project(
        platform, project_id, private=True, expectation="expected", query="pharmaciens"
    ).journal
    entry = team_view.journal[0]
    learning.share_entry(platform, TEAM, project_id, "BV-001", entry.id, True, entry.version)
    network = {o.code: o for o in learning.learning_network(platform)}
    assert entry.id in [s.entry.id for s in network["OLS-01"].entries]
    assert [s.entry.id for s in network["OLS-01"].entries if not s.entry.is_demo] == [
        entry.id
    ]  # the other one stays within the team
    found = learning.learning_network(platform, "relayer appels")
    assert [s.entry.id for o in found for s in o.entries] == [entry.id]
    assert not any(o.entries for o in learning.learning_network(platform, "kangourou"))


def test_a_measure_can_be_read_from_an_indicator_of_the_profiles(platform):
    from maillage.services import indicators

    summary = next(s for s in indicators.list_indicators(platform) if s.periods)
    project_id = new_project(platform, code="OLS-01")
    learning.add_measure(
        platform, TEAM, project_id, "OLS-01", "Indicateur", "xmr", indicator_id=summary.indicator.id
    )
    measure = learning.get_project(platform, project_id, "OLS-01").measures[0]
    assert [p.label for p in measure.points] == summary.periods[-len(measure.points) :]
    assert summary.indicator.name in measure.source
    with pytest.raises(NotFound):
        learning.add_measure(platform, TEAM, project_id, "OLS-01", "x", "run", indicator_id="nope")
    with pytest.raises(UserError):
        learning.add_points(platform, TEAM, project_id, "OLS-01", measure.id, "2026-01-01;3")


def test_absurd_points_are_refused_and_a_mistyped_point_is_withdrawn(platform):
    project_id = new_project(platform)
    measure = learning.add_measure(platform, TEAM, project_id, "BV-001", "Appels", "xmr")
    before = snapshot(platform)
    with pytest.raises(DataFileError) as error:
        learning.add_points(
            platform,
            TEAM,
            project_id,
            "BV-001",
            measure,
            "2026-01-05;1e16\n2026-01-12;1 234,5\n2026-01-19;inf",
        )
    assert [(p.line, p.value) for p in error.value.problems] == [(1, "1e16"), (3, "inf")]
    assert snapshot(platform) == before
    learning.add_points(
        platform,
        TEAM,
        project_id,
        "BV-001",
        measure,
        "2026-01-05;12\n2062-01-12;14\n2026-01-19;1 234,5",
    )
    points = learning.get_project(platform, project_id, "BV-001").measures[0].points
    assert [p.value for p in points] == [12, 1234.5, 14]
    mistyped = next(p for p in points if p.label.startswith("2062"))
    learning.withdraw_point(platform, TEAM, project_id, "BV-001", measure, mistyped.id)
    assert [p.label for p in learning.get_project(platform, project_id).measures[0].points] == [
        "2026-01-05",
        "2026-01-19",
    ]
    with pytest.raises(NotFound):
        learning.withdraw_point(platform, TEAM, project_id, "BV-001", measure, mistyped.id)


def test_a_p_chart_is_only_read_from_a_proportion(platform):
    from maillage.domain.indicators import Kind
    from maillage.services import indicators

    project_id = new_project(platform, code="OLS-01")
    other = next(
        s.indicator
        for s in indicators.list_indicators(platform)
        if s.indicator.kind is not Kind.PROPORTION
    )
    with pytest.raises(UserError, match="proportion"):
        learning.add_measure(platform, TEAM, project_id, "OLS-01", "x", "p", indicator_id=other.id)
