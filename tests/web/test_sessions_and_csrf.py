"""Login, sessions, CSRF, rate limiting, tokens and security headers."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from maillage.domain.access import Role
from maillage.services import accounts, sessions
from maillage.web.app import create_app
from maillage.web.security import LOGIN_COOKIE, SESSION_COOKIE
from tests.accounts_helpers import ADMIN, PASSWORD, add_person, csrf_from_page, login


@pytest.fixture
def client(platform):
    with TestClient(create_app(platform)) as test_client:
        yield test_client


def test_login_renews_the_session_and_logout_invalidates_it(client, platform):
    add_person(platform, "marie@example.be", Role.OLS_TEAM)
    # A session opened before login (as the OpenID Connect start does), or planted.
    before = sessions.open_session(platform).secret
    client.cookies.set(SESSION_COOKIE, before, domain="testserver.local")
    csrf = login(client, "marie@example.be")
    after = client.cookies.get(SESSION_COOKIE)
    assert after and before != after
    assert sessions.find_session(platform, before) is None
    assert client.get("/api/v1/me").json()["email"] == "marie@example.be"
    response = client.post("/deconnexion", data={"csrf_token": csrf}, follow_redirects=False)
    assert response.status_code == 303
    client.cookies.set(SESSION_COOKIE, after)  # replaying the old cookie does not work
    assert client.get("/api/v1/me").status_code == 401


def _logged_in_response(client, email):
    csrf = csrf_from_page(client.get("/connexion").text)
    return client.post(
        "/connexion",
        data={"email": email, "password": PASSWORD, "csrf_token": csrf},
        follow_redirects=False,
    )


def _set_cookie(response, name):
    return next(
        c.lower() for c in response.headers.get_list("set-cookie") if c.startswith(name + "=")
    )


def test_session_cookie_is_httponly_and_samesite_lax(client, platform):
    add_person(platform, "lax@example.be")
    cookie = _set_cookie(_logged_in_response(client, "lax@example.be"), SESSION_COOKIE)
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert "secure" not in cookie  # plain http here; https requests get Secure


def test_secure_cookies_over_https(platform):
    add_person(platform, "tls@example.be")
    with TestClient(create_app(platform), base_url="https://maillage.test") as https_client:
        assert "secure" in _set_cookie(https_client.get("/connexion"), LOGIN_COOKIE)
        cookie = _set_cookie(_logged_in_response(https_client, "tls@example.be"), SESSION_COOKIE)
        assert "secure" in cookie


def test_csrf_is_required_for_forms_and_json(client, platform):
    add_person(platform, "olivier@example.be", Role.OLS_TEAM)
    csrf = login(client, "olivier@example.be")
    no_token = client.post("/compte", data={"display_name": "X", "version": "1"})
    assert no_token.status_code == 403
    wrong = client.put(
        "/api/v1/territories/OLS-01/sheet",
        json={"version": 0, "contact": "a"},
        headers={"X-CSRF-Token": "forged"},
    )
    assert wrong.status_code == 403
    ok = client.put(
        "/api/v1/territories/OLS-01/sheet",
        json={"version": 0, "contact": "a"},
        headers={"X-CSRF-Token": csrf},
    )
    assert ok.status_code == 200


def test_csrf_tokens_belong_to_one_session(client, platform):
    add_person(platform, "a@example.be", Role.OLS_TEAM)
    add_person(platform, "b@example.be", Role.OLS_TEAM)
    csrf_a = login(client, "a@example.be")
    with TestClient(create_app(platform)) as other:
        csrf_b = login(other, "b@example.be")
        assert csrf_a != csrf_b
        stolen = other.put(
            "/api/v1/territories/OLS-01/sheet",
            json={"version": 0, "contact": "b"},
            headers={"X-CSRF-Token": csrf_a},
        )
        assert stolen.status_code == 403


def test_login_without_csrf_is_refused(client, platform):
    add_person(platform, "c@example.be")
    response = client.post("/connexion", data={"email": "c@example.be", "password": PASSWORD})
    assert response.status_code == 403


def test_rate_limit_per_account(client, platform):
    add_person(platform, "d@example.be")
    csrf = csrf_from_page(client.get("/connexion").text)
    statuses = [
        client.post(
            "/connexion", data={"email": "d@example.be", "password": "wrong", "csrf_token": csrf}
        ).status_code
        for _ in range(6)
    ]
    assert statuses == [401] * 5 + [429]
    # Even the right password is refused while the account is locked.
    right = client.post(
        "/connexion",
        data={"email": "d@example.be", "password": PASSWORD, "csrf_token": csrf},
        follow_redirects=False,
    )
    assert right.status_code == 429


def test_rate_limit_per_address(platform):
    for n in range(20):
        with pytest.raises(accounts.BadCredentials):
            accounts.authenticate(platform, f"nobody{n}@example.be", "x", "10.0.0.7")
    with pytest.raises(accounts.TooManyAttempts):
        accounts.authenticate(platform, "someone@example.be", "x", "10.0.0.7")
    add_person(platform, "e@example.be")
    assert (
        accounts.authenticate(platform, "e@example.be", PASSWORD, "10.0.0.8").email
        == "e@example.be"
    )


def test_api_tokens_act_like_their_owner_and_can_be_revoked(client, platform):
    person = add_person(platform, "robot@example.be", Role.BASSIN_ACTOR)
    token, secret = accounts.create_token(platform, ADMIN, person.id, "import nocturne")
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/me", headers=headers).json()["email"] == "robot@example.be"
    # No CSRF for token clients, but the same scope as the person.
    own = client.put(
        "/api/v1/territories/BV-001/sheet", json={"version": 0, "contact": "x"}, headers=headers
    )
    assert own.status_code == 200
    other = client.put(
        "/api/v1/territories/OLS-01/sheet", json={"version": 0, "contact": "x"}, headers=headers
    )
    assert other.status_code == 403
    accounts.revoke_token(platform, ADMIN, token.id)
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    with platform.sessions() as session:
        stored = session.execute(text("SELECT token_hash FROM api_token")).scalars().all()
    assert secret not in stored and all(len(h) == 64 for h in stored)


def test_security_headers(client):
    headers = client.get("/").headers
    csp = headers["content-security-policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"


def test_pages_have_no_inline_scripts(client):
    for path in ("/", "/connexion", "/territoires/BV-001", "/api/v1/docs"):
        page = client.get(path).text
        for chunk in page.split("<script")[1:]:
            assert chunk.lstrip().startswith("src=") or " src=" in chunk.split(">")[0], path


def test_passwords_never_reach_logs_or_tables(client, platform, caplog):
    secret_password = "Zyx-unique-password-4711"
    caplog.set_level(logging.DEBUG)
    person = add_person(platform, "f@example.be", password=secret_password)
    login(client, "f@example.be", secret_password)
    csrf = csrf_from_page(client.get("/compte").text)
    changed = client.post(
        "/compte/mot-de-passe",
        data={"csrf_token": csrf, "current": secret_password, "new": secret_password + "-new"},
    )
    assert changed.status_code == 200
    csrf = csrf_from_page(client.get("/connexion").text)
    failed = client.post(
        "/connexion",
        data={"email": "f@example.be", "password": "wrong-" + secret_password, "csrf_token": csrf},
    )
    assert failed.status_code == 401
    assert secret_password not in caplog.text
    with platform.sessions() as session:
        for table in ("person", "audit_event", "login_limit", "web_session"):
            rows = session.execute(text(f"SELECT * FROM {table}")).all()
            assert secret_password not in repr(rows), table
        hashed = session.execute(
            text("SELECT password_hash FROM person WHERE id = :id"), {"id": person.id}
        ).scalar()
    assert hashed.startswith("$argon2id$")


def test_two_clients_from_the_same_version_one_gets_409(client, platform):
    add_person(platform, "p1@example.be", Role.OLS_TEAM)
    add_person(platform, "p2@example.be", Role.OLS_GOVERNANCE)
    csrf_1 = login(client, "p1@example.be")
    with TestClient(create_app(platform)) as second:
        csrf_2 = login(second, "p2@example.be")
        version = client.get("/api/v1/territories/OLS-01/sheet").json()["version"]
        assert second.get("/api/v1/territories/OLS-01/sheet").json()["version"] == version
        first = client.put(
            "/api/v1/territories/OLS-01/sheet",
            json={"version": version, "presentation": "Première"},
            headers={"X-CSRF-Token": csrf_1},
        )
        late = second.put(
            "/api/v1/territories/OLS-01/sheet",
            json={"version": version, "presentation": "Seconde"},
            headers={"X-CSRF-Token": csrf_2},
        )
    assert first.status_code == 200
    assert late.status_code == 409
    error = late.json()["error"]
    assert error["type"] == "StaleVersion"
    assert "Première" in error["message"] and "p1@example.be" in error["message"]
    assert client.get("/api/v1/territories/OLS-01/sheet").json()["presentation"] == "Première"
