"""a change counter that tells every process its caches went stale

``change_counter`` holds one row, bumped by every write transaction (except those of web
sessions and login attempts) in that same transaction. Each process reads it once per
request or command and forgets its memoised structures when it moved, so that a write
through another worker or the command line is seen at the next request.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-11 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    counter = op.create_table(
        "change_counter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_counter")),
    )
    op.bulk_insert(counter, [{"id": 1, "value": 0}])


def downgrade() -> None:
    op.drop_table("change_counter")
