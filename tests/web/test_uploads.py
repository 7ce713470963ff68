"""An upload larger than the limit is refused whole, never imported cut short."""

from __future__ import annotations

import os
import time

import pytest
from fastapi.testclient import TestClient

from maillage.domain.access import Role
from maillage.errors import NotFound
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


def take(held, token, owner):
    with held.taken(token, owner) as path:
        return path


def test_held_uploads_give_back_the_file_once_to_its_owner_within_the_bounds(tmp_path):
    held = uploads.HeldUploads(tmp_path / "held", limit=2, max_age=60)
    sent = tmp_path / "z.csv"
    sent.write_text("refnis\n25005\n", encoding="utf-8")
    token = held.keep(sent, "7")
    with pytest.raises(NotFound):  # another person cannot take it
        take(held, token, "8")
    for forged in ("../" + token[3:], "x" * 32, token[:-1]):
        with pytest.raises(NotFound):
            take(held, forged, "7")
    with held.taken(token, "7") as path:
        assert path.name == "z.csv" and path.read_text(encoding="utf-8") == "refnis\n25005\n"
    with pytest.raises(NotFound):  # served once
        take(held, token, "7")
    first, second = held.keep(sent, "7"), held.keep(sent, "7")
    old = time.time() - 120
    os.utime(held.folder / second, (old, old))
    with pytest.raises(NotFound):  # too old
        take(held, second, "7")
    third, fourth = held.keep(sent, "7"), held.keep(sent, "7")  # the limit evicts the oldest
    assert sorted(p.name for p in held.folder.iterdir()) == sorted([third, fourth])
    assert first not in {third, fourth}
