"""drafts of bassin changes proposed by an OLS team, with their history

A draft holds its own copy of one OLS's bassins and of the assignment of its communes
(a zoning row never changes once stored); it becomes a new zoning when the
administration validates it.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-20 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bassin_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ols_code", sa.String(length=24), nullable=False),
        sa.Column("base_zoning_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("result_zoning_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["base_zoning_id"],
            ["zoning.id"],
            name=op.f("fk_bassin_draft_base_zoning_id_zoning"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["result_zoning_id"],
            ["zoning.id"],
            name=op.f("fk_bassin_draft_result_zoning_id_zoning"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bassin_draft")),
    )
    with op.batch_alter_table("bassin_draft", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bassin_draft_ols_code"), ["ols_code"], unique=False)
    op.create_table(
        "bassin_draft_zone",
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=24), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["draft_id"],
            ["bassin_draft.id"],
            name=op.f("fk_bassin_draft_zone_draft_id_bassin_draft"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("draft_id", "code", name=op.f("pk_bassin_draft_zone")),
    )
    op.create_table(
        "bassin_draft_commune",
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("refnis", sa.String(length=5), nullable=False),
        sa.Column("bassin_code", sa.String(length=24), nullable=False),
        sa.ForeignKeyConstraint(
            ["draft_id"],
            ["bassin_draft.id"],
            name=op.f("fk_bassin_draft_commune_draft_id_bassin_draft"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["refnis"],
            ["commune.refnis"],
            name=op.f("fk_bassin_draft_commune_refnis_commune"),
        ),
        sa.PrimaryKeyConstraint("draft_id", "refnis", name=op.f("pk_bassin_draft_commune")),
    )
    op.create_table(
        "bassin_draft_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("state_after", sa.String(length=16), nullable=False),
        sa.Column("by_name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["draft_id"],
            ["bassin_draft.id"],
            name=op.f("fk_bassin_draft_step_draft_id_bassin_draft"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bassin_draft_step")),
    )
    with op.batch_alter_table("bassin_draft_step", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_bassin_draft_step_draft_id"), ["draft_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("bassin_draft_step")
    op.drop_table("bassin_draft_commune")
    op.drop_table("bassin_draft_zone")
    op.drop_table("bassin_draft")
