"""the reform's territory: German-language communes leave every stored zoning

The decree of 25 April 2024 and the order of 6 June 2024 apply to the French-language
region; the nine German-language communes belong to no bassin or OLS. Every stored zoning
loses their assignments (the communes themselves stay in the reference data). Then:

- a bassin left with no commune goes, and whatever named its code is re-pointed to its
  OLS code; an OLS left with no bassin goes, and whatever named it or one of its bassins
  is re-pointed to the region, 03000 (grants keep a scope that covers what it covered);
- rows tied to a zoning (territory sheets, needs, action plans, learning projects, and
  field observations and concertation spaces of that zoning) follow their own zoning;
  rows without a zoning (grants, roadmap steps, performance objectives, self-assessments,
  activity reports, and observations and spaces without one) follow the active zoning,
  the one their codes are read against;
- where a re-pointed row would collide with a row the target already has (a unique
  key: a sheet, a self-assessment, an activity report, a roadmap step), it is left as it
  was, kept though no page reaches it; a grant the person already holds on the target is
  dropped, since the held one covers as much;
- indicator values loaded for a bassin or OLS that goes are left as they are: a value
  measured on a zone is not the value of its parent;
- outlines of the zones that shrank are recomputed here with shapely from the communes'
  stored boundaries, as ``store_plan`` draws them (union, simplified to about 30 m), so
  maps are right at once; a zone whose communes have no boundary loses its outline. The
  population ranges in a zoning's stored report are those of its creation; they are not
  rewritten.

The downgrade cannot bring the removed assignments back (which bassin they were in is
gone): it changes nothing.

Revision ID: 0016
Revises: 0015
Create Date: 2027-01-15 09:00:00
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import shapely
import sqlalchemy as sa
from alembic import op
from shapely.geometry import mapping, shape

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

REGION_CODE = "03000"

# (table, code column, unique key columns besides the code) of rows tied to one zoning.
BY_ZONING: tuple[tuple[str, str, tuple[str, ...] | None], ...] = (
    ("territory_sheet", "code", ("zoning_id",)),
    ("need", "code", None),
    ("need", "ols_code", None),
    ("action_plan", "code", None),
    ("project", "code", None),
    ("project", "ols_code", None),
)
# Rows whose zoning may be empty: those without one are read against the active zoning.
MAYBE_BY_ZONING = (
    ("warm_observation", "code"),
    ("concertation_space", "code"),
)
# Rows without a zoning, read against the active one.
WITHOUT_ZONING: tuple[tuple[str, str, tuple[str, ...] | None], ...] = (
    ("roadmap_step", "ols_code", ("step",)),
    ("performance_objective", "code", None),
    ("self_assessment", "code", ("year", "aim")),
    ("activity_report", "code", ("year",)),
)


def _outline(geometries: dict[str, Any], members: list[str]) -> str | None:
    shapes = [geometries[m] for m in members if m in geometries]
    if not shapes:
        return None
    dissolved = shapely.union_all(shapes).simplify(0.0004, preserve_topology=True)
    return json.dumps(dict(mapping(dissolved)))


def _repoint(
    bind: sa.Connection,
    table: str,
    column: str,
    moves: dict[str, str],
    where: str,
    params: dict[str, Any],
    unique: tuple[str, ...] | None,
) -> None:
    """Rows of *table* matching *where* get their *column* moved by *moves*; with a
    *unique* key, a row whose target is taken is left as it was."""
    for old, new in moves.items():
        if unique is None:
            bind.execute(
                sa.text(f"UPDATE {table} SET {column} = :new WHERE {column} = :old AND {where}"),
                {**params, "old": old, "new": new},
            )
            continue
        same = " AND ".join(f"other.{c} = {table}.{c}" for c in unique)
        bind.execute(
            sa.text(
                f"UPDATE {table} SET {column} = :new WHERE {column} = :old AND {where} "
                f"AND NOT EXISTS (SELECT 1 FROM {table} AS other "
                f"WHERE other.{column} = :new AND {same})"
            ),
            {**params, "old": old, "new": new},
        )


def _repoint_grants(bind: sa.Connection, moves: dict[str, str]) -> None:
    for old, new in moves.items():
        bind.execute(
            sa.text(
                "DELETE FROM role_grant WHERE scope = :old AND EXISTS (SELECT 1 FROM role_grant "
                "AS other WHERE other.person_id = role_grant.person_id "
                "AND other.role = role_grant.role AND other.scope = :new)"
            ),
            {"old": old, "new": new},
        )
        bind.execute(
            sa.text("UPDATE role_grant SET scope = :new WHERE scope = :old"),
            {"old": old, "new": new},
        )


def upgrade() -> None:
    bind = op.get_bind()
    german = set(
        bind.execute(
            sa.text("SELECT refnis FROM commune WHERE german_speaking = :yes"), {"yes": True}
        )
        .scalars()
        .all()
    )
    if not german:
        return
    geometries = {
        refnis: shape(json.loads(text))
        for refnis, text in bind.execute(
            sa.text("SELECT refnis, geometry FROM commune WHERE geometry IS NOT NULL")
        )
    }
    zonings = bind.execute(sa.text("SELECT id, is_active FROM zoning ORDER BY id")).all()
    for zoning_id, is_active in zonings:
        _upgrade_zoning(bind, zoning_id, bool(is_active), german, geometries)


def _upgrade_zoning(
    bind: sa.Connection,
    zoning_id: int,
    is_active: bool,
    german: set[str],
    geometries: dict[str, Any],
) -> None:
    assigned = bind.execute(
        sa.text("SELECT refnis, bassin_id FROM zoning_assignment WHERE zoning_id = :z"),
        {"z": zoning_id},
    ).all()
    if not any(refnis in german for refnis, _ in assigned):
        return
    members: dict[int, list[str]] = defaultdict(list)
    shrunk: set[int] = set()
    for refnis, bassin_id in assigned:
        if refnis in german:
            shrunk.add(bassin_id)
        else:
            members[bassin_id].append(refnis)
    bind.execute(
        sa.text("DELETE FROM zoning_assignment WHERE zoning_id = :z AND refnis = :r"),
        [{"z": zoning_id, "r": refnis} for refnis in sorted(german)],
    )
    bassins = bind.execute(
        sa.text("SELECT id, code, ols_id FROM bassin WHERE zoning_id = :z"), {"z": zoning_id}
    ).all()
    ols_code: dict[int, str] = dict(
        bind.execute(
            sa.text("SELECT id, code FROM ols WHERE zoning_id = :z"), {"z": zoning_id}
        ).all()
    )
    ols_members: dict[int, list[str]] = defaultdict(list)
    for bassin_id, _code, ols_id in bassins:
        ols_members[ols_id].extend(members.get(bassin_id, []))
    empty_ols = {ols_id for ols_id in ols_code if not ols_members.get(ols_id)}
    moves: dict[str, str] = {}
    for bassin_id, code, ols_id in bassins:
        if not members.get(bassin_id):
            moves[code] = REGION_CODE if ols_id in empty_ols else ols_code[ols_id]
    for ols_id in empty_ols:
        moves[ols_code[ols_id]] = REGION_CODE
    for bassin_id, _code, _ols in bassins:
        if bassin_id in shrunk and members.get(bassin_id):
            bind.execute(
                sa.text("UPDATE bassin SET geometry = :g WHERE id = :i"),
                {"g": _outline(geometries, members[bassin_id]), "i": bassin_id},
            )
    for ols_id in {ols for bassin_id, _c, ols in bassins if bassin_id in shrunk} - empty_ols:
        bind.execute(
            sa.text("UPDATE ols SET geometry = :g WHERE id = :i"),
            {"g": _outline(geometries, ols_members[ols_id]), "i": ols_id},
        )
    gone_bassins = [bassin_id for bassin_id, _c, _o in bassins if not members.get(bassin_id)]
    if gone_bassins:
        bind.execute(sa.text("DELETE FROM bassin WHERE id = :i"), [{"i": i} for i in gone_bassins])
    if empty_ols:
        bind.execute(sa.text("DELETE FROM ols WHERE id = :i"), [{"i": i} for i in empty_ols])
    if not moves:
        return
    for table, column, unique in BY_ZONING:
        _repoint(bind, table, column, moves, "zoning_id = :z", {"z": zoning_id}, unique)
    for table, column in MAYBE_BY_ZONING:
        where = "(zoning_id = :z OR zoning_id IS NULL)" if is_active else "zoning_id = :z"
        _repoint(bind, table, column, moves, where, {"z": zoning_id}, None)
    # A concertation space of the region belongs to no zoning (services/concertation.py).
    bind.execute(
        sa.text("UPDATE concertation_space SET zoning_id = NULL WHERE code = :region"),
        {"region": REGION_CODE},
    )
    if is_active:
        for table, column, unique in WITHOUT_ZONING:
            _repoint(bind, table, column, moves, "1 = 1", {}, unique)
        _repoint_grants(bind, moves)


def downgrade() -> None:
    """Nothing to undo that can be undone: the removed assignments are not kept."""
