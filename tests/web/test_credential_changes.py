"""A change of the means to log in ends the person's other browser sessions (both backends).

Two browsers of one person: a password change in one ends the other (401 on the API, the
login page for a page) and keeps the one that made it; an administrator's reset or
disabling ends them all. API tokens stay valid (docs/access.md says why).
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from maillage.domain.access import Role
from maillage.domain.actors import Actor
from maillage.services import accounts, sessions
from maillage.web.app import create_app
from maillage.web.security import SESSION_COOKIE
from tests.accounts_helpers import ADMIN, PASSWORD, add_person, csrf_from_page, login

NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def two_browsers(platform):
    with TestClient(create_app(platform)) as first, TestClient(create_app(platform)) as second:
        yield first, second


def ended(client: TestClient) -> bool:
    """The session of *client* is over: the API answers 401 and a page sends to login."""
    api = client.get("/api/v1/me")
    page = client.get("/compte", follow_redirects=False)
    return (
        api.status_code == 401
        and page.status_code == 303
        and page.headers["location"].startswith("/connexion?suivant=")
    )


def test_own_password_change_ends_the_other_sessions_and_keeps_this_one(platform, two_browsers):
    first, second = two_browsers
    add_person(platform, "marie@example.be", Role.OLS_TEAM)
    csrf = login(first, "marie@example.be")
    login(second, "marie@example.be")
    assert second.get("/api/v1/me").status_code == 200
    before = first.cookies.get(SESSION_COOKIE)

    changed = first.post(
        "/compte/mot-de-passe", data={"csrf_token": csrf, "current": PASSWORD, "new": NEW_PASSWORD}
    )

    assert changed.status_code == 200
    assert "Votre mot de passe a été changé" in changed.text
    assert ended(second)
    # This browser goes on, with a new session and a new CSRF token on the page.
    assert first.cookies.get(SESSION_COOKIE) != before
    assert first.get("/api/v1/me").json()["email"] == "marie@example.be"
    new_csrf = csrf_from_page(changed.text)
    assert new_csrf != csrf
    renamed = first.post(
        "/compte",
        data={
            "csrf_token": new_csrf,
            "display_name": "Marie D.",
            "version": str(accounts.get_person(platform, "marie@example.be").version),
        },
        follow_redirects=False,
    )
    assert renamed.status_code == 303
    # The old cookie, replayed, is no session any more.
    first.cookies.clear()
    first.cookies.set(SESSION_COOKIE, before)
    assert ended(first)


def test_a_wrong_current_password_changes_nothing(platform, two_browsers):
    first, second = two_browsers
    add_person(platform, "wrong@example.be")
    csrf = login(first, "wrong@example.be")
    login(second, "wrong@example.be")
    refused = first.post(
        "/compte/mot-de-passe",
        data={"csrf_token": csrf, "current": "not my password", "new": NEW_PASSWORD},
    )
    assert refused.status_code == 401
    assert first.get("/api/v1/me").status_code == 200
    assert second.get("/api/v1/me").status_code == 200


@pytest.mark.parametrize("how", ["service", "web"])
def test_administrator_reset_ends_every_session(platform, two_browsers, how):
    first, second = two_browsers
    person = add_person(platform, "reset@example.be", Role.BASSIN_ACTOR)
    login(first, "reset@example.be")
    login(second, "reset@example.be")
    if how == "service":
        accounts.reset_password(platform, ADMIN, person.id)
    else:
        add_person(platform, "admin@example.be", Role.PLATFORM_ADMIN)
        with TestClient(create_app(platform)) as admin:
            csrf = login(admin, "admin@example.be")
            page = admin.post(
                f"/admin/personnes/{person.id}/mot-de-passe", data={"csrf_token": csrf}
            )
            assert page.status_code == 200 and "Mot de passe temporaire" in page.text
            assert admin.get("/api/v1/me").status_code == 200  # the admin's own goes on
    assert ended(first) and ended(second)


@pytest.mark.parametrize("how", ["service", "api"])
def test_disabling_an_account_ends_its_sessions_for_good(platform, two_browsers, how):
    first, _second = two_browsers
    person = add_person(platform, "leaving@example.be", Role.BASSIN_ACTOR)
    login(first, "leaving@example.be")
    if how == "service":
        person = accounts.update_person(platform, ADMIN, person.id, person.version, is_active=False)
    else:
        admin = add_person(platform, "admin@example.be", Role.PLATFORM_ADMIN)
        _token, secret = accounts.create_token(platform, ADMIN, admin.id, "admin")
        answer = _second.patch(
            f"/api/v1/people/{person.id}",
            json={"version": person.version, "is_active": False},
            headers={"Authorization": f"Bearer {secret}"},
        )
        assert answer.status_code == 200, answer.text
        person = accounts.get_person(platform, person.id)
    assert ended(first)
    # Enabling the account again does not bring the old session back.
    accounts.update_person(platform, ADMIN, person.id, person.version, is_active=True)
    assert ended(first)


def test_api_tokens_outlive_a_password_change(platform, two_browsers):
    first, _second = two_browsers
    person = add_person(platform, "robot@example.be", Role.BASSIN_ACTOR)
    _token, secret = accounts.create_token(platform, ADMIN, person.id, "synchro")
    accounts.reset_password(platform, ADMIN, person.id)
    me = first.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.status_code == 200 and me.json()["email"] == "robot@example.be"


def test_a_login_that_raced_a_password_change_opens_no_live_session(platform):
    """The generation is the one under which the password was checked: a session opened
    after the change, from a check made before it, is over at once."""
    person = add_person(platform, "race@example.be")
    checked = accounts.authenticate(platform, "race@example.be", PASSWORD, "127.0.0.1")
    accounts.set_password(platform, ADMIN, person.id, NEW_PASSWORD)
    late = sessions.login(
        platform,
        None,
        checked.id,
        checked.credential_generation,
        Actor(checked.id, checked.email, "127.0.0.1"),
        "password",
    )
    assert sessions.find_session(platform, late.secret) is None
    current = accounts.get_person(platform, person.id)
    fresh = sessions.open_session(platform, current.id, current.credential_generation)
    assert sessions.find_session(platform, fresh.secret) is not None
