"""Moments are stored in UTC and come back timezone-aware from both backends (issue 18.10)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from maillage.domain.access import Role
from maillage.domain.actors import Actor
from maillage.services import accounts, territories
from maillage.store.models import AuditEventRow
from maillage.web.app import create_app
from tests.accounts_helpers import ADMIN

STORE = Path(__file__).resolve().parents[2] / "src" / "maillage" / "store"
MOMENT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$")


def test_a_moment_in_another_zone_comes_back_as_the_same_instant_in_utc(platform):
    brussels = timezone(timedelta(hours=1))
    at = datetime(2026, 12, 3, 10, 30, tzinfo=brussels)
    with platform.transaction() as session:
        session.add(
            AuditEventRow(
                at=at,
                actor_id=None,
                actor="t",
                address="local",
                action="test",
                entity="moment",
                entity_id="1",
            )
        )
    with platform.sessions() as session:
        stored = session.scalar(select(AuditEventRow.at).where(AuditEventRow.entity == "moment"))
        earlier = session.scalar(
            select(AuditEventRow.entity).where(
                AuditEventRow.entity == "moment",
                AuditEventRow.at < datetime(2026, 12, 3, 9, 31, tzinfo=UTC),
            )
        )
    assert stored == at and stored.tzinfo == UTC and stored.hour == 9
    assert earlier == "moment"  # compared as the same instant, whatever the backend


def moments(value: object) -> list[str]:
    if isinstance(value, dict):
        return [m for v in value.values() for m in moments(v)]
    if isinstance(value, list):
        return [m for v in value for m in moments(v)]
    return [value] if isinstance(value, str) and MOMENT.match(value) else []


def test_every_timestamp_the_api_gives_has_its_timezone(platform):
    admin = accounts.create_person(platform, ADMIN, "admin@example.be", "Admin", None)
    accounts.grant(
        platform,
        ADMIN,
        admin.id,
        Role.PLATFORM_ADMIN,
        "03000",
        territories.level_of(platform, "03000"),
    )
    secret = accounts.create_token(platform, ADMIN, admin.id, "api")[1]
    accounts.create_person(
        platform, Actor(admin.id, "admin@example.be", "127.0.0.1"), "x@example.be", "X", None
    )
    headers = {"Authorization": f"Bearer {secret}"}
    with TestClient(create_app(platform)) as client:
        found = []
        for url in (
            "/api/v1/audit",
            "/api/v1/tokens",
            "/api/v1/people",
            "/api/v1/needs",
            "/api/v1/me",
            "/api/v1/sources",
            "/api/v1/concertation-spaces",
            "/api/v1/projects",
        ):
            response = client.get(url, headers=headers)
            assert response.status_code == 200, url
            found += [(url, m) for m in moments(response.json())]
        needs = client.get("/api/v1/needs", headers=headers).json()
        assert needs, "the demo content has a need"
        detail = client.get(f"/api/v1/needs/{needs[0]['id']}", headers=headers).json()
        found += [("/api/v1/needs/{id}", m) for m in moments(detail)]
    assert {url for url, _m in found} >= {"/api/v1/audit", "/api/v1/tokens", "/api/v1/needs/{id}"}
    naive = [(url, m) for url, m in found if not re.search(r"(Z|[+-]\d\d:\d\d)$", m)]
    assert naive == []


def test_no_table_declares_a_moment_without_the_utc_type():
    offenders = [
        f"{path.name}: {line.strip()}"
        for path in STORE.glob("*.py")
        if path.name != "types.py"
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.search(r"(?<!Utc)DateTime\(", line)
    ]
    assert offenders == []
