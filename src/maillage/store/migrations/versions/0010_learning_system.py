"""learning system

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 15:37:17.555864
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "activity_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=24), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_report")),
        sa.UniqueConstraint("code", "year", name=op.f("uq_activity_report_code")),
    )
    with op.batch_alter_table("activity_report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_report_code"), ["code"], unique=False)

    op.create_table(
        "performance_objective",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=24), nullable=False),
        sa.Column("aim", sa.String(length=24), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("indicator_id", sa.String(length=64), nullable=True),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("target_year", sa.Integer(), nullable=True),
        sa.Column("current_value", sa.Float(), nullable=True),
        sa.Column("narrative", sa.Text(), nullable=False),
        sa.Column("progress_note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_performance_objective")),
    )
    with op.batch_alter_table("performance_objective", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_performance_objective_code"), ["code"], unique=False)

    op.create_table(
        "self_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=24), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("aim", sa.String(length=24), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("implementation", sa.Text(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_self_assessment")),
        sa.UniqueConstraint("code", "year", "aim", name=op.f("uq_self_assessment_code")),
    )
    with op.batch_alter_table("self_assessment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_self_assessment_code"), ["code"], unique=False)

    op.create_table(
        "project",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=24), nullable=False),
        sa.Column("ols_code", sa.String(length=24), nullable=False),
        sa.Column("zoning_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("programme", sa.String(length=24), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("policy_context", sa.Text(), nullable=False),
        sa.Column("scale", sa.String(length=16), nullable=False),
        sa.Column("scale_note", sa.Text(), nullable=False),
        sa.Column("innovation_kind", sa.String(length=16), nullable=False),
        sa.Column("innovation", sa.Text(), nullable=False),
        sa.Column("knowledge", sa.Text(), nullable=False),
        sa.Column("special_status", sa.Text(), nullable=False),
        sa.Column("actor_network", sa.Text(), nullable=False),
        sa.Column("need_ids", sa.Text(), nullable=False),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("practice", sa.Text(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["zoning_id"],
            ["zoning.id"],
            name=op.f("fk_project_zoning_id_zoning"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project")),
    )
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_code"), ["code"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_ols_code"), ["ols_code"], unique=False)

    op.create_table(
        "report_narrative",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("drafted", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["activity_report.id"],
            name=op.f("fk_report_narrative_report_id_activity_report"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_narrative")),
        sa.UniqueConstraint("report_id", "key", name=op.f("uq_report_narrative_report_id")),
    )
    with op.batch_alter_table("report_narrative", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_report_narrative_report_id"), ["report_id"], unique=False
        )

    op.create_table(
        "journal_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("written_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("expectation", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("participants", sa.Text(), nullable=False),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("author_name", sa.String(length=120), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_journal_entry_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal_entry")),
    )
    with op.batch_alter_table("journal_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_journal_entry_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "project_hypothesis",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("if_text", sa.Text(), nullable=False),
        sa.Column("then_text", sa.Text(), nullable=False),
        sa.Column("because_text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_project_hypothesis_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_hypothesis")),
    )
    with op.batch_alter_table("project_hypothesis", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_hypothesis_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "project_measure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("chart", sa.String(length=8), nullable=False),
        sa.Column("indicator_id", sa.String(length=64), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_project_measure_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_measure")),
    )
    with op.batch_alter_table("project_measure", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_measure_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "project_partner",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("sector", sa.String(length=32), nullable=False),
        sa.Column("contribution", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_project_partner_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_partner")),
    )
    with op.batch_alter_table("project_partner", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_partner_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "learning_cycle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=8), nullable=False),
        sa.Column("objective", sa.Text(), nullable=False),
        sa.Column("hypothesis", sa.Text(), nullable=False),
        sa.Column("hypothesis_id", sa.Integer(), nullable=True),
        sa.Column("prediction", sa.Text(), nullable=False),
        sa.Column("predicted_value", sa.Float(), nullable=True),
        sa.Column("measure_ids", sa.Text(), nullable=False),
        sa.Column("done_what", sa.Text(), nullable=False),
        sa.Column("done_from", sa.Date(), nullable=True),
        sa.Column("done_to", sa.Date(), nullable=True),
        sa.Column("done_by", sa.Text(), nullable=False),
        sa.Column("study", sa.Text(), nullable=False),
        sa.Column("decision", sa.String(length=8), nullable=False),
        sa.Column("act_notes", sa.Text(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["hypothesis_id"],
            ["project_hypothesis.id"],
            name=op.f("fk_learning_cycle_hypothesis_id_project_hypothesis"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_learning_cycle_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learning_cycle")),
        sa.UniqueConstraint("project_id", "number", name=op.f("uq_learning_cycle_project_id")),
    )
    with op.batch_alter_table("learning_cycle", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_learning_cycle_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "measure_point",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("observed_on", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("denominator", sa.Integer(), nullable=True),
        sa.Column("cycle_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["learning_cycle.id"],
            name=op.f("fk_measure_point_cycle_id_learning_cycle"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["measure_id"],
            ["project_measure.id"],
            name=op.f("fk_measure_point_measure_id_project_measure"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measure_point")),
    )
    with op.batch_alter_table("measure_point", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_measure_point_measure_id"), ["measure_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("measure_point", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_measure_point_measure_id"))

    op.drop_table("measure_point")
    with op.batch_alter_table("learning_cycle", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_learning_cycle_project_id"))

    op.drop_table("learning_cycle")
    with op.batch_alter_table("project_partner", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_partner_project_id"))

    op.drop_table("project_partner")
    with op.batch_alter_table("project_measure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_measure_project_id"))

    op.drop_table("project_measure")
    with op.batch_alter_table("project_hypothesis", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_hypothesis_project_id"))

    op.drop_table("project_hypothesis")
    with op.batch_alter_table("journal_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_journal_entry_project_id"))

    op.drop_table("journal_entry")
    with op.batch_alter_table("report_narrative", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_narrative_report_id"))

    op.drop_table("report_narrative")
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_ols_code"))
        batch_op.drop_index(batch_op.f("ix_project_code"))

    op.drop_table("project")
    with op.batch_alter_table("self_assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_self_assessment_code"))

    op.drop_table("self_assessment")
    with op.batch_alter_table("performance_objective", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_performance_objective_code"))

    op.drop_table("performance_objective")
    with op.batch_alter_table("activity_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_report_code"))

    op.drop_table("activity_report")
