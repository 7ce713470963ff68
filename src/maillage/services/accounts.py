"""Accounts, role grants, passwords, login rate limiting and API tokens."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from maillage.domain.access import Grant, Role
from maillage.domain.territory import REGION_CODE, Level
from maillage.errors import (
    BadCredentials,
    Conflict,
    NotFound,
    TooManyAttempts,
    UserError,
)
from maillage.i18n import gettext as _
from maillage.services.platform import Platform
from maillage.services.versioning import guarded_update
from maillage.store import audit
from maillage.store.audit import Actor
from maillage.store.models import ApiTokenRow, LoginAttemptRow, PersonRow, RoleGrantRow

HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters
MIN_PASSWORD_LENGTH = 12
FAILURES_PER_ACCOUNT = 5
FAILURES_PER_ADDRESS = 20
RATE_WINDOW = timedelta(minutes=15)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TOKEN_PREFIX = "mlg_"


@dataclass(frozen=True)
class Person:
    id: int
    email: str
    display_name: str
    is_active: bool
    version: int
    grants: tuple[Grant, ...]
    has_password: bool
    oidc_linked: bool


@dataclass(frozen=True)
class Token:
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked: bool


def _now() -> datetime:
    return datetime.now(UTC)


def _person(row: PersonRow) -> Person:
    return Person(row.id, row.email, row.display_name, row.is_active, row.version,
                  tuple(Grant(Role(g.role), g.scope) for g in row.grants),
                  row.password_hash is not None, row.oidc_subject is not None)


def normalise_email(email: str) -> str:
    value = email.strip().lower()
    if not EMAIL.match(value) or len(value) > 254:
        raise UserError(_("“{value}” is not an e-mail address.").format(value=email))
    return value


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(_("A password needs at least {count} characters.").format(
            count=MIN_PASSWORD_LENGTH))


def hash_password(password: str) -> str:
    check_password_strength(password)
    return HASHER.hash(password)


def _find(session: Session, ref: str | int) -> PersonRow:
    if isinstance(ref, int) or str(ref).isdigit():
        row = session.get(PersonRow, int(ref))
    else:
        row = session.scalar(select(PersonRow).where(PersonRow.email == normalise_email(ref)))
    if row is None:
        raise NotFound(_("Unknown person: {ref}").format(ref=ref))
    return row


def create_person(platform: Platform, actor: Actor, email: str, display_name: str,
                  password: str | None = None) -> Person:
    email = normalise_email(email)
    if not display_name.strip():
        raise UserError(_("A display name is required."))
    with platform.transaction(actor) as session:
        if session.scalar(select(PersonRow).where(PersonRow.email == email)):
            raise Conflict(_("An account already uses {email}.").format(email=email))
        row = PersonRow(email=email, display_name=display_name.strip(),
                        password_hash=hash_password(password) if password else None,
                        is_active=True, created_at=_now())
        session.add(row)
        session.flush()
        return _person(row)


def get_person(platform: Platform, ref: str | int) -> Person:
    with platform.reading() as session:
        return _person(_find(session, ref))


def list_people(platform: Platform) -> list[Person]:
    with platform.reading() as session:
        return [_person(r) for r in session.scalars(select(PersonRow).order_by(PersonRow.email))]


def update_person(platform: Platform, actor: Actor, ref: str | int, expected_version: int,
                  display_name: str | None = None, is_active: bool | None = None) -> Person:
    def apply(session: Session, row: PersonRow) -> Person:
        if display_name is not None:
            if not display_name.strip():
                raise UserError(_("A display name is required."))
            row.display_name = display_name.strip()
        if is_active is not None:
            row.is_active = is_active
        session.flush()
        return _person(row)

    return guarded_update(platform, actor, lambda session: _find(session, ref),
                          expected_version, apply)


def set_password(platform: Platform, actor: Actor, ref: str | int, password: str) -> None:
    with platform.transaction(actor) as session:
        row = _find(session, ref)
        row.password_hash = hash_password(password)
        session.execute(delete(LoginAttemptRow).where(LoginAttemptRow.account == row.email))


def reset_password(platform: Platform, actor: Actor, ref: str | int) -> str:
    """Give the account a new random password, returned once to be handed over."""
    password = secrets.token_urlsafe(12)
    set_password(platform, actor, ref, password)
    return password


def grant(platform: Platform, actor: Actor, ref: str | int, role: Role, scope: str,
          territory_level: Level | None) -> Person:
    """Give *role* on *scope*; *territory_level* is the level of *scope* in the active zoning."""
    expected = role.scope_level
    if expected is Level.REGION and scope != REGION_CODE:
        raise UserError(_("The role {role} is given for the region ({code}).").format(
            role=role.label, code=REGION_CODE))
    if territory_level is not expected:
        raise UserError(_("The role {role} is given for a territory of level {level}; "
                          "{scope} is not one.").format(role=role.label, level=expected.label,
                                                        scope=scope))
    with platform.transaction(actor) as session:
        row = _find(session, ref)
        if any(g.role == role.value and g.scope == scope for g in row.grants):
            raise Conflict(_("{email} already has this role here.").format(email=row.email))
        row.grants.append(RoleGrantRow(role=role.value, scope=scope, granted_at=_now()))
        session.flush()
        return _person(row)


def revoke(platform: Platform, actor: Actor, ref: str | int, role: Role, scope: str) -> Person:
    with platform.transaction(actor) as session:
        row = _find(session, ref)
        found = [g for g in row.grants if g.role == role.value and g.scope == scope]
        if not found:
            raise NotFound(_("{email} has no such role here.").format(email=row.email))
        for g in found:
            session.delete(g)
        session.flush()
        session.refresh(row)
        return _person(row)


def _recent_failures(session: Session, column: Any, value: str) -> int:
    since = _now() - RATE_WINDOW
    return session.scalar(select(func.count()).select_from(LoginAttemptRow)
                          .where(column == value, LoginAttemptRow.at >= since)) or 0


def authenticate(platform: Platform, email: str, password: str, address: str) -> Person:
    """Check a password, counting failures per account and per address."""
    account = email.strip().lower()
    with platform.transaction(Actor(None, account or "?", address),
                              keeps_memo=True) as session:
        limited = (
            _recent_failures(session, LoginAttemptRow.account, account) >= FAILURES_PER_ACCOUNT
            or _recent_failures(session, LoginAttemptRow.address, address)
            >= FAILURES_PER_ADDRESS)
        row = session.scalar(select(PersonRow).where(PersonRow.email == account))
        ok = False
        if limited:
            audit.record(session, "login_refused", "person", account, {"reason": "rate_limit"})
        elif row is not None and row.is_active and row.password_hash:
            try:
                ok = HASHER.verify(row.password_hash, password)
            except (VerificationError, InvalidHashError):
                ok = False
        if not ok:
            session.add(LoginAttemptRow(at=_now(), account=account, address=address))
            session.execute(delete(LoginAttemptRow).where(
                LoginAttemptRow.at < _now() - timedelta(days=1)))
            audit.record(session, "login_failed", "person", account)
    if limited:
        raise TooManyAttempts(_("Too many failed attempts: wait 15 minutes and try again."))
    if not ok or row is None:
        raise BadCredentials(_("Unknown e-mail address or wrong password."))
    if HASHER.check_needs_rehash(row.password_hash or ""):
        set_password(platform, Actor.system(), row.id, password)
    return get_person(platform, row.id)


# --- API tokens -------------------------------------------------------------------------


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(platform: Platform, actor: Actor, ref: str | int, name: str) -> tuple[Token, str]:
    """A new token for *ref*; the secret is returned once and only its hash is kept."""
    if not name.strip():
        raise UserError(_("A token needs a name."))
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with platform.transaction(actor) as session:
        person = _find(session, ref)
        row = ApiTokenRow(person_id=person.id, name=name.strip()[:100], prefix=secret[:12],
                          token_hash=_digest(secret), created_at=_now())
        session.add(row)
        session.flush()
        return _token(row), secret


def _token(row: ApiTokenRow) -> Token:
    return Token(row.id, row.name, row.prefix, row.created_at, row.last_used_at,
                 row.revoked_at is not None)


def list_tokens(platform: Platform, ref: str | int) -> list[Token]:
    with platform.reading() as session:
        person = _find(session, ref)
        rows = session.scalars(select(ApiTokenRow).where(ApiTokenRow.person_id == person.id)
                               .order_by(ApiTokenRow.id))
        return [_token(r) for r in rows]


def revoke_token(platform: Platform, actor: Actor, token_id: int,
                 owner: int | None = None) -> Token:
    """Revoke a token; with *owner*, only one of that person's tokens."""
    with platform.transaction(actor) as session:
        row = session.get(ApiTokenRow, token_id)
        if row is None or (owner is not None and row.person_id != owner):
            raise NotFound(_("Unknown token: {id}").format(id=token_id))
        if row.revoked_at is None:
            row.revoked_at = _now()
        session.flush()
        return _token(row)


def person_for_token(platform: Platform, secret: str) -> Person | None:
    with platform.reading() as session:
        row = session.scalar(select(ApiTokenRow).where(ApiTokenRow.token_hash == _digest(secret)))
        if row is None or row.revoked_at is not None:
            return None
        person = session.get(PersonRow, row.person_id)
        if person is None or not person.is_active:
            return None
        return _person(person)


def person_for_identity(platform: Platform, actor: Actor, subject: str,
                        email: str | None) -> Person:
    """The account an OpenID Connect identity logs into: linked by subject, else by a
    verified e-mail address (then linked). No account is created here."""
    with platform.transaction(actor) as session:
        row = session.scalar(select(PersonRow).where(PersonRow.oidc_subject == subject))
        if row is None and email:
            row = session.scalar(select(PersonRow).where(PersonRow.email == email.lower()))
            if row is not None and row.oidc_subject is None:
                row.oidc_subject = subject
        if row is None or not row.is_active:
            raise BadCredentials(_("No active account matches this identity: ask a platform "
                                   "administrator to create one."))
        session.flush()
        return _person(row)
