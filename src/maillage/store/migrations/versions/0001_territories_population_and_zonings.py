"""territories, population and zonings

Revision ID: 0001
Revises:
Create Date: 2026-11-23 06:54:54.377239
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "data_source",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("publisher", sa.Text(), nullable=False),
        sa.Column("licence", sa.Text(), nullable=False),
        sa.Column("year", sa.String(length=32), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_data_source")),
    )
    op.create_table(
        "zoning",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("method", sa.Text(), nullable=False),
        sa.Column("provenance", sa.Text(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_zoning")),
        sa.UniqueConstraint("name", name=op.f("uq_zoning_name")),
    )
    op.create_table(
        "admin_area",
        sa.Column("refnis", sa.String(length=5), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name_fr", sa.Text(), nullable=False),
        sa.Column("name_nl", sa.Text(), nullable=False),
        sa.Column("parent_refnis", sa.String(length=5), nullable=True),
        sa.Column("source_key", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_refnis"],
            ["admin_area.refnis"],
            name=op.f("fk_admin_area_parent_refnis_admin_area"),
        ),
        sa.ForeignKeyConstraint(
            ["source_key"], ["data_source.key"], name=op.f("fk_admin_area_source_key_data_source")
        ),
        sa.PrimaryKeyConstraint("refnis", name=op.f("pk_admin_area")),
    )
    op.create_table(
        "ols",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("zoning_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=24), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("geometry", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["zoning_id"], ["zoning.id"], name=op.f("fk_ols_zoning_id_zoning"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ols")),
        sa.UniqueConstraint("zoning_id", "code", name=op.f("uq_ols_zoning_id")),
    )
    op.create_table(
        "bassin",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("zoning_id", sa.Integer(), nullable=False),
        sa.Column("ols_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=24), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("geometry", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["ols_id"], ["ols.id"], name=op.f("fk_bassin_ols_id_ols"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["zoning_id"],
            ["zoning.id"],
            name=op.f("fk_bassin_zoning_id_zoning"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bassin")),
        sa.UniqueConstraint("zoning_id", "code", name=op.f("uq_bassin_zoning_id")),
    )
    op.create_table(
        "commune",
        sa.Column("refnis", sa.String(length=5), nullable=False),
        sa.Column("name_fr", sa.Text(), nullable=False),
        sa.Column("name_nl", sa.Text(), nullable=False),
        sa.Column("name_de", sa.Text(), nullable=False),
        sa.Column("arrondissement_refnis", sa.String(length=5), nullable=False),
        sa.Column("province_refnis", sa.String(length=5), nullable=False),
        sa.Column("german_speaking", sa.Boolean(), nullable=False),
        sa.Column("names_derived", sa.Boolean(), nullable=False),
        sa.Column("area_km2", sa.Float(), nullable=True),
        sa.Column("geometry", sa.Text(), nullable=True),
        sa.Column("map_geometry", sa.Text(), nullable=True),
        sa.Column("source_key", sa.String(length=64), nullable=False),
        sa.Column("geometry_source_key", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["arrondissement_refnis"],
            ["admin_area.refnis"],
            name=op.f("fk_commune_arrondissement_refnis_admin_area"),
        ),
        sa.ForeignKeyConstraint(
            ["geometry_source_key"],
            ["data_source.key"],
            name=op.f("fk_commune_geometry_source_key_data_source"),
        ),
        sa.ForeignKeyConstraint(
            ["province_refnis"],
            ["admin_area.refnis"],
            name=op.f("fk_commune_province_refnis_admin_area"),
        ),
        sa.ForeignKeyConstraint(
            ["source_key"], ["data_source.key"], name=op.f("fk_commune_source_key_data_source")
        ),
        sa.PrimaryKeyConstraint("refnis", name=op.f("pk_commune")),
    )
    op.create_table(
        "commune_code_change",
        sa.Column("old_refnis", sa.String(length=5), nullable=False),
        sa.Column("new_refnis", sa.String(length=5), nullable=False),
        sa.Column("effective", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("source_key", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["new_refnis"],
            ["commune.refnis"],
            name=op.f("fk_commune_code_change_new_refnis_commune"),
        ),
        sa.ForeignKeyConstraint(
            ["source_key"],
            ["data_source.key"],
            name=op.f("fk_commune_code_change_source_key_data_source"),
        ),
        sa.PrimaryKeyConstraint("old_refnis", name=op.f("pk_commune_code_change")),
    )
    op.create_table(
        "population",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("refnis", sa.String(length=5), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("sex", sa.String(length=8), nullable=False),
        sa.Column("age_band", sa.String(length=8), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("source_key", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["refnis"], ["commune.refnis"], name=op.f("fk_population_refnis_commune")
        ),
        sa.ForeignKeyConstraint(
            ["source_key"], ["data_source.key"], name=op.f("fk_population_source_key_data_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_population")),
        sa.UniqueConstraint("refnis", "year", "sex", "age_band", name=op.f("uq_population_refnis")),
    )
    with op.batch_alter_table("population", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_population_refnis"), ["refnis"], unique=False)

    op.create_table(
        "zoning_assignment",
        sa.Column("zoning_id", sa.Integer(), nullable=False),
        sa.Column("refnis", sa.String(length=5), nullable=False),
        sa.Column("bassin_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bassin_id"],
            ["bassin.id"],
            name=op.f("fk_zoning_assignment_bassin_id_bassin"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["refnis"], ["commune.refnis"], name=op.f("fk_zoning_assignment_refnis_commune")
        ),
        sa.ForeignKeyConstraint(
            ["zoning_id"],
            ["zoning.id"],
            name=op.f("fk_zoning_assignment_zoning_id_zoning"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("zoning_id", "refnis", name=op.f("pk_zoning_assignment")),
    )
    with op.batch_alter_table("zoning_assignment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_zoning_assignment_bassin_id"), ["bassin_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("zoning_assignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_zoning_assignment_bassin_id"))

    op.drop_table("zoning_assignment")
    with op.batch_alter_table("population", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_population_refnis"))

    op.drop_table("population")
    op.drop_table("commune_code_change")
    op.drop_table("commune")
    op.drop_table("bassin")
    op.drop_table("ols")
    op.drop_table("admin_area")
    op.drop_table("zoning")
    op.drop_table("data_source")
