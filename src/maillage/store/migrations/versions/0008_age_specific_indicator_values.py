"""age-specific indicator values and the standard population of standardised rates

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("indicator") as batch:
        batch.add_column(
            sa.Column("standard_population", sa.Text(), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("standard_name", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("indicator_value") as batch:
        batch.add_column(
            sa.Column("age_band", sa.String(length=16), nullable=False, server_default="")
        )
        batch.drop_constraint("uq_indicator_value_indicator_id", type_="unique")
        batch.create_unique_constraint(
            "uq_indicator_value_indicator_id", ["indicator_id", "code", "period", "age_band"]
        )


def downgrade() -> None:
    op.execute("DELETE FROM indicator_value WHERE age_band <> ''")
    with op.batch_alter_table("indicator_value") as batch:
        batch.drop_constraint("uq_indicator_value_indicator_id", type_="unique")
        batch.create_unique_constraint(
            "uq_indicator_value_indicator_id", ["indicator_id", "code", "period"]
        )
        batch.drop_column("age_band")
    with op.batch_alter_table("indicator") as batch:
        batch.drop_column("standard_name")
        batch.drop_column("standard_population")
