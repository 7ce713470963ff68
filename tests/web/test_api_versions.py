"""Every API update answers the state after the write: the version it returns is the one
the next update must send, and sending it back succeeds (issue 18.9; the sheet's PUT used
to answer the version it had just replaced, so the next PUT was refused as stale)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from maillage.domain.access import Role
from maillage.domain.actors import Actor
from maillage.domain.territory import REGION_CODE, Level
from maillage.services import accounts
from maillage.web.app import create_app
from tests.accounts_helpers import OWN_BASSIN

SYSTEM = Actor(None, "test", "127.0.0.1")


@pytest.fixture
def client(platform) -> Iterator[TestClient]:
    with TestClient(create_app(platform)) as test_client:
        yield test_client


@pytest.fixture
def writers(platform) -> tuple[int, dict[str, dict[str, str]]]:
    """An actor of OWN_BASSIN, and the tokens of that actor and of an administrator."""
    tokens = {}
    for email, role, scope, level in [
        ("admin@example.be", Role.PLATFORM_ADMIN, REGION_CODE, Level.REGION),
        ("actrice@example.be", Role.BASSIN_ACTOR, OWN_BASSIN, Level.BASSIN),
    ]:
        person = accounts.create_person(platform, SYSTEM, email, email.split("@")[0], None)
        accounts.grant(platform, SYSTEM, person.id, role, scope, level)
        _token, secret = accounts.create_token(platform, SYSTEM, person.id, "test")
        tokens[role.value] = {"Authorization": f"Bearer {secret}"}
    return person.id, tokens


RECORD = {
    "name": "Permanence",
    "organization": "Asbl",
    "terms": ["service-social"],
    "latitude": 50.684,  # Braine-l'Alleud
    "longitude": 4.37,
}


def service_in_own_bassin(client: TestClient) -> str:
    """An imported record of OWN_BASSIN (at version 1, as the import wrote it), the same one
    for every update of a test (the first by name changes once renamed)."""
    state = client.app.state
    if not hasattr(state, "edited_service"):
        found = client.get("/api/v1/services", params={"territory": OWN_BASSIN, "per_page": 1})
        state.edited_service = str(found.json()["services"][0]["id"])
    return str(state.edited_service)


# (client, tokens by role, the actor's id, version) → the answer
Write = Callable[[TestClient, dict[str, dict[str, str]], int, int], Response]

# Each update of the API: how to make it with a version, and the version to start from.
UPDATES: dict[tuple[str, str], tuple[Write, int]] = {
    ("PUT", "/api/v1/territories/{code}/sheet"): (
        lambda client, tokens, _person, version: client.put(
            f"/api/v1/territories/{OWN_BASSIN}/sheet",
            headers=tokens["bassin_actor"],
            json={"version": version, "contact": f"contact {version}"},
        ),
        0,  # no sheet yet
    ),
    ("PATCH", "/api/v1/people/{person_id}"): (
        lambda client, tokens, person, version: client.patch(
            f"/api/v1/people/{person}",
            headers=tokens["platform_admin"],
            json={"version": version, "display_name": f"Nom {version}"},
        ),
        1,
    ),
    ("PUT", "/api/v1/services/{service_id}"): (
        lambda client, tokens, _person, version: client.put(
            f"/api/v1/services/{service_in_own_bassin(client)}",
            headers=tokens["platform_admin"],
            json={**RECORD, "version": version, "description": f"v{version}"},
        ),
        1,
    ),
    ("PATCH", "/api/v1/services/{service_id}"): (
        lambda client, tokens, _person, version: client.patch(
            f"/api/v1/services/{service_in_own_bassin(client)}",
            headers={**tokens["platform_admin"], "If-Match": f'"{version}"'},
            json={"description": f"v{version}"},
        ),
        1,
    ),
}


def returns_a_version(spec: dict[str, Any], operation: dict[str, Any]) -> bool:
    schema = (
        operation["responses"]
        .get("200", {})
        .get("content", {})
        .get("application/json", {})
        .get("schema", {})
    )
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return "version" in schema.get("properties", {})


def test_every_update_answering_a_version_is_checked_here(client):
    spec = client.get("/api/v1/openapi.json").json()
    updates = {
        (method.upper(), path)
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if method in ("put", "patch") and returns_a_version(spec, operation)
    }
    assert updates == set(UPDATES)


@pytest.mark.parametrize("update", list(UPDATES), ids=" ".join)
def test_the_version_answered_is_the_one_the_next_update_sends(client, writers, update):
    write, version = UPDATES[update]
    person, tokens = writers
    for _time in range(3):
        answer = write(client, tokens, person, version)
        assert answer.status_code == 200, answer.text
        assert answer.json()["version"] == version + 1
        version = answer.json()["version"]
    stale = write(client, tokens, person, version - 1)
    assert stale.status_code == 409  # the check itself still holds
