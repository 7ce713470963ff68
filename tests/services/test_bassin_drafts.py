"""Bassin drafts on both backends: state machine, stale edits, activation, re-pointing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from maillage.domain.access import Role
from maillage.domain.bassin_drafts import DraftAction, DraftState, Edit, EditKind, IllegalDraftStep
from maillage.errors import Conflict, Forbidden, InvalidInput, StaleVersion
from maillage.services import (
    bassin_draft_views,
    bassin_drafts,
    zoning_comparison,
    zonings,
)
from maillage.store.models import AuditEventRow, RoleGrantRow
from tests.accounts_helpers import asker_in


@pytest.fixture
def cast(platform):
    return {
        "team": asker_in(platform, "team@ols1.be", Role.OLS_TEAM, "OLS-01"),
        "other": asker_in(platform, "team@ols2.be", Role.OLS_TEAM, "OLS-02"),
        "aviq": asker_in(platform, "aviq@aviq.be", Role.ADMINISTRATION, "03000"),
        "iwpl": asker_in(platform, "iwpl@iwpl.be", Role.IWPL_ANALYST, "03000"),
    }


def neighbour_move(platform, view):
    """A commune of a bassin with several communes, and a neighbouring bassin of the OLS."""
    graph = bassin_draft_views.contiguity(platform)
    of = {c: b.code for b in view.bassins for c, _n in b.communes}
    for bassin in view.bassins:
        if len(bassin.communes) < 2:
            continue
        for commune, _name in bassin.communes:
            for other in graph.neighbors(commune):
                if other in of and of[other] != bassin.code:
                    return commune, bassin.code, of[other]
    raise AssertionError("no movable commune")


def test_a_team_moves_a_commune_and_the_checks_follow(platform, cast):
    draft = bassin_drafts.start(platform, cast["team"], "OLS-01")
    view = bassin_draft_views.get_draft(platform, "OLS-01", draft)
    assert view.state is DraftState.DRAFT and view.diff.empty
    before = {b.code: b.population for b in view.bassins}
    commune, source, target = neighbour_move(platform, view)
    bassin_drafts.edit(
        platform, cast["team"], "OLS-01", draft, view.version, Edit(EditKind.MOVE, target, commune)
    )
    after = bassin_draft_views.get_draft(platform, "OLS-01", draft)
    moved = before[source] - {b.code: b.population for b in after.bassins}[source]
    assert moved > 0
    assert {b.code: b.population for b in after.bassins}[target] == before[target] + moved
    assert after.population == view.population
    assert [(m.commune, m.before, m.after) for m in after.diff.moves] == [(commune, source, target)]
    assert [s.action for s in after.history] == [DraftAction.START, DraftAction.EDIT]
    assert after.history[-1].by == "team" and after.history[-1].role == "ols_team"


def test_stale_edit_is_a_conflict(platform, cast):
    draft = bassin_drafts.start(platform, cast["team"], "OLS-01")
    view = bassin_draft_views.get_draft(platform, "OLS-01", draft)
    code = view.bassins[0].code
    bassin_drafts.edit(
        platform, cast["team"], "OLS-01", draft, view.version, Edit(EditKind.RENAME, code, name="A")
    )
    with pytest.raises(StaleVersion):
        bassin_drafts.edit(
            platform,
            cast["team"],
            "OLS-01",
            draft,
            view.version,
            Edit(EditKind.RENAME, code, name="B"),
        )


def test_state_machine_refuses_illegal_steps_with_what_is_possible(platform, cast):
    draft = bassin_drafts.start(platform, cast["team"], "OLS-01")
    version = bassin_draft_views.get_draft(platform, "OLS-01", draft).version
    with pytest.raises(IllegalDraftStep, match=r"possible (now|maintenant)"):
        bassin_drafts.validate(platform, cast["aviq"], "OLS-01", draft, version)
    with pytest.raises(Forbidden):
        bassin_drafts.submit(platform, cast["other"], "OLS-01", draft, version)
    with pytest.raises(Forbidden):
        bassin_drafts.start(platform, cast["other"], "OLS-01")
    with pytest.raises(Conflict, match="encore ouverte"):
        bassin_drafts.start(platform, cast["team"], "OLS-01")
    bassin_drafts.submit(platform, cast["team"], "OLS-01", draft, version)
    view = bassin_draft_views.get_draft(platform, "OLS-01", draft)
    assert view.state is DraftState.SUBMITTED
    assert view.actions_for(list(cast["aviq"].grants)) == [
        DraftAction.VALIDATE,
        DraftAction.RETURN,
    ]
    assert view.actions_for(list(cast["team"].grants)) == []
    with pytest.raises(IllegalDraftStep, match=r"possible (now|maintenant)"):
        bassin_drafts.edit(
            platform,
            cast["team"],
            "OLS-01",
            draft,
            view.version,
            Edit(EditKind.RENAME, view.bassins[0].code, name="X"),
        )
    with pytest.raises(IllegalDraftStep, match="Seuls"):
        bassin_drafts.validate(platform, cast["iwpl"], "OLS-01", draft, view.version)
    with pytest.raises(IllegalDraftStep, match="commentaire"):
        bassin_drafts.send_back(platform, cast["aviq"], "OLS-01", draft, view.version, " ")
    bassin_drafts.send_back(platform, cast["aviq"], "OLS-01", draft, view.version, "Trop petit")
    back = bassin_draft_views.get_draft(platform, "OLS-01", draft)
    assert back.state is DraftState.DRAFT and back.comment == "Trop petit"
    assert back.history[-1].reason == "Trop petit" and back.history[-1].role == "administration"


def test_validation_activates_a_new_version_and_repoints_a_merged_bassin(platform, cast):
    before = zonings.get_zoning(platform)
    draft = bassin_drafts.start(platform, cast["team"], "OLS-01")
    view = bassin_draft_views.get_draft(platform, "OLS-01", draft)
    kept, absorbed = view.bassins[0].code, view.bassins[1].code
    absorbed_population = view.bassins[1].population
    holder = asker_in(platform, "acteur@bv.be", Role.BASSIN_ACTOR, absorbed)
    bassin_drafts.edit(
        platform,
        cast["team"],
        "OLS-01",
        draft,
        view.version,
        Edit(EditKind.MERGE, kept, other=absorbed),
    )
    view = bassin_draft_views.get_draft(platform, "OLS-01", draft)
    assert view.diff.removed == (absorbed,)
    assert [(r.code, r.successor, r.counts.get("grants")) for r in view.references] == [
        (absorbed, kept, 1)
    ]
    bassin_drafts.submit(platform, cast["team"], "OLS-01", draft, view.version)
    version = bassin_draft_views.get_draft(platform, "OLS-01", draft).version
    result = bassin_drafts.validate(platform, cast["aviq"], "OLS-01", draft, version)
    active = zonings.get_zoning(platform)
    assert active.id == result.zoning_id != before.id
    assert active.name.startswith(before.name) and "OLS-01" in active.name
    assert active.bassins == before.bassins - 1
    assert result.repointed == {absorbed: kept}
    assert [z.id for z in zonings.list_zonings(platform)].count(before.id) == 1
    with platform.reading() as session:
        scopes = session.scalars(
            select(RoleGrantRow.scope).where(RoleGrantRow.person_id == holder.person_id)
        ).all()
        events = session.scalars(
            select(AuditEventRow.action).where(AuditEventRow.entity == "bassin_draft_step")
        ).all()
    assert scopes == [kept]
    assert len(events) == 4  # start, edit, submit, validate
    comparison = zoning_comparison.compare(platform, str(active.id), str(before.id))
    # The comparison page matches zones by population: the absorbed bassin's communes moved.
    assert comparison.moved_population == absorbed_population
    final = bassin_draft_views.get_draft(platform, "OLS-01", draft)
    assert final.state is DraftState.VALIDATED and final.summary.result_zoning_id == active.id


def test_split_takes_the_next_code_and_refuses_foreign_communes(platform, cast):
    draft = bassin_drafts.start(platform, cast["team"], "OLS-01")
    view = bassin_draft_views.get_draft(platform, "OLS-01", draft)
    big = max(view.bassins, key=lambda b: len(b.communes))
    bassin_drafts.edit(
        platform,
        cast["team"],
        "OLS-01",
        draft,
        view.version,
        Edit(EditKind.SPLIT, big.code, communes=(big.communes[0][0],), name="Nouveau bassin"),
    )
    after = bassin_draft_views.get_draft(platform, "OLS-01", draft)
    (created,) = after.diff.created
    assert created.startswith("BV-") and len(created) == 6
    assert created not in {b.code for b in view.bassins}
    with pytest.raises(InvalidInput):
        bassin_drafts.edit(
            platform,
            cast["team"],
            "OLS-01",
            draft,
            after.version,
            Edit(EditKind.MOVE, big.code, "57081"),
        )
