"""directory of the offer

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 07:35:28.582260
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "directory_source",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("licence", sa.Text(), nullable=False),
        sa.Column("attribution", sa.Text(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_directory_source")),
    )
    op.create_table(
        "taxonomy_term",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("parent_code", sa.String(length=64), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name_fr", sa.Text(), nullable=False),
        sa.Column("name_nl", sa.Text(), nullable=False),
        sa.Column("name_de", sa.Text(), nullable=False),
        sa.Column("description_fr", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_code"],
            ["taxonomy_term.code"],
            name=op.f("fk_taxonomy_term_parent_code_taxonomy_term"),
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_taxonomy_term")),
    )
    op.create_table(
        "directory_organization",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("source_key", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("website", sa.Text(), nullable=False),
        sa.Column("enterprise_number", sa.String(length=10), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_key"],
            ["directory_source.key"],
            name=op.f("fk_directory_organization_source_key_directory_source"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_organization")),
    )
    with op.batch_alter_table("directory_organization", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_directory_organization_enterprise_number"),
            ["enterprise_number"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_directory_organization_source_key"), ["source_key"], unique=False
        )

    op.create_table(
        "directory_service",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("source_key", sa.String(length=64), nullable=False),
        sa.Column("organization_id", sa.String(length=64), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("alternate_name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("eligibility_description", sa.Text(), nullable=False),
        sa.Column("minimum_age", sa.Float(), nullable=True),
        sa.Column("maximum_age", sa.Float(), nullable=True),
        sa.Column("fees_description", sa.Text(), nullable=False),
        sa.Column("cost", sa.String(length=8), nullable=False),
        sa.Column("phones", sa.JSON(), nullable=False),
        sa.Column("openings", sa.JSON(), nullable=False),
        sa.Column("last_verified", sa.Date(), nullable=True),
        sa.Column("internal_note", sa.Text(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("merged_into", sa.String(length=64), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["directory_organization.id"],
            name=op.f("fk_directory_service_organization_id_directory_organization"),
        ),
        sa.ForeignKeyConstraint(
            ["source_key"],
            ["directory_source.key"],
            name=op.f("fk_directory_service_source_key_directory_source"),
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_directory_service")),
        sa.UniqueConstraint("id", name=op.f("uq_directory_service_id")),
    )
    with op.batch_alter_table("directory_service", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_directory_service_cost"), ["cost"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_directory_service_merged_into"), ["merged_into"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_directory_service_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_directory_service_source_key"), ["source_key"], unique=False
        )

    op.create_table(
        "directory_location",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("source_key", sa.String(length=64), nullable=False),
        sa.Column("organization_id", sa.String(length=64), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("x", sa.Float(), nullable=True),
        sa.Column("y", sa.Float(), nullable=True),
        sa.Column("refnis", sa.String(length=5), nullable=True),
        sa.Column("address_1", sa.Text(), nullable=False),
        sa.Column("postal_code", sa.String(length=16), nullable=False),
        sa.Column("city", sa.Text(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("pmr_accessible", sa.Boolean(), nullable=True),
        sa.Column("accessibility_note", sa.Text(), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["directory_organization.id"],
            name=op.f("fk_directory_location_organization_id_directory_organization"),
        ),
        sa.ForeignKeyConstraint(
            ["refnis"], ["commune.refnis"], name=op.f("fk_directory_location_refnis_commune")
        ),
        sa.ForeignKeyConstraint(
            ["source_key"],
            ["directory_source.key"],
            name=op.f("fk_directory_location_source_key_directory_source"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_location")),
    )
    with op.batch_alter_table("directory_location", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_directory_location_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_directory_location_refnis"), ["refnis"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_directory_location_source_key"), ["source_key"], unique=False
        )
        batch_op.create_index("ix_directory_location_xy", ["x", "y"], unique=False)

    op.create_table(
        "directory_opening",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.String(length=64), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("opens", sa.String(length=8), nullable=False),
        sa.Column("closes", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["directory_service.id"],
            name=op.f("fk_directory_opening_service_id_directory_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_opening")),
    )
    with op.batch_alter_table("directory_opening", schema=None) as batch_op:
        batch_op.create_index(
            "ix_directory_opening_day", ["weekday", "opens", "closes"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_directory_opening_service_id"), ["service_id"], unique=False
        )

    op.create_table(
        "directory_service_area",
        sa.Column("service_id", sa.String(length=64), nullable=False),
        sa.Column("refnis", sa.String(length=5), nullable=False),
        sa.ForeignKeyConstraint(
            ["refnis"], ["commune.refnis"], name=op.f("fk_directory_service_area_refnis_commune")
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["directory_service.id"],
            name=op.f("fk_directory_service_area_service_id_directory_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("service_id", "refnis", name=op.f("pk_directory_service_area")),
    )
    with op.batch_alter_table("directory_service_area", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_directory_service_area_refnis"), ["refnis"], unique=False
        )

    op.create_table(
        "directory_service_language",
        sa.Column("service_id", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["directory_service.id"],
            name=op.f("fk_directory_service_language_service_id_directory_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("service_id", "code", name=op.f("pk_directory_service_language")),
    )
    with op.batch_alter_table("directory_service_language", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_directory_service_language_code"), ["code"], unique=False
        )

    op.create_table(
        "directory_service_term",
        sa.Column("service_id", sa.String(length=64), nullable=False),
        sa.Column("term_code", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["directory_service.id"],
            name=op.f("fk_directory_service_term_service_id_directory_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("service_id", "term_code", name=op.f("pk_directory_service_term")),
    )
    with op.batch_alter_table("directory_service_term", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_directory_service_term_term_code"), ["term_code"], unique=False
        )

    op.create_table(
        "directory_service_at_location",
        sa.Column("service_id", sa.String(length=64), nullable=False),
        sa.Column("location_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["directory_location.id"],
            name=op.f("fk_directory_service_at_location_location_id_directory_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["directory_service.id"],
            name=op.f("fk_directory_service_at_location_service_id_directory_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "service_id", "location_id", name=op.f("pk_directory_service_at_location")
        ),
    )
    with op.batch_alter_table("directory_service_at_location", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_directory_service_at_location_location_id"),
            ["location_id"],
            unique=False,
        )

    _full_text_index()


def _full_text_index() -> None:
    """Accent- and case-insensitive search over ``search_text`` (already folded)."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE directory_service_fts USING fts5("
            "search_text, tokenize = 'unicode61 remove_diacritics 2')"
        )
        op.execute(
            "CREATE TRIGGER directory_service_fts_insert AFTER INSERT ON "
            "directory_service BEGIN INSERT INTO directory_service_fts(rowid, "
            "search_text) VALUES (new.seq, new.search_text); END"
        )
        op.execute(
            "CREATE TRIGGER directory_service_fts_delete AFTER DELETE ON "
            "directory_service BEGIN DELETE FROM directory_service_fts "
            "WHERE rowid = old.seq; END"
        )
        op.execute(
            "CREATE TRIGGER directory_service_fts_update AFTER UPDATE OF search_text "
            "ON directory_service BEGIN UPDATE directory_service_fts SET search_text = "
            "new.search_text WHERE rowid = new.seq; END"
        )
    else:
        op.execute(
            "CREATE INDEX ix_directory_service_fts ON directory_service "
            "USING gin (to_tsvector('simple', search_text))"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS directory_service_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_directory_service_fts")
    with op.batch_alter_table("directory_service_at_location", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_directory_service_at_location_location_id"))

    op.drop_table("directory_service_at_location")
    with op.batch_alter_table("directory_service_term", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_directory_service_term_term_code"))

    op.drop_table("directory_service_term")
    with op.batch_alter_table("directory_service_language", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_directory_service_language_code"))

    op.drop_table("directory_service_language")
    with op.batch_alter_table("directory_service_area", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_directory_service_area_refnis"))

    op.drop_table("directory_service_area")
    with op.batch_alter_table("directory_opening", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_directory_opening_service_id"))
        batch_op.drop_index("ix_directory_opening_day")

    op.drop_table("directory_opening")
    with op.batch_alter_table("directory_location", schema=None) as batch_op:
        batch_op.drop_index("ix_directory_location_xy")
        batch_op.drop_index(batch_op.f("ix_directory_location_source_key"))
        batch_op.drop_index(batch_op.f("ix_directory_location_refnis"))
        batch_op.drop_index(batch_op.f("ix_directory_location_organization_id"))

    op.drop_table("directory_location")
    with op.batch_alter_table("directory_service", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_directory_service_source_key"))
        batch_op.drop_index(batch_op.f("ix_directory_service_organization_id"))
        batch_op.drop_index(batch_op.f("ix_directory_service_merged_into"))
        batch_op.drop_index(batch_op.f("ix_directory_service_cost"))

    op.drop_table("directory_service")
    with op.batch_alter_table("directory_organization", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_directory_organization_source_key"))
        batch_op.drop_index(batch_op.f("ix_directory_organization_enterprise_number"))

    op.drop_table("directory_organization")
    op.drop_table("taxonomy_term")
    op.drop_table("directory_source")
