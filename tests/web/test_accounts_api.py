"""``/api/v1/people``: the separation of duties and the last administrator, refused with 409."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from maillage.domain.access import Role
from maillage.services import accounts
from maillage.web.app import create_app
from tests.accounts_helpers import ADMIN, add_person
from tests.helpers import snapshot


@pytest.fixture
def admin(platform):
    """A client acting with the only platform administrator's token, and that account."""
    person = add_person(platform, "admin@example.be", Role.PLATFORM_ADMIN)
    _token, secret = accounts.create_token(platform, ADMIN, person.id, "administration")
    with TestClient(create_app(platform), headers={"Authorization": f"Bearer {secret}"}) as client:
        yield client, person


def refused(answer, words: str) -> bool:
    return answer.status_code == 409 and words in answer.json()["error"]["message"]


def test_the_administrator_cannot_grant_itself_a_territorial_role(admin, platform):
    client, me = admin
    before = snapshot(platform)
    answer = client.post(
        f"/api/v1/people/{me.id}/grants", json={"role": "ols_team", "scope": "OLS-01"}
    )
    assert refused(answer, "second compte")
    assert snapshot(platform) == before


def test_a_territorial_actor_cannot_be_made_administrator(admin, platform):
    client, _me = admin
    actor = add_person(platform, "actrice@example.be", Role.BASSIN_ACTOR)
    before = snapshot(platform)
    answer = client.post(
        f"/api/v1/people/{actor.id}/grants", json={"role": "platform_admin", "scope": "03000"}
    )
    assert refused(answer, "second compte")
    assert snapshot(platform) == before


def test_the_last_administrator_can_neither_lose_the_role_nor_be_disabled(admin, platform):
    client, me = admin
    before = snapshot(platform)
    revoked = client.delete(f"/api/v1/people/{me.id}/grants/platform_admin/03000")
    assert refused(revoked, "dernier administrateur")
    disabled = client.patch(
        f"/api/v1/people/{me.id}", json={"version": me.version, "is_active": False}
    )
    assert refused(disabled, "dernier administrateur")
    assert snapshot(platform) == before
    assert client.get("/api/v1/me").json()["grants"] == [
        {"role": "platform_admin", "scope": "03000"}
    ]


def test_with_a_successor_the_administrator_may_step_down(admin, platform):
    client, me = admin
    successor = add_person(platform, "relais@example.be", Role.PLATFORM_ADMIN)
    assert client.delete(f"/api/v1/people/{me.id}/grants/platform_admin/03000").status_code == 200
    assert accounts.get_person(platform, successor.id).grants[0].role is Role.PLATFORM_ADMIN
