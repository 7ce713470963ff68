"""People, sessions and logged-in test clients for access-control tests."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from maillage.domain.access import Role
from maillage.domain.actors import Actor, Asker
from maillage.services import accounts, sessions, territories
from maillage.services.accounts import Person
from maillage.services.platform import Platform
from maillage.web.security import SESSION_COOKIE

PASSWORD = "correct horse battery staple"
ADMIN = Actor(None, "test", "127.0.0.1")
OWN_BASSIN = "BV-001"  # in OLS-01
OWN_OLS = "OLS-01"
REGION = "03000"


def scope_for(role: Role) -> str:
    return {
        Role.BASSIN_ACTOR: OWN_BASSIN,
        Role.OLS_TEAM: OWN_OLS,
        Role.OLS_GOVERNANCE: OWN_OLS,
    }.get(role, REGION)


def add_person(
    platform: Platform, email: str, *roles: Role, password: str | None = PASSWORD
) -> Person:
    person = accounts.create_person(platform, ADMIN, email, email.split("@")[0], password)
    for role in roles:
        scope = scope_for(role)
        person = accounts.grant(
            platform, ADMIN, person.id, role, scope, territories.level_of(platform, scope)
        )
    return person


def asker_in(platform: Platform, email: str, role: Role, scope: str) -> Asker:
    """A new person holding *role* on *scope*, as the services see who asks."""
    created = accounts.create_person(platform, ADMIN, email, email.split("@")[0], None)
    created = accounts.grant(
        platform, ADMIN, created.id, role, scope, territories.level_of(platform, scope)
    )
    return Asker(
        Actor(created.id, email, "127.0.0.1"), created.id, created.display_name, created.grants
    )


def session_for(client: TestClient, platform: Platform, person: Person | None) -> str:
    """Give *client* a fresh session (logged in as *person*, or anonymous); return its CSRF."""
    if person is None:
        opened = sessions.open_session(platform)
    else:  # under the account's current credential generation, which may have moved on
        current = accounts.get_person(platform, person.id)
        opened = sessions.open_session(platform, current.id, current.credential_generation)
    client.cookies.clear()  # a cookie the server set earlier would shadow this one
    client.cookies.set(SESSION_COOKIE, opened.secret)
    return opened.csrf_token


def csrf_from_page(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has a CSRF field"
    return match.group(1)


def login(client: TestClient, email: str, password: str = PASSWORD) -> str:
    """Log in through the form like a browser; returns the CSRF token of the new session."""
    csrf = csrf_from_page(client.get("/connexion").text)
    response = client.post(
        "/connexion",
        data={"email": email, "password": password, "csrf_token": csrf, "suivant": "/compte"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return csrf_from_page(client.get("/compte").text)
