"""X-Forwarded-For and X-Forwarded-Proto are believed only from MAILLAGE_TRUSTED_PROXIES."""

from __future__ import annotations

import ipaddress

import httpx
import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from maillage.services import audit_trail
from maillage.services.platform import Platform
from maillage.settings import Settings, parse_networks
from maillage.store.models import LoginLimitRow
from maillage.web.app import create_app
from maillage.web.forwarded import ForwardedHeadersMiddleware
from maillage.web.security import LOGIN_COOKIE
from tests.accounts_helpers import csrf_from_page
from tests.helpers import serving

FORGED = "203.0.113.66"
LOOPBACK = ("127.0.0.1", 40000)


def failed_login(client, **headers: str) -> None:
    """One wrong password through the form, with *headers* on the submission."""
    csrf = csrf_from_page(client.get("/connexion").text)
    answer = client.post(
        "/connexion",
        data={"email": "x@example.be", "password": "wrong", "csrf_token": csrf},
        headers=headers,
    )
    assert answer.status_code == 401


def recorded(platform) -> tuple[set[str], set[str]]:
    """Addresses the login limit counted, and those the audit trail wrote."""
    with platform.sessions() as session:
        counted = {
            r.value
            for r in session.scalars(select(LoginLimitRow).where(LoginLimitRow.kind == "address"))
        }
    events = audit_trail.events(platform, audit_trail.AuditFilter(action="login_failed"))
    return counted, {e.address for e in events}


def trusting(platform: Platform, value: str) -> Platform:
    settings = platform.settings.model_copy(update={"trusted_proxies": parse_networks("T", value)})
    return Platform(settings, platform.engine, platform.sessions)


def test_a_forged_header_from_loopback_changes_nothing_by_default(platform):
    with TestClient(create_app(platform), client=LOOPBACK) as client:
        failed_login(client, **{"X-Forwarded-For": FORGED})
    assert recorded(platform) == ({"127.0.0.1"}, {"127.0.0.1"})


def test_a_listed_proxy_is_believed(platform):
    with TestClient(create_app(trusting(platform, "127.0.0.1")), client=LOOPBACK) as client:
        failed_login(client, **{"X-Forwarded-For": FORGED})
    assert recorded(platform) == ({FORGED}, {FORGED})


def test_a_peer_outside_the_list_is_not(platform):
    with TestClient(create_app(trusting(platform, "10.0.0.0/8")), client=LOOPBACK) as client:
        failed_login(client, **{"X-Forwarded-For": FORGED})
    assert recorded(platform) == ({"127.0.0.1"}, {"127.0.0.1"})


def test_maillage_serve_does_not_let_uvicorn_trust_loopback(platform):
    """Served as ``maillage serve`` serves it, a forged header from 127.0.0.1 is ignored."""
    with serving(create_app(platform)) as base, httpx.Client(base_url=base) as client:
        failed_login(client, **{"X-Forwarded-For": FORGED, "X-Forwarded-Proto": "https"})
        cookie = client.get("/connexion").headers["set-cookie"].lower()
    assert "secure" not in cookie  # the forged scheme was not believed either
    assert recorded(platform) == ({"127.0.0.1"}, {"127.0.0.1"})


def test_a_trusted_proxy_reports_https(platform):
    app = create_app(trusting(platform, "127.0.0.1"))
    with TestClient(app, client=LOOPBACK) as client:
        page = client.get("/connexion", headers={"X-Forwarded-Proto": "https"})
    assert "secure" in page.headers["set-cookie"].lower()
    assert page.headers["strict-transport-security"]
    assert LOGIN_COOKIE in page.headers["set-cookie"]


TRUSTED = parse_networks("T", "10.0.0.0/8,2001:db8::/32")
middleware = ForwardedHeadersMiddleware(lambda *a: None, TRUSTED)


@pytest.mark.parametrize(
    ("header", "client"),
    [
        ("198.51.100.7", "198.51.100.7"),
        ("198.51.100.7, 10.0.0.2", "198.51.100.7"),  # through two proxies of ours
        ("1.2.3.4, 198.51.100.7", "198.51.100.7"),  # what the client wrote itself is ignored
        ("10.0.0.3, 10.0.0.2", "10.0.0.3"),  # only proxies: the farthest
        ("garbage, 10.0.0.2", "10.0.0.2"),  # not an address: stop at the last proxy
        ("[2001:db8::1]", "2001:db8::1"),
        ("", "10.0.0.1"),
    ],
)
def test_the_client_is_the_nearest_hop_not_a_proxy(header, client):
    assert middleware.client("10.0.0.1", header) == client


@given(st.lists(st.ip_addresses(v=4).map(str), min_size=1, max_size=6))
def test_the_client_is_always_an_address_from_the_header_or_the_peer(hops):
    found = middleware.client("10.0.0.1", ", ".join(hops))
    assert found in [*hops, "10.0.0.1"]
    assert ipaddress.ip_address(found)


def test_the_setting_is_checked_and_empty_by_default():
    assert Settings.from_env({}).trusted_proxies == ()
    assert [
        str(n)
        for n in Settings.from_env(
            {"MAILLAGE_TRUSTED_PROXIES": " 127.0.0.1 , 10.0.0.0/8,::1"}
        ).trusted_proxies
    ] == ["127.0.0.1/32", "10.0.0.0/8", "::1/128"]
    with pytest.raises(ValueError, match="MAILLAGE_TRUSTED_PROXIES"):
        Settings.from_env({"MAILLAGE_TRUSTED_PROXIES": "*"})
