"""The login limit holds under parallel attempts, counted before the password is checked."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
from sqlalchemy import select

from maillage.errors import BadCredentials, TooManyAttempts
from maillage.services import accounts, login_limits
from maillage.store.models import LoginLimitRow
from maillage.web.app import create_app
from maillage.web.security import LOGIN_COOKIE
from tests.accounts_helpers import ADMIN, PASSWORD, add_person, csrf_from_page
from tests.helpers import serving

PARALLEL = 40


def attempt(platform, email: str, password: str, address: str = "192.0.2.1") -> str:
    try:
        accounts.authenticate(platform, email, password, address)
    except BadCredentials:
        return "401"
    except TooManyAttempts:
        return "429"
    return "ok"


def counters(platform) -> dict[tuple[str, str], int]:
    with platform.sessions() as session:
        return {(r.kind, r.value): r.attempts for r in session.scalars(select(LoginLimitRow))}


def test_parallel_wrong_passwords_get_exactly_the_allowed_failures(platform):
    add_person(platform, "cible@example.be")
    barrier = threading.Barrier(PARALLEL)

    def one(_n: int) -> str:
        barrier.wait()
        return attempt(platform, "cible@example.be", "wrong password")

    with ThreadPoolExecutor(PARALLEL) as pool:
        outcomes = Counter(pool.map(one, range(PARALLEL)))
    assert outcomes == {"401": login_limits.PER_ACCOUNT, "429": PARALLEL - login_limits.PER_ACCOUNT}
    # Locked: even the right password is refused now.
    assert attempt(platform, "cible@example.be", PASSWORD) == "429"


def test_parallel_attempts_on_many_accounts_from_one_address(platform):
    barrier = threading.Barrier(PARALLEL)

    def one(n: int) -> str:
        barrier.wait()
        return attempt(platform, f"nobody{n}@example.be", "x", "198.51.100.9")

    with ThreadPoolExecutor(PARALLEL) as pool:
        outcomes = Counter(pool.map(one, range(PARALLEL)))
    assert outcomes == {"401": login_limits.PER_ADDRESS, "429": PARALLEL - login_limits.PER_ADDRESS}


def test_a_success_gives_its_place_back(platform):
    add_person(platform, "habituee@example.be")
    for _ in range(login_limits.PER_ACCOUNT - 1):
        assert attempt(platform, "habituee@example.be", "typo") == "401"
    for _ in range(3):  # logging in many times never locks the account
        assert attempt(platform, "habituee@example.be", PASSWORD) == "ok"
    assert counters(platform)[("account", "habituee@example.be")] == login_limits.PER_ACCOUNT - 1
    assert attempt(platform, "habituee@example.be", "typo") == "401"
    assert attempt(platform, "habituee@example.be", "typo") == "429"


def test_a_new_password_unlocks_the_account(platform):
    person = add_person(platform, "oubli@example.be")
    for _ in range(login_limits.PER_ACCOUNT + 1):
        attempt(platform, "oubli@example.be", "typo")
    assert attempt(platform, "oubli@example.be", PASSWORD) == "429"
    accounts.set_password(platform, ADMIN, person.id, "a brand new passphrase")
    assert attempt(platform, "oubli@example.be", "a brand new passphrase") == "ok"


def test_the_window_ends(platform, monkeypatch):
    add_person(platform, "patiente@example.be")
    for _ in range(login_limits.PER_ACCOUNT + 1):
        attempt(platform, "patiente@example.be", "typo")
    assert attempt(platform, "patiente@example.be", PASSWORD) == "429"
    later = login_limits._now() + login_limits.WINDOW + login_limits.WINDOW / 15
    monkeypatch.setattr(login_limits, "_now", lambda: later)
    assert attempt(platform, "patiente@example.be", PASSWORD) == "ok"


def test_parallel_wrong_passwords_over_http(platform):
    """Forty browsers at once against a live server: five 401, thirty-five 429."""
    add_person(platform, "http@example.be")
    with serving(create_app(platform)) as base, httpx.Client(base_url=base) as client:
        page = client.get("/connexion")
        csrf = csrf_from_page(page.text)
        cookie = page.cookies[LOGIN_COOKIE]
        barrier = threading.Barrier(PARALLEL)

        def one(_n: int) -> int:
            with httpx.Client(base_url=base, cookies={LOGIN_COOKIE: cookie}) as browser:
                barrier.wait()
                return browser.post(
                    "/connexion",
                    data={"email": "http@example.be", "password": "wrong", "csrf_token": csrf},
                    timeout=60,
                ).status_code

        with ThreadPoolExecutor(PARALLEL) as pool:
            statuses = Counter(pool.map(one, range(PARALLEL)))
    assert statuses == {401: login_limits.PER_ACCOUNT, 429: PARALLEL - login_limits.PER_ACCOUNT}
