"""Accounts: separation of duties, the last administrator, credential generations."""

from __future__ import annotations

import threading

import pytest
from argon2 import PasswordHasher

from maillage.domain.access import Role
from maillage.domain.actors import Actor
from maillage.errors import Conflict
from maillage.services import accounts, sessions, territories
from maillage.store.models import PersonRow
from tests.accounts_helpers import ADMIN, PASSWORD, add_person, scope_for
from tests.helpers import snapshot


def give(platform, person, role: Role):
    scope = scope_for(role)
    return accounts.grant(
        platform, ADMIN, person.id, role, scope, territories.level_of(platform, scope)
    )


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.PLATFORM_ADMIN])
def test_an_administrator_cannot_take_a_territorial_role(platform, role):
    admin = add_person(platform, "admin@example.be", Role.PLATFORM_ADMIN)
    before = snapshot(platform)
    with pytest.raises(Conflict) as refused:
        give(platform, admin, role)
    assert "second compte" in str(refused.value)
    assert snapshot(platform) == before
    assert accounts.get_person(platform, admin.id).grants == admin.grants


def test_a_person_with_a_role_cannot_become_administrator(platform):
    actor = add_person(platform, "actrice@example.be", Role.BASSIN_ACTOR)
    before = snapshot(platform)
    with pytest.raises(Conflict) as refused:
        give(platform, actor, Role.PLATFORM_ADMIN)
    assert "second compte" in str(refused.value)
    assert snapshot(platform) == before


def test_territorial_roles_still_combine(platform):
    person = add_person(
        platform, "multi@example.be", Role.BASSIN_ACTOR, Role.OLS_TEAM, Role.IWPL_ANALYST
    )
    assert {g.role for g in person.grants} == {Role.BASSIN_ACTOR, Role.OLS_TEAM, Role.IWPL_ANALYST}


def test_the_last_administrator_keeps_the_role_and_stays_active(platform):
    admin = add_person(platform, "seul@example.be", Role.PLATFORM_ADMIN)
    before = snapshot(platform)
    with pytest.raises(Conflict) as revoked:
        accounts.revoke(platform, ADMIN, admin.id, Role.PLATFORM_ADMIN, "03000")
    assert "dernier administrateur" in str(revoked.value)
    with pytest.raises(Conflict):
        accounts.update_person(platform, ADMIN, admin.id, admin.version, is_active=False)
    assert snapshot(platform) == before
    still = accounts.get_person(platform, admin.id)
    assert still.is_active and still.grants == admin.grants


def test_with_a_second_administrator_the_first_may_go(platform):
    first = add_person(platform, "un@example.be", Role.PLATFORM_ADMIN)
    second = add_person(platform, "deux@example.be", Role.PLATFORM_ADMIN)
    accounts.revoke(platform, ADMIN, first.id, Role.PLATFORM_ADMIN, "03000")
    with pytest.raises(Conflict):
        accounts.update_person(platform, ADMIN, second.id, second.version, is_active=False)


def test_a_disabled_administrator_does_not_count(platform):
    active = add_person(platform, "actif@example.be", Role.PLATFORM_ADMIN)
    dormant = add_person(platform, "dormant@example.be", Role.PLATFORM_ADMIN)
    accounts.update_person(platform, ADMIN, dormant.id, dormant.version, is_active=False)
    with pytest.raises(Conflict):
        accounts.revoke(platform, ADMIN, active.id, Role.PLATFORM_ADMIN, "03000")
    # The dormant account's grant may go: the active administrator remains.
    accounts.revoke(platform, ADMIN, dormant.id, Role.PLATFORM_ADMIN, "03000")


def test_two_administrators_removing_each_other_at_once_leave_one(platform):
    anne = add_person(platform, "anne@example.be", Role.PLATFORM_ADMIN)
    bruno = add_person(platform, "bruno@example.be", Role.PLATFORM_ADMIN)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def remove(actor: Actor, target: int, disable: bool) -> None:
        barrier.wait()
        try:
            if disable:
                version = accounts.get_person(platform, target).version
                accounts.update_person(platform, actor, target, version, is_active=False)
            else:
                accounts.revoke(platform, actor, target, Role.PLATFORM_ADMIN, "03000")
            outcomes.append("done")
        except Conflict:
            outcomes.append("refused")

    threads = [
        threading.Thread(target=remove, args=(Actor(anne.id, anne.email, "-"), bruno.id, False)),
        threading.Thread(target=remove, args=(Actor(bruno.id, bruno.email, "-"), anne.id, True)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["done", "refused"]
    people = [accounts.get_person(platform, p.id) for p in (anne, bruno)]
    assert [
        p.email
        for p in people
        if p.is_active and any(g.role is Role.PLATFORM_ADMIN for g in p.grants)
    ] != []


def test_credential_changes_bump_the_generation_and_end_sessions(platform):
    person = add_person(platform, "gen@example.be")
    opened = sessions.open_session(platform, person.id, person.credential_generation)
    changed = accounts.set_password(platform, ADMIN, person.id, "another long passphrase")
    assert changed.credential_generation == person.credential_generation + 1
    assert sessions.find_session(platform, opened.secret) is None
    renamed = accounts.update_person(
        platform, ADMIN, person.id, changed.version, display_name="Gen"
    )
    assert renamed.credential_generation == changed.credential_generation  # not a credential


def test_a_stronger_hash_on_login_is_not_a_credential_change(platform):
    person = add_person(platform, "ancien@example.be")
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    with platform.transaction() as session:
        session.get(PersonRow, person.id).password_hash = weak
    opened = sessions.open_session(platform, person.id, person.credential_generation)
    accounts.authenticate(platform, "ancien@example.be", PASSWORD, "127.0.0.1")
    with platform.sessions() as session:
        stored = session.get(PersonRow, person.id).password_hash
    assert stored != weak and not accounts.HASHER.check_needs_rehash(stored)
    assert sessions.find_session(platform, opened.secret) is not None


def test_an_unknown_address_costs_a_password_check_like_a_known_one(platform, monkeypatch):
    """The time a refusal takes must not tell which e-mail addresses have an account."""
    add_person(platform, "connu@example.be")
    checked: list[str] = []
    real = accounts._verify

    def counting(password_hash: str, password: str) -> bool:
        checked.append(password_hash[:9])
        return real(password_hash, password)

    monkeypatch.setattr(accounts, "_verify", counting)
    for email in ("connu@example.be", "inconnu@example.be"):
        with pytest.raises(accounts.BadCredentials):
            accounts.authenticate(platform, email, "pas le bon mot de passe", "192.0.2.8")
    assert checked == ["$argon2id", "$argon2id"]
