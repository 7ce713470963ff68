"""warm observations of actors about territories; small-number rule per indicator

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("indicator") as batch:
        batch.add_column(
            sa.Column("small_numbers_apply", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    op.create_table(
        "warm_observation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=24), nullable=False),
        sa.Column("zoning_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("observed_on", sa.Date(), nullable=False),
        sa.Column("origin", sa.String(length=24), nullable=False),
        sa.Column("themes", sa.Text(), nullable=False),
        sa.Column("indicator_id", sa.String(length=64), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author_name", sa.String(length=120), nullable=False),
        sa.Column("is_public", sa.Boolean(), nullable=False),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["zoning_id"],
            ["zoning.id"],
            name=op.f("fk_warm_observation_zoning_id_zoning"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
            name=op.f("fk_warm_observation_indicator_id_indicator"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["person.id"],
            name=op.f("fk_warm_observation_author_id_person"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_warm_observation")),
    )
    op.create_index(op.f("ix_warm_observation_code"), "warm_observation", ["code"])
    op.create_index(op.f("ix_warm_observation_indicator_id"), "warm_observation", ["indicator_id"])


def downgrade() -> None:
    op.drop_table("warm_observation")
    with op.batch_alter_table("indicator") as batch:
        batch.drop_column("small_numbers_apply")
