"""The needs state machine: every allowed transition works, every other is refused,
merge then un-merge restores both needs exactly."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from maillage.domain.access import Role
from maillage.domain.needs import (
    TRANSITIONS,
    Action,
    IllegalTransition,
    Need,
    NeedState,
    Outcome,
    allowed_actions,
    answer_seen_by,
    apply,
    raised,
)

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def need_in(state: NeedState, need_id: int = 1, ols: str = "OLS-01") -> Need:
    """A need brought to *state* by the machine itself (no shortcut)."""
    need = raised(need_id, "BV-001", ols, by="a", role=Role.BASSIN_ACTOR, at=NOW)
    paths = {
        NeedState.RAISED: [],
        NeedState.QUALIFIED: [Action.QUALIFY],
        NeedState.DECLINED: [Action.DECLINE],
        NeedState.CONSOLIDATED: [Action.QUALIFY, Action.CONSOLIDATE],
        NeedState.IN_ACTION_PLAN: [Action.QUALIFY, Action.CONSOLIDATE, Action.PLAN],
        NeedState.TRANSMITTED: [Action.QUALIFY, Action.CONSOLIDATE, Action.PLAN, Action.TRANSMIT],
        NeedState.COMPILED: [
            Action.QUALIFY,
            Action.CONSOLIDATE,
            Action.PLAN,
            Action.TRANSMIT,
            Action.COMPILE,
        ],
        NeedState.ANSWERED: [
            Action.QUALIFY,
            Action.CONSOLIDATE,
            Action.PLAN,
            Action.TRANSMIT,
            Action.COMPILE,
            Action.ANSWER,
        ],
    }
    if state is NeedState.MERGED:
        target = need_in(NeedState.CONSOLIDATED, need_id + 100, ols)
        return do(need_in(NeedState.QUALIFIED, need_id, ols), Action.MERGE, into=target)
    for action in paths[state]:
        need = do(need, action)
    return need


def role_for(action: Action) -> Role:
    return sorted(TRANSITIONS[action].roles)[0]


def do(need: Need, action: Action, **extra) -> Need:
    extra.setdefault("reason", "parce que")
    if action is Action.ANSWER:
        extra.setdefault("outcome", Outcome.IN_PROGRESS)
    return apply(need, action, role=role_for(action), by="x", at=NOW, **extra)


ALLOWED = [(state, action) for action, t in TRANSITIONS.items() for state in sorted(t.sources)]
REFUSED = [
    (state, action)
    for state in NeedState
    for action in Action
    if state not in TRANSITIONS[action].sources
]


@pytest.mark.parametrize(("state", "action"), ALLOWED)
def test_every_allowed_transition_works_and_is_recorded(state, action):
    need = need_in(state)
    extra = {"into": need_in(NeedState.CONSOLIDATED, 50)} if action is Action.MERGE else {}
    after = do(need, action, **extra)
    expected = TRANSITIONS[action].target
    if action is Action.UNMERGE:
        expected = NeedState.QUALIFIED  # the state it had before the merge
    assert after.state is expected
    last = after.history[-1]
    assert (last.action, last.state_before, last.state_after) == (action, state, expected)
    assert len(after.history) == len(need.history) + 1


@pytest.mark.parametrize(("state", "action"), REFUSED)
def test_every_other_transition_is_refused_with_a_message(state, action):
    need = need_in(state)
    with pytest.raises(IllegalTransition, match="possible maintenant"):
        do(need, action, into=need_in(NeedState.CONSOLIDATED, 60))


@pytest.mark.parametrize("action", list(Action))
def test_roles_outside_the_transition_are_refused(action):
    state = sorted(TRANSITIONS[action].sources)[0]
    need = need_in(state)
    others = [r for r in Role if r not in TRANSITIONS[action].roles]
    for role in others:
        with pytest.raises(IllegalTransition, match="ne peut pas"):
            apply(
                need,
                action,
                role=role,
                by="x",
                at=NOW,
                reason="r",
                into=need_in(NeedState.CONSOLIDATED, 70),
                outcome=Outcome.LIFTED,
            )


def test_merge_then_unmerge_restores_both_needs_exactly():
    kept = need_in(NeedState.CONSOLIDATED, 1)
    absorbed = need_in(NeedState.QUALIFIED, 2)
    merged = do(absorbed, Action.MERGE, into=kept)
    assert merged.state is NeedState.MERGED and merged.merged_into == 1
    restored = do(merged, Action.UNMERGE)
    assert (restored.state, restored.merged_into, restored.outcome, restored.answer) == (
        absorbed.state,
        absorbed.merged_into,
        absorbed.outcome,
        absorbed.answer,
    )
    assert restored.history[: len(absorbed.history)] == absorbed.history
    assert kept == need_in(NeedState.CONSOLIDATED, 1)  # the kept need never changed


def test_merges_stay_within_one_ols_and_into_a_consolidated_need():
    with pytest.raises(IllegalTransition):
        do(
            need_in(NeedState.QUALIFIED, 1),
            Action.MERGE,
            into=need_in(NeedState.CONSOLIDATED, 2, ols="OLS-02"),
        )
    with pytest.raises(IllegalTransition):
        do(need_in(NeedState.QUALIFIED, 1), Action.MERGE, into=need_in(NeedState.RAISED, 2))


def test_raisers_of_merged_needs_see_the_forum_answer():
    kept = need_in(NeedState.CONSOLIDATED, 1)
    absorbed = do(need_in(NeedState.QUALIFIED, 2), Action.MERGE, into=kept)
    for action in (Action.PLAN, Action.TRANSMIT, Action.COMPILE):
        kept = do(kept, action)
    kept = do(kept, Action.ANSWER, outcome=Outcome.LIFTED, reason="Accord trouvé.")
    seen = answer_seen_by(absorbed, {1: kept, 2: absorbed})
    assert seen.outcome is Outcome.LIFTED and seen.answer == "Accord trouvé."


def test_reasons_are_required_where_the_decree_asks_for_accountability():
    need = need_in(NeedState.RAISED)
    with pytest.raises(IllegalTransition, match="raison"):
        apply(need, Action.DECLINE, role=Role.BASSIN_ACTOR, by="x", at=NOW, reason=" ")
    compiled = need_in(NeedState.COMPILED)
    with pytest.raises(IllegalTransition):
        apply(compiled, Action.ANSWER, role=Role.FORUM_MEMBER, by="x", at=NOW, reason="ok")


def test_buttons_follow_state_and_roles():
    need = need_in(NeedState.QUALIFIED)
    assert allowed_actions(need, [Role.BASSIN_ACTOR]) == [Action.DECLINE]
    assert set(allowed_actions(need, [Role.OLS_TEAM])) == {
        Action.DECLINE,
        Action.CONSOLIDATE,
        Action.MERGE,
    }
    assert allowed_actions(need_in(NeedState.TRANSMITTED), [Role.FORUM_MEMBER]) == [Action.ANSWER]
    with pytest.raises(IllegalTransition):
        raised(9, "BV-001", "OLS-01", by="x", role=Role.FORUM_MEMBER, at=NOW)
