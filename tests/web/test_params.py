"""Numbers that reach the database are declared with bounds it can hold (web/params.py):
an id out of range or written with other digits is a 400 naming the parameter, never an
OverflowError (issue 18.7); an "id or name" reference that is no id is looked up as a name.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from maillage.domain.access import Role
from maillage.domain.actors import Actor
from maillage.domain.territory import REGION_CODE, Level
from maillage.ids import MAX_ID
from maillage.services import accounts
from maillage.web.app import create_app

SYSTEM = Actor(None, "test", "127.0.0.1")
INT4_MIN = -(2**31)
# Integers that are computed with, never stored or looked up: their range is their own.
NEVER_STORED = {
    ("/api/v1/allocation", "budget_cents"),  # shared in memory, up to 10^15 cents
}
# Not ids, each for its own reason: 2^63 and 2^64 overflow the drivers, 0 and -1 are below
# the first id, ³ passed str.isdigit() and then failed int(), ١٢ passed both and read 12.
NOT_IDS = [str(2**63), str(2**64), "0", "-1", "%C2%B3", "%D9%A1%D9%A2"]


def every_route_described(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI description of every route, pages included (their forms too)."""
    routes = []
    for context in iter_route_contexts(app.routes):
        if isinstance(context.original_route, APIRoute):
            shown = copy.copy(context.original_route)
            shown.include_in_schema = True
            routes.append(shown)
    return get_openapi(title="all routes", version="0", routes=routes)


def integer_schemas(
    spec: dict[str, Any], schema: dict[str, Any], where: str
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every integer inside *schema* (references, unions, lists and objects followed)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        yield from integer_schemas(spec, spec["components"]["schemas"][name], where)
        return
    if schema.get("type") == "integer":
        yield where, schema
    for key in ("anyOf", "oneOf", "allOf"):
        for part in schema.get(key, []):
            yield from integer_schemas(spec, part, where)
    if isinstance(schema.get("items"), dict):
        yield from integer_schemas(spec, schema["items"], where)
    for name, part in schema.get("properties", {}).items():
        yield from integer_schemas(spec, part, f"{where}.{name}")
    if isinstance(schema.get("additionalProperties"), dict):
        yield from integer_schemas(spec, schema["additionalProperties"], where)


def unbounded_integers(spec: dict[str, Any]) -> list[str]:
    """Integers a request may carry without bounds inside the database's range."""
    found = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            inputs: list[tuple[str, dict[str, Any]]] = [
                (p["name"], p["schema"]) for p in operation.get("parameters", [])
            ]
            for content in operation.get("requestBody", {}).get("content", {}).values():
                inputs.append(("body", content["schema"]))
            for name, schema in inputs:
                for where, integer in integer_schemas(spec, schema, name):
                    low = integer.get("minimum", integer.get("exclusiveMinimum"))
                    high = integer.get("maximum", integer.get("exclusiveMaximum"))
                    if (path, where) in NEVER_STORED and low is not None and high is not None:
                        continue
                    if low is None or high is None or low < INT4_MIN or high > MAX_ID:
                        found.append(f"{method.upper()} {path}: {where} ({low}..{high})")
    return found


def test_every_integer_a_request_carries_has_bounds_the_database_holds(shared_platform):
    spec = every_route_described(create_app(shared_platform))
    assert len(spec["paths"]) > 100  # the pages are described too
    assert unbounded_integers(spec) == []


def test_the_check_catches_an_integer_without_bounds():
    app = FastAPI()

    @app.get("/things/{thing_id}")
    def thing(thing_id: int, page: int = 1) -> None: ...

    assert unbounded_integers(every_route_described(app)) == [
        "GET /things/{thing_id}: thing_id (None..None)",
        "GET /things/{thing_id}: page (None..None)",
    ]


@pytest.fixture
def client(platform) -> Iterator[TestClient]:
    with TestClient(create_app(platform)) as test_client:
        yield test_client


@pytest.fixture
def admin(platform) -> dict[str, str]:
    return token_of(platform, "admin@example.be", Role.PLATFORM_ADMIN)


@pytest.fixture
def analyst(platform) -> dict[str, str]:
    return token_of(platform, "analyste@example.be", Role.IWPL_ANALYST)


def token_of(platform, email: str, role: Role) -> dict[str, str]:
    person = accounts.create_person(platform, SYSTEM, email, email.split("@")[0], None)
    accounts.grant(platform, SYSTEM, person.id, role, REGION_CODE, Level.REGION)
    _token, secret = accounts.create_token(platform, SYSTEM, person.id, "test")
    return {"Authorization": f"Bearer {secret}"}


def test_ids_the_database_cannot_hold_are_a_400_naming_the_parameter(client, admin, analyst):
    for bad in NOT_IDS:
        for method, url, name in [
            ("GET", f"/api/v1/people/{bad}", "person_id"),
            ("PATCH", f"/api/v1/people/{bad}", "person_id"),
            ("DELETE", f"/api/v1/tokens/{bad}", "token_id"),
            ("DELETE", f"/api/v1/people/{bad}/grants/platform_admin/03000", "person_id"),
            ("GET", f"/api/v1/audit?before_id={bad}", "before_id"),
        ]:
            answer = client.request(method, url, headers=admin, json={"version": 1})
            assert answer.status_code == 400, (method, url, answer.text)
            error = answer.json()["error"]
            assert error["message"] == f"Paramètre non valide : {name}.", (url, error)
            assert error["details"][0].startswith(f"{name} : "), error
        need = client.get(f"/api/v1/needs/{bad}", headers=analyst)
        assert need.status_code == 400, (bad, need.text)
        assert need.json()["error"]["message"] == "Paramètre non valide : need_id."
        page = client.get(f"/admin/personnes/{bad}", headers=admin)
        assert page.status_code == 400, bad
        assert "Paramètre non valide : person_id." in page.text
        assert "content-security-policy" in page.headers


def test_an_id_or_name_that_is_no_id_is_an_unknown_name(client):
    for bad in NOT_IDS:
        for url in (
            f"/api/v1/zonings/{bad}",
            f"/api/v1/map?zoning={bad}",
            f"/api/v1/territories?zoning={bad}",
        ):
            answer = client.get(url)
            assert answer.status_code == 404, (url, answer.text)
            assert answer.json()["error"]["type"] == "UnknownZoning"
        assert client.get(f"/decoupages/{bad}").status_code == 404
    assert client.get("/api/v1/zonings/1").status_code == 200  # an id still is one


def test_ids_and_versions_in_a_body_are_refused_naming_the_field(client, admin, analyst):
    for into in (2**63, 2**64, 0, -1, "³", "١٢"):
        answer = client.post(
            "/api/v1/needs/1/transitions",
            headers=analyst,
            json={"action": "merge", "version": 1, "into": into},
        )
        assert answer.status_code == 422, (into, answer.text)
        assert answer.json()["error"]["message"] == "Paramètre non valide : into."
    stale = client.patch("/api/v1/people/1", headers=admin, json={"version": 2**63})
    assert stale.status_code == 422
    assert stale.json()["error"]["details"] == [f"version : au plus {MAX_ID}, pas « {2**63} »"]


def test_a_form_id_the_database_cannot_hold_is_refused(client, analyst):
    for into in (str(2**63), "³", "١٢"):
        page = client.post(
            "/besoins/1/transition",
            headers=analyst,
            data={"action": "merge", "version": "1", "into": into},
        )
        assert page.status_code == 422, (into, page.text)
        assert "Paramètre non valide : into." in page.text
