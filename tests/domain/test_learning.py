"""PDSA stages, chaining of cycles, hypotheses and the journal's search."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.domain.learning import (
    CycleStub,
    EntryKind,
    Expectation,
    Hypothesis,
    JournalEntry,
    Stage,
    advance,
    matches,
    next_number,
)
from maillage.errors import Conflict, UserError

FILLED = {"objective": "o", "prediction": "p", "done_what": "d", "study": "s", "decision": "adopt"}


def test_a_cycle_walks_plan_do_study_act_then_closes():
    stage = Stage.PLAN
    seen = [stage]
    while stage is not Stage.CLOSED:
        stage = advance(stage, FILLED)
        seen.append(stage)
    assert seen == [Stage.PLAN, Stage.DO, Stage.STUDY, Stage.ACT, Stage.CLOSED]
    with pytest.raises(Conflict):
        advance(Stage.CLOSED, FILLED)


@pytest.mark.parametrize(
    ("stage", "field"),
    [
        (Stage.PLAN, "prediction"),
        (Stage.DO, "done_what"),
        (Stage.STUDY, "study"),
        (Stage.ACT, "decision"),
    ],
)
def test_a_stage_is_not_left_with_its_record_empty(stage, field):
    with pytest.raises(UserError, match=stage.label):
        advance(stage, {**FILLED, field: "   "})


def test_cycles_are_chained():
    assert next_number([]) == 1
    assert next_number([CycleStub(1, Stage.CLOSED), CycleStub(2, Stage.CLOSED)]) == 3
    with pytest.raises(Conflict, match="2"):
        next_number([CycleStub(1, Stage.CLOSED), CycleStub(2, Stage.STUDY)])


def test_a_hypothesis_reads_as_one_sentence():
    sentence = Hypothesis("on appelle le médecin.", "le suivi commence ", "il sait").sentence()
    assert sentence == ("Si on appelle le médecin, alors le suivi commence, parce que il sait.")


ENTRY = JournalEntry(
    1,
    "Les pharmaciens ont relayé la date de sortie",
    "CPAS, liaison",
    EntryKind.SURPRISE,
    Expectation.UNEXPECTED,
)


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("", True),
        ("PHARMACIEN", True),
        ("relaye date", True),
        ("cpas", True),
        ("inattendu", True),
        ("surprise", True),
        ("hopital", False),
        ("pharmaciens kangourou", False),
    ],
)
def test_journal_search_ignores_case_and_accents_and_needs_every_word(query, found):
    assert matches(ENTRY, query) is found


@given(st.text(max_size=40))
def test_journal_search_never_fails_on_any_query(query):
    assert matches(ENTRY, query) in (True, False)
