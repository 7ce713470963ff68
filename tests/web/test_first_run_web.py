"""First run in the browser's words: the printed link creates the administrator once; a
temporary password is changed before anything else."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from maillage.domain.access import Role
from maillage.services import accounts, first_run
from maillage.web.app import create_app
from tests.accounts_helpers import ADMIN, PASSWORD, add_person, csrf_from_page

SQLITE_ONLY = pytest.mark.parametrize("platform", ["sqlite"], indirect=True)


@pytest.fixture
def client(platform):
    with TestClient(create_app(platform)) as test_client:
        yield test_client


@SQLITE_ONLY
def test_the_printed_link_creates_the_administrator_then_dies(client, platform):
    link = first_run.PATH + (first_run.issue_link(platform) or "")
    page = client.get(link)
    assert page.status_code == 200 and "Premier administrateur" in page.text
    done = client.post(
        link,
        data={
            "csrf_token": csrf_from_page(page.text),
            "email": "admin@example.be",
            "display_name": "Alice",
            "password": PASSWORD,
        },
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/mon-espace"
    home = client.get("/mon-espace")
    assert home.status_code == 200 and "Administrateur de la plateforme" in home.text
    client.cookies.clear()
    assert client.get(link).status_code == 404


@SQLITE_ONLY
def test_a_temporary_password_is_changed_before_anything_else(client, platform):
    person = add_person(platform, "lou@example.be", Role.OLS_TEAM)
    temporary = accounts.reset_password(platform, ADMIN, person.id)
    login = client.get("/connexion")
    client.post(
        "/connexion",
        data={
            "csrf_token": csrf_from_page(login.text),
            "email": "lou@example.be",
            "password": temporary,
        },
        follow_redirects=False,
    )
    for path in ("/mon-espace", "/besoins", "/", "/compte"):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 303, path
        assert answer.headers["location"] == "/compte/nouveau-mot-de-passe"
    assert client.get("/api/v1/me").status_code == 403
    form = client.get("/compte/nouveau-mot-de-passe")
    assert "Choisissez votre mot de passe" in form.text
    done = client.post(
        "/compte/nouveau-mot-de-passe",
        data={"csrf_token": csrf_from_page(form.text), "current": temporary, "new": PASSWORD + "!"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/mon-espace"
    assert client.get("/besoins").status_code == 200
    assert not accounts.get_person(platform, person.id).must_change_password
