"""Coherence rules of the roadmap: the links seed 000 states between scenarios."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.domain.roadmap import RULES, Choice, Severity, evaluate, parse_choices
from maillage.errors import UserError
from maillage.services.roadmap import roadmap

ROADMAP = roadmap()
CHOOSABLE = [s.code for s in ROADMAP.choosable]


def flagged(choices: dict[str, str]) -> set[tuple[str, str, Severity]]:
    found = evaluate(ROADMAP, parse_choices(ROADMAP, choices))
    return {
        (
            f"{f.rule.when[0]}:{f.rule.when[1].value}",
            f"{f.rule.then[0]}:{f.rule.then[1].value}",
            f.severity,
        )
        for f in found.flags
    }


def test_nine_steps_with_sub_steps_and_two_scenarios_where_the_seed_gives_them():
    top = [s.code for s in ROADMAP.steps if s.parent is None]
    assert top == [str(n) for n in range(1, 10)]
    assert [s.code for s in ROADMAP.steps if s.parent == "5"] == ["5.1", "5.2", "5.3", "5.4"]
    assert CHOOSABLE == ["1", "2", "3", "4", "5.1", "5.3", "6", "7", "8", "9.1", "9.3"]
    assert ROADMAP.step("4").scenario(1).title == "Projets concrets comme des dossiers séparés"
    assert ROADMAP.step("6").scenario(2).title == "Coopération"
    assert ROADMAP.step("1").scenario(1).risks


def test_a_coordinator_team_with_cooperative_governance_is_flagged():
    assert flagged({"7": "1", "6": "2"}) == {("7:1", "6:1", Severity.INCONSISTENT)}
    assert flagged({"7": "2", "6": "1"}) == {("7:2", "6:2", Severity.INCONSISTENT)}
    assert flagged({"6": "1", "4": "2"}) == {
        ("6:1", "4:1", Severity.INCONSISTENT),
        ("4:2", "6:2", Severity.INCONSISTENT),
    }
    assert flagged({"7": "1", "6": "1"}) == set()


def test_the_reductionist_frame_goes_with_separate_files_prediction_and_summative_evaluation():
    assert flagged({"9.1": "1", "4": "1", "5.1": "1", "5.3": "1"}) == set()
    assert flagged({"9.1": "1", "4": "2", "5.1": "2", "5.3": "2"}) >= {
        ("9.1:1", "4:1", Severity.INCONSISTENT),
        ("9.1:1", "5.1:1", Severity.INCONSISTENT),
        ("9.1:1", "5.3:1", Severity.INCONSISTENT),
    }
    assert flagged({"9.1": "2", "5.3": "1"}) == {("9.1:2", "5.3:2", Severity.INCONSISTENT)}


def test_a_blend_is_a_tension_to_watch_not_an_inconsistency():
    assert flagged({"7": "1", "6": "blend"}) == {("7:1", "6:1", Severity.WATCH)}
    assert flagged({"7": "blend", "6": "2"}) == set()


def test_time_limited_support_continues_the_appropriation_of_step_3():
    assert flagged({"8": "1", "3": "1"}) == {("8:1", "3:2", Severity.INCONSISTENT)}
    assert flagged({"8": "1", "3": "2"}) == set()


def test_the_all_second_trajectory_is_coherent_and_the_all_first_one_names_its_one_tension():
    assert flagged(dict.fromkeys(CHOOSABLE, "2")) == set()
    assert flagged(dict.fromkeys(CHOOSABLE, "1")) == {("8:1", "3:2", Severity.INCONSISTENT)}


def test_the_risk_summary_lists_chosen_scenarios_and_the_trajectory_risks():
    evaluation = evaluate(ROADMAP, parse_choices(ROADMAP, {"1": "1", "6": "blend"}))
    assert {(r.step, r.scenario) for r in evaluation.risks} >= {("1", 1), ("6", 1)}
    assert all(r.balanced for r in evaluation.risks if r.step == "6")
    assert dict(evaluation.trajectory_risks)["1"] == (
        "Rigidité",
        "Cloisonnement",
        "Fragmentation",
        "Pilotage linéaire",
    )
    assert "2" in dict(evaluation.trajectory_risks)  # a blend draws on both
    only_second = evaluate(ROADMAP, parse_choices(ROADMAP, {"4": "2"}))
    assert [n for n, _r in only_second.trajectory_risks] == ["2"]


def test_a_flag_explains_itself_with_the_seeds_words():
    [flag] = evaluate(ROADMAP, parse_choices(ROADMAP, {"7": "1", "6": "2"})).flags
    sentence = flag.sentence(ROADMAP)
    assert "Compétences portées par le coordinateur" in sentence and "Coopération" in sentence
    assert "va de pair" in flag.rule.quote


def test_bad_choices_are_named():
    with pytest.raises(UserError, match="Étape de feuille de route inconnue : 10"):
        parse_choices(ROADMAP, {"10": "1"})
    with pytest.raises(UserError, match=r"L'étape 5\.2 ne propose aucun scénario"):
        parse_choices(ROADMAP, {"5.2": "1"})
    with pytest.raises(UserError, match="choix « 3 » inconnu"):
        parse_choices(ROADMAP, {"6": "3"})
    assert parse_choices(ROADMAP, {"6": ""}) == {}


@given(st.dictionaries(st.sampled_from(CHOOSABLE), st.sampled_from(list(Choice))))
def test_a_flag_needs_both_of_its_steps_chosen_and_differing(choices):
    evaluation = evaluate(ROADMAP, choices)
    for flag in evaluation.flags:
        assert choices[flag.rule.when[0]] is flag.rule.when[1]
        assert choices[flag.rule.then[0]] is not flag.rule.then[1]
        assert (flag.severity is Severity.WATCH) == (choices[flag.rule.then[0]] is Choice.BLEND)
    expected = sum(
        1
        for r in RULES
        if choices.get(r.when[0]) is r.when[1]
        and r.then[0] in choices
        and choices[r.then[0]] is not r.then[1]
    )
    assert len(evaluation.flags) == expected
