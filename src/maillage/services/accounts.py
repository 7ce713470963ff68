"""Accounts, role grants, passwords, login and API tokens.

Separation of duties (``domain/access.py``): a platform administrator's account holds no
other role, and the last active administrator can neither lose the role nor be disabled.
A change of the means to log in (password set or reset, account disabled) bumps the
account's credential generation, which ends its browser sessions; API tokens stay.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from maillage.domain.access import Grant, Role, check_administrators_remain, check_grant
from maillage.domain.actors import Actor
from maillage.domain.territory import REGION_CODE, Level
from maillage.errors import (
    BadCredentials,
    Conflict,
    InvalidInput,
    NotFound,
    TooManyAttempts,
)
from maillage.i18n import gettext as _
from maillage.ids import is_id, parse_id
from maillage.services import login_limits, sessions
from maillage.services.platform import Platform
from maillage.services.versioning import guarded_update
from maillage.store import audit
from maillage.store.models import ApiTokenRow, PersonRow, RoleGrantRow

HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters
MIN_PASSWORD_LENGTH = 12
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
    credential_generation: int
    must_change_password: bool = False  # a temporary password: changed before anything else


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
    return Person(
        row.id,
        row.email,
        row.display_name,
        row.is_active,
        row.version,
        tuple(Grant(Role(g.role), g.scope) for g in row.grants),
        row.password_hash is not None,
        row.oidc_subject is not None,
        row.credential_generation,
        row.must_change_password,
    )


def normalise_email(email: str) -> str:
    value = email.strip().lower()
    if not EMAIL.match(value) or len(value) > 254:
        raise InvalidInput(_("“{value}” is not an e-mail address.").format(value=email))
    return value


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            _("A password needs at least {count} characters.").format(count=MIN_PASSWORD_LENGTH)
        )


def hash_password(password: str) -> str:
    check_password_strength(password)
    return HASHER.hash(password)


def _find(session: Session, ref: str | int, lock: bool = False) -> PersonRow:
    """The account *ref* (id or e-mail); with *lock*, its row is locked until commit. Only
    ASCII digits within the database's range are an id: an id out of range is nobody's."""
    if isinstance(ref, int):
        if not is_id(ref):
            raise NotFound(_("Unknown person: {ref}").format(ref=ref))
        query = select(PersonRow).where(PersonRow.id == ref)
    elif (person_id := parse_id(ref)) is not None:
        query = select(PersonRow).where(PersonRow.id == person_id)
    else:
        query = select(PersonRow).where(PersonRow.email == normalise_email(ref))
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    row = session.scalar(query)
    if row is None:
        raise NotFound(_("Unknown person: {ref}").format(ref=ref))
    return row


def create_person(
    platform: Platform, actor: Actor, email: str, display_name: str, password: str | None = None
) -> Person:
    email = normalise_email(email)
    if not display_name.strip():
        raise InvalidInput(_("A display name is required."))
    with platform.transaction(actor) as session:
        if session.scalar(select(PersonRow).where(PersonRow.email == email)):
            raise Conflict(_("An account already uses {email}.").format(email=email))
        row = PersonRow(
            email=email,
            display_name=display_name.strip(),
            password_hash=hash_password(password) if password else None,
            is_active=True,
            created_at=_now(),
        )
        session.add(row)
        session.flush()
        return _person(row)


def get_person(platform: Platform, ref: str | int) -> Person:
    with platform.reading() as session:
        return _person(_find(session, ref))


def list_people(platform: Platform) -> list[Person]:
    with platform.reading() as session:
        return [_person(r) for r in session.scalars(select(PersonRow).order_by(PersonRow.email))]


def _active_administrators(session: Session) -> list[int]:
    """Ids of the active accounts holding platform_admin. Their rows stay locked until
    commit, so that two concurrent removals cannot each count the other administrator
    (SQLite writers are serialised anyway). Lock these before any one account."""
    rows = session.execute(
        select(PersonRow.id, PersonRow.is_active)
        .join(RoleGrantRow, RoleGrantRow.person_id == PersonRow.id)
        .where(RoleGrantRow.role == Role.PLATFORM_ADMIN.value)
        .with_for_update()
    ).all()
    return [person_id for person_id, active in rows if active]


def _new_credentials(session: Session, row: PersonRow) -> None:
    """The means to log in changed: every browser session of the account ends."""
    row.credential_generation += 1
    sessions.end_sessions_of(session, row.id)


def update_person(
    platform: Platform,
    actor: Actor,
    ref: str | int,
    expected_version: int,
    display_name: str | None = None,
    is_active: bool | None = None,
) -> Person:
    def load(session: Session) -> PersonRow:
        if is_active is False:
            administrators = _active_administrators(session)
            row = _find(session, ref, lock=True)
            check_administrators_remain(administrators, row.id)
            return row
        return _find(session, ref)

    def apply(session: Session, row: PersonRow) -> None:
        if display_name is not None:
            if not display_name.strip():
                raise InvalidInput(_("A display name is required."))
            row.display_name = display_name.strip()
        if is_active is not None and is_active != row.is_active:
            row.is_active = is_active
            if not is_active:
                _new_credentials(session, row)

    return guarded_update(
        platform, actor, load, expected_version, apply, lambda session, row: _person(row)
    )


def set_password(
    platform: Platform, actor: Actor, ref: str | int, password: str, temporary: bool = False
) -> Person:
    """A new password; every browser session of the account ends (the caller may open a
    new one with the returned generation). The account's failed attempts are forgotten.
    A *temporary* one (handed over by someone else) must be changed at the next login."""
    new_hash = hash_password(password)
    with platform.transaction(actor) as session:
        row = _find(session, ref, lock=True)
        row.password_hash = new_hash
        row.must_change_password = temporary
        _new_credentials(session, row)
        login_limits.forget_account(session, row.email)
        session.flush()
        return _person(row)


def change_password(
    platform: Platform, actor: Actor, person_id: int, current: str, new: str
) -> Person:
    """One's own password, after proving the current one (counted like a login)."""
    check_password_strength(new)
    if new == current:
        raise InvalidInput(_("Choose a new password, not the current one."))
    person = authenticate(platform, get_person(platform, person_id).email, current, actor.address)
    return set_password(platform, actor, person.id, new)


def reset_password(platform: Platform, actor: Actor, ref: str | int) -> str:
    """Give the account a new random password, returned once to be handed over: a
    temporary one, which its owner must change at the next login."""
    password = secrets.token_urlsafe(12)
    set_password(platform, actor, ref, password, temporary=True)
    return password


def grant(
    platform: Platform,
    actor: Actor,
    ref: str | int,
    role: Role,
    scope: str,
    territory_level: Level | None,
) -> Person:
    """Give *role* on *scope*; *territory_level* is the level of *scope* in the active zoning."""
    expected = role.scope_level
    if expected is Level.REGION and scope != REGION_CODE:
        raise InvalidInput(
            _("The role {role} is given for the region ({code}).").format(
                role=role.label, code=REGION_CODE
            )
        )
    if territory_level is not expected:
        raise InvalidInput(
            _(
                "The role {role} is given for a territory of level {level}; {scope} is not one."
            ).format(role=role.label, level=expected.label, scope=scope)
        )
    with platform.transaction(actor) as session:
        row = _find(session, ref, lock=True)
        if any(g.role == role.value and g.scope == scope for g in row.grants):
            raise Conflict(_("{email} already has this role here.").format(email=row.email))
        check_grant((Role(g.role) for g in row.grants), role)
        row.grants.append(RoleGrantRow(role=role.value, scope=scope, granted_at=_now()))
        session.flush()
        return _person(row)


def revoke(platform: Platform, actor: Actor, ref: str | int, role: Role, scope: str) -> Person:
    with platform.transaction(actor) as session:
        administrators = _active_administrators(session) if role is Role.PLATFORM_ADMIN else []
        row = _find(session, ref, lock=True)
        found = [g for g in row.grants if g.role == role.value and g.scope == scope]
        if not found:
            raise NotFound(_("{email} has no such role here.").format(email=row.email))
        if role is Role.PLATFORM_ADMIN:
            check_administrators_remain(administrators, row.id)
        for g in found:
            session.delete(g)
        session.flush()
        session.refresh(row)
        return _person(row)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class _Credentials:
    """What a login checks, read before the check: which account, hash and generation."""

    person_id: int
    password_hash: str
    generation: int


@cache
def _decoy_hash() -> str:
    return HASHER.hash(secrets.token_urlsafe(16))


def authenticate(platform: Platform, email: str, password: str, address: str) -> Person:
    """Check a password. The attempt is counted for the account and the address before
    the (slow) check, which runs outside any transaction, so that parallel attempts
    cannot pass the limit; a success gives its count back (see ``login_limits``)."""
    account = email.strip().lower()[:254]
    actor = Actor(None, account or "?", address)
    with platform.transaction(actor, keeps_memo=True) as session:
        reservation = login_limits.reserve(session, account, address)
        row = session.scalar(select(PersonRow).where(PersonRow.email == account))
        known = (
            _Credentials(row.id, row.password_hash, row.credential_generation)
            if (row is not None and row.is_active and row.password_hash)
            else None
        )
        if not reservation.allowed:
            audit.record(session, "login_refused", "person", account, {"reason": "rate_limit"})
    if not reservation.allowed:
        raise TooManyAttempts(_("Too many failed attempts: wait 15 minutes and try again."))
    # An unknown account is checked against a decoy hash, so that the time taken does not
    # tell which e-mail addresses have an account.
    ok = _verify(known.password_hash if known else _decoy_hash(), password) and known is not None
    rehashed = (
        HASHER.hash(password)
        if ok and known and HASHER.check_needs_rehash(known.password_hash)
        else None
    )
    person: Person | None = None
    with platform.transaction(actor, keeps_memo=True) as session:
        current = session.get(PersonRow, known.person_id) if ok and known else None
        # The password checked must still be the account's: a change meanwhile (which
        # bumps the generation) wins.
        if (
            current is not None
            and known is not None
            and current.is_active
            and current.credential_generation == known.generation
        ):
            if rehashed:  # stronger parameters; the same password, so the same generation
                current.password_hash = rehashed
                session.flush()
            person = _person(current)
            login_limits.give_back(session, reservation)
        else:
            audit.record(session, "login_failed", "person", account)
            login_limits.purge(session)
    if person is None:
        raise BadCredentials(_("Unknown e-mail address or wrong password."))
    return person


# --- API tokens -------------------------------------------------------------------------


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(platform: Platform, actor: Actor, ref: str | int, name: str) -> tuple[Token, str]:
    """A new token for *ref*; the secret is returned once and only its hash is kept."""
    if not name.strip():
        raise InvalidInput(_("A token needs a name."))
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with platform.transaction(actor) as session:
        person = _find(session, ref)
        row = ApiTokenRow(
            person_id=person.id,
            name=name.strip()[:100],
            prefix=secret[:12],
            token_hash=_digest(secret),
            created_at=_now(),
        )
        session.add(row)
        session.flush()
        return _token(row), secret


def _token(row: ApiTokenRow) -> Token:
    return Token(
        row.id, row.name, row.prefix, row.created_at, row.last_used_at, row.revoked_at is not None
    )


def list_tokens(platform: Platform, ref: str | int) -> list[Token]:
    with platform.reading() as session:
        person = _find(session, ref)
        rows = session.scalars(
            select(ApiTokenRow).where(ApiTokenRow.person_id == person.id).order_by(ApiTokenRow.id)
        )
        return [_token(r) for r in rows]


def revoke_token(
    platform: Platform, actor: Actor, token_id: int, owner: int | None = None
) -> Token:
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


def person_for_identity(
    platform: Platform, actor: Actor, subject: str, email: str | None
) -> Person:
    """The account an OpenID Connect identity logs into: linked by subject, else by a
    verified e-mail address (then linked). No account is created here."""
    with platform.transaction(actor) as session:
        row = session.scalar(select(PersonRow).where(PersonRow.oidc_subject == subject))
        if row is None and email:
            row = session.scalar(select(PersonRow).where(PersonRow.email == email.lower()))
            if row is not None and row.oidc_subject is None:
                row.oidc_subject = subject
        if row is None or not row.is_active:
            raise BadCredentials(
                _(
                    "No active account matches this identity: ask a platform "
                    "administrator to create one."
                )
            )
        session.flush()
        return _person(row)
