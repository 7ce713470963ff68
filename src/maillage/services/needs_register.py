"""The needs register as people read it: needs with their history, who raised them, what
they were merged into and the answer their raiser sees; the evidence of a need; the needs
an OLS may merge; the compilation of transmitted needs for the Forum.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from maillage.domain import needs as flow
from maillage.domain.access import Role
from maillage.domain.compilation import CompiledNeed, HeatMap, heat_map
from maillage.domain.indicators import Comparison
from maillage.domain.needs import Action, NeedOrigin, NeedState, Outcome, Urgency
from maillage.domain.territory import Level
from maillage.errors import NotFound
from maillage.i18n import gettext as _
from maillage.services import directory
from maillage.services.fields import code_list
from maillage.services.indicators import ProfileLine, profile_lines
from maillage.services.observations import WarmObservation
from maillage.services.observations import for_territory as observations_of
from maillage.services.platform import Platform
from maillage.services.territories import zoning_hierarchy
from maillage.store import links
from maillage.store.needs_tables import (
    NeedFollowerRow,
    NeedIndicatorRow,
    NeedObservationRow,
    NeedRow,
    NeedStepRow,
)


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


def need_record(row: NeedRow, steps: Sequence[NeedStepRow]) -> flow.Need:
    """A stored need as the rules of the flow (``domain.needs``) see it."""
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


def steps_of(session: Session, need_ids: Iterable[int]) -> dict[int, list[NeedStepRow]]:
    """The history of each need, oldest step first."""
    found: dict[int, list[NeedStepRow]] = defaultdict(list)
    ids = list(need_ids)
    if ids:
        for step in session.scalars(
            select(NeedStepRow).where(NeedStepRow.need_id.in_(ids)).order_by(NeedStepRow.id)
        ):
            found[step.need_id].append(step)
    return found


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
        zoning, _year, tree = zoning_hierarchy(platform, session, None, None)
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
    _zoning, _year, tree = zoning_hierarchy(platform, session, None, None)
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
    chain = {p.id: need_record(p, []) for p in parents.values()}
    steps = steps_of(session, ids) if with_history else {}
    every = [*ids, *(c.id for c in children), *parents]
    indicators = links.targets(session, NeedIndicatorRow, every)
    observations = links.targets(session, NeedObservationRow, every)

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
            indicators.get(row.id, []),
            observations.get(row.id, []),
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
                for s in need_record(row, steps.get(row.id, [])).history
            ],
        )

    views: list[NeedView] = []
    for row in rows:
        shown = view(row)
        shown.merged_from = [view(c) for c in children if c.merged_into_id == row.id]
        if row.state == NeedState.MERGED.value:
            seen = flow.answer_seen_by(need_record(row, []), chain)
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
        _zoning, _year, tree = zoning_hierarchy(platform, session, None, None)
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
        _zoning, _year, tree = zoning_hierarchy(platform, session, None, None)
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
