"""Links between rows (store/links.py), through the services that write them, on both
backends: kept in the order chosen, audited, part of their parent's version, and held by
foreign keys that name what the database does not hold."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from maillage.domain.access import Role
from maillage.domain.actors import Actor
from maillage.errors import StaleVersion, UserError
from maillage.services import accounts, learning, needs, territories
from maillage.services.learning import CycleFields, ProjectDraft
from maillage.services.needs import Asker, NewNeed
from maillage.store.models import AuditEventRow
from tests.accounts_helpers import ADMIN
from tests.helpers import snapshot

TEAM = Actor(None, "equipe@ols1.be", "127.0.0.1")


def test_a_cycles_measures_keep_their_order_are_audited_and_move_its_version(platform):
    project_id = learning.create_project(
        platform, TEAM, ProjectDraft("BV-001", "Sorties", "hospital_referent")
    )
    first, second = (
        learning.add_measure(platform, TEAM, project_id, "BV-001", name, "run")
        for name in ("Appels", "Visites")
    )
    fields = CycleFields(objective="Tester l'appel", measure_ids=(second, first, second))
    cycle_id = learning.start_cycle(platform, TEAM, project_id, "BV-001", fields)
    cycle = learning.get_project(platform, project_id, "BV-001").cycles[0]
    assert (cycle.measure_ids, cycle.version) == ([second, first], 1)

    # Only the measures change: the cycle's record changed, so its version moves on.
    fields = CycleFields(objective="Tester l'appel", measure_ids=(first,))
    learning.update_cycle(platform, TEAM, project_id, "BV-001", cycle_id, fields, 1, move_on=False)
    cycle = learning.get_project(platform, project_id, "BV-001").cycles[0]
    assert (cycle.measure_ids, cycle.version) == ([first], 2)
    before = snapshot(platform)
    with pytest.raises(StaleVersion):  # an edit from the page read before is refused
        learning.update_cycle(
            platform, TEAM, project_id, "BV-001", cycle_id, CycleFields("x"), 1, move_on=False
        )
    assert snapshot(platform) == before
    with platform.sessions() as session:
        events = session.scalars(
            select(AuditEventRow).where(
                AuditEventRow.entity == "cycle_measure",
                AuditEventRow.entity_id.like(f"{cycle_id},%"),
            )
        )
        assert sorted((e.action, e.entity_id) for e in events) == [
            ("create", f"{cycle_id},{first}"),
            ("create", f"{cycle_id},{second}"),
            ("delete", f"{cycle_id},{second}"),
            ("update", f"{cycle_id},{first}"),  # now first in the list
        ]


def test_evidence_the_database_does_not_hold_is_refused_by_name(platform):
    created = accounts.create_person(platform, ADMIN, "a@bv1.be", "Anne", None)
    created = accounts.grant(
        platform,
        ADMIN,
        created.id,
        Role.BASSIN_ACTOR,
        "BV-001",
        territories.level_of(platform, "BV-001"),
    )
    asker = Asker(TEAM, created.id, created.display_name, created.grants)
    need_id = needs.raise_need(
        platform,
        asker,
        NewNeed("BV-001", "Pas de MG", "sante", "high", indicator_ids=("pop-80plus-pct",) * 2),
    )
    assert needs.get(platform, need_id).indicator_ids == ["pop-80plus-pct"]
    before = snapshot(platform)
    with pytest.raises(UserError, match="no-such-indicator"):
        needs.raise_need(
            platform,
            asker,
            NewNeed("BV-001", "x", "sante", "low", indicator_ids=("no-such-indicator",)),
        )
    assert snapshot(platform) == before
