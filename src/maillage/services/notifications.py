"""Tell people when a need they raised or follow moves: in the app, and by e-mail.

The seeds name missing feedback as a main cause of dysfunction: a bassin actor who raised
a need must learn what became of it. Messages are written in the same transaction as the
change they announce; e-mails go out after the commit, and a mail server that is down
never undoes the change (the message stays in the app, marked as not e-mailed).
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from maillage.domain.access import Role
from maillage.services.platform import Platform
from maillage.store.models import PersonRow, RoleGrantRow
from maillage.store.needs_tables import NotificationRow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notification:
    id: int
    need_id: int | None
    text: str
    created_at: datetime
    read: bool


def write(session: Session, person_ids: Iterable[int], need_id: int | None, text: str) -> list[int]:
    """In-app messages for *person_ids*, in the caller's transaction; their ids."""
    now = datetime.now(UTC)
    rows = [
        NotificationRow(person_id=p, need_id=need_id, text=text, created_at=now, emailed=False)
        for p in sorted(set(person_ids))
    ]
    session.add_all(rows)
    session.flush()
    return [r.id for r in rows]


def ols_team(session: Session, ols_code: str) -> set[int]:
    """Active people holding the OLS team role on *ols_code*: who takes up its new needs."""
    return set(
        session.scalars(
            select(RoleGrantRow.person_id)
            .join(PersonRow, PersonRow.id == RoleGrantRow.person_id)
            .where(
                RoleGrantRow.role == Role.OLS_TEAM.value,
                RoleGrantRow.scope == ols_code,
                PersonRow.is_active.is_(True),
            )
        )
    )


def send_emails(platform: Platform, notification_ids: list[int]) -> int:
    """E-mail the given messages through the configured SMTP server; how many were sent."""
    settings = platform.settings
    if not settings.smtp_host or not notification_ids:
        return 0
    with platform.reading() as session:
        pending = session.execute(
            select(
                NotificationRow.id,
                NotificationRow.text,
                NotificationRow.need_id,
                PersonRow.email,
                PersonRow.display_name,
            )
            .join(PersonRow, PersonRow.id == NotificationRow.person_id)
            .where(
                NotificationRow.id.in_(notification_ids),
                NotificationRow.emailed.is_(False),
                PersonRow.is_active.is_(True),
            )
        ).all()
    sent: list[int] = []
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=10) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
            for id_, text, need_id, email, name in pending:
                message = EmailMessage()
                message["From"] = settings.smtp_sender
                message["To"] = f"{name} <{email}>"
                message["Subject"] = "[maillage] " + text.splitlines()[0][:120]
                link = f"{settings.public_url}/besoins/{need_id}" if need_id else ""
                message.set_content(f"{text}\n\n{link}\n")
                smtp.send_message(message)
                sent.append(id_)
    except (OSError, smtplib.SMTPException) as error:
        log.warning("notification e-mails not sent: %s", error)
    if sent:
        with platform.transaction(keeps_memo=True) as session:
            session.execute(
                update(NotificationRow).where(NotificationRow.id.in_(sent)).values(emailed=True)
            )
    return len(sent)


def for_person(platform: Platform, person_id: int, limit: int = 100) -> list[Notification]:
    with platform.reading() as session:
        rows = session.scalars(
            select(NotificationRow)
            .where(NotificationRow.person_id == person_id)
            .order_by(NotificationRow.id.desc())
            .limit(limit)
        )
        return [
            Notification(r.id, r.need_id, r.text, r.created_at, r.read_at is not None) for r in rows
        ]


def unread_count(platform: Platform, person_id: int) -> int:
    with platform.reading() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(NotificationRow)
                .where(NotificationRow.person_id == person_id, NotificationRow.read_at.is_(None))
            )
            or 0
        )


def mark_read(platform: Platform, person_id: int) -> None:
    with platform.transaction(keeps_memo=True) as session:
        session.execute(
            update(NotificationRow)
            .where(NotificationRow.person_id == person_id, NotificationRow.read_at.is_(None))
            .values(read_at=datetime.now(UTC))
        )
