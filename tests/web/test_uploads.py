"""An upload larger than the limit is refused whole, never imported cut short."""

from __future__ import annotations

from fastapi.testclient import TestClient

from maillage.domain.access import Role
from maillage.services import accounts, territories, zonings
from maillage.web import uploads
from maillage.web.app import create_app
from tests.accounts_helpers import ADMIN


def test_a_zoning_upload_over_the_limit_is_refused_and_changes_nothing(platform, monkeypatch):
    admin = accounts.create_person(platform, ADMIN, "admin@example.be", "Admin", None)
    accounts.grant(
        platform,
        ADMIN,
        admin.id,
        Role.PLATFORM_ADMIN,
        "03000",
        territories.level_of(platform, "03000"),
    )
    headers = {
        "Authorization": "Bearer " + accounts.create_token(platform, ADMIN, admin.id, "api")[1]
    }
    content = zonings.export_zoning(platform).encode()
    before = [z.name for z in zonings.list_zonings(platform)]
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", len(content) - 100)
    with TestClient(create_app(platform)) as client:
        refused = client.post(
            "/api/v1/zonings",
            headers=headers,
            files={"file": ("ols.csv", content, "text/csv")},
            data={"name": "Trop grand", "valid_from": "2026-01-01"},
        )
        assert refused.status_code == 413
        assert "ols.csv" in refused.json()["error"]["message"]
        assert [z.name for z in zonings.list_zonings(platform)] == before
        monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", len(content))
        accepted = client.post(
            "/api/v1/zonings",
            headers=headers,
            files={"file": ("ols.csv", content, "text/csv")},
            data={"name": "Juste assez", "valid_from": "2026-01-01"},
        )
        assert accepted.status_code == 201, accepted.text
