"""The needs flow on both backends: scopes, history, merges, plans, answers, notifications."""

from __future__ import annotations

import dataclasses
import socket
from datetime import date
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from sqlalchemy import select

from maillage.domain.access import Role
from maillage.domain.needs import Action, IllegalTransition, NeedState, Outcome
from maillage.errors import Forbidden, StaleVersion, UserError
from maillage.services import action_plans, needs, notifications
from maillage.services.action_plans import ActionDraft
from maillage.services.memo import Memo
from maillage.services.needs import Move, NewNeed, RegisterFilter
from maillage.store.models import AuditEventRow
from maillage.store.needs_tables import NeedRow
from tests.accounts_helpers import asker_in
from tests.helpers import snapshot


@pytest.fixture
def cast(platform):
    return {
        "actor_a": asker_in(platform, "a@bv1.be", Role.BASSIN_ACTOR, "BV-001"),
        "actor_b": asker_in(platform, "b@bv2.be", Role.BASSIN_ACTOR, "BV-002"),
        "ols": asker_in(platform, "team@ols1.be", Role.OLS_TEAM, "OLS-01"),
        "other_ols": asker_in(platform, "team@ols2.be", Role.OLS_TEAM, "OLS-02"),
        "iwpl": asker_in(platform, "iwpl@iwpl.be", Role.IWPL_ANALYST, "03000"),
        "forum": asker_in(platform, "forum@forum.be", Role.FORUM_MEMBER, "03000"),
    }


def raise_in(platform, asker, bassin, title="Pas de médecin le week-end", **extra):
    return needs.raise_need(
        platform,
        asker,
        NewNeed(
            bassin,
            title,
            "sante",
            "high",
            population="Personnes âgées isolées",
            population_count=extra.pop("count", 350),
            **extra,
        ),
    )


def step(platform, asker, need_id, action, **kwargs):
    version = needs.get(platform, need_id).version
    return needs.act(platform, asker, need_id, Move(action, version, **kwargs))


def test_a_need_is_raised_only_in_a_bassin_of_ones_scope(platform, cast):
    need_id = raise_in(platform, cast["actor_a"], "BV-001")
    found = needs.get(platform, need_id)
    assert (found.state, found.code, found.ols_code) == (NeedState.RAISED, "BV-001", "OLS-01")
    assert found.history[0].by == "a" and found.history[0].role is Role.BASSIN_ACTOR
    before = snapshot(platform)
    with pytest.raises(Forbidden):
        raise_in(platform, cast["actor_a"], "BV-002")
    with pytest.raises(UserError, match="thème"):
        needs.raise_need(platform, cast["actor_a"], NewNeed("BV-001", "x", "nope", "low"))
    with pytest.raises(UserError):
        needs.raise_need(platform, cast["actor_a"], NewNeed("BV-001", " ", "sante", "low"))
    assert snapshot(platform) == before


def test_the_whole_flow_with_merge_answer_and_feedback_to_both_raisers(platform, cast):
    demo = needs.compilation(platform).heat_map.cell("OLS-01", "sante")  # the demo's needs
    a = raise_in(platform, cast["actor_a"], "BV-001")
    b = raise_in(platform, cast["actor_b"], "BV-002", title="Gardes de MG introuvables", count=120)
    step(platform, cast["actor_a"], a, Action.QUALIFY)
    step(platform, cast["actor_b"], b, Action.QUALIFY)
    # Another OLS's team cannot touch OLS-01's needs.
    with pytest.raises(Forbidden, match="territoire"):
        step(platform, cast["other_ols"], a, Action.CONSOLIDATE)
    step(platform, cast["ols"], a, Action.CONSOLIDATE, reason="même besoin dans 2 bassins")
    step(platform, cast["ols"], b, Action.MERGE, into=a)
    merged = needs.get(platform, a)
    assert [m.id for m in merged.merged_from] == [b]

    plan_id = action_plans.create_plan(
        platform, cast["ols"].actor, "OLS-01", "Plan 2026", "yearly", 2026
    )
    objective = action_plans.add_objective(
        platform, cast["ols"].actor, plan_id, "OLS-01", "Continuité des soins"
    )
    partner = action_plans.add_partner(
        platform, cast["ols"].actor, plan_id, "OLS-01", "Cercle de MG", "health"
    )
    idle = action_plans.add_partner(
        platform, cast["ols"].actor, plan_id, "OLS-01", "CPAS de Wavre", "cpas"
    )
    action_plans.add_action(
        platform,
        cast["ols"],
        plan_id,
        "OLS-01",
        ActionDraft(
            objective,
            "Poste de garde partagé",
            resources="0,5 ETP",
            deadline=date(2026, 12, 31),
            partner_ids=(partner,),
            need_ids=(a,),
        ),
    )
    plan = action_plans.get_plan(platform, plan_id, "OLS-01")
    assert needs.get(platform, a).state is NeedState.IN_ACTION_PLAN
    assert [p.id for p in plan.uncommitted] == [idle]  # BOOST: each partner commits
    assert action_plans.transmit(platform, cast["ols"], plan_id, "OLS-01") == 1
    assert needs.get(platform, a).state is NeedState.TRANSMITTED

    compiled = needs.compilation(platform)
    cell = compiled.heat_map.cell("OLS-01", "sante")
    assert (cell.needs - demo.needs, cell.population - demo.population) == (1, 350)
    assert compiled.heat_map.row_totals["OLS-02"] == 0
    with pytest.raises(IllegalTransition):  # only the IWPL compiles
        step(platform, cast["forum"], a, Action.COMPILE)
    step(platform, cast["iwpl"], a, Action.COMPILE)
    step(
        platform,
        cast["forum"],
        a,
        Action.ANSWER,
        outcome=Outcome.IN_PROGRESS,
        reason="Concertation avec l'INAMI sur les gardes",
    )

    for raiser, own in ((cast["actor_a"], a), (cast["actor_b"], b)):
        mine = needs.register(platform, RegisterFilter(person_id=raiser.person_id))
        assert [n.id for n in mine] == [own]
        outcome, answer, through = mine[0].visible_answer
        assert outcome is Outcome.IN_PROGRESS and "INAMI" in answer and through == a
        texts = [n.text for n in notifications.for_person(platform, raiser.person_id)]
        assert any("INAMI" in t for t in texts)
    history = needs.get(platform, a).history
    assert [s.state_after for s in history] == [
        NeedState.RAISED,
        NeedState.QUALIFIED,
        NeedState.CONSOLIDATED,
        NeedState.IN_ACTION_PLAN,
        NeedState.TRANSMITTED,
        NeedState.COMPILED,
        NeedState.ANSWERED,
    ]
    assert history[2].reason == "même besoin dans 2 bassins"
    assert {s.by for s in history} == {"a", "team", "iwpl", "forum"}
    with platform.sessions() as session:
        audited = session.scalars(
            select(AuditEventRow.after).where(AuditEventRow.entity == "need_step")
        ).all()
    steps = [event for event in audited if event and event.get("need_id") in (a, b)]
    assert len(steps) == 7 + 3  # every step of both needs is in the audit trail


def test_merge_then_unmerge_restores_both_needs_exactly(platform, cast):
    a = raise_in(platform, cast["actor_a"], "BV-001")
    b = raise_in(platform, cast["actor_b"], "BV-002")
    step(platform, cast["actor_a"], a, Action.QUALIFY)
    step(platform, cast["actor_b"], b, Action.QUALIFY)
    step(platform, cast["ols"], a, Action.CONSOLIDATE)

    def columns(need_id):
        with platform.sessions() as session:
            row = session.get(NeedRow, need_id)
            return {
                c: getattr(row, c)
                for c in NeedRow.__table__.columns.keys()  # noqa: SIM118 - a ColumnCollection
                if c != "version"
            }

    before = columns(a), columns(b)
    step(platform, cast["ols"], b, Action.MERGE, into=a)
    assert needs.get(platform, b).state is NeedState.MERGED
    step(platform, cast["ols"], b, Action.UNMERGE, reason="finalement distincts")
    assert (columns(a), columns(b)) == before
    assert needs.get(platform, a).merged_from == []


def test_stale_versions_and_illegal_steps_are_refused_and_change_nothing(platform, cast):
    a = raise_in(platform, cast["actor_a"], "BV-001")
    seen = needs.get(platform, a).version
    step(platform, cast["actor_a"], a, Action.QUALIFY)
    before = snapshot(platform)
    with pytest.raises(StaleVersion):
        needs.act(platform, cast["ols"], a, Move(Action.CONSOLIDATE, seen))
    with pytest.raises(IllegalTransition, match="possible"):
        step(platform, cast["ols"], a, Action.TRANSMIT)
    with pytest.raises(IllegalTransition):  # declining needs a reason
        step(platform, cast["actor_a"], a, Action.DECLINE)
    assert snapshot(platform) == before


def test_state_changes_are_emailed_to_followers_through_smtp(platform, cast):
    messages: list = []

    class Collect(Message):
        def handle_message(self, message):
            messages.append(message)

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(Collect(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        mailing = dataclasses.replace(
            platform,
            settings=platform.settings.model_copy(
                update={
                    "smtp_host": "127.0.0.1",
                    "smtp_port": port,
                    "smtp_sender": "maillage@ols.test",
                }
            ),
            memo=Memo(),
        )
        a = raise_in(mailing, cast["actor_a"], "BV-001")
        step(mailing, cast["ols"], a, Action.QUALIFY, reason="confirmé en réunion")
    finally:
        controller.stop()
    told = sorted(messages, key=lambda m: m["To"])  # the raiser, then the OLS team
    assert [m["To"].split("<")[1] for m in told] == ["a@bv1.be>", "team@ols1.be>"]
    assert "Nouveau besoin" in str(make_header(decode_header(told[1]["Subject"])))
    mail = told[0]
    assert mail["To"].endswith("<a@bv1.be>") and mail["From"] == "maillage@ols.test"
    subject = str(make_header(decode_header(mail["Subject"])))
    assert "qualifié par le bassin" in subject and "Pas de médecin" in subject
    assert f"/besoins/{a}" in mail.get_payload()
    notes = notifications.for_person(platform, cast["actor_a"].person_id)
    assert len(notes) == 1 and not notes[0].read
    notifications.mark_read(platform, cast["actor_a"].person_id)
    assert notifications.unread_count(platform, cast["actor_a"].person_id) == 0


def test_an_unreachable_mail_server_never_undoes_the_change(platform, cast):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens there once closed
    mailing = dataclasses.replace(
        platform,
        settings=platform.settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": port}),
        memo=Memo(),
    )
    a = raise_in(mailing, cast["actor_a"], "BV-001")
    step(mailing, cast["ols"], a, Action.QUALIFY)
    assert needs.get(platform, a).state is NeedState.QUALIFIED
    assert len(notifications.for_person(platform, cast["actor_a"].person_id)) == 1


def test_the_ols_team_is_told_when_a_bassin_actor_raises_a_need_in_its_ols(platform, cast):
    need_id = raise_in(platform, cast["actor_a"], "BV-001", title="Transport vers l'hôpital")
    told = notifications.for_person(platform, cast["ols"].person_id)
    assert [n.need_id for n in told] == [need_id]
    assert "Nouveau besoin n°" in told[0].text and "à qualifier" in told[0].text
    assert "Transport vers l'hôpital" in told[0].text and "a" in told[0].text
    assert notifications.for_person(platform, cast["other_ols"].person_id) == []
    assert notifications.for_person(platform, cast["actor_a"].person_id) == []


def test_a_need_without_a_theme_is_refused_with_a_question(platform, cast):
    before = snapshot(platform)
    with pytest.raises(UserError, match="Choisissez le thème du besoin"):
        needs.raise_need(platform, cast["actor_a"], NewNeed("BV-001", "Sans thème", "", "low"))
    assert snapshot(platform) == before
