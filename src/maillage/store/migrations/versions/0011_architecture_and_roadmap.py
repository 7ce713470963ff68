"""architecture and roadmap

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23 17:10:52.196022
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "arch_structure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("short", sa.String(length=60), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("in_decree", sa.Boolean(), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column("missions", sa.Text(), nullable=False),
        sa.Column("composition", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_arch_structure")),
        sa.UniqueConstraint("code", name=op.f("uq_arch_structure_code")),
    )
    op.create_table(
        "roadmap_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ols_code", sa.String(length=24), nullable=False),
        sa.Column("step", sa.String(length=8), nullable=False),
        sa.Column("choice", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roadmap_step")),
        sa.UniqueConstraint("ols_code", "step", name=op.f("uq_roadmap_step_ols_code")),
    )
    with op.batch_alter_table("roadmap_step", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roadmap_step_ols_code"), ["ols_code"], unique=False)

    op.create_table(
        "arch_flow",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column("frequency", sa.String(length=60), nullable=False),
        sa.Column("available_from", sa.Date(), nullable=True),
        sa.Column("timing_note", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"], ["arch_structure.id"], name=op.f("fk_arch_flow_source_id_arch_structure")
        ),
        sa.ForeignKeyConstraint(
            ["target_id"], ["arch_structure.id"], name=op.f("fk_arch_flow_target_id_arch_structure")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_arch_flow")),
    )
    with op.batch_alter_table("arch_flow", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_arch_flow_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_arch_flow_source_id"), ["source_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_arch_flow_target_id"), ["target_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("arch_flow", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_arch_flow_target_id"))
        batch_op.drop_index(batch_op.f("ix_arch_flow_source_id"))
        batch_op.drop_index(batch_op.f("ix_arch_flow_kind"))

    op.drop_table("arch_flow")
    with op.batch_alter_table("roadmap_step", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roadmap_step_ols_code"))

    op.drop_table("roadmap_step")
    op.drop_table("arch_structure")
