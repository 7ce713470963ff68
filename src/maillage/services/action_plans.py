"""OLS action plans (art. 18.2): objectives, actions tied to needs, partners, deadlines.

Linking a consolidated need to an action puts it "in the OLS action plan" (a transition of
the need, recorded in its history, in the same transaction); transmitting the plan sends
its needs to the IWPL and the Forum.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from maillage.domain.access import Role
from maillage.domain.action_plans import (
    ActionStatus,
    PlanKind,
    PlannedAction,
    overdue,
    partners_without_action,
    period,
)
from maillage.domain.actors import Actor, Asker
from maillage.domain.concertation import MemberSector, parse_sector
from maillage.domain.needs import Action, NeedState
from maillage.domain.territory import Level
from maillage.errors import Conflict, InvalidInput, NotFound
from maillage.i18n import gettext as _
from maillage.services import notifications
from maillage.services.fields import bounded_text, choice
from maillage.services.needs import Move, move_all, role_for, transition
from maillage.services.platform import Platform
from maillage.services.territories import zoning_hierarchy
from maillage.services.versioning import guarded_update
from maillage.store import links
from maillage.store.needs_tables import (
    ActionPlanRow,
    NeedRow,
    PlanActionNeedRow,
    PlanActionPartnerRow,
    PlanActionRow,
    PlanObjectiveRow,
    PlanPartnerRow,
)
from maillage.tabular.spreadsheet import csv_bytes

MAX_TEXT = 4000
PLANNED_STATES = {
    NeedState.IN_ACTION_PLAN.value,
    NeedState.TRANSMITTED.value,
    NeedState.COMPILED.value,
    NeedState.ANSWERED.value,
}


@dataclass(frozen=True)
class LinkedNeed:
    id: int
    title: str
    bassin: str
    state: NeedState


@dataclass(frozen=True)
class PartnerView:
    id: int
    name: str
    sector: MemberSector
    actions: int
    version: int


@dataclass(frozen=True)
class ActionView:
    id: int
    objective_id: int
    title: str
    description: str
    resources: str
    deadline: date | None
    status: ActionStatus
    partners: list[PartnerView]
    needs: list[LinkedNeed]
    overdue: bool
    version: int


@dataclass
class ObjectiveView:
    id: int
    title: str
    description: str
    version: int
    actions: list[ActionView] = field(default_factory=list)


@dataclass
class PlanView:
    id: int
    code: str
    ols_name: str
    title: str
    kind: PlanKind
    first_year: int
    last_year: int
    summary: str
    is_demo: bool
    version: int
    objectives: list[ObjectiveView] = field(default_factory=list)
    partners: list[PartnerView] = field(default_factory=list)
    uncommitted: list[PartnerView] = field(default_factory=list)  # no action yet
    overdue: int = 0

    @property
    def years(self) -> str:
        return years_label(self.first_year, self.last_year)

    @property
    def actions(self) -> list[ActionView]:
        return [a for o in self.objectives for a in o.actions]

    @property
    def transmittable(self) -> list[LinkedNeed]:
        return [n for a in self.actions for n in a.needs if n.state is NeedState.IN_ACTION_PLAN]


def create_plan(
    platform: Platform,
    actor: Actor,
    code: str,
    title: str,
    kind: str,
    first_year: int,
    last_year: int | None = None,
    summary: str = "",
    is_demo: bool = False,
) -> int:
    kind_ = choice(PlanKind, kind)
    first, last = period(kind_, first_year, last_year or first_year)
    title = bounded_text(title, _("title"), 200, required=True)
    with platform.transaction(actor) as session:
        zoning, _year, tree = zoning_hierarchy(platform, session, None, None)
        if tree.at(code, Level.OLS) is None:
            raise InvalidInput(_("An action plan belongs to an OLS: {value}").format(value=code))
        row = ActionPlanRow(
            code=code,
            zoning_id=zoning.id,
            title=title,
            kind=kind_.value,
            first_year=first,
            last_year=last,
            summary=bounded_text(summary, _("summary"), MAX_TEXT),
            is_demo=is_demo,
            created_at=datetime.now(UTC),
        )
        session.add(row)
        session.flush()
        return row.id


def list_plans(platform: Platform, code: str = "") -> list[PlanView]:
    with platform.reading() as session:
        zoning, _year, tree = zoning_hierarchy(platform, session, None, None)
        query = select(ActionPlanRow).where(ActionPlanRow.zoning_id == zoning.id)
        if code:
            query = query.where(ActionPlanRow.code == code)
        rows = session.scalars(query.order_by(ActionPlanRow.code, ActionPlanRow.first_year.desc()))
        return [
            _plan(row, tree.get(row.code).name if row.code in tree else row.code) for row in rows
        ]


def years_label(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def _plan(row: ActionPlanRow, ols_name: str) -> PlanView:
    return PlanView(
        row.id,
        row.code,
        ols_name,
        row.title,
        PlanKind(row.kind),
        row.first_year,
        row.last_year,
        row.summary,
        row.is_demo,
        row.version,
    )


def _plan_row(session: Session, plan_id: int, code: str | None) -> ActionPlanRow:
    row = session.get(ActionPlanRow, plan_id)
    if row is None or (code is not None and row.code != code):
        raise NotFound(_("Unknown action plan: {id}").format(id=plan_id))
    return row


def get_plan(
    platform: Platform, plan_id: int, code: str | None = None, today: date | None = None
) -> PlanView:
    today = today or date.today()
    with platform.reading() as session:
        _zoning, _year, tree = zoning_hierarchy(platform, session, None, None)
        row = _plan_row(session, plan_id, code)
        plan = _plan(row, tree.get(row.code).name if row.code in tree else row.code)
        objectives = list(
            session.scalars(
                select(PlanObjectiveRow)
                .where(PlanObjectiveRow.plan_id == plan_id)
                .order_by(PlanObjectiveRow.id)
            )
        )
        partners = list(
            session.scalars(
                select(PlanPartnerRow)
                .where(PlanPartnerRow.plan_id == plan_id)
                .order_by(PlanPartnerRow.name)
            )
        )
        actions = (
            list(
                session.scalars(
                    select(PlanActionRow)
                    .where(PlanActionRow.objective_id.in_([o.id for o in objectives]))
                    .order_by(PlanActionRow.deadline, PlanActionRow.id)
                )
            )
            if objectives
            else []
        )
        action_ids = [a.id for a in actions]
        partners_of = links.targets(session, PlanActionPartnerRow, action_ids)
        needs_of = links.targets(session, PlanActionNeedRow, action_ids)
        need_ids = {i for found in needs_of.values() for i in found}
        linked = {
            n.id: LinkedNeed(
                n.id,
                n.title,
                tree.get(n.code).name if n.code in tree else n.code,
                NeedState(n.state),
            )
            for n in session.scalars(select(NeedRow).where(NeedRow.id.in_(need_ids)))
        }
    planned = [
        PlannedAction(
            a.id, a.title, frozenset(partners_of.get(a.id, [])), a.deadline, ActionStatus(a.status)
        )
        for a in actions
    ]
    late = {a.id for a in overdue(planned, today)}
    counts = {p.id: sum(p.id in a.partners for a in planned) for p in partners}
    plan.partners = [
        PartnerView(p.id, p.name, MemberSector(p.sector), counts[p.id], p.version) for p in partners
    ]
    by_partner = {p.id: p for p in plan.partners}
    plan.uncommitted = [by_partner[i] for i in partners_without_action(by_partner, planned)]
    views = {o.id: ObjectiveView(o.id, o.title, o.description, o.version) for o in objectives}
    for action in actions:
        views[action.objective_id].actions.append(
            ActionView(
                action.id,
                action.objective_id,
                action.title,
                action.description,
                action.resources,
                action.deadline,
                ActionStatus(action.status),
                [by_partner[i] for i in partners_of.get(action.id, [])],
                [linked[i] for i in needs_of.get(action.id, [])],
                action.id in late,
                action.version,
            )
        )
    plan.objectives = list(views.values())
    plan.overdue = len(late)
    return plan


def actions_of_ols(platform: Platform, code: str) -> list[tuple[int, str]]:
    """(id, label) of every action of the OLS's plans: where a need can be put."""
    with platform.reading() as session:
        zoning = zoning_hierarchy(platform, session, None, None)[0]
        found = session.execute(
            select(
                PlanActionRow.id,
                ActionPlanRow.title,
                ActionPlanRow.first_year,
                ActionPlanRow.last_year,
                PlanActionRow.title,
            )
            .join(PlanObjectiveRow, PlanObjectiveRow.id == PlanActionRow.objective_id)
            .join(ActionPlanRow, ActionPlanRow.id == PlanObjectiveRow.plan_id)
            .where(ActionPlanRow.code == code, ActionPlanRow.zoning_id == zoning.id)
            .order_by(ActionPlanRow.first_year.desc(), PlanActionRow.id)
        ).all()
    return [
        (id_, f"{plan} ({years_label(first, last)}) — {title}")
        for id_, plan, first, last, title in found
    ]


def add_objective(
    platform: Platform, actor: Actor, plan_id: int, code: str, title: str, description: str = ""
) -> int:
    title = bounded_text(title, _("title"), 200, required=True)
    with platform.transaction(actor) as session:
        _plan_row(session, plan_id, code)
        row = PlanObjectiveRow(
            plan_id=plan_id,
            title=title,
            description=bounded_text(description, _("description"), MAX_TEXT),
        )
        session.add(row)
        session.flush()
        return row.id


def add_partner(
    platform: Platform, actor: Actor, plan_id: int, code: str, name: str, sector: str
) -> int:
    name = bounded_text(name, _("name"), 200, required=True)
    sector_ = parse_sector(sector)
    with platform.transaction(actor) as session:
        _plan_row(session, plan_id, code)
        row = PlanPartnerRow(plan_id=plan_id, name=name, sector=sector_.value)
        session.add(row)
        session.flush()
        return row.id


@dataclass(frozen=True)
class ActionDraft:
    objective_id: int
    title: str
    description: str = ""
    resources: str = ""
    deadline: date | None = None
    status: str = ActionStatus.PLANNED.value
    partner_ids: tuple[int, ...] = ()
    need_ids: tuple[int, ...] = ()


def add_action(
    platform: Platform, asker: Asker, plan_id: int, code: str, draft: ActionDraft
) -> int:
    """Add an action; consolidated needs linked to it enter the action plan."""
    title = bounded_text(draft.title, _("title"), 200, required=True)
    status = choice(ActionStatus, draft.status)
    role = role_for(platform, asker, Action.PLAN, code) if draft.need_ids else None
    notices: list[int] = []
    with platform.transaction(asker.actor) as session:
        _plan_row(session, plan_id, code)
        objective = session.get(PlanObjectiveRow, draft.objective_id)
        if objective is None or objective.plan_id != plan_id:
            raise InvalidInput(_("Choose an objective of this plan."))
        partners = {
            p.id
            for p in session.scalars(
                select(PlanPartnerRow).where(PlanPartnerRow.plan_id == plan_id)
            )
        }
        not_partners = _("Partners must belong to this plan: {ids}")
        unknown = [i for i in draft.partner_ids if i not in partners]
        if unknown:
            raise InvalidInput(not_partners.format(ids=", ".join(map(str, unknown))))
        row = PlanActionRow(
            objective_id=objective.id,
            title=title,
            description=bounded_text(draft.description, _("description"), MAX_TEXT),
            resources=bounded_text(draft.resources, _("resources"), MAX_TEXT),
            deadline=draft.deadline,
            status=status.value,
        )
        session.add(row)
        session.flush()
        links.replace(
            session, PlanActionPartnerRow, row.id, draft.partner_ids, unknown=not_partners
        )
        if role is not None:
            notices = _enter_plan(session, row, draft.need_ids, code, role, asker)
        links.replace(
            session, PlanActionNeedRow, row.id, draft.need_ids, unknown=_("Unknown need: {id}")
        )
        action_id = row.id
    notifications.send_emails(platform, notices)
    return action_id


def _enter_plan(
    session: Session,
    action: PlanActionRow,
    need_ids: Iterable[int],
    code: str,
    role: Role,
    asker: Asker,
) -> list[int]:
    """Consolidated needs linked to *action* enter the plan (a recorded transition)."""
    notices: list[int] = []
    for need_id in dict.fromkeys(need_ids):
        need = session.get(NeedRow, need_id)
        if need is None or need.ols_code != code:
            raise InvalidInput(_("Need {id} is not a need of this OLS.").format(id=need_id))
        if need.state == NeedState.CONSOLIDATED.value:
            _state, sent = transition(
                session,
                need,
                Move(Action.PLAN, need.version, _("action « {title} »").format(title=action.title)),
                role,
                asker,
            )
            notices.extend(sent)
        elif need.state not in PLANNED_STATES:
            raise Conflict(
                _(
                    "Need {id} must be consolidated by the OLS before it enters the action plan."
                ).format(id=need_id)
            )
    return notices


def link_need(platform: Platform, asker: Asker, action_id: int, need_id: int) -> None:
    """Tie one more need to an existing action of its OLS's plan."""
    with platform.reading() as session:
        action = session.get(PlanActionRow, action_id)
        objective = session.get(PlanObjectiveRow, action.objective_id) if action else None
        plan = session.get(ActionPlanRow, objective.plan_id) if objective else None
        if plan is None:
            raise NotFound(_("Unknown action: {id}").format(id=action_id))
        code = plan.code
    role = role_for(platform, asker, Action.PLAN, code)
    with platform.transaction(asker.actor) as session:
        row = session.get(PlanActionRow, action_id)
        assert row is not None
        notices = _enter_plan(session, row, [need_id], code, role, asker)
        links.append(
            session, PlanActionNeedRow, row.id, need_id, unknown=_("Unknown need: {id}"), owner=row
        )
    notifications.send_emails(platform, notices)


def set_action_status(
    platform: Platform,
    actor: Actor,
    plan_id: int,
    code: str,
    action_id: int,
    status: str,
    version: int,
) -> None:
    status_ = choice(ActionStatus, status)

    def load(session: Session) -> PlanActionRow:
        _plan_row(session, plan_id, code)
        row = session.get(PlanActionRow, action_id)
        objective = session.get(PlanObjectiveRow, row.objective_id) if row else None
        if row is None or objective is None or objective.plan_id != plan_id:
            raise NotFound(_("Unknown action: {id}").format(id=action_id))
        return row

    def apply(session: Session, row: PlanActionRow) -> None:
        row.status = status_.value

    guarded_update(platform, actor, load, version, apply)


def transmit(platform: Platform, asker: Asker, plan_id: int, code: str, reason: str = "") -> int:
    """Send every need of the plan still waiting to the IWPL and the Forum (art. 18.2)."""
    plan = get_plan(platform, plan_id, code)
    waiting = plan.transmittable
    if not waiting:
        raise Conflict(_("No need of this plan is waiting to be transmitted."))
    role = role_for(platform, asker, Action.TRANSMIT, code)
    return move_all(
        platform,
        asker,
        Action.TRANSMIT,
        reason or _("action plan « {title} » ({years})").format(title=plan.title, years=plan.years),
        {need.id: role for need in waiting},
    )


CSV_HEADER = [
    "objectif",
    "action",
    "statut",
    "échéance",
    "partenaires",
    "ressources",
    "besoins",
    "états des besoins",
    "en retard",
]


def to_csv(plan: PlanView) -> bytes:
    """One line per action, for a spreadsheet (semicolons, UTF-8 with BOM)."""
    rows = [
        [
            objective.title,
            action.title,
            action.status.label,
            action.deadline.isoformat() if action.deadline else "",
            " | ".join(p.name for p in action.partners),
            action.resources,
            " | ".join(f"{n.id} {n.title}" for n in action.needs),
            " | ".join(n.state.label for n in action.needs),
            "oui" if action.overdue else "non",
        ]
        for objective in plan.objectives
        for action in objective.actions
    ]
    return csv_bytes([CSV_HEADER, *rows])
