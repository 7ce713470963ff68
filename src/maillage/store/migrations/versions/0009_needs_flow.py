"""needs flow: concertation spaces, needs, action plans, notifications

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 14:25:49.249700
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "action_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=24), nullable=False),
        sa.Column("zoning_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("first_year", sa.Integer(), nullable=False),
        sa.Column("last_year", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["zoning_id"],
            ["zoning.id"],
            name=op.f("fk_action_plan_zoning_id_zoning"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_plan")),
    )
    with op.batch_alter_table("action_plan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_plan_code"), ["code"], unique=False)

    op.create_table(
        "concertation_space",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=24), nullable=False),
        sa.Column("zoning_id", sa.Integer(), nullable=True),
        sa.Column("theme", sa.String(length=64), nullable=False),
        sa.Column("expected_sectors", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["zoning_id"],
            ["zoning.id"],
            name=op.f("fk_concertation_space_zoning_id_zoning"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_concertation_space")),
    )
    with op.batch_alter_table("concertation_space", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_concertation_space_code"), ["code"], unique=False)

    op.create_table(
        "concertation_meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("space_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("agenda", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("decisions", sa.Text(), nullable=False),
        sa.Column("proposals", sa.Text(), nullable=False),
        sa.Column("attendees", sa.Text(), nullable=False),
        sa.Column("guests", sa.Integer(), nullable=False),
        sa.Column("synthesis", sa.Text(), nullable=False),
        sa.Column("synthesis_public", sa.Boolean(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["space_id"],
            ["concertation_space.id"],
            name=op.f("fk_concertation_meeting_space_id_concertation_space"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_concertation_meeting")),
    )
    with op.batch_alter_table("concertation_meeting", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_concertation_meeting_space_id"), ["space_id"], unique=False
        )

    op.create_table(
        "concertation_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("space_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("sector", sa.String(length=32), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["space_id"],
            ["concertation_space.id"],
            name=op.f("fk_concertation_member_space_id_concertation_space"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_concertation_member")),
    )
    with op.batch_alter_table("concertation_member", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_concertation_member_space_id"), ["space_id"], unique=False
        )

    op.create_table(
        "plan_objective",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["action_plan.id"],
            name=op.f("fk_plan_objective_plan_id_action_plan"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_objective")),
    )
    with op.batch_alter_table("plan_objective", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_objective_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "plan_partner",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("sector", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["action_plan.id"],
            name=op.f("fk_plan_partner_plan_id_action_plan"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_partner")),
    )
    with op.batch_alter_table("plan_partner", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_partner_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "need",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=24), nullable=False),
        sa.Column("ols_code", sa.String(length=24), nullable=False),
        sa.Column("zoning_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("theme", sa.String(length=64), nullable=False),
        sa.Column("population", sa.Text(), nullable=False),
        sa.Column("population_count", sa.Integer(), nullable=True),
        sa.Column("urgency", sa.String(length=8), nullable=False),
        sa.Column("origin", sa.String(length=24), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("indicator_ids", sa.Text(), nullable=False),
        sa.Column("observation_ids", sa.Text(), nullable=False),
        sa.Column("orientation_terms", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("raised_by_id", sa.Integer(), nullable=True),
        sa.Column("raised_by_name", sa.String(length=120), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["concertation_meeting.id"],
            name=op.f("fk_need_meeting_id_concertation_meeting"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["merged_into_id"],
            ["need.id"],
            name=op.f("fk_need_merged_into_id_need"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["raised_by_id"],
            ["person.id"],
            name=op.f("fk_need_raised_by_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["zoning_id"], ["zoning.id"], name=op.f("fk_need_zoning_id_zoning"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_need")),
    )
    with op.batch_alter_table("need", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_need_code"), ["code"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_need_merged_into_id"), ["merged_into_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_need_ols_code"), ["ols_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_need_raised_by_id"), ["raised_by_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_need_state"), ["state"], unique=False)

    op.create_table(
        "plan_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("objective_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("resources", sa.Text(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("partner_ids", sa.Text(), nullable=False),
        sa.Column("need_ids", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["objective_id"],
            ["plan_objective.id"],
            name=op.f("fk_plan_action_objective_id_plan_objective"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_action")),
    )
    with op.batch_alter_table("plan_action", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plan_action_objective_id"), ["objective_id"], unique=False
        )

    op.create_table(
        "need_follower",
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["need_id"], ["need.id"], name=op.f("fk_need_follower_need_id_need"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_need_follower_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("need_id", "person_id", name=op.f("pk_need_follower")),
    )
    with op.batch_alter_table("need_follower", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_need_follower_person_id"), ["person_id"], unique=False)

    op.create_table(
        "need_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("state_before", sa.String(length=16), nullable=False),
        sa.Column("state_after", sa.String(length=16), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.Column("by_name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["by_id"], ["person.id"], name=op.f("fk_need_step_by_id_person"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["need_id"], ["need.id"], name=op.f("fk_need_step_need_id_need"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_need_step")),
    )
    with op.batch_alter_table("need_step", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_need_step_need_id"), ["need_id"], unique=False)

    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("emailed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["need_id"], ["need.id"], name=op.f("fk_notification_need_id_need"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_notification_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification")),
    )
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notification_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notification_person_id"))

    op.drop_table("notification")
    with op.batch_alter_table("need_step", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_need_step_need_id"))

    op.drop_table("need_step")
    with op.batch_alter_table("need_follower", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_need_follower_person_id"))

    op.drop_table("need_follower")
    with op.batch_alter_table("plan_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_action_objective_id"))

    op.drop_table("plan_action")
    with op.batch_alter_table("need", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_need_state"))
        batch_op.drop_index(batch_op.f("ix_need_raised_by_id"))
        batch_op.drop_index(batch_op.f("ix_need_ols_code"))
        batch_op.drop_index(batch_op.f("ix_need_merged_into_id"))
        batch_op.drop_index(batch_op.f("ix_need_code"))

    op.drop_table("need")
    with op.batch_alter_table("plan_partner", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_partner_plan_id"))

    op.drop_table("plan_partner")
    with op.batch_alter_table("plan_objective", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_objective_plan_id"))

    op.drop_table("plan_objective")
    with op.batch_alter_table("concertation_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_concertation_member_space_id"))

    op.drop_table("concertation_member")
    with op.batch_alter_table("concertation_meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_concertation_meeting_space_id"))

    op.drop_table("concertation_meeting")
    with op.batch_alter_table("concertation_space", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_concertation_space_code"))

    op.drop_table("concertation_space")
    with op.batch_alter_table("action_plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_plan_code"))

    op.drop_table("action_plan")
