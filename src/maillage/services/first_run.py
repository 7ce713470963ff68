"""First run: a one-time link that creates the first platform administrator.

While no active administrator exists, ``maillage serve`` asks for a link and prints it:
nobody can log in to a fresh platform otherwise. Only the link's SHA-256 is stored; it
expires, it is dead once used, and every link is dead as soon as an administrator exists
(whoever created it). Issuing a new link kills the earlier unused ones.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from maillage.domain.access import Role
from maillage.domain.actors import Actor
from maillage.domain.territory import REGION_CODE
from maillage.errors import Conflict, DatabaseNotInitialised, InvalidInput, NotFound
from maillage.i18n import gettext as _
from maillage.services import accounts
from maillage.services.accounts import Person
from maillage.services.platform import Platform
from maillage.store.models import FirstRunLinkRow, PersonRow, RoleGrantRow

LIFETIME = timedelta(hours=24)
PATH = "/premier-administrateur/"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def _administrator_exists(session: Session) -> bool:
    found = session.scalar(
        select(PersonRow.id)
        .join(RoleGrantRow, RoleGrantRow.person_id == PersonRow.id)
        .where(RoleGrantRow.role == Role.PLATFORM_ADMIN.value, PersonRow.is_active.is_(True))
        .limit(1)
    )
    return found is not None


def needs_administrator(platform: Platform) -> bool:
    """Whether the platform has no active administrator yet."""
    with platform.reading() as session:
        return not _administrator_exists(session)


def issue_link(platform: Platform) -> str | None:
    """A new one-time secret for the first administrator's page, or None when an
    administrator exists or the database is not initialised (the pages say so). Earlier
    unused links die."""
    try:
        if not needs_administrator(platform):
            return None
    except DatabaseNotInitialised:
        return None
    with platform.transaction(keeps_memo=True) as session:
        if _administrator_exists(session):
            return None
        now = _now()
        session.execute(
            update(FirstRunLinkRow)
            .where(FirstRunLinkRow.used_at.is_(None), FirstRunLinkRow.expires_at > now)
            .values(expires_at=now)
        )
        secret = secrets.token_urlsafe(32)
        session.add(
            FirstRunLinkRow(token_hash=_digest(secret), created_at=now, expires_at=now + LIFETIME)
        )
        return secret


def _live_link(session: Session, secret: str, lock: bool = False) -> FirstRunLinkRow:
    """The link of *secret* if it still works; with *lock*, its row stays locked until
    commit, so that two uses at once create one administrator (SQLite writers queue)."""
    query = select(FirstRunLinkRow).where(FirstRunLinkRow.token_hash == _digest(secret))
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    row = session.scalar(query)
    if (
        row is None
        or row.used_at is not None
        or row.expires_at <= _now()
        or _administrator_exists(session)
    ):
        raise NotFound(
            _(
                "This link to create the first administrator is unknown, expired or already "
                "used. Ask an administrator for an account, or restart the server while no "
                "administrator exists to get a new link."
            )
        )
    return row


def check_link(platform: Platform, secret: str) -> None:
    """Refuses (404) a link that is unknown, expired, used, or useless now."""
    with platform.reading() as session:
        _live_link(session, secret)


def create_administrator(
    platform: Platform, actor: Actor, secret: str, email: str, display_name: str, password: str
) -> Person:
    """The first administrator, through a live link, which dies in the same transaction."""
    email = accounts.normalise_email(email)
    if not display_name.strip():
        raise InvalidInput(_("A display name is required."))
    password_hash = accounts.hash_password(password)
    with platform.transaction(actor) as session:
        link = _live_link(session, secret, lock=True)
        if session.scalar(select(PersonRow.id).where(PersonRow.email == email)) is not None:
            raise Conflict(_("An account already uses {email}.").format(email=email))
        now = _now()
        row = PersonRow(
            email=email,
            display_name=display_name.strip(),
            password_hash=password_hash,
            is_active=True,
            created_at=now,
        )
        row.grants.append(
            RoleGrantRow(role=Role.PLATFORM_ADMIN.value, scope=REGION_CODE, granted_at=now)
        )
        session.add(row)
        link.used_at = now
        session.flush()
    return accounts.get_person(platform, email)
