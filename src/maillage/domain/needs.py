"""The life of a need, from a bassin to the Forum and back: an explicit state machine.

A need ("besoin non couvert ou à adapter") is raised in a bassin (art. 13.4), qualified by
the bassin's actors, consolidated by the OLS (several bassins' needs merged into one,
provenance kept), put in the OLS action plan and transmitted to the IWPL and the Forum
(art. 18.2), compiled by the IWPL across OLS (art. 27.3) and answered by the Forum (art. 24).
Every transition records who, when and why; a transition not in ``TRANSITIONS`` is refused
with a message saying what is possible instead. No need disappears: declining keeps it,
with its reason, visible to the person who raised it, and it can be reopened; a merged need
points to the need that absorbed it and gets that need's answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from maillage.domain.access import Role
from maillage.errors import Conflict
from maillage.i18n import gettext as _


class NeedState(StrEnum):
    RAISED = "raised"
    QUALIFIED = "qualified"
    DECLINED = "declined"
    CONSOLIDATED = "consolidated"
    MERGED = "merged"
    IN_ACTION_PLAN = "in_action_plan"
    TRANSMITTED = "transmitted"
    COMPILED = "compiled"
    ANSWERED = "answered"

    @property
    def label(self) -> str:
        return {
            NeedState.RAISED: _("raised"),
            NeedState.QUALIFIED: _("qualified by the bassin"),
            NeedState.DECLINED: _("declined (with a reason)"),
            NeedState.CONSOLIDATED: _("consolidated by the OLS"),
            NeedState.MERGED: _("merged into another need"),
            NeedState.IN_ACTION_PLAN: _("in the OLS action plan"),
            NeedState.TRANSMITTED: _("transmitted to the IWPL and the Forum"),
            NeedState.COMPILED: _("compiled by the IWPL"),
            NeedState.ANSWERED: _("answered by the Forum"),
        }[self]


class Action(StrEnum):
    QUALIFY = "qualify"
    DECLINE = "decline"
    REOPEN = "reopen"
    CONSOLIDATE = "consolidate"
    MERGE = "merge"
    UNMERGE = "unmerge"
    PLAN = "plan"
    TRANSMIT = "transmit"
    COMPILE = "compile"
    ANSWER = "answer"

    @property
    def label(self) -> str:
        return {
            Action.QUALIFY: _("qualify"),
            Action.DECLINE: _("decline"),
            Action.REOPEN: _("reopen"),
            Action.CONSOLIDATE: _("consolidate"),
            Action.MERGE: _("merge"),
            Action.UNMERGE: _("undo the merge"),
            Action.PLAN: _("put in the action plan"),
            Action.TRANSMIT: _("transmit to the IWPL and the Forum"),
            Action.COMPILE: _("compile"),
            Action.ANSWER: _("answer"),
        }[self]


class Outcome(StrEnum):
    """The Forum's answer."""

    LIFTED = "lifted"
    IN_PROGRESS = "in_progress"
    OUT_OF_SCOPE = "out_of_scope"

    @property
    def label(self) -> str:
        return {
            Outcome.LIFTED: _("obstacle lifted"),
            Outcome.IN_PROGRESS: _("in progress"),
            Outcome.OUT_OF_SCOPE: _("out of scope"),
        }[self]


BASSIN_SIDE = frozenset({Role.BASSIN_ACTOR, Role.OLS_TEAM, Role.OLS_GOVERNANCE})
OLS_SIDE = frozenset({Role.OLS_TEAM, Role.OLS_GOVERNANCE})


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[NeedState]
    target: NeedState | None  # None: back to the state before the merge
    roles: frozenset[Role]
    needs_reason: bool = False


# The whole machine: (action → allowed source states, target state, who may do it).
TRANSITIONS: dict[Action, Transition] = {
    t.action: t
    for t in (
        Transition(Action.QUALIFY, frozenset({NeedState.RAISED}), NeedState.QUALIFIED, BASSIN_SIDE),
        Transition(
            Action.DECLINE,
            frozenset({NeedState.RAISED, NeedState.QUALIFIED}),
            NeedState.DECLINED,
            BASSIN_SIDE,
            needs_reason=True,
        ),
        Transition(
            Action.REOPEN,
            frozenset({NeedState.DECLINED}),
            NeedState.RAISED,
            BASSIN_SIDE,
            needs_reason=True,
        ),
        Transition(
            Action.CONSOLIDATE, frozenset({NeedState.QUALIFIED}), NeedState.CONSOLIDATED, OLS_SIDE
        ),
        Transition(
            Action.MERGE,
            frozenset({NeedState.QUALIFIED, NeedState.CONSOLIDATED}),
            NeedState.MERGED,
            OLS_SIDE,
        ),
        Transition(Action.UNMERGE, frozenset({NeedState.MERGED}), None, OLS_SIDE),
        Transition(
            Action.PLAN, frozenset({NeedState.CONSOLIDATED}), NeedState.IN_ACTION_PLAN, OLS_SIDE
        ),
        Transition(
            Action.TRANSMIT,
            frozenset({NeedState.IN_ACTION_PLAN}),
            NeedState.TRANSMITTED,
            frozenset({Role.OLS_GOVERNANCE, Role.OLS_TEAM}),
        ),
        Transition(
            Action.COMPILE,
            frozenset({NeedState.TRANSMITTED}),
            NeedState.COMPILED,
            frozenset({Role.IWPL_ANALYST}),
        ),
        Transition(
            Action.ANSWER,
            frozenset({NeedState.TRANSMITTED, NeedState.COMPILED}),
            NeedState.ANSWERED,
            frozenset({Role.FORUM_MEMBER}),
            needs_reason=True,
        ),
    )
}


class IllegalTransition(Conflict):
    """A step the state machine does not allow from the need's state, or not to this role."""


@dataclass(frozen=True)
class Step:
    """One line of a need's history: who did what, when and why."""

    action: Action | None  # None for the raising itself
    state_before: NeedState | None
    state_after: NeedState
    by: str
    role: Role | None
    at: datetime
    reason: str = ""
    merged_into: int | None = None


@dataclass(frozen=True)
class Need:
    id: int
    bassin: str
    ols: str
    state: NeedState
    history: tuple[Step, ...] = field(default_factory=tuple)
    merged_into: int | None = None
    outcome: Outcome | None = None
    answer: str = ""


def transitions_from(state: NeedState, roles: Iterable[Role]) -> list[Transition]:
    """The transitions a person holding *roles* may make from *state*."""
    held = set(roles)
    return [t for t in TRANSITIONS.values() if state in t.sources and held & t.roles]


# Steps that undo an earlier decision: a declined or merged need does not wait for them.
CORRECTIVE = frozenset({Action.REOPEN, Action.UNMERGE})


def waiting_states(roles: Iterable[Role]) -> list[NeedState]:
    """The states in which a need waits for a step of someone holding *roles* (the
    corrective steps aside): what their home page counts as work to do."""
    held = list(roles)
    return [
        s for s in NeedState if any(t.action not in CORRECTIVE for t in transitions_from(s, held))
    ]


def allowed_actions(need: Need, roles: Iterable[Role]) -> list[Action]:
    """What the person may do with *need* now (the buttons a page shows)."""
    return [t.action for t in transitions_from(need.state, roles)]


def apply(
    need: Need,
    action: Action,
    *,
    role: Role,
    by: str,
    at: datetime,
    reason: str = "",
    into: Need | None = None,
    outcome: Outcome | None = None,
    answer: str = "",
) -> Need:
    """The need after *action*, or ``IllegalTransition`` saying why not."""
    transition = TRANSITIONS[action]
    if need.state not in transition.sources:
        possible = (
            ", ".join(sorted(a.label for a, t in TRANSITIONS.items() if need.state in t.sources))
            or "—"
        )
        raise IllegalTransition(
            _("A need that is « {state} » cannot « {action} »; possible now: {possible}.").format(
                state=need.state.label, action=action.label, possible=possible
            )
        )
    if role not in transition.roles:
        raise IllegalTransition(
            _("The role « {role} » cannot « {action} » a need.").format(
                role=role.label, action=action.label
            )
        )
    if transition.needs_reason and not reason.strip():
        raise IllegalTransition(
            _("Say why: « {action} » needs a reason.").format(action=action.label)
        )
    target = transition.target
    merged_into: int | None = None
    if action is Action.MERGE:
        if into is None or into.id == need.id:
            raise IllegalTransition(_("Choose another need to merge into."))
        if into.state is not NeedState.CONSOLIDATED or into.ols != need.ols:
            raise IllegalTransition(_("A need merges into a consolidated need of the same OLS."))
        merged_into = into.id
    if action is Action.UNMERGE:
        target = _state_before_merge(need)
    if action is Action.ANSWER and outcome is None:
        raise IllegalTransition(
            _("An answer says whether the obstacle is lifted, in progress or out of scope.")
        )
    assert target is not None
    step = Step(action, need.state, target, by, role, at, reason.strip(), merged_into)
    return replace(
        need,
        state=target,
        history=(*need.history, step),
        merged_into=merged_into,
        outcome=outcome if action is Action.ANSWER else need.outcome,
        answer=(answer or reason).strip() if action is Action.ANSWER else need.answer,
    )


def _state_before_merge(need: Need) -> NeedState:
    for step in reversed(need.history):
        if step.action is Action.MERGE and step.state_before is not None:
            return step.state_before
    raise IllegalTransition(_("This need was never merged."))


def raised(
    need_id: int, bassin: str, ols: str, *, by: str, role: Role, at: datetime, reason: str = ""
) -> Need:
    """A new need, its history starting with who raised it."""
    if role not in BASSIN_SIDE | {Role.ORIENTATION_OPERATOR}:
        raise IllegalTransition(
            _("The role « {role} » cannot raise a need.").format(role=role.label)
        )
    return Need(
        need_id,
        bassin,
        ols,
        NeedState.RAISED,
        (Step(None, None, NeedState.RAISED, by, role, at, reason.strip()),),
    )


def answer_seen_by(need: Need, needs: Mapping[int, Need]) -> Need:
    """The need whose answer *need*'s raiser sees: its own, or the one it was merged into."""
    seen = need
    visited = {need.id}
    while seen.state is NeedState.MERGED and seen.merged_into is not None:
        seen = needs[seen.merged_into]
        if seen.id in visited:  # a cycle cannot be built by apply(); never loop
            break
        visited.add(seen.id)
    return seen


class Urgency(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def label(self) -> str:
        return {Urgency.LOW: _("low"), Urgency.MEDIUM: _("medium"), Urgency.HIGH: _("high")}[self]


class NeedOrigin(StrEnum):
    """Where a need was first noticed."""

    ACTOR = "actor"
    MEETING = "meeting"
    ORIENTATION_LINE = "orientation_line"  # requests that found no suitable service
    INDICATOR_ALERT = "indicator_alert"  # a bassin indicator worse than the region

    @property
    def label(self) -> str:
        return {
            NeedOrigin.ACTOR: _("reported by an actor"),
            NeedOrigin.MEETING: _("a concertation meeting"),
            NeedOrigin.ORIENTATION_LINE: _("orientation-line requests without a service"),
            NeedOrigin.INDICATOR_ALERT: _("an indicator alert"),
        }[self]
