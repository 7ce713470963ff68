"""No database work on the event loop (issue 19.3): an async dependency, handler or
middleware that looks something up would stall every request of its worker meanwhile.

``tests/conftest.py`` records every statement run from a thread whose event loop is
running and fails the test that ran it; these tests show that guard at work and cover
the paths that used to run on the loop.
"""

from __future__ import annotations

from fastapi import Depends, FastAPI, Request
from fastapi.testclient import TestClient
from sqlalchemy import text

from maillage.domain.access import Role
from maillage.web.app import create_app
from maillage.web.security import platform_of
from tests import conftest
from tests.accounts_helpers import add_person, session_for


def test_a_lookup_from_an_async_dependency_is_caught(shared_platform):
    async def looks_up(request: Request) -> None:
        with platform_of(request).engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    app = FastAPI(dependencies=[Depends(looks_up)])
    app.state.platform = shared_platform
    app.get("/")(lambda: None)
    with TestClient(app) as client:
        client.get("/")
    caught, conftest.ON_THE_EVENT_LOOP[:] = list(conftest.ON_THE_EVENT_LOOP), []
    assert "SELECT 1" in caught


def test_authorisation_forms_and_error_pages_look_up_off_the_loop(platform):
    team = add_person(platform, "equipe@ols1.be", Role.OLS_TEAM)
    with TestClient(create_app(platform)) as client:
        csrf = session_for(client, platform, team)
        assert client.get("/territoires/OLS-01/fiche").status_code == 200  # a scoped rule
        saved = client.post(
            "/territoires/OLS-01/fiche",
            data={"csrf_token": csrf, "version": "0", "presentation": "Notre OLS"},
            follow_redirects=False,
        )
        assert saved.status_code == 303  # the token read from the form, on the loop
        refused = client.post(
            "/territoires/OLS-01/fiche", data={"csrf_token": "faux", "version": "1"}
        )
        assert refused.status_code == 403
        assert client.get("/nulle-part").status_code == 404  # a page naming the person
        assert client.get("/api/v1/me").status_code == 200
        assert "Notre OLS" in client.get("/territoires/OLS-01").text
