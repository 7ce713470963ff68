"""Drafts of bassin changes: an OLS team reshapes its bassins, the administration validates.

One user action is one transaction: start, each edit, submit, return, validate. Every
step is a line of the draft's history (who, role, when, why) and, being a write with an
actor, an event of the audit trail. Edits name the draft's version: a stale one is a 409
listing what changed (``services/versioning.py``). Reading a draft with its checks lives
in ``services/bassin_draft_views.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from maillage.domain.access import Grant, Role, covers
from maillage.domain.actors import Asker
from maillage.domain.bassin_drafts import (
    DRAFT_TRANSITIONS,
    DraftAction,
    DraftState,
    Edit,
    EditKind,
    Layout,
    apply_edit,
    check_step,
    successors,
)
from maillage.domain.territory import Assignment, Zone, ZoningKind, ZoningPlan
from maillage.errors import Conflict, Forbidden, NotFound
from maillage.i18n import format_date
from maillage.i18n import gettext as _
from maillage.services import versioning
from maillage.services.platform import Platform
from maillage.services.zonings import store_plan
from maillage.store import sectors as sector_store
from maillage.store import territories as store
from maillage.store.bassin_draft_tables import (
    BassinDraftCommuneRow,
    BassinDraftRow,
    BassinDraftStepRow,
    BassinDraftZoneRow,
)
from maillage.store.indicator_tables import WarmObservationRow
from maillage.store.learning_tables import ProjectRow
from maillage.store.models import RoleGrantRow, TerritorySheetRow, ZoningRow
from maillage.store.needs_tables import ActionPlanRow, ConcertationSpaceRow, NeedRow

OPEN_STATES = (DraftState.DRAFT.value, DraftState.SUBMITTED.value)
# Records of the active zoning that follow it into the validated version (re-pointed to
# the successor when their bassin is removed), and what each is called in a validation.
ZONED_RECORDS: tuple[
    tuple[type[NeedRow | ProjectRow | ConcertationSpaceRow | ActionPlanRow], str], ...
] = (
    (NeedRow, "needs"),
    (ActionPlanRow, "action plans"),
    (ProjectRow, "learning projects"),
    (ConcertationSpaceRow, "concertation spaces"),
)


def record_kinds() -> dict[str, str]:
    """The translated name of each kind of record that points at a bassin code."""
    return {
        "grants": _("role grants"),
        "needs": _("needs"),
        "action plans": _("action plans"),
        "learning projects": _("learning projects"),
        "concertation spaces": _("concertation spaces"),
        "observations": _("field observations"),
        "sheets": _("territory sheets"),
    }


def load(session: Session, ols_code: str, draft_id: int) -> BassinDraftRow:
    """The draft *draft_id* of OLS *ols_code*; a draft of another OLS is unknown here."""
    row = session.get(BassinDraftRow, draft_id)
    if row is None or row.ols_code != ols_code:
        raise NotFound(_("No draft {id} for {ols}.").format(id=draft_id, ols=ols_code))
    return row


def layout_of(row: BassinDraftRow) -> Layout:
    return Layout(
        {z.code: z.name for z in row.zones}, {c.refnis: c.bassin_code for c in row.communes}
    )


def zoning_layout(session: Session, zoning_id: int, ols_code: str) -> tuple[Layout, Zone]:
    """The bassins of *ols_code* in a stored zoning, and the OLS itself."""
    bassins: dict[str, str] = {}
    communes: dict[str, str] = {}
    ols_zone: Zone | None = None
    for refnis, (bassin, ols) in store.assignments(session, zoning_id).items():
        if ols.code == ols_code:
            bassins[bassin.code] = bassin.name
            communes[refnis] = bassin.code
            ols_zone = ols
    if ols_zone is None:
        raise NotFound(_("{code} is not an OLS of the active zoning.").format(code=ols_code))
    return Layout(bassins, communes), ols_zone


def acting_role(grants: Iterable[Grant], roles: Iterable[Role], ols_code: str) -> Role | None:
    """The first of *roles* held on a scope covering the OLS (its ancestor is the region)."""
    wanted = sorted(roles)
    held = [g.role for g in grants if g.role in wanted and covers(g.scope, ols_code, lambda _c: ())]
    return min(held, key=wanted.index) if held else None


def role_for(asker: Asker, action: DraftAction, ols_code: str) -> Role | None:
    """The role *asker* acts in; another OLS's team is refused (403), others get the state
    machine's 409 naming who may act."""
    allowed = DRAFT_TRANSITIONS[action].roles
    role = acting_role(asker.grants, allowed, ols_code)
    if role is None and {g.role for g in asker.grants} & allowed:
        raise Forbidden(_("The bassins of {ols} are outside your territory.").format(ols=ols_code))
    return role


def roles_in_scope(grants: Iterable[Grant], ols_code: str) -> list[Role]:
    """The roles a person holds that count for a draft of *ols_code* (for its buttons)."""
    found: list[Role] = []
    for grant in grants:
        if grant.role in (Role.OLS_TEAM, Role.OLS_GOVERNANCE):
            if covers(grant.scope, ols_code, lambda _c: ()):
                found.append(grant.role)
        else:
            found.append(grant.role)
    return found


def _step(
    row: BassinDraftRow, asker: Asker, action: DraftAction, role: Role | None, **text: str
) -> None:
    now = datetime.now(UTC)
    row.updated_at = now  # bumps the version even when only the children change
    row.steps.append(
        BassinDraftStepRow(
            action=action.value,
            state_after=row.state,
            by_name=asker.name,
            role=role.value if role else "",
            at=now,
            detail=text.get("detail", ""),
            reason=text.get("reason", ""),
        )
    )


def start(platform: Platform, asker: Asker, ols_code: str) -> int:
    """A new draft of *ols_code*'s bassins, copied from the active zoning; one open at a time."""
    with platform.transaction(asker.actor) as session:
        active = store.active_zoning(session)
        if active is None:
            raise NotFound(_("There is no active zoning to start from."))
        layout, _ols = zoning_layout(session, active.id, ols_code)
        role = role_for(asker, DraftAction.EDIT, ols_code)
        check_step(DraftState.DRAFT, DraftAction.EDIT, role)
        open_draft = session.scalars(
            select(BassinDraftRow.id).where(
                BassinDraftRow.ols_code == ols_code, BassinDraftRow.state.in_(OPEN_STATES)
            )
        ).first()
        if open_draft is not None:
            raise Conflict(
                _(
                    "Draft {id} of {ols} is still open: continue it rather than start another."
                ).format(id=open_draft, ols=ols_code)
            )
        now = datetime.now(UTC)
        row = BassinDraftRow(
            ols_code=ols_code,
            base_zoning_id=active.id,
            state=DraftState.DRAFT.value,
            created_by=asker.name,
            created_at=now,
            updated_at=now,
            comment="",
        )
        row.zones = [BassinDraftZoneRow(code=c, name=n) for c, n in sorted(layout.bassins.items())]
        row.communes = [
            BassinDraftCommuneRow(refnis=r, bassin_code=c)
            for r, c in sorted(layout.communes.items())
        ]
        session.add(row)
        _step(
            row,
            asker,
            DraftAction.START,
            role,
            detail=_("From the zoning “{name}”.").format(name=active.name),
        )
        session.flush()
        return row.id


def describe(edit: Edit, before: Layout, after: Layout) -> str:
    """One line of the history saying what an edit did."""
    if edit.kind is EditKind.MOVE:
        return _("Commune {commune} moved from {before} to {after}.").format(
            commune=edit.commune, before=before.communes[edit.commune], after=edit.bassin
        )
    if edit.kind is EditKind.SPLIT:
        (created,) = set(after.bassins) - set(before.bassins)
        return _("{new} “{name}” split from {code}: {communes}.").format(
            new=created,
            name=after.bassins[created],
            code=edit.bassin,
            communes=", ".join(sorted(edit.communes)),
        )
    if edit.kind is EditKind.MERGE:
        return _("{other} merged into {code}.").format(other=edit.other, code=edit.bassin)
    return _("{code} renamed “{name}”.").format(code=edit.bassin, name=after.bassins[edit.bassin])


def edit(
    platform: Platform, asker: Asker, ols_code: str, draft_id: int, version: int, change: Edit
) -> None:
    """Apply one edit to a draft still being edited by its OLS."""

    def apply(session: Session, row: BassinDraftRow) -> None:
        role = role_for(asker, DraftAction.EDIT, ols_code)
        check_step(DraftState(row.state), DraftAction.EDIT, role)
        before = layout_of(row)
        taken = {b.code for z in store.zonings(session) for b in z.bassins}
        after = apply_edit(before, change, taken)
        zones = {z.code: z for z in row.zones}
        for code in set(zones) - set(after.bassins):
            row.zones.remove(zones[code])
        for code, name in after.bassins.items():
            if code in zones:
                zones[code].name = name
            else:
                row.zones.append(BassinDraftZoneRow(code=code, name=name))
        for commune in row.communes:
            commune.bassin_code = after.communes[commune.refnis]
        _step(row, asker, DraftAction.EDIT, role, detail=describe(change, before, after))

    versioning.guarded_update(
        platform, asker.actor, lambda s: load(s, ols_code, draft_id), version, apply
    )


def submit(platform: Platform, asker: Asker, ols_code: str, draft_id: int, version: int) -> None:
    _move(platform, asker, ols_code, draft_id, version, DraftAction.SUBMIT, "")


def send_back(
    platform: Platform, asker: Asker, ols_code: str, draft_id: int, version: int, comment: str
) -> None:
    """Return a submitted draft to its OLS with a comment; it can be edited again."""
    _move(platform, asker, ols_code, draft_id, version, DraftAction.RETURN, comment)


def _move(
    platform: Platform,
    asker: Asker,
    ols_code: str,
    draft_id: int,
    version: int,
    action: DraftAction,
    reason: str,
) -> None:
    def apply(session: Session, row: BassinDraftRow) -> None:
        role = role_for(asker, action, ols_code)
        row.state = check_step(DraftState(row.state), action, role, reason).value
        if action is DraftAction.RETURN:
            row.comment = reason.strip()
        _step(row, asker, action, role, reason=reason.strip())

    versioning.guarded_update(
        platform, asker.actor, lambda s: load(s, ols_code, draft_id), version, apply
    )


@dataclass(frozen=True)
class Validation:
    zoning_id: int
    zoning_name: str
    warnings: list[str]
    repointed: dict[str, str]  # removed bassin → the bassin its records now point at


def validate(
    platform: Platform, asker: Asker, ols_code: str, draft_id: int, version: int, comment: str = ""
) -> Validation:
    """Store the region's zoning with this OLS's bassins replaced, activate it and carry the
    records of the active zoning over (those of a removed bassin re-pointed to the bassin
    holding most of its inhabitants)."""
    found: list[Validation] = []

    def apply(session: Session, row: BassinDraftRow) -> None:
        role = role_for(asker, DraftAction.VALIDATE, ols_code)
        row.state = check_step(DraftState(row.state), DraftAction.VALIDATE, role).value
        active = store.active_zoning(session)
        if active is None or active.id != row.base_zoning_id:
            raise Conflict(
                _(
                    "The active zoning changed since this draft began: return it, and let "
                    "the OLS start a new draft from the active zoning."
                )
            )
        before, ols_zone = zoning_layout(session, active.id, ols_code)
        after = layout_of(row)
        new = _store_revision(session, active, row, ols_zone, after)
        populations = store.population_totals(session, max(store.population_years(session)))
        moved = successors(before, after, populations)
        carry_over(session, active.id, new[0].id, moved)
        for other in store.zonings(session):
            other.is_active = other.id == new[0].id
        row.result_zoning_id = new[0].id
        _step(
            row,
            asker,
            DraftAction.VALIDATE,
            role,
            detail=_("Activated as “{name}”.").format(name=new[0].name),
            reason=comment.strip(),
        )
        found.append(Validation(new[0].id, new[0].name, new[1], moved))

    versioning.guarded_update(
        platform, asker.actor, lambda s: load(s, ols_code, draft_id), version, apply
    )
    return found[0]


def _store_revision(
    session: Session, active: ZoningRow, row: BassinDraftRow, ols_zone: Zone, after: Layout
) -> tuple[ZoningRow, list[str]]:
    assignments = [
        Assignment(refnis, bassin, ols)
        for refnis, (bassin, ols) in store.assignments(session, active.id).items()
        if ols.code != row.ols_code
    ]
    assignments += [
        Assignment(refnis, Zone(code, after.bassins[code]), ols_zone)
        for refnis, code in after.communes.items()
    ]
    # A commune split into statistical sectors keeps its sectors' bassins: the draft moves
    # whole communes only, so a part whose bassin the draft removed cannot be placed.
    sectors = []
    for sector in sector_store.zoning_sectors(session, active.id):
        if sector.ols.code == row.ols_code:
            if sector.bassin.code not in after.bassins:
                raise Conflict(
                    _(
                        "Bassin {bassin} holds part of the split commune {refnis}: keep it, or "
                        "re-import the zoning with the commune's sectors assigned anew."
                    ).format(bassin=sector.bassin.code, refnis=sector.refnis)
                )
            sector = replace(
                sector, bassin=Zone(sector.bassin.code, after.bassins[sector.bassin.code])
            )
        sectors.append(sector)
    kind = ZoningKind(active.kind)
    if kind is ZoningKind.OFFICIAL:  # a revision is not the Government's order
        kind = ZoningKind.DRAFT
    suffix = _(" — revision {ols} of {day}").format(ols=row.ols_code, day=format_date(date.today()))
    name = active.name[: 200 - len(suffix)] + suffix
    if store.zoning_by_ref(session, name) is not None:
        name = active.name[: 200 - len(suffix) - 10] + suffix + f" ({row.id})"
    method = _(
        "Revision of the bassins of {ols} proposed by its team (draft {id}) and validated by "
        "the administration; every other OLS as in “{base}”."
    ).format(ols=row.ols_code, id=row.id, base=active.name)
    plan = ZoningPlan(
        name,
        kind,
        date.today(),
        method,
        tuple(sorted(assignments, key=_by_refnis)),
        tuple(sectors),
    )
    return store_plan(
        session,
        plan,
        _("Draft {id} of {ols}, validated on {day}").format(
            id=row.id, ols=row.ols_code, day=date.today().isoformat()
        ),
        {"draft_id": row.id, "base_zoning_id": active.id, "ols": row.ols_code},
    )


def _by_refnis(assignment: Assignment) -> str:
    return assignment.refnis


def references(session: Session, zoning_id: int, codes: Iterable[str]) -> dict[str, dict[str, int]]:
    """For each bassin code: how many records of each kind point at it (grants of any
    zoning, the others those of *zoning_id*)."""
    wanted = list(codes)
    found: dict[str, dict[str, int]] = {code: {} for code in wanted}
    if not wanted:
        return found

    def count(kind: str, rows: Iterable[str]) -> None:
        for code in rows:
            found[code][kind] = found[code].get(kind, 0) + 1

    count(
        "grants", session.scalars(select(RoleGrantRow.scope).where(RoleGrantRow.scope.in_(wanted)))
    )
    for model, kind in ZONED_RECORDS:
        count(
            kind,
            session.scalars(
                select(model.code).where(model.zoning_id == zoning_id, model.code.in_(wanted))
            ),
        )
    count(
        "observations",
        session.scalars(
            select(WarmObservationRow.code).where(
                WarmObservationRow.zoning_id == zoning_id, WarmObservationRow.code.in_(wanted)
            )
        ),
    )
    count(
        "sheets",
        session.scalars(
            select(TerritorySheetRow.code).where(
                TerritorySheetRow.zoning_id == zoning_id, TerritorySheetRow.code.in_(wanted)
            )
        ),
    )
    return found


def carry_over(session: Session, old_id: int, new_id: int, moved: dict[str, str]) -> None:
    """Records of zoning *old_id* follow into *new_id*; codes in *moved* are re-pointed.

    A removed bassin's sheet stays with the old version when its successor has one (a
    bassin has one sheet); grants holding both codes keep one.
    """
    for model, _kind in ZONED_RECORDS:
        records: list[Any] = list(session.scalars(select(model).where(model.zoning_id == old_id)))
        for record in records:
            record.zoning_id = new_id
            record.code = moved.get(record.code, record.code)
    for observation in session.scalars(
        select(WarmObservationRow).where(WarmObservationRow.zoning_id == old_id)
    ):
        observation.zoning_id = new_id
        observation.code = moved.get(observation.code, observation.code)
    sheets = list(
        session.scalars(select(TerritorySheetRow).where(TerritorySheetRow.zoning_id == old_id))
    )
    kept = {s.code for s in sheets if s.code not in moved}
    for sheet in sheets:
        target = moved.get(sheet.code, sheet.code)
        if sheet.code in moved and target in kept:
            continue
        kept.add(target)
        sheet.zoning_id = new_id
        sheet.code = target
    if moved:
        grants = list(session.scalars(select(RoleGrantRow)))
        held = {(g.person_id, g.role, g.scope) for g in grants}
        for grant in grants:
            if grant.scope in moved:
                key = (grant.person_id, grant.role, moved[grant.scope])
                if key in held:
                    session.delete(grant)
                else:
                    held.add(key)
                    grant.scope = moved[grant.scope]
    session.flush()
