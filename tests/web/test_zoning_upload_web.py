"""Uploading a zoning in the web and the API: preview, confirmation, located faults, XLSX;
and the comparison of any two versions from the zonings page."""

from __future__ import annotations

import html
import io
import re

import pytest
from fastapi.testclient import TestClient

from maillage.domain.access import Role
from maillage.services import territories, zonings
from maillage.tabular import spreadsheet
from maillage.web.app import create_app
from tests.accounts_helpers import add_person, session_for


@pytest.fixture
def client(platform):
    with TestClient(create_app(platform)) as test_client:
        yield test_client


@pytest.fixture
def csrf(client, platform):
    manager = add_person(platform, "aviq@example.be", Role.ADMINISTRATION)
    return session_for(client, platform, manager)


def moved_rows(platform):
    """The active zoning as rows, with one commune moved to another bassin of its OLS."""
    header, *rows = [line.split(",") for line in zonings.export_zoning(platform).splitlines()]
    first = rows[0]
    target = next(r for r in rows if r[3] == first[3] and r[1] != first[1])
    rows[0] = [first[0], target[1], target[2], first[3], first[4]]
    return header, rows, first[0]


def csv_bytes(header, rows):
    return spreadsheet.csv_text([header, *rows]).encode()


def upload(client, csrf, content, *, name="Composition officielle", filename="z.csv", **extra):
    data = {"csrf_token": csrf, "name": name, "valid_from": "2026-01-01", "kind": "official"}
    return client.post(
        "/decoupages/envoi",
        data={**data, **extra},
        files={"file": (filename, io.BytesIO(content), "text/csv")},
    )


def confirm(client, page):
    """Send the confirmation form of a preview page as the browser would."""
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
    return client.post("/decoupages/envoi/confirmation", data=fields, follow_redirects=False)


def test_the_zonings_page_offers_the_upload_to_managers_only(client, platform, csrf):
    page = client.get("/decoupages").text
    assert 'data-testid="zoning-upload-form"' in page and 'enctype="multipart/form-data"' in page
    header, rows, _moved = moved_rows(platform)
    forged = upload(client, "", csv_bytes(header, rows))  # no CSRF token: refused
    assert forged.status_code == 403
    session_for(client, platform, None)
    assert 'data-testid="zoning-upload-form"' not in client.get("/decoupages").text


def test_a_preview_shows_the_figures_and_the_moves_then_the_confirmation_stores_it(
    client, platform, csrf
):
    header, rows, moved = moved_rows(platform)
    before = zonings.list_zonings(platform)
    previewed = upload(client, csrf, csv_bytes(header, rows), activate="true")
    assert previewed.status_code == 200, previewed.text
    page = previewed.text
    figures = re.search(r'data-testid="upload-preview">(.*?)</table>', page, re.S)
    assert figures is not None
    cells = re.findall(r'<td class="num">([^<]*)</td>', figures.group(1))
    bassins = len({r[1] for r in rows})
    assert cells[:3] == [str(len(rows)), str(bassins), str(len({r[3] for r in rows}))]
    assert f"({moved})" in page  # the moved commune is listed against the active zoning
    assert zonings.list_zonings(platform) == before  # nothing stored by the preview

    stored = confirm(client, page)
    assert stored.status_code == 303
    new = zonings.get_zoning(platform)  # the active one
    assert stored.headers["location"] == f"/decoupages/{new.id}"
    assert new.name == "Composition officielle" and new.is_official and new.bassins == bassins
    assert len(zonings.list_zonings(platform)) == len(before) + 1
    # The token served once: a second confirmation finds nothing to store.
    assert confirm(client, page).status_code == 404


def test_a_faulty_file_shows_its_located_faults_and_stores_nothing(client, platform, csrf):
    header, rows, _moved = moved_rows(platform)
    rows[1] = ["99999", *rows[1][1:]]
    rows[4] = [rows[4][0], "", *rows[4][2:]]
    before = zonings.list_zonings(platform)
    refused = upload(client, csrf, csv_bytes(header, rows))
    assert refused.status_code == 422
    faults = re.search(r'data-testid="upload-problems">(.*?)</table>', refused.text, re.S)
    assert faults is not None
    lines = [re.findall(r"<td[^>]*>([^<]*)</td>", row) for row in faults.group(1).split("<tr>")]
    located = {(cells[0], cells[1], cells[2], cells[3]) for cells in lines if cells}
    assert ("z.csv", "3", "refnis", "99999") in located
    assert ("z.csv", "6", "bassin_code", "") in located
    assert 'data-testid="upload-confirm"' not in refused.text
    assert zonings.list_zonings(platform) == before


def test_an_xlsx_workbook_is_read_like_its_csv(client, platform, csrf):
    header, rows, moved = moved_rows(platform)
    numbers = [[int(r[0]), *r[1:]] for r in rows]  # Excel keeps codes as numbers
    workbook = spreadsheet.xlsx_bytes("Zonage", [header, *numbers])
    previewed = upload(client, csrf, workbook, filename="composition.xlsx", name="Depuis Excel")
    assert previewed.status_code == 200, previewed.text
    assert f"({moved})" in previewed.text and "XLSX" in previewed.text
    assert confirm(client, previewed.text).status_code == 303
    stored = zonings.get_zoning(platform, "Depuis Excel")
    assert not stored.is_active and "XLSX" in stored.provenance
    assert zonings.export_zoning(platform, "Depuis Excel") == spreadsheet.csv_text(
        [header, *sorted(rows)]
    )


def test_a_preview_is_confirmed_only_by_who_made_it(client, platform, csrf):
    header, rows, _moved = moved_rows(platform)
    page = upload(client, csrf, csv_bytes(header, rows)).text
    other = add_person(platform, "admin@example.be", Role.PLATFORM_ADMIN)
    other_csrf = session_for(client, platform, other)
    page = page.replace(csrf, other_csrf)
    assert confirm(client, page).status_code == 404
    assert all(z.name != "Composition officielle" for z in zonings.list_zonings(platform))


def test_the_api_previews_with_dry_run_then_stores_and_activates(client, platform, csrf):
    header, rows, moved = moved_rows(platform)
    body = {"name": "Par l’API", "valid_from": "2026-01-01", "kind": "official"}
    files = {"file": ("z.csv", io.BytesIO(csv_bytes(header, rows)), "text/csv")}
    headers = {"X-CSRF-Token": csrf}
    before = zonings.list_zonings(platform)
    dry = client.post(
        "/api/v1/zonings", data={**body, "dry_run": "true"}, files=files, headers=headers
    )
    assert dry.status_code == 200, dry.text
    preview = dry.json()
    assert preview["communes"] == len(rows) and preview["bassins"] == len({r[1] for r in rows})
    assert [m["commune"] for m in preview["moves"]] == [moved]
    assert preview["moved_population"] == preview["moves"][0]["population"] > 0
    assert zonings.list_zonings(platform) == before
    files = {"file": ("z.csv", io.BytesIO(csv_bytes(header, rows)), "text/csv")}
    stored = client.post(
        "/api/v1/zonings", data={**body, "activate": "true"}, files=files, headers=headers
    )
    assert stored.status_code == 201, stored.text
    assert stored.json()["is_active"] and zonings.get_zoning(platform).name == "Par l’API"


def test_any_two_versions_are_compared_from_the_zonings_page(client, platform, csrf):
    header, rows, moved = moved_rows(platform)
    confirm(client, upload(client, csrf, csv_bytes(header, rows), name="Deuxième").text)
    confirm(client, upload(client, csrf, csv_bytes(header, rows), name="Troisième").text)
    versions = {z.name: z.id for z in zonings.list_zonings(platform)}
    page = client.get("/decoupages").text
    assert 'data-testid="zoning-compare-form"' in page
    first, third = min(versions.values()), versions["Troisième"]
    answer = client.get(
        f"/decoupages/comparer?version={third}&avec={first}", follow_redirects=False
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/decoupages/{third}/comparaison?avec={first}"
    compared = client.get(answer.headers["location"])
    assert compared.status_code == 200
    summary = re.search(r'data-testid="moved-summary">(\d+) ', compared.text)
    assert summary is not None and summary.group(1) == "1"  # the one commune moved since #1
    assert (
        html.escape(territories.territory_detail(platform, moved).territory.name) in compared.text
    )
    assert client.get("/decoupages/comparer?version=abc&avec=1").status_code == 400
