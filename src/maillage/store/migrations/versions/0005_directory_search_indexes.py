"""covering indexes for searches near a place

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 11:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_directory_location_xy", table_name="directory_location")
    op.create_index("ix_directory_location_xy", "directory_location", ["x", "y", "id"])
    op.drop_index(
        "ix_directory_service_at_location_location_id", table_name="directory_service_at_location"
    )
    op.create_index(
        "ix_directory_service_at_location_place",
        "directory_service_at_location",
        ["location_id", "service_id"],
    )


def downgrade() -> None:
    op.drop_index(
        "ix_directory_service_at_location_place", table_name="directory_service_at_location"
    )
    op.create_index(
        "ix_directory_service_at_location_location_id",
        "directory_service_at_location",
        ["location_id"],
    )
    op.drop_index("ix_directory_location_xy", table_name="directory_location")
    op.create_index("ix_directory_location_xy", "directory_location", ["x", "y"])
