"""the audit trail refuses REPLACE and upserts, not only UPDATE and DELETE

SQLite resolves ``INSERT OR REPLACE`` (and ``REPLACE INTO``) by deleting the old row
without firing DELETE triggers, so the triggers of 0002 let a REPLACE rewrite an event.
A BEFORE INSERT trigger now refuses any insert naming the id of an existing event: the
statement is aborted before the conflict is resolved. On PostgreSQL, ``ON CONFLICT DO
UPDATE`` and ``MERGE`` fire the row triggers of 0002 and ``TRUNCATE`` its statement
trigger; the same insert guard is added so that both backends refuse the same statements.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 09:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE TRIGGER audit_event_no_replace BEFORE INSERT ON audit_event "
            "WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM audit_event WHERE id = NEW.id) "
            "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END"
        )
    else:
        op.execute(
            "CREATE FUNCTION audit_event_no_replace() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN IF EXISTS (SELECT 1 FROM audit_event WHERE id = NEW.id) THEN "
            "RAISE EXCEPTION 'audit_event is append-only'; END IF; RETURN NEW; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_event_no_replace BEFORE INSERT ON audit_event "
            "FOR EACH ROW EXECUTE FUNCTION audit_event_no_replace()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_replace")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_replace ON audit_event")
        op.execute("DROP FUNCTION IF EXISTS audit_event_no_replace()")
