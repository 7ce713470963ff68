"""Login through an OpenID Connect provider (a local fake one), into existing accounts."""

from __future__ import annotations

import socket
import threading
import time

import httpx2
import pytest
import uvicorn
from fastapi.testclient import TestClient

from maillage.domain.access import Role
from maillage.services import accounts
from maillage.services.platform import Platform
from maillage.settings import Settings
from maillage.web.app import create_app
from tests.accounts_helpers import add_person
from tests.web.fake_oidc import FakeProvider


@pytest.fixture(scope="module")
def provider():
    fake = FakeProvider("maillage", "s3cret")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    fake.issuer = f"http://127.0.0.1:{port}"
    server = uvicorn.Server(
        uvicorn.Config(fake.app, host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield fake
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def client(platform, provider):
    settings = Settings(
        database_url=platform.settings.database_url,
        data_dir=platform.settings.data_dir,
        oidc_issuer=provider.issuer,
        oidc_client_id="maillage",
        oidc_client_secret="s3cret",
        oidc_label="Connexion régionale",
    )
    configured = Platform.open(settings)
    with TestClient(create_app(configured)) as test_client:
        yield test_client
    configured.close()


def oidc_login(client):
    start = client.get("/connexion/oidc", follow_redirects=False)
    assert start.status_code == 303
    authorize = httpx2.get(start.headers["location"], follow_redirects=False)
    assert authorize.status_code == 302
    callback = authorize.headers["location"].replace("http://testserver", "")
    return client.get(callback, follow_redirects=False)


def test_identity_logs_into_the_account_with_its_verified_email(client, platform, provider):
    add_person(platform, "nadia@example.be", Role.OLS_TEAM, password=None)
    provider.identity = {"sub": "rw-123", "email": "nadia@example.be", "email_verified": True}
    assert "Connexion régionale" in client.get("/connexion").text
    done = oidc_login(client)
    assert done.status_code == 303 and done.headers["location"] == "/mon-espace"
    me = client.get("/api/v1/me").json()
    assert me["email"] == "nadia@example.be"
    # The subject is now linked: a changed e-mail at the provider still finds the account.
    provider.identity = {"sub": "rw-123", "email": "other@example.be", "email_verified": True}
    client.cookies.clear()
    assert oidc_login(client).status_code == 303
    assert accounts.get_person(platform, "nadia@example.be").oidc_linked


def test_unknown_identity_gets_no_account(client, platform, provider):
    provider.identity = {"sub": "rw-999", "email": "stranger@example.be", "email_verified": True}
    refused = oidc_login(client)
    assert refused.status_code == 401
    assert "Aucun compte actif" in refused.text
    assert len(accounts.list_people(platform)) == 0


def test_unverified_email_is_not_trusted(client, platform, provider):
    add_person(platform, "omar@example.be", password=None)
    provider.identity = {"sub": "rw-5", "email": "omar@example.be", "email_verified": False}
    assert oidc_login(client).status_code == 401


def test_callback_with_a_forged_state_is_refused(client):
    client.get("/connexion/oidc", follow_redirects=False)
    assert client.get("/connexion/oidc/retour?code=abc&state=forged").status_code == 401


def test_without_settings_the_provider_login_is_absent(platform):
    with TestClient(create_app(platform)) as plain:
        assert plain.get("/connexion/oidc").status_code == 404
        assert "/connexion/oidc" not in plain.get("/connexion").text
