"""lists of ids become link tables: a meeting's attendees, a need's evidence, an action's
partners and needs, a project's needs, a cycle's measures

Seven columns held ids as comma-separated text that the database could not check: the id
of a row that no longer existed, of another space's member, or no id at all stayed there,
and every reader filtered the list again. Each list becomes a table of (parent, target,
position) with a foreign key at both ends (a link goes when either end goes), the pair as
primary key and the order people chose kept in ``position``. Existing lists are moved in
their order, each id once; what the readers already ignored is left behind: text that is
not an id, ids the database does not hold, a member of another space, a partner of
another plan, a measure of another project.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-10 09:00:00
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

import sqlalchemy as sa
from alembic import op

from maillage.ids import parse_id

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


class Moved(NamedTuple):
    """One list column and the link table it becomes."""

    table: str  # the link table
    parent: tuple[str, str]  # (column, referred table)
    target: tuple[str, str]
    integer_target: bool
    column: tuple[str, str]  # (table, column) of the old list
    # (parent id, scope, list) of every non-empty list, and (target id, scope) of every
    # target: a target is kept only within its parent's scope.
    sources: str
    targets: str


MOVED = (
    Moved(
        "meeting_attendee",
        ("meeting_id", "concertation_meeting"),
        ("member_id", "concertation_member"),
        True,
        ("concertation_meeting", "attendees"),
        "SELECT id, space_id, attendees FROM concertation_meeting WHERE attendees <> ''",
        "SELECT id, space_id FROM concertation_member",
    ),
    Moved(
        "need_indicator",
        ("need_id", "need"),
        ("indicator_id", "indicator"),
        False,
        ("need", "indicator_ids"),
        "SELECT id, 0, indicator_ids FROM need WHERE indicator_ids <> ''",
        "SELECT id, 0 FROM indicator",
    ),
    Moved(
        "need_observation",
        ("need_id", "need"),
        ("observation_id", "warm_observation"),
        True,
        ("need", "observation_ids"),
        "SELECT id, 0, observation_ids FROM need WHERE observation_ids <> ''",
        "SELECT id, 0 FROM warm_observation",
    ),
    Moved(
        "plan_action_partner",
        ("action_id", "plan_action"),
        ("partner_id", "plan_partner"),
        True,
        ("plan_action", "partner_ids"),
        "SELECT a.id, o.plan_id, a.partner_ids FROM plan_action a "
        "JOIN plan_objective o ON o.id = a.objective_id WHERE a.partner_ids <> ''",
        "SELECT id, plan_id FROM plan_partner",
    ),
    Moved(
        "plan_action_need",
        ("action_id", "plan_action"),
        ("need_id", "need"),
        True,
        ("plan_action", "need_ids"),
        "SELECT id, 0, need_ids FROM plan_action WHERE need_ids <> ''",
        "SELECT id, 0 FROM need",
    ),
    Moved(
        "project_need",
        ("project_id", "project"),
        ("need_id", "need"),
        True,
        ("project", "need_ids"),
        "SELECT id, 0, need_ids FROM project WHERE need_ids <> ''",
        "SELECT id, 0 FROM need",
    ),
    Moved(
        "cycle_measure",
        ("cycle_id", "learning_cycle"),
        ("measure_id", "project_measure"),
        True,
        ("learning_cycle", "measure_ids"),
        "SELECT id, project_id, measure_ids FROM learning_cycle WHERE measure_ids <> ''",
        "SELECT id, project_id FROM project_measure",
    ),
)


def _create(moved: Moved) -> sa.Table:
    (parent, parent_table), (target, target_table) = moved.parent, moved.target
    table = op.create_table(
        moved.table,
        sa.Column(parent, sa.Integer(), nullable=False),
        sa.Column(
            target, sa.Integer() if moved.integer_target else sa.String(length=64), nullable=False
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            [parent],
            [f"{parent_table}.id"],
            name=op.f(f"fk_{moved.table}_{parent}_{parent_table}"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            [target],
            [f"{target_table}.id"],
            name=op.f(f"fk_{moved.table}_{target}_{target_table}"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(parent, target, name=op.f(f"pk_{moved.table}")),
    )
    op.create_index(op.f(f"ix_{moved.table}_{target}"), moved.table, [target], unique=False)
    assert table is not None
    return table


def _keys(text: str, integer: bool) -> list[int | str]:
    """The ids of an old list as its readers took them, in order, each once."""
    if integer:
        found: list[int | str] = [
            i for i in (parse_id(x.strip()) for x in text.split(",")) if i is not None
        ]
    else:
        found = [x for x in text.split(",") if x]
    return list(dict.fromkeys(found))


def _move(moved: Moved, table: sa.Table) -> None:
    bind = op.get_bind()
    scope_of = {key: scope for key, scope in bind.execute(sa.text(moved.targets))}
    parent, target = moved.parent[0], moved.target[0]
    rows: list[dict[str, object]] = []
    for parent_id, scope, text in bind.execute(sa.text(moved.sources)):
        kept = [k for k in _keys(text, moved.integer_target) if k in scope_of]
        kept = [k for k in kept if scope_of[k] == scope]
        rows.extend(
            {parent: parent_id, target: key, "position": position}
            for position, key in enumerate(kept)
        )
    if rows:
        op.bulk_insert(table, rows)


def upgrade() -> None:
    for moved in MOVED:
        _move(moved, _create(moved))
    for moved in MOVED:
        op.drop_column(*moved.column)


def downgrade() -> None:
    bind = op.get_bind()
    for moved in MOVED:
        table, column = moved.column
        op.add_column(table, sa.Column(column, sa.Text(), nullable=False, server_default=""))
        parent, target = moved.parent[0], moved.target[0]
        lists: dict[int, list[str]] = defaultdict(list)
        for parent_id, key in bind.execute(
            sa.text(f"SELECT {parent}, {target} FROM {moved.table} ORDER BY {parent}, position")
        ):
            lists[parent_id].append(str(key))
        for parent_id, keys in lists.items():
            bind.execute(
                sa.text(f"UPDATE {table} SET {column} = :text WHERE id = :id"),
                {"text": ",".join(keys), "id": parent_id},
            )
    for moved in MOVED:
        op.drop_index(op.f(f"ix_{moved.table}_{moved.target[0]}"), table_name=moved.table)
        op.drop_table(moved.table)
