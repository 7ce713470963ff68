"""directory records written in the browser: awaiting a curator's verification

``directory_service.awaiting_review`` marks a record written by someone who is not a
curator of its territory (« à vérifier »), ``proposed_by`` who wrote it and
``verified_by`` the curator who last verified it (``last_verified`` says when).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03 20:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE, not a batch: recreating the table on SQLite would drop the
    # triggers that keep its full-text index.
    op.add_column(
        "directory_service",
        sa.Column("awaiting_review", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column(
        "directory_service", sa.Column("proposed_by", sa.Text(), server_default="", nullable=False)
    )
    op.add_column(
        "directory_service", sa.Column("verified_by", sa.Text(), server_default="", nullable=False)
    )
    op.create_index(
        op.f("ix_directory_service_awaiting_review"), "directory_service", ["awaiting_review"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_directory_service_awaiting_review"), table_name="directory_service")
    for column in ("verified_by", "proposed_by", "awaiting_review"):
        op.drop_column("directory_service", column)
