"""Server-side browser sessions: the cookie carries a random secret, the store its hash.

A session exists before login (it holds the CSRF token of the login form); logging in
replaces it by a new one (no fixation), logging out deletes it.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete

from maillage.services.platform import Platform
from maillage.store import audit
from maillage.store.audit import Actor
from maillage.store.models import WebSessionRow

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


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything stored here is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def open_session(platform: Platform, person_id: int | None = None) -> WebSession:
    secret = secrets.token_urlsafe(32)
    session_row = WebSessionRow(id_hash=_digest(secret), person_id=person_id,
                                csrf_token=secrets.token_urlsafe(32), created_at=_now(),
                                expires_at=_now() + LIFETIME, data={})
    with platform.transaction(keeps_memo=True) as session:
        session.add(session_row)
        session.execute(delete(WebSessionRow).where(WebSessionRow.expires_at < _now()))
    return WebSession(secret, person_id, session_row.csrf_token,
                      _aware(session_row.expires_at))


def find_session(platform: Platform, secret: str | None) -> WebSession | None:
    if not secret:
        return None
    with platform.reading() as session:
        row = session.get(WebSessionRow, _digest(secret))
        if row is None or _aware(row.expires_at) < _now():
            return None
        return WebSession(secret, row.person_id, row.csrf_token, _aware(row.expires_at))


def session_data(platform: Platform, secret: str) -> dict[str, object]:
    with platform.reading() as session:
        row = session.get(WebSessionRow, _digest(secret))
        return dict(row.data or {}) if row else {}


def set_session_data(platform: Platform, secret: str, data: dict[str, object]) -> None:
    with platform.transaction(keeps_memo=True) as session:
        row = session.get(WebSessionRow, _digest(secret))
        if row is not None:
            row.data = data


def login(platform: Platform, old_secret: str | None, person_id: int, actor: Actor,
          method: str) -> WebSession:
    """Replace the pre-login session by a new one for *person_id*."""
    close_session(platform, old_secret)
    new = open_session(platform, person_id)
    with platform.transaction(actor, keeps_memo=True) as session:
        audit.record(session, "login", "person", str(person_id), {"method": method})
    return new


def close_session(platform: Platform, secret: str | None, actor: Actor | None = None) -> None:
    if not secret:
        return
    with platform.transaction(actor, keeps_memo=True) as session:
        row = session.get(WebSessionRow, _digest(secret))
        if row is not None:
            if actor is not None and row.person_id is not None:
                audit.record(session, "logout", "person", str(row.person_id))
            session.delete(row)
