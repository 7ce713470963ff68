"""The needs register: raise, qualify, consolidate, merge, plan, transmit, compile, answer.

The rules of the flow live in ``domain.needs``; this module stores needs and their history,
checks that the person acts in their own territory (a bassin actor in their bassin, an OLS
team in its OLS, the IWPL and the Forum regionally), refuses stale versions and tells those
who raised or follow a need what became of it. Reading the register is
``services.needs_register``; its names are reachable from here too (``needs.register``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from maillage.domain import needs as flow
from maillage.domain.access import Grant, Role, covers
from maillage.domain.actors import Asker
from maillage.domain.needs import Action, NeedOrigin, NeedState, Outcome, Urgency
from maillage.domain.territory import Level
from maillage.errors import Conflict, Forbidden, InvalidInput, NotFound
from maillage.i18n import gettext as _
from maillage.services import directory, notifications, territories
from maillage.services.fields import bounded_text, choice, joined
from maillage.services.needs_register import (
    COMPILED_STATES,
    Compilation,
    Evidence,
    NeedView,
    RegisterFilter,
    StepView,
    compilation,
    evidence,
    get,
    indicator_alerts,
    merge_candidates,
    need_record,
    register,
    steps_of,
)
from maillage.services.platform import Platform
from maillage.services.territories import zoning_hierarchy
from maillage.services.versioning import guarded_update
from maillage.store import links
from maillage.store.indicator_tables import WarmObservationRow
from maillage.store.needs_tables import (
    MeetingRow,
    NeedFollowerRow,
    NeedIndicatorRow,
    NeedObservationRow,
    NeedRow,
    NeedStepRow,
)

__all__ = [  # the flow here, and the register as callers reach it (needs.register, ...)
    "COMPILED_STATES",
    "RAISERS",
    "Asker",
    "Compilation",
    "Evidence",
    "Move",
    "NeedView",
    "NewNeed",
    "RegisterFilter",
    "StepView",
    "act",
    "acting_role",
    "compilation",
    "compile_transmitted",
    "evidence",
    "follow",
    "get",
    "indicator_alerts",
    "is_following",
    "merge_candidates",
    "move_all",
    "raisable_bassins",
    "raise_need",
    "register",
    "role_for",
    "transition",
]

MAX_TITLE = 200
MAX_TEXT = 4000
RAISERS = frozenset(flow.BASSIN_SIDE | {Role.ORIENTATION_OPERATOR})


def acting_role(
    platform: Platform, grants: Iterable[Grant], roles: Iterable[Role], code: str
) -> Role | None:
    """The first of *roles* the person holds on a scope covering territory *code*."""
    wanted = list(roles)
    ancestors = territories.ancestor_codes(platform, code)
    held = [
        g for g in grants if g.role in wanted and covers(g.scope, code, lambda _code: ancestors)
    ]
    held.sort(key=lambda g: wanted.index(g.role))
    return held[0].role if held else None


def raisable_bassins(platform: Platform, grants: Iterable[Grant]) -> list[tuple[str, str]]:
    """(code, name) of the bassins where these grants allow raising a need."""
    return territories.covered(platform, grants, RAISERS, (Level.BASSIN,))


@dataclass(frozen=True)
class NewNeed:
    bassin: str
    title: str
    theme: str
    urgency: str
    description: str = ""
    population: str = ""
    population_count: int | None = None
    origin: str = NeedOrigin.ACTOR.value
    meeting_id: int | None = None
    indicator_ids: tuple[str, ...] = ()
    observation_ids: tuple[int, ...] = ()
    orientation_terms: tuple[str, ...] = ()


def raise_need(platform: Platform, asker: Asker, new: NewNeed, *, is_demo: bool = False) -> int:
    """Record a need in a bassin; the raiser follows it from then on. Returns its number."""
    title = bounded_text(new.title, _("title"), MAX_TITLE, required=True)
    description = bounded_text(new.description, _("description"), MAX_TEXT)
    population = bounded_text(new.population, _("population concerned"), MAX_TEXT)
    if new.population_count is not None and not 0 <= new.population_count <= 10_000_000:
        raise InvalidInput(_("The number of people concerned must be between 0 and 10,000,000."))
    urgency, origin = choice(Urgency, new.urgency), choice(NeedOrigin, new.origin)
    if territories.level_of(platform, new.bassin) is not Level.BASSIN:
        raise InvalidInput(
            _("Choose a bassin de vie of the active zoning: {value}").format(value=new.bassin)
        )
    role = acting_role(platform, asker.grants, sorted(RAISERS), new.bassin)
    if role is None:
        raise Forbidden(_("You can raise needs only in a bassin within your scope."))
    now = datetime.now(UTC)
    raised = flow.raised(0, new.bassin, "", by=asker.name, role=role, at=now)
    with platform.transaction(asker.actor) as session:
        zoning, _year, tree = zoning_hierarchy(platform, session, None, None)
        ols = tree.ancestor_at(new.bassin, Level.OLS)
        _check_evidence(
            platform,
            session,
            new,
            tree.get(new.bassin).code,
            {new.bassin, *(t.code for t in tree.descendants(new.bassin))},
        )
        row = NeedRow(
            code=new.bassin,
            ols_code=ols.code if ols else "",
            zoning_id=zoning.id,
            title=title,
            description=description,
            theme=new.theme,
            population=population,
            population_count=new.population_count,
            urgency=urgency.value,
            origin=origin.value,
            meeting_id=new.meeting_id,
            orientation_terms=joined(new.orientation_terms),
            state=raised.state.value,
            outcome="",
            answer="",
            raised_by_id=asker.person_id,
            raised_by_name=asker.name,
            is_demo=is_demo,
            created_at=now,
        )
        session.add(row)
        session.flush()
        links.replace(
            session,
            NeedIndicatorRow,
            row.id,
            new.indicator_ids,
            unknown=_("Unknown indicator: {id}"),
        )
        links.replace(
            session,
            NeedObservationRow,
            row.id,
            new.observation_ids,
            unknown=_("Unknown observation: {id}"),
        )
        session.add(
            NeedStepRow(
                need_id=row.id,
                action="",
                state_before="",
                state_after=raised.state.value,
                by_id=asker.person_id,
                by_name=asker.name,
                role=role.value,
                at=now,
                reason="",
            )
        )
        if asker.person_id is not None:
            session.add(NeedFollowerRow(need_id=row.id, person_id=asker.person_id))
        team = notifications.ols_team(session, row.ols_code) - {asker.person_id}
        notices = notifications.write(
            session,
            team,
            row.id,
            _("New need no. {id} « {title} » ({bassin}), raised by {name}: to qualify.").format(
                id=row.id, title=row.title, bassin=tree.get(new.bassin).name, name=asker.name
            ),
        )
        need_id = row.id
    notifications.send_emails(platform, notices)
    return need_id


def _check_evidence(
    platform: Platform, session: Session, new: NewNeed, bassin: str, covered: set[str]
) -> None:
    if not new.theme:
        raise InvalidInput(_("Choose the theme of the need."))
    if new.theme not in directory.sector_codes(platform, session):
        raise InvalidInput(_("Choose a theme from the taxonomy: {value}").format(value=new.theme))
    known_terms = {t.code for t in directory.terms(platform, session)}
    unknown_terms = [t for t in new.orientation_terms if t not in known_terms]
    if unknown_terms:
        raise InvalidInput(_("Unknown themes: {themes}").format(themes=", ".join(unknown_terms)))
    for observation_id in new.observation_ids:
        observation = session.get(WarmObservationRow, observation_id)
        if observation is None or observation.withdrawn or observation.code not in covered:
            raise InvalidInput(
                _("Observation {id} is not about bassin {code}.").format(
                    id=observation_id, code=bassin
                )
            )
    if new.origin == NeedOrigin.MEETING.value and new.meeting_id is None:
        raise InvalidInput(_("Choose the meeting the need comes from."))
    if new.meeting_id is not None and session.get(MeetingRow, new.meeting_id) is None:
        raise InvalidInput(_("Unknown meeting: {id}").format(id=new.meeting_id))


@dataclass(frozen=True)
class Move:
    action: Action
    version: int
    reason: str = ""
    into: int | None = None
    outcome: Outcome | None = None


def act(platform: Platform, asker: Asker, need_id: int, move: Move) -> NeedState:
    """Apply one transition; the person must hold a role allowed to make it, in scope."""
    with platform.reading() as session:
        current = session.get(NeedRow, need_id)
        if current is None:
            raise NotFound(_("Unknown need: {id}").format(id=need_id))
        code = current.code
    role = role_for(platform, asker, move.action, code)
    notices: list[int] = []

    def load(session: Session) -> NeedRow:
        row = session.get(NeedRow, need_id)
        if row is None:
            raise NotFound(_("Unknown need: {id}").format(id=need_id))
        return row

    def apply(session: Session, row: NeedRow) -> None:
        _state, sent = transition(session, row, move, role, asker)
        notices.extend(sent)

    state = guarded_update(
        platform, asker.actor, load, move.version, apply, lambda session, row: NeedState(row.state)
    )
    notifications.send_emails(platform, notices)
    return state


def compile_transmitted(platform: Platform, asker: Asker) -> int:
    """The IWPL compiles every transmitted need at once, in one transaction (each step is
    recorded on its need); how many were compiled."""
    waiting = register(platform, RegisterFilter(states=(NeedState.TRANSMITTED,)))
    if not waiting:
        raise Conflict(_("No transmitted need is waiting to be compiled."))
    return move_all(
        platform,
        asker,
        Action.COMPILE,
        _("compilation across OLS"),
        {n.id: role_for(platform, asker, Action.COMPILE, n.code) for n in waiting},
    )


def move_all(
    platform: Platform, asker: Asker, action: Action, reason: str, roles: Mapping[int, Role]
) -> int:
    """Apply *action* to several needs (id → the role acting) in one transaction, each step
    recorded on its need; the e-mails go after the commit. How many needs moved."""
    notices: list[int] = []
    with platform.transaction(asker.actor) as session:
        for need_id, role in roles.items():
            row = session.get(NeedRow, need_id)
            if row is None:
                raise NotFound(_("Unknown need: {id}").format(id=need_id))
            _state, sent = transition(session, row, Move(action, row.version, reason), role, asker)
            notices.extend(sent)
    notifications.send_emails(platform, notices)
    return len(roles)


def role_for(platform: Platform, asker: Asker, action: Action, code: str) -> Role:
    """The role the person acts in for *action* on a need of bassin *code*.

    Outside their territory they are refused; with no role allowed to act at all, the
    state machine refuses with a message naming what is possible.
    """
    allowed_roles = flow.TRANSITIONS[action].roles
    role = acting_role(platform, asker.grants, sorted(allowed_roles), code)
    if role is not None:
        return role
    if {g.role for g in asker.grants} & allowed_roles:
        raise Forbidden(_("This need is outside your territory."))
    held = sorted(g.role for g in asker.grants)
    if not held:
        raise Forbidden(_("Your roles do not allow this here."))
    return held[0]


def transition(
    session: Session, row: NeedRow, move: Move, role: Role, asker: Asker
) -> tuple[NeedState, list[int]]:
    """Apply *move* to *row* in the caller's transaction: the state, the history line and
    the in-app messages (their ids, for the e-mails sent after the commit)."""
    steps = steps_of(session, [row.id])
    into_row = session.get(NeedRow, move.into) if move.into is not None else None
    if move.action is Action.MERGE and into_row is None:
        raise InvalidInput(_("Unknown need: {id}").format(id=move.into))
    into = (
        need_record(into_row, steps_of(session, [into_row.id])[into_row.id])
        if into_row is not None
        else None
    )
    now = datetime.now(UTC)
    after = flow.apply(
        need_record(row, steps[row.id]),
        move.action,
        role=role,
        by=asker.name,
        at=now,
        reason=move.reason,
        into=into,
        outcome=move.outcome,
    )
    step = after.history[-1]
    row.state = after.state.value
    row.merged_into_id = after.merged_into
    row.outcome = after.outcome.value if after.outcome else ""
    row.answer = after.answer
    session.add(
        NeedStepRow(
            need_id=row.id,
            action=move.action.value,
            state_before=step.state_before.value if step.state_before else "",
            state_after=step.state_after.value,
            by_id=asker.person_id,
            by_name=asker.name,
            role=role.value,
            at=now,
            reason=step.reason,
            merged_into_id=step.merged_into,
        )
    )
    session.flush()
    return after.state, _notify(session, row, after, asker.person_id)


def _followers(session: Session, need_id: int) -> set[int]:
    """People following *need_id* or any need merged (at any depth) into it."""
    ids, frontier = {need_id}, [need_id]
    while frontier:
        children = list(
            session.scalars(
                select(NeedRow.id).where(
                    NeedRow.merged_into_id.in_(frontier), NeedRow.state == NeedState.MERGED.value
                )
            )
        )
        frontier = [c for c in children if c not in ids]
        ids.update(frontier)
    return set(
        session.scalars(select(NeedFollowerRow.person_id).where(NeedFollowerRow.need_id.in_(ids)))
    )


def _notify(session: Session, row: NeedRow, after: flow.Need, actor_id: int | None) -> list[int]:
    step = after.history[-1]
    text = _("Need no. {id} « {title} »: {state}.").format(
        id=row.id, title=row.title, state=after.state.label
    )
    if after.state is NeedState.ANSWERED and after.outcome is not None:
        text += " " + _("Answer of the Forum: {outcome} — {answer}").format(
            outcome=after.outcome.label, answer=after.answer
        )
    elif step.merged_into is not None:
        text += " " + _("It continues as need no. {id}.").format(id=step.merged_into)
    elif step.reason:
        text += " " + _("Reason: {reason}").format(reason=step.reason)
    recipients = _followers(session, row.id) - ({actor_id} if actor_id else set())
    return notifications.write(session, recipients, row.id, text)


def follow(platform: Platform, asker: Asker, need_id: int, following: bool) -> None:
    if asker.person_id is None:
        raise Forbidden(_("Log in to do this."))
    with platform.transaction(asker.actor, keeps_memo=True) as session:
        if session.get(NeedRow, need_id) is None:
            raise NotFound(_("Unknown need: {id}").format(id=need_id))
        existing = session.get(NeedFollowerRow, (need_id, asker.person_id))
        if following and existing is None:
            session.add(NeedFollowerRow(need_id=need_id, person_id=asker.person_id))
        elif not following and existing is not None:
            session.delete(existing)


def is_following(platform: Platform, person_id: int | None, need_id: int) -> bool:
    if person_id is None:
        return False
    with platform.reading() as session:
        return session.get(NeedFollowerRow, (need_id, person_id)) is not None
