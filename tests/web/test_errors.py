"""Error answers (web/errors.py): an unexpected error is a 500 like any other answer (the
same security headers, no traceback, ``Connection: close``) and the server goes on serving
(issue 18.5); a lock that could not be had is a 503 with ``Retry-After`` and a French
message wherever it is raised, for the API and for pages (issue 18.4)."""

from __future__ import annotations

import http.client
import json
import logging
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import uvicorn
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError

from maillage.domain.access import Role
from maillage.domain.actors import Actor
from maillage.services import accounts, sheets
from maillage.services.platform import Platform
from maillage.web.app import create_app
from maillage.web.security import SECURITY_HEADERS, permission
from tests.accounts_helpers import OWN_BASSIN, add_person, session_for
from tests.store.test_database import holding_the_write_lock, reopened

SYSTEM = Actor(None, "test", "127.0.0.1")
SECRET = "internal detail 4f1c"  # what the failing route knows and must not tell


def app_with_failing_routes(platform: Platform) -> FastAPI:
    app = create_app(platform)

    @permission("public.read")
    def fails(request: Request) -> None:
        raise RuntimeError(SECRET)

    @permission("public.read")
    def locked(request: Request) -> None:
        raise OperationalError(
            "UPDATE territory_sheet …", {}, sqlite3.OperationalError("database is locked")
        )

    app.add_api_route("/api/v1/test/fails", fails, include_in_schema=False)
    app.add_api_route("/test/fails", fails, include_in_schema=False)
    app.add_api_route("/api/v1/test/locked", locked, include_in_schema=False)
    app.add_api_route("/test/locked", locked, include_in_schema=False)
    return app


@contextmanager
def serving(app: FastAPI) -> Iterator[tuple[str, int]]:
    """*app* behind a real uvicorn on a free loopback port, in a thread."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.02)
    try:
        yield "127.0.0.1", port
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def get(connection: http.client.HTTPConnection, path: str) -> tuple[int, dict[str, str], str]:
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read().decode()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def assert_security_headers(headers: dict[str, str]) -> None:
    for name, value in SECURITY_HEADERS:
        assert headers.get(name.decode()) == value.decode(), name


def test_an_unexpected_error_is_a_500_like_any_answer_and_the_connection_goes_on(
    sqlite_platform, caplog
):
    caplog.set_level(logging.INFO)
    with serving(app_with_failing_routes(sqlite_platform)) as (host, port):
        connection = http.client.HTTPConnection(host, port, timeout=10)  # keeps alive
        status, headers, _body = get(connection, "/api/v1/zonings")
        assert status == 200 and headers.get("connection") != "close"
        assert_security_headers(headers)

        status, headers, body = get(connection, "/api/v1/test/fails")
        assert status == 500
        assert_security_headers(headers)
        assert headers["connection"] == "close"
        assert json.loads(body)["error"] == {
            "type": "InternalError",
            "message": "Une erreur inattendue s'est produite ; elle a été consignée.",
        }
        assert SECRET not in body and "Traceback" not in body

        # The same client's next request is answered (it reconnects, as it was told to).
        status, headers, _body = get(connection, "/api/v1/zonings")
        assert status == 200

        status, headers, body = get(connection, "/test/fails")  # a page: the French page
        assert status == 500 and headers["content-type"].startswith("text/html")
        assert_security_headers(headers)
        assert headers["connection"] == "close"
        assert "Erreur 500" in body and SECRET not in body
        connection.close()

    logged = [r for r in caplog.records if r.exc_info and r.exc_info[0] is RuntimeError]
    assert len(logged) == 2 and logged[0].name == "maillage.web.errors"  # once per error
    assert not [
        r
        for r in caplog.records
        if r.name.startswith("uvicorn") and "Exception in ASGI application" in r.getMessage()
    ]


def test_a_lock_timeout_raised_anywhere_is_a_503_with_retry_after(sqlite_platform):
    with TestClient(app_with_failing_routes(sqlite_platform)) as client:
        answer = client.get("/api/v1/test/locked")
        assert answer.status_code == 503
        assert answer.headers["retry-after"] == "5"
        assert answer.json()["error"]["type"] == "DatabaseBusy"
        assert "occupée" in answer.json()["error"]["message"]
        assert "connection" not in answer.headers  # transient: nothing wrong with it
        page = client.get("/test/locked")
        assert page.status_code == 503 and page.headers["retry-after"] == "5"
        assert "occupée" in page.text
        assert_security_headers({k.lower(): v for k, v in page.headers.items()})


@pytest.fixture
def impatient(platform, monkeypatch) -> Iterator[Platform]:
    """The same database, opened by writers that wait one second for a lock."""
    opened = reopened(platform, monkeypatch, 1)
    yield opened
    opened.close()


def test_a_write_that_cannot_get_its_lock_is_a_503_for_the_api_and_the_pages(platform, impatient):
    actor = add_person(platform, "actrice@example.be", Role.BASSIN_ACTOR)
    _token, secret = accounts.create_token(platform, SYSTEM, actor.id, "test")
    with TestClient(create_app(impatient)) as client:
        csrf = session_for(client, platform, actor)
        with holding_the_write_lock(platform.engine, "territory_sheet", "web_session", "api_token"):
            api = client.put(
                f"/api/v1/territories/{OWN_BASSIN}/sheet",
                headers={"Authorization": f"Bearer {secret}"},
                json={"version": 0, "contact": "occupé"},
            )
            page = client.post(
                f"/territoires/{OWN_BASSIN}/fiche",
                follow_redirects=False,
                data={"csrf_token": csrf, "version": "0", "contact": "occupé"},
            )
    assert api.status_code == 503, api.text
    assert api.headers["retry-after"] == "5"
    assert api.json()["error"]["message"].startswith("La base de données est occupée")
    assert page.status_code == 503, page.text
    assert page.headers["retry-after"] == "5"
    assert "La base de données est occupée" in page.text
    assert sheets.get_sheet(platform, OWN_BASSIN, True).version == 0  # nothing saved


def test_text_the_database_cannot_hold_is_a_400_on_both_backends(platform):
    """Found by sending NUL characters (Schemathesis may): a 500 on PostgreSQL before."""
    with TestClient(create_app(platform)) as client:
        for url in (
            "/api/v1/zonings/a%00b",
            "/api/v1/map?zoning=%00",
            "/api/v1/territories?zoning=%00",
            "/decoupages/%00",
        ):
            answer = client.get(url)
            assert answer.status_code == 400, (url, answer.text)
            assert "U+0000" in answer.text
            assert "content-security-policy" in answer.headers
