"""The Alembic migrations create exactly the schema the models describe, and move the
data they reshape, on both backends."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import JSON, Connection, Engine, MetaData, Table, inspect, select, text

from maillage.store.database import alembic_config, include_name, is_current, make_engine
from maillage.store.tables import metadata
from tests.conftest import BACKENDS, DatabaseFactory


def test_migrated_schema_matches_the_models(platform):
    assert is_current(platform.engine)
    with platform.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": include_name})
        differences = compare_metadata(context, metadata)
    assert differences == []


def test_sqlite_runs_in_wal_mode_with_foreign_keys(platform):
    if platform.engine.dialect.name != "sqlite":
        return
    with platform.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


@pytest.fixture(params=BACKENDS)
def blank_engine(request: pytest.FixtureRequest, databases: DatabaseFactory) -> Iterator[Engine]:
    """An empty database on each backend in turn, to migrate step by step."""
    engine = make_engine(databases.blank(request.param))
    yield engine
    engine.dispose()


def _insert(connection: Connection, table_name: str, **given: object) -> None:
    """A row as the schema of the moment takes it: *given*, and a plain value in every
    other column that needs one."""
    table = Table(table_name, MetaData(), autoload_with=connection)
    plain: dict[type, object] = {
        int: 1,
        str: "",
        bool: False,
        float: 0.0,
        date: date(2026, 1, 5),
        datetime: datetime(2026, 1, 5, tzinfo=UTC),
    }
    row = {
        column.name: {} if isinstance(column.type, JSON) else plain[column.type.python_type]
        for column in table.columns
        if not column.nullable and column.server_default is None and column.name not in given
    }
    connection.execute(table.insert().values({**row, **given}))


def _write_lists_the_old_way(connection: Connection) -> None:
    _insert(connection, "zoning", id=1, name="z")
    for space in (1, 2):
        _insert(connection, "concertation_space", id=space, zoning_id=1)
    for member, space in ((1, 1), (2, 1), (3, 2)):
        _insert(connection, "concertation_member", id=member, space_id=space)
    # 3 is a member of another space, 99 of none, then text that is no id, and 1 again.
    _insert(
        connection,
        "concertation_meeting",
        id=1,
        space_id=1,
        attendees="2, 3,99,³,١٢,0,-4,9223372036854775808,,x,1,2",
    )
    for indicator in ("a", "b"):
        _insert(connection, "indicator", id=indicator)
    for observation in (1, 2):
        _insert(connection, "warm_observation", id=observation, code="BV-001")
    for need in (1, 2, 3):
        _insert(connection, "need", id=need, zoning_id=1)
    connection.execute(
        text("UPDATE need SET indicator_ids = 'b,zz,a,b', observation_ids = '2,7' WHERE id = 1")
    )
    for plan in (1, 2):
        _insert(connection, "action_plan", id=plan, zoning_id=1)
    _insert(connection, "plan_objective", id=1, plan_id=1)
    for partner, plan in ((1, 1), (2, 1), (3, 2)):
        _insert(connection, "plan_partner", id=partner, plan_id=plan)
    _insert(connection, "plan_action", id=1, objective_id=1, partner_ids="2,3,1", need_ids="2,1,5")
    for project in (1, 2):
        _insert(connection, "project", id=project, zoning_id=1)
    # What the one reader of stored id lists kept (services/fields.id_list until 0015).
    connection.execute(
        text("UPDATE project SET need_ids = '3, 1,³,١٢,0,-4,9223372036854775808,,x,2' WHERE id = 1")
    )
    for measure, project in ((1, 1), (2, 1), (3, 2)):
        _insert(connection, "project_measure", id=measure, project_id=project)
    _insert(connection, "learning_cycle", id=1, project_id=1, number=1, measure_ids="2,3,1")


LINKS = {
    "meeting_attendee": [(1, 2, 0), (1, 1, 1)],
    "need_indicator": [(1, "b", 0), (1, "a", 1)],
    "need_observation": [(1, 2, 0)],
    "plan_action_partner": [(1, 2, 0), (1, 1, 1)],
    "plan_action_need": [(1, 2, 0), (1, 1, 1)],
    "project_need": [(1, 3, 0), (1, 1, 1), (1, 2, 2)],
    "cycle_measure": [(1, 2, 0), (1, 1, 1)],
}


def _links(connection: Connection) -> dict[str, list[tuple[object, ...]]]:
    found = {}
    for name in LINKS:
        table = Table(name, MetaData(), autoload_with=connection)
        parent, _target, position = (c.name for c in table.columns)
        query = select(table).order_by(table.c[parent], table.c[position])
        found[name] = [tuple(row) for row in connection.execute(query)]
    return found


def test_lists_of_ids_written_before_0015_become_links_in_their_order(blank_engine):
    """Each id kept once, in order, when the database holds it within the parent's scope
    (a member of the meeting's space, a partner of the action's plan, a measure of the
    cycle's project); the downgrade writes the lists back."""
    config = alembic_config(blank_engine)
    command.upgrade(config, "0013")
    with blank_engine.begin() as connection:
        _write_lists_the_old_way(connection)
    command.upgrade(config, "0015")
    with blank_engine.connect() as connection:
        assert _links(connection) == LINKS
        assert "attendees" not in {
            c["name"] for c in inspect(connection).get_columns("concertation_meeting")
        }
    with blank_engine.begin() as connection:  # the foreign keys now hold both ends
        connection.execute(text("DELETE FROM concertation_member WHERE id = 2"))
        connection.execute(text("DELETE FROM need WHERE id = 3"))
        assert _links(connection)["meeting_attendee"] == [(1, 1, 1)]
        assert _links(connection)["project_need"] == [(1, 1, 1), (1, 2, 2)]
    command.downgrade(config, "0014")
    with blank_engine.connect() as connection:
        lists = connection.execute(
            text(
                "SELECT m.attendees, n.indicator_ids, n.observation_ids, a.partner_ids, "
                "a.need_ids, p.need_ids, c.measure_ids FROM concertation_meeting m, need n, "
                "plan_action a, project p, learning_cycle c "
                "WHERE m.id = 1 AND n.id = 1 AND a.id = 1 AND p.id = 1 AND c.id = 1"
            )
        ).one()
    assert tuple(lists) == ("1", "b,a", "2", "2,1", "2,1", "1,2", "2,1")


def _square(x: float, y: float) -> str:
    ring = [[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


GERMAN = ("63001", "63087", "63012")


def _write_a_zoning_with_german_communes(connection: Connection) -> None:
    """Zoning 1 (active): OLS O1 = BG (63001 only) + B1 (92094, 63087); O2 = B2 (25005);
    OG = BG2 (63012 only). Data attached to BG, BG2, OG and to B2 (which stays)."""
    _insert(connection, "data_source", key="s")
    _insert(connection, "admin_area", refnis="03000", kind="region", source_key="s")
    for refnis, x in (
        ("92094", 0.0),
        ("25005", 0.1),
        *((g, 1.0 + i) for i, g in enumerate(GERMAN)),
    ):
        _insert(
            connection,
            "commune",
            refnis=refnis,
            german_speaking=refnis in GERMAN,
            arrondissement_refnis="03000",
            province_refnis="03000",
            source_key="s",
            geometry=_square(x, 50.0),
        )
    _insert(connection, "zoning", id=1, name="z", is_active=True)
    for ols_id, code in ((1, "O1"), (2, "O2"), (3, "OG")):
        _insert(connection, "ols", id=ols_id, zoning_id=1, code=code, geometry="old")
    for bassin_id, code, ols_id in ((1, "BG", 1), (2, "B1", 1), (3, "B2", 2), (4, "BG2", 3)):
        _insert(
            connection,
            "bassin",
            id=bassin_id,
            zoning_id=1,
            ols_id=ols_id,
            code=code,
            geometry="old",
        )
    for refnis, bassin_id in (("63001", 1), ("92094", 2), ("63087", 2), ("25005", 3), ("63012", 4)):
        _insert(connection, "zoning_assignment", zoning_id=1, refnis=refnis, bassin_id=bassin_id)
    _insert(connection, "person", id=1, email="a@example.org")
    _insert(connection, "person", id=2, email="b@example.org")
    for grant_id, person, role, scope in (
        (1, 1, "ols_coordinator", "BG"),  # → O1
        (2, 1, "ols_coordinator", "O1"),  # held already: the BG one goes
        (3, 2, "ols_coordinator", "BG"),  # → O1
        (4, 2, "ols_coordinator", "OG"),  # → 03000
        (5, 2, "ols_coordinator", "B2"),  # untouched
    ):
        _insert(connection, "role_grant", id=grant_id, person_id=person, role=role, scope=scope)
    for need_id, code, ols in ((1, "BG", "O1"), (2, "B2", "O2"), (3, "BG2", "OG")):
        _insert(connection, "need", id=need_id, zoning_id=1, code=code, ols_code=ols)
    _insert(connection, "warm_observation", id=1, code="BG")
    _insert(connection, "warm_observation", id=2, code="B2")
    _insert(connection, "concertation_space", id=1, code="OG", zoning_id=1)
    _insert(connection, "territory_sheet", id=1, zoning_id=1, code="BG")
    _insert(connection, "territory_sheet", id=2, zoning_id=1, code="BG2")
    _insert(connection, "territory_sheet", id=3, zoning_id=1, code="OG")  # BG2's target


def test_0016_takes_german_language_communes_out_and_keeps_the_data_attached(blank_engine):
    config = alembic_config(blank_engine)
    command.upgrade(config, "0015")
    with blank_engine.begin() as connection:
        _write_a_zoning_with_german_communes(connection)
    command.upgrade(config, "0016")
    with blank_engine.connect() as connection:

        def rows(query: str) -> list[tuple[object, ...]]:
            return [tuple(r) for r in connection.execute(text(query))]

        assert rows("SELECT refnis, bassin_id FROM zoning_assignment ORDER BY refnis") == [
            ("25005", 3),
            ("92094", 2),
        ]
        assert rows("SELECT code FROM bassin ORDER BY code") == [("B1",), ("B2",)]
        assert rows("SELECT code FROM ols ORDER BY code") == [("O1",), ("O2",)]
        outlines = dict(rows("SELECT code, geometry FROM bassin"))
        assert outlines["B2"] == "old"  # untouched
        b1 = json.loads(str(outlines["B1"]))  # recomputed from 92094 alone
        assert b1["type"] == "Polygon" and max(p[0] for p in b1["coordinates"][0]) < 0.11
        assert dict(rows("SELECT code, geometry FROM ols"))["O2"] == "old"
        assert rows("SELECT id, scope FROM role_grant ORDER BY id") == [
            (2, "O1"),
            (3, "O1"),
            (4, "03000"),
            (5, "B2"),
        ]
        assert rows("SELECT id, code, ols_code FROM need ORDER BY id") == [
            (1, "O1", "O1"),
            (2, "B2", "O2"),
            (3, "03000", "03000"),
        ]
        assert rows("SELECT id, code FROM warm_observation ORDER BY id") == [(1, "O1"), (2, "B2")]
        assert rows("SELECT code, zoning_id FROM concertation_space") == [("03000", None)]
        # BG's sheet moves to O1, BG2's to the region; OG's would then collide with it
        # (one sheet per code): it is kept as it was.
        assert rows("SELECT id, code FROM territory_sheet ORDER BY id") == [
            (1, "O1"),
            (2, "03000"),
            (3, "OG"),
        ]
        assert rows("SELECT refnis FROM commune WHERE german_speaking = true ORDER BY refnis") == [
            (g,) for g in sorted(GERMAN)
        ]
