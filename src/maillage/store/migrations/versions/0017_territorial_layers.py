"""territorial layers of existing meso structures (cercles de MG, RML, CCSAD…)

A layer names a kind of structure and where its file came from; its structures each cover
a set of communes, and structures of one layer may overlap (a commune may belong to
several). Structures and memberships go with their layer.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-14 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "layer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(length=254), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_layer")),
        sa.UniqueConstraint("name", name=op.f("uq_layer_name")),
    )
    op.create_table(
        "layer_structure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("layer_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["layer_id"],
            ["layer.id"],
            name=op.f("fk_layer_structure_layer_id_layer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_layer_structure")),
        sa.UniqueConstraint("layer_id", "code", name=op.f("uq_layer_structure_layer_id")),
    )
    op.create_table(
        "layer_member",
        sa.Column("structure_id", sa.Integer(), nullable=False),
        sa.Column("refnis", sa.String(length=5), nullable=False),
        sa.ForeignKeyConstraint(
            ["refnis"], ["commune.refnis"], name=op.f("fk_layer_member_refnis_commune")
        ),
        sa.ForeignKeyConstraint(
            ["structure_id"],
            ["layer_structure.id"],
            name=op.f("fk_layer_member_structure_id_layer_structure"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("structure_id", "refnis", name=op.f("pk_layer_member")),
    )


def downgrade() -> None:
    op.drop_table("layer_member")
    op.drop_table("layer_structure")
    op.drop_table("layer")
