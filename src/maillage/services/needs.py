"""The needs register: raise, qualify, consolidate, merge, plan, transmit, compile, answer.

The rules of the flow live in ``domain.needs``; this module stores needs and their history,
checks that the person acts in their own territory (a bassin actor in their bassin, an OLS
team in its OLS, the IWPL and the Forum regionally), refuses stale versions and tells those
who raised or follow a need what became of it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from maillage.domain import needs as flow
from maillage.domain.access import Grant, Role, covers
from maillage.domain.compilation import CompiledNeed, HeatMap, heat_map
from maillage.domain.indicators import Comparison
from maillage.domain.needs import Action, NeedOrigin, NeedState, Outcome, Urgency
from maillage.domain.territory import Level
from maillage.errors import Conflict, Forbidden, InvalidInput, NotFound
from maillage.i18n import gettext as _
from maillage.services import directory, notifications, territories
from maillage.services.fields import bounded_text, choice, code_list, id_list, joined
from maillage.services.indicators import ProfileLine, profile_lines
from maillage.services.observations import WarmObservation
from maillage.services.observations import for_territory as observations_of
from maillage.services.platform import Platform
from maillage.services.territories import _tree
from maillage.services.versioning import guarded_update
from maillage.store.audit import Actor
from maillage.store.indicator_tables import IndicatorRow, WarmObservationRow
from maillage.store.needs_tables import MeetingRow, NeedFollowerRow, NeedRow, NeedStepRow

MAX_TITLE = 200
MAX_TEXT = 4000
RAISERS = frozenset(flow.BASSIN_SIDE | {Role.ORIENTATION_OPERATOR})


@dataclass(frozen=True)
class Asker:
    """Who acts: the audit actor, the person's id and name, and their grants."""

    actor: Actor
    person_id: int | None
    name: str
    grants: tuple[Grant, ...]


@dataclass(frozen=True)
class StepView:
    action: Action | None
    state_before: NeedState | None
    state_after: NeedState
    by: str
    role: Role | None
    at: datetime
    reason: str
    merged_into: int | None


@dataclass
class NeedView:
    id: int
    code: str
    bassin_name: str
    ols_code: str
    ols_name: str
    title: str
    description: str
    theme: str
    theme_name: str
    population: str
    population_count: int | None
    urgency: Urgency
    origin: NeedOrigin
    meeting_id: int | None
    indicator_ids: list[str]
    observation_ids: list[int]
    orientation_terms: list[str]
    state: NeedState
    merged_into: int | None
    outcome: Outcome | None
    answer: str
    raised_by: str
    raised_by_id: int | None
    is_demo: bool
    created_at: datetime
    version: int
    history: list[StepView] = field(default_factory=list)
    merged_from: list[NeedView] = field(default_factory=list)
    answered_through: NeedView | None = None  # the need whose answer this one's raiser sees

    @property
    def visible_answer(self) -> tuple[Outcome | None, str, int]:
        """The Forum's answer this need's raiser sees: its own or its absorbing need's."""
        seen = self.answered_through or self
        return seen.outcome, seen.answer, seen.id


def _domain(row: NeedRow, steps: Sequence[NeedStepRow]) -> flow.Need:
    return flow.Need(
        row.id,
        row.code,
        row.ols_code,
        NeedState(row.state),
        tuple(
            flow.Step(
                Action(s.action) if s.action else None,
                NeedState(s.state_before) if s.state_before else None,
                NeedState(s.state_after),
                s.by_name,
                Role(s.role) if s.role else None,
                s.at,
                s.reason,
                s.merged_into_id,
            )
            for s in steps
        ),
        row.merged_into_id,
        Outcome(row.outcome) if row.outcome else None,
        row.answer,
    )


def _steps(session: Session, need_ids: Iterable[int]) -> dict[int, list[NeedStepRow]]:
    found: dict[int, list[NeedStepRow]] = defaultdict(list)
    ids = list(need_ids)
    if ids:
        for step in session.scalars(
            select(NeedStepRow).where(NeedStepRow.need_id.in_(ids)).order_by(NeedStepRow.id)
        ):
            found[step.need_id].append(step)
    return found


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
        zoning, _year, tree = _tree(platform, session, None, None)
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
            indicator_ids=joined(new.indicator_ids),
            observation_ids=joined(new.observation_ids),
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
        return row.id


def _check_evidence(
    platform: Platform, session: Session, new: NewNeed, bassin: str, covered: set[str]
) -> None:
    if new.theme not in directory.sector_codes(platform, session):
        raise InvalidInput(_("Choose a theme from the taxonomy: {value}").format(value=new.theme))
    known_terms = {t.code for t in directory.terms(platform, session)}
    unknown_terms = [t for t in new.orientation_terms if t not in known_terms]
    if unknown_terms:
        raise InvalidInput(_("Unknown themes: {themes}").format(themes=", ".join(unknown_terms)))
    for indicator_id in new.indicator_ids:
        if session.get(IndicatorRow, indicator_id) is None:
            raise InvalidInput(_("Unknown indicator: {id}").format(id=indicator_id))
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
    steps = _steps(session, [row.id])
    into_row = session.get(NeedRow, move.into) if move.into is not None else None
    if move.action is Action.MERGE and into_row is None:
        raise InvalidInput(_("Unknown need: {id}").format(id=move.into))
    into = (
        _domain(into_row, _steps(session, [into_row.id])[into_row.id])
        if into_row is not None
        else None
    )
    now = datetime.now(UTC)
    after = flow.apply(
        _domain(row, steps[row.id]),
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


@dataclass(frozen=True)
class RegisterFilter:
    states: tuple[NeedState, ...] = ()
    theme: str = ""
    territory: str = ""  # a bassin, an OLS or the region
    person_id: int | None = None  # raised or followed by this person
    include_merged: bool = True


def register(platform: Platform, filters: RegisterFilter = RegisterFilter()) -> list[NeedView]:
    """Needs of the active zoning, newest first, with who raised them and their answers."""
    with platform.reading() as session:
        zoning, _year, tree = _tree(platform, session, None, None)
        query = select(NeedRow).where(NeedRow.zoning_id == zoning.id)
        if filters.states:
            query = query.where(NeedRow.state.in_([s.value for s in filters.states]))
        if not filters.include_merged:
            query = query.where(NeedRow.state != NeedState.MERGED.value)
        if filters.theme:
            query = query.where(NeedRow.theme == filters.theme)
        if filters.territory and filters.territory in tree:
            level = tree.get(filters.territory).level
            if level is Level.BASSIN:
                query = query.where(NeedRow.code == filters.territory)
            elif level is Level.OLS:
                query = query.where(NeedRow.ols_code == filters.territory)
        if filters.person_id is not None:
            followed = select(NeedFollowerRow.need_id).where(
                NeedFollowerRow.person_id == filters.person_id
            )
            query = query.where(
                or_(NeedRow.raised_by_id == filters.person_id, NeedRow.id.in_(followed))
            )
        rows = list(session.scalars(query.order_by(NeedRow.id.desc())))
        return _views(platform, session, rows, with_history=False)


def get(platform: Platform, need_id: int) -> NeedView:
    with platform.reading() as session:
        row = session.get(NeedRow, need_id)
        if row is None:
            raise NotFound(_("Unknown need: {id}").format(id=need_id))
        return _views(platform, session, [row], with_history=True)[0]


def _views(
    platform: Platform, session: Session, rows: list[NeedRow], with_history: bool
) -> list[NeedView]:
    _zoning, _year, tree = _tree(platform, session, None, None)
    names = directory.term_names(platform, session)
    # Needs merged into these, and the needs these were merged into (the answer they see).
    ids = [r.id for r in rows]
    children = (
        list(
            session.scalars(
                select(NeedRow).where(
                    NeedRow.merged_into_id.in_(ids), NeedRow.state == NeedState.MERGED.value
                )
            )
        )
        if ids
        else []
    )
    parents: dict[int, NeedRow] = {}
    frontier = {r.merged_into_id for r in rows if r.merged_into_id is not None}
    while frontier:
        found = list(session.scalars(select(NeedRow).where(NeedRow.id.in_(frontier))))
        parents.update((p.id, p) for p in found)
        frontier = {
            p.merged_into_id
            for p in found
            if p.merged_into_id is not None and p.merged_into_id not in parents
        }
    chain = {p.id: _domain(p, []) for p in parents.values()}
    steps = _steps(session, ids) if with_history else {}

    def view(row: NeedRow) -> NeedView:
        def name(code: str) -> str:
            return tree.get(code).name if code in tree else code

        return NeedView(
            row.id,
            row.code,
            name(row.code),
            row.ols_code,
            name(row.ols_code),
            row.title,
            row.description,
            row.theme,
            names.get(row.theme, row.theme),
            row.population,
            row.population_count,
            Urgency(row.urgency),
            NeedOrigin(row.origin),
            row.meeting_id,
            code_list(row.indicator_ids),
            id_list(row.observation_ids),
            code_list(row.orientation_terms),
            NeedState(row.state),
            row.merged_into_id,
            Outcome(row.outcome) if row.outcome else None,
            row.answer,
            row.raised_by_name,
            row.raised_by_id,
            row.is_demo,
            row.created_at,
            row.version,
            [
                StepView(
                    s.action,
                    s.state_before,
                    s.state_after,
                    s.by,
                    s.role,
                    s.at,
                    s.reason,
                    s.merged_into,
                )
                for s in _domain(row, steps.get(row.id, [])).history
            ],
        )

    views: list[NeedView] = []
    for row in rows:
        shown = view(row)
        shown.merged_from = [view(c) for c in children if c.merged_into_id == row.id]
        if row.state == NeedState.MERGED.value:
            seen = flow.answer_seen_by(_domain(row, []), chain)
            if seen.id != row.id:
                shown.answered_through = view(parents[seen.id])
        views.append(shown)
    return views


@dataclass(frozen=True)
class Evidence:
    indicators: list[ProfileLine]  # hard: the bassin's values against its OLS and the region
    observations: list[WarmObservation]  # warm: what actors noticed
    population: int | None  # inhabitants of the bassin
    term_names: dict[str, str]


def evidence(platform: Platform, need: NeedView, internal: bool) -> Evidence:
    lines = [
        line
        for line in profile_lines(platform, need.code, public=not internal)
        if line.indicator.id in need.indicator_ids
    ]
    linked = set(need.observation_ids)
    observations = [o for o in observations_of(platform, need.code, internal) if o.id in linked]
    with platform.reading() as session:
        _zoning, _year, tree = _tree(platform, session, None, None)
        population = tree.get(need.code).population if need.code in tree else None
        names = directory.term_names(platform, session)
    return Evidence(lines, observations, population, names)


def indicator_alerts(platform: Platform, bassin: str) -> list[ProfileLine]:
    """Indicators on which the bassin fares worse than the region: candidate needs."""
    return [
        line
        for line in profile_lines(platform, bassin, public=False)
        if line.estimate is not None and line.estimate.comparison is Comparison.WORSE
    ]


def merge_candidates(platform: Platform, need: NeedView) -> list[NeedView]:
    """Consolidated needs of the same OLS another need may be merged into."""
    found = register(
        platform, RegisterFilter(states=(NeedState.CONSOLIDATED,), territory=need.ols_code)
    )
    return [n for n in found if n.id != need.id]


@dataclass(frozen=True)
class Compilation:
    heat_map: HeatMap
    needs: list[NeedView]
    ols_names: dict[str, str]
    theme_names: dict[str, str]
    compiled_on: date


COMPILED_STATES = (NeedState.TRANSMITTED, NeedState.COMPILED, NeedState.ANSWERED)


def compilation(platform: Platform, states: Sequence[NeedState] = COMPILED_STATES) -> Compilation:
    """Needs the OLS transmitted, grouped by OLS and theme for the Forum (art. 27.3)."""
    found = register(platform, RegisterFilter(states=tuple(states)))
    with platform.reading() as session:
        _zoning, _year, tree = _tree(platform, session, None, None)
        names = directory.term_names(platform, session)
    ols = sorted((t for t in tree.at_level(Level.OLS)), key=lambda t: t.code)
    table = heat_map(
        [
            CompiledNeed(n.id, n.ols_code, n.theme, n.population_count, len(n.merged_from))
            for n in found
        ],
        [t.code for t in ols],
    )
    return Compilation(
        table,
        found,
        {t.code: t.name for t in ols},
        {c: names.get(c, c) for c in table.columns},
        date.today(),
    )
