"""The Alembic migrations create exactly the schema the models describe, and move the
data they reshape, on both backends."""

from __future__ import annotations

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
