"""first run: one-time links creating the first administrator; temporary passwords

``first_run_link`` keeps the SHA-256 of each link ``maillage serve`` prints while no
administrator exists, with its expiry and when it was used. ``person.must_change_password``
marks a temporary password (command line, administrator's reset), changed at next login.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-15 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "first_run_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_first_run_link")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_first_run_link_token_hash")),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "must_change_password",
                sa.Boolean(),
                server_default=sa.false(),
                nullable=False,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("must_change_password")
    op.drop_table("first_run_link")
