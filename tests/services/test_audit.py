"""The audit trail: one event per write with before and after; it can only grow."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from maillage.domain.access import Role
from maillage.domain.actors import Actor
from maillage.services import accounts, audit_trail, sheets, territories, zonings
from maillage.services.audit_text import describe
from maillage.store.audit import AuditTrailIsAppendOnly
from maillage.store.models import AuditEventRow

ACTOR = Actor(7, "admin@example.be", "192.0.2.10")
SRC = Path(__file__).resolve().parents[2] / "src" / "maillage"


def count(platform) -> int:
    with platform.sessions() as session:
        return session.scalar(select(func.count()).select_from(AuditEventRow)) or 0


def newest(platform, n: int) -> list[AuditEventRow]:
    with platform.sessions() as session:
        rows = session.scalars(select(AuditEventRow).order_by(AuditEventRow.id.desc()).limit(n))
        return list(reversed(list(rows)))


def test_n_writes_of_different_kinds_give_n_events(platform, tmp_path):
    start = count(platform)
    person = accounts.create_person(platform, ACTOR, "h@example.be", "Hélène")  # 1 create
    person = accounts.update_person(
        platform, ACTOR, person.id, person.version, display_name="Hélène D."
    )  # 2 update
    accounts.grant(
        platform,
        ACTOR,
        person.id,
        Role.OLS_TEAM,
        "OLS-01",
        territories.level_of(platform, "OLS-01"),
    )  # 3 create grant
    sheet = sheets.update_sheet(platform, ACTOR, "OLS-01", 0, {"contact": "a@b.be"})  # 4
    sheets.update_sheet(platform, ACTOR, "OLS-01", sheet.version, {"contact": "c@d.be"})  # 5
    token, _secret = accounts.create_token(platform, ACTOR, person.id, "robot")  # 6 create
    accounts.revoke_token(platform, ACTOR, token.id)  # 7 update
    accounts.revoke(platform, ACTOR, person.id, Role.OLS_TEAM, "OLS-01")  # 8 delete grant
    path = tmp_path / "z.csv"
    path.write_text(zonings.export_zoning(platform), encoding="utf-8")
    zonings.import_zoning(
        platform, path, name="Audit", valid_from=date(2026, 1, 1), actor=ACTOR
    )  # 9 create zoning
    writes = 9
    assert count(platform) - start == writes
    events = newest(platform, writes)
    assert [(e.action, e.entity) for e in events] == [
        ("create", "person"),
        ("update", "person"),
        ("create", "role_grant"),
        ("create", "territory_sheet"),
        ("update", "territory_sheet"),
        ("create", "api_token"),
        ("update", "api_token"),
        ("delete", "role_grant"),
        ("create", "zoning"),
    ]
    assert all(
        (e.actor, e.address, e.actor_id) == ("admin@example.be", "192.0.2.10", 7) for e in events
    )
    created, updated = events[0], events[1]
    assert created.before is None and created.after["display_name"] == "Hélène"
    assert "password_hash" not in created.after
    assert (updated.before["display_name"], updated.after["display_name"]) == (
        "Hélène",
        "Hélène D.",
    )
    assert (updated.before["version"], updated.after["version"]) == (1, 2)
    sheet_update = events[4]
    assert (sheet_update.before["contact"], sheet_update.after["contact"]) == ("a@b.be", "c@d.be")
    revoked = events[6]
    assert revoked.before["revoked_at"] is None and revoked.after["revoked_at"]
    assert "token_hash" not in revoked.after
    deleted = events[7]
    assert deleted.before["scope"] == "OLS-01" and deleted.after is None


def test_the_application_cannot_change_or_delete_an_event(platform):
    accounts.create_person(platform, ACTOR, "i@example.be", "I")
    with platform.sessions() as session:
        event = session.scalars(select(AuditEventRow)).first()
        event.actor = "someone else"
        with pytest.raises(AuditTrailIsAppendOnly):
            session.flush()
        session.rollback()
        session.delete(session.scalars(select(AuditEventRow)).first())
        with pytest.raises(AuditTrailIsAppendOnly):
            session.flush()


COLUMNS = "id, at, actor_id, actor, address, action, entity, entity_id, before, after"
FORGED = "id, at, actor_id, 'forged', address, action, entity, entity_id, before, after"
# Every statement that could rewrite or remove an event, per backend: each must fail and
# leave the trail exactly as it was (same rows, same actors).
REWRITES = {
    "sqlite": [
        "UPDATE audit_event SET actor = 'x'",
        "DELETE FROM audit_event",
        "DELETE FROM audit_event WHERE id = (SELECT min(id) FROM audit_event)",
        f"INSERT OR REPLACE INTO audit_event ({COLUMNS}) SELECT {FORGED} FROM audit_event",
        f"REPLACE INTO audit_event ({COLUMNS}) SELECT {FORGED} FROM audit_event",
        f"INSERT INTO audit_event ({COLUMNS}) SELECT {FORGED} FROM audit_event WHERE true "
        "ON CONFLICT (id) DO UPDATE SET actor = 'forged'",
        f"INSERT OR IGNORE INTO audit_event ({COLUMNS}) SELECT {FORGED} FROM audit_event",
        "UPDATE OR REPLACE audit_event SET id = id + 1000000",
    ],
    "postgresql": [
        "UPDATE audit_event SET actor = 'x'",
        "DELETE FROM audit_event",
        "TRUNCATE audit_event",
        "TRUNCATE audit_event RESTART IDENTITY CASCADE",
        f"INSERT INTO audit_event ({COLUMNS}) SELECT {FORGED} FROM audit_event "
        "ON CONFLICT (id) DO UPDATE SET actor = 'forged'",
        f"INSERT INTO audit_event ({COLUMNS}) SELECT {FORGED} FROM audit_event "
        "ON CONFLICT (id) DO NOTHING",
        "MERGE INTO audit_event AS a USING (SELECT min(id) AS id FROM audit_event) AS s "
        "ON a.id = s.id WHEN MATCHED THEN UPDATE SET actor = 'forged'",
        "MERGE INTO audit_event AS a USING (SELECT min(id) AS id FROM audit_event) AS s "
        "ON a.id = s.id WHEN MATCHED THEN DELETE",
    ],
}


def trail(platform) -> list[tuple[int, str, str]]:
    with platform.engine.connect() as connection:
        return [
            tuple(r)
            for r in connection.execute(
                text("SELECT id, actor, action FROM audit_event ORDER BY id")
            )
        ]


@pytest.mark.parametrize("index", range(8))
def test_the_database_refuses_every_statement_that_rewrites_events(platform, index):
    accounts.create_person(platform, ACTOR, "j@example.be", "J")
    statement = REWRITES[platform.engine.dialect.name][index]
    before = trail(platform)
    assert before
    with platform.engine.connect() as connection, pytest.raises(DBAPIError, match="append-only"):
        connection.execute(text(statement))
        connection.commit()
    assert trail(platform) == before


def test_no_code_path_updates_or_deletes_audit_rows():
    """Read the source: audit rows are only ever inserted."""
    offenders = []
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in (
                "update",
                "delete",
            ):
                names = {
                    n.id for arg in node.args for n in ast.walk(arg) if isinstance(n, ast.Name)
                }
                if "AuditEventRow" in names:
                    offenders.append(f"{path.name}:{node.lineno}")
        source = path.read_text(encoding="utf-8").lower()
        for phrase in ("update audit_event", "delete from audit_event", "truncate audit_event"):
            if phrase in source:
                offenders.append(f"{path.name}: {phrase}")
    assert offenders == []


def test_admins_filter_and_export_the_trail(platform):
    accounts.create_person(platform, ACTOR, "k@example.be", "K")
    wanted = audit_trail.AuditFilter(entity="person", action="create")
    assert [e.entity_id for e in audit_trail.events(platform, wanted)]
    exported = audit_trail.export(platform, wanted, "csv")
    assert exported.splitlines()[0].startswith("N°,Quand (heure de Bruxelles),Qui,Adresse")
    assert exported.splitlines()[0].endswith(",Description")
    assert "k@example.be" in exported and "Création — personne" in exported
    assert '"email": "k@example.be"' in audit_trail.export(platform, wanted, "json")


def test_a_change_is_described_in_words(platform):
    person = accounts.create_person(platform, ACTOR, "m@example.be", "M")
    accounts.update_person(platform, ACTOR, person.id, 1, display_name="Marie")
    [event] = audit_trail.events(
        platform,
        audit_trail.AuditFilter(entity="person", action="update", entity_id=str(person.id)),
    )
    assert event.description == (
        f"Modification — personne n° {person.id} : nom affiché : « M » → « Marie »"
    )
    assert describe("update", "need", "3", {"state": "raised"}, {"state": "qualified"}) == (
        "Modification — besoin n° 3 : état : signalé → qualifié par le bassin"
    )
    assert "vide" in describe("update", "x", "1", {"deadline": None}, {"deadline": "2026-03-02"})
    assert "2 mars 2026" in describe(
        "update", "x", "1", {"deadline": None}, {"deadline": "2026-03-02"}
    )
