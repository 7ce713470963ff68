"""credential generations end other sessions; login attempts counted atomically

``person.credential_generation`` is bumped by a password change or reset and by disabling
the account; ``web_session.generation`` records the generation a session was opened
under, and a session of another generation is over. Sessions opened before this
revision carry no generation: they are deleted, so everyone logs in once more.

``login_limit`` replaces ``login_attempt``: one counter per account and per address,
raised by an atomic upsert before the password is checked (parallel attempts could all
count the failures before any was written). Failures of the last day are not carried
over: the limit starts afresh.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "credential_generation", sa.Integer(), server_default=sa.text("1"), nullable=False
            )
        )

    op.execute("DELETE FROM web_session")
    with op.batch_alter_table("web_session", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("generation", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )

    op.create_table(
        "login_limit",
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("value", sa.String(length=254), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "value", name=op.f("pk_login_limit")),
    )
    with op.batch_alter_table("login_limit", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_login_limit_window_start"), ["window_start"], unique=False
        )

    with op.batch_alter_table("login_attempt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_attempt_at"))
        batch_op.drop_index(batch_op.f("ix_login_attempt_address"))
        batch_op.drop_index(batch_op.f("ix_login_attempt_account"))
    op.drop_table("login_attempt")


def downgrade() -> None:
    op.create_table(
        "login_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("account", sa.String(length=254), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempt")),
    )
    with op.batch_alter_table("login_attempt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_attempt_account"), ["account"], unique=False)
        batch_op.create_index(batch_op.f("ix_login_attempt_address"), ["address"], unique=False)
        batch_op.create_index(batch_op.f("ix_login_attempt_at"), ["at"], unique=False)

    with op.batch_alter_table("login_limit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_limit_window_start"))
    op.drop_table("login_limit")

    with op.batch_alter_table("web_session", schema=None) as batch_op:
        batch_op.drop_column("generation")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("credential_generation")
