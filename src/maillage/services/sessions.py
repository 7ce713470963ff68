"""Server-side browser sessions: the cookie carries a random secret, the store its hash.

A session is written when it is needed: at login, or when the OpenID Connect start must
keep its state (the login form's CSRF token lives in a cookie, not here). Logging in
replaces any earlier session (no fixation), logging out deletes it.

A session of a person records the person's credential generation when it was opened; a
password change or reset, or disabling the account, bumps the generation and ends every
session opened under the old one (``accounts`` calls :func:`end_sessions_of`).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from maillage.domain.actors import Actor
from maillage.services.platform import Platform
from maillage.store import audit
from maillage.store.models import PersonRow, WebSessionRow

LIFETIME = timedelta(hours=12)


@dataclass(frozen=True)
class WebSession:
    secret: str
    person_id: int | None
    csrf_token: str
    expires_at: datetime


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def open_session(
    platform: Platform, person_id: int | None = None, generation: int = 0
) -> WebSession:
    """A new session; *generation* is the person's credential generation it is valid for."""
    secret = secrets.token_urlsafe(32)
    session_row = WebSessionRow(
        id_hash=_digest(secret),
        person_id=person_id,
        csrf_token=secrets.token_urlsafe(32),
        created_at=_now(),
        expires_at=_now() + LIFETIME,
        data={},
        generation=generation,
    )
    with platform.transaction(keeps_memo=True) as session:
        session.add(session_row)
        session.execute(delete(WebSessionRow).where(WebSessionRow.expires_at < _now()))
    return WebSession(secret, person_id, session_row.csrf_token, session_row.expires_at)


def find_session(platform: Platform, secret: str | None) -> WebSession | None:
    """The live session of *secret*: not expired, and for a person, still of the
    person's current credential generation and of an active account."""
    if not secret:
        return None
    with platform.reading() as session:
        row = session.get(WebSessionRow, _digest(secret))
        if row is None or row.expires_at < _now():
            return None
        if row.person_id is not None:
            person = session.get(PersonRow, row.person_id)
            if (
                person is None
                or not person.is_active
                or person.credential_generation != row.generation
            ):
                return None
        return WebSession(secret, row.person_id, row.csrf_token, row.expires_at)


def end_sessions_of(session: Session, person_id: int) -> None:
    """Delete every session of *person_id*, within the caller's transaction (the
    generation check of :func:`find_session` also ends those opened meanwhile)."""
    session.execute(delete(WebSessionRow).where(WebSessionRow.person_id == person_id))


def session_data(platform: Platform, secret: str) -> dict[str, object]:
    with platform.reading() as session:
        row = session.get(WebSessionRow, _digest(secret))
        return dict(row.data or {}) if row else {}


def set_session_data(platform: Platform, secret: str, data: dict[str, object]) -> None:
    with platform.transaction(keeps_memo=True) as session:
        row = session.get(WebSessionRow, _digest(secret))
        if row is not None:
            row.data = data


def login(
    platform: Platform,
    old_secret: str | None,
    person_id: int,
    generation: int,
    actor: Actor,
    method: str,
) -> WebSession:
    """Replace any earlier session by a new one for *person_id*, valid for the credential
    *generation* under which the person proved who they are."""
    close_session(platform, old_secret)
    new = open_session(platform, person_id, generation)
    with platform.transaction(actor, keeps_memo=True) as session:
        audit.record(session, "login", "person", str(person_id), {"method": method})
    return new


def renew(
    platform: Platform, old_secret: str | None, person_id: int, generation: int
) -> WebSession:
    """The session that changed its own password goes on under the new generation (a new
    secret and CSRF token; the old session already ended with the others)."""
    close_session(platform, old_secret)
    return open_session(platform, person_id, generation)


def close_session(platform: Platform, secret: str | None, actor: Actor | None = None) -> None:
    if not secret:
        return
    with platform.transaction(actor, keeps_memo=True) as session:
        row = session.get(WebSessionRow, _digest(secret))
        if row is not None:
            if actor is not None and row.person_id is not None:
                audit.record(session, "logout", "person", str(row.person_id))
            session.delete(row)
