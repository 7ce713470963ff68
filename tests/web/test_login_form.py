"""The login form writes nothing before login: its CSRF token is a double-submit cookie."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from maillage.domain.access import Role
from maillage.store.models import WebSessionRow
from maillage.web.app import create_app
from maillage.web.security import LOGIN_COOKIE, SESSION_COOKIE
from tests.accounts_helpers import PASSWORD, add_person, csrf_from_page
from tests.helpers import snapshot


@pytest.fixture
def client(platform):
    with TestClient(create_app(platform)) as test_client:
        yield test_client


def sessions_stored(platform) -> int:
    with platform.sessions() as session:
        return session.scalar(select(func.count()).select_from(WebSessionRow)) or 0


def form(client: TestClient) -> str:
    return csrf_from_page(client.get("/connexion").text)


def submit(
    client: TestClient,
    csrf: str,
    email: str = "lou@example.be",
    password: str = PASSWORD,
    **headers: str,
):
    return client.post(
        "/connexion",
        data={"email": email, "password": password, "csrf_token": csrf},
        headers=headers,
        follow_redirects=False,
    )


def test_anonymous_visits_of_the_login_page_write_nothing(client, platform):
    before = snapshot(platform)
    for _ in range(50):
        client.cookies.clear()  # 50 visitors, each without cookies
        page = client.get("/connexion")
        assert page.status_code == 200
        assert SESSION_COOKIE not in client.cookies
    assert snapshot(platform) == before
    assert sessions_stored(platform) == before["web_session"]


def test_the_login_cookie_is_httponly_strict_and_short_lived(client):
    cookie = client.get("/connexion").headers["set-cookie"].lower()
    assert cookie.startswith(LOGIN_COOKIE + "=")
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert "path=/connexion" in cookie and "max-age=7200" in cookie
    assert "secure" not in cookie  # plain http here; https gets Secure


def test_the_form_carries_the_cookie_value_and_tabs_share_it(client):
    first = form(client)
    assert client.cookies.get(LOGIN_COOKIE) == first
    assert form(client) == first  # a second tab: the same token, both forms work


def test_login_with_cookie_and_field_works_and_opens_one_session(client, platform):
    add_person(platform, "lou@example.be", Role.OLS_TEAM)
    stored = sessions_stored(platform)
    done = submit(client, form(client))
    assert done.status_code == 303 and done.headers["location"] == "/mon-espace"
    assert sessions_stored(platform) == stored + 1
    assert client.get("/api/v1/me").json()["email"] == "lou@example.be"


def test_a_wrong_password_shows_the_form_again_with_a_working_token(client, platform):
    add_person(platform, "lou@example.be")
    failed = submit(client, form(client), password="not the password")
    assert failed.status_code == 401
    assert submit(client, csrf_from_page(failed.text)).status_code == 303


def test_login_without_the_cookie_is_refused(client, platform):
    add_person(platform, "lou@example.be")
    csrf = form(client)
    client.cookies.clear()
    before = snapshot(platform)
    refused = submit(client, csrf)
    assert refused.status_code == 403
    assert snapshot(platform) == before  # not even counted as an attempt


def test_login_with_a_mismatched_field_is_refused(client, platform):
    add_person(platform, "lou@example.be")
    form(client)
    assert submit(client, "x" * 43).status_code == 403
    assert submit(client, "").status_code == 403


def test_a_cookie_planted_with_its_own_field_is_not_a_session_token(client, platform):
    """The login token is good for the login form only, not for other unsafe requests."""
    add_person(platform, "lou@example.be", Role.OLS_TEAM)
    csrf = form(client)
    put = client.put(
        "/api/v1/territories/OLS-01/sheet",
        json={"version": 0, "contact": "x"},
        headers={"X-CSRF-Token": csrf},
    )
    assert put.status_code in (401, 403)


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
    ],
)
def test_login_started_by_another_site_is_refused(client, platform, headers):
    add_person(platform, "lou@example.be")
    assert submit(client, form(client), **headers).status_code == 403


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"},
        {"Sec-Fetch-Site": "none"},
        {"Origin": "http://testserver"},
    ],
)
def test_login_from_this_site_is_accepted(client, platform, headers):
    add_person(platform, "lou@example.be")
    assert submit(client, form(client), **headers).status_code == 303
