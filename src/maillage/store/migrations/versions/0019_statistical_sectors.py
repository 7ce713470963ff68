"""Statbel statistical sectors, and the sectors of split communes in a zoning

A bassin de vie may be a part of a large commune: ``statistical_sector`` holds the
sectors Statbel publishes (code, commune, names, population and its year, outline in
WGS84) and ``zoning_sector`` the sectors a zoning assigns to a bassin where it splits a
commune. Existing zonings split nothing: no row to move.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-12 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "statistical_sector",
        sa.Column("code", sa.String(length=9), nullable=False),
        sa.Column("refnis", sa.String(length=5), nullable=False),
        sa.Column("name_fr", sa.Text(), nullable=False),
        sa.Column("name_nl", sa.Text(), nullable=False),
        sa.Column("population", sa.Integer(), nullable=True),
        sa.Column("population_year", sa.Integer(), nullable=True),
        sa.Column("geometry", sa.Text(), nullable=True),
        sa.Column("source_key", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["refnis"], ["commune.refnis"], name=op.f("fk_statistical_sector_refnis_commune")
        ),
        sa.ForeignKeyConstraint(
            ["source_key"],
            ["data_source.key"],
            name=op.f("fk_statistical_sector_source_key_data_source"),
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_statistical_sector")),
    )
    op.create_index(
        op.f("ix_statistical_sector_refnis"), "statistical_sector", ["refnis"], unique=False
    )
    op.create_table(
        "zoning_sector",
        sa.Column("zoning_id", sa.Integer(), nullable=False),
        sa.Column("sector_code", sa.String(length=9), nullable=False),
        sa.Column("refnis", sa.String(length=5), nullable=False),
        sa.Column("bassin_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bassin_id"],
            ["bassin.id"],
            name=op.f("fk_zoning_sector_bassin_id_bassin"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["refnis"], ["commune.refnis"], name=op.f("fk_zoning_sector_refnis_commune")
        ),
        sa.ForeignKeyConstraint(
            ["sector_code"],
            ["statistical_sector.code"],
            name=op.f("fk_zoning_sector_sector_code_statistical_sector"),
        ),
        sa.ForeignKeyConstraint(
            ["zoning_id"],
            ["zoning.id"],
            name=op.f("fk_zoning_sector_zoning_id_zoning"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("zoning_id", "sector_code", name=op.f("pk_zoning_sector")),
    )
    op.create_index(
        op.f("ix_zoning_sector_bassin_id"), "zoning_sector", ["bassin_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_zoning_sector_bassin_id"), table_name="zoning_sector")
    op.drop_table("zoning_sector")
    op.drop_index(op.f("ix_statistical_sector_refnis"), table_name="statistical_sector")
    op.drop_table("statistical_sector")
