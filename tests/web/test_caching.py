"""Large answers compressed, unchanged ones not sent again (issue 21.10): gzip from 1 KB
for clients that ask for it, the map tagged (ETag) with the zoning and the database's
state, a 304 for a client that holds the current version, security headers on all."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from maillage import i18n
from maillage.services import zonings
from maillage.web import i18n as web_i18n
from maillage.web.app import create_app
from maillage.web.security import SECURITY_HEADERS


@pytest.fixture(scope="module")
def client(shared_platform):
    with TestClient(create_app(shared_platform)) as test_client:
        yield test_client


def test_the_map_travels_compressed_to_a_client_that_accepts_gzip(client):
    plain = client.get("/api/v1/map", headers={"Accept-Encoding": "identity"})
    packed = client.get("/api/v1/map", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["vary"]
    # httpx decodes the body; the bytes on the wire are the compressed ones.
    on_the_wire = int(packed.headers["content-length"])
    assert on_the_wire < len(plain.content) / 3
    assert packed.json() == plain.json()
    for name, value in SECURITY_HEADERS:
        assert packed.headers[name.decode()] == value.decode()


def test_small_answers_are_not_compressed(client):
    small = client.get("/api/v1/zonings/00000", headers={"Accept-Encoding": "gzip"})
    assert small.status_code == 404 and len(small.content) < 1024
    assert "content-encoding" not in small.headers


def test_a_client_holding_the_current_map_gets_a_304_without_body(client):
    first = client.get("/api/v1/map")
    tag = first.headers["etag"]
    assert first.headers["cache-control"] == "private, no-cache"
    again = client.get("/api/v1/map", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == tag
    for name, value in SECURITY_HEADERS:
        assert again.headers[name.decode()] == value.decode()
    stale = client.get("/api/v1/map", headers={"If-None-Match": 'W/"map-0-0-fr"'})
    assert stale.status_code == 200 and stale.json()["communes"]["features"]


def test_the_tag_names_the_language_of_the_labels(client, monkeypatch):
    offered = lambda: i18n.LANGUAGES  # noqa: E731 - as if Dutch were complete
    monkeypatch.setattr(i18n, "offered_languages", offered)
    monkeypatch.setattr(web_i18n, "offered_languages", offered)
    french = client.get("/api/v1/map")
    dutch = client.get("/api/v1/map", headers={"Accept-Language": "nl"})
    assert french.headers["etag"] != dutch.headers["etag"]
    held = client.get("/api/v1/map", headers={"If-None-Match": french.headers["etag"]})
    assert held.status_code == 304


def test_the_tag_changes_when_the_zoning_changes(platform, tmp_path):
    copy = tmp_path / "copie.csv"
    copy.write_text(zonings.export_zoning(platform), encoding="utf-8")
    with TestClient(create_app(platform)) as client:
        before = client.get("/api/v1/map")
        zonings.import_zoning(
            platform, copy, name="Copie", valid_from=date(2026, 1, 1), activate_it=True
        )
        after = client.get("/api/v1/map", headers={"If-None-Match": before.headers["etag"]})
        named = client.get("/api/v1/map", params={"zoning": before.json()["zoning"]["id"]})
    assert after.status_code == 200
    assert after.headers["etag"] != before.headers["etag"]
    assert after.json()["zoning"]["name"] == "Copie"
    assert named.json()["zoning"] == before.json()["zoning"]
    assert len({before.headers["etag"], after.headers["etag"], named.headers["etag"]}) == 3


def test_static_files_are_kept_an_hour_and_revalidated_by_their_tag(client):
    first = client.get("/static/js/map.js")
    assert first.headers["cache-control"] == "public, max-age=3600"
    again = client.get("/static/js/map.js", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    leaflet = client.get("/static/vendor/leaflet/leaflet.js", headers={"Accept-Encoding": "gzip"})
    assert leaflet.headers["content-encoding"] == "gzip"
