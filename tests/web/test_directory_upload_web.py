"""Directory files uploaded in the web and the API: preview (added, updated, unchanged,
refused), confirmation, located faults in French, the templates, and who may."""

from __future__ import annotations

import csv
import html
import io
import json
import re

import pytest
from fastapi.testclient import TestClient

from maillage.domain.access import Role
from maillage.formats.csv_template import COLUMNS
from maillage.services import directory
from maillage.tabular import spreadsheet
from maillage.web.app import create_app
from tests.accounts_helpers import add_person, session_for
from tests.helpers import snapshot
from tests.services.test_directory import BAD_ROWS, template


@pytest.fixture
def client(platform):
    with TestClient(create_app(platform)) as test_client:
        yield test_client


@pytest.fixture
def csrf(client, platform):
    curator = add_person(platform, "equipe@example.be", Role.OLS_TEAM)
    return session_for(client, platform, curator)


def upload(client, csrf, content, filename="permanences.csv", **fields):
    return client.post(
        "/repertoire/envoi",
        data={"csrf_token": csrf, **fields},
        files={"file": (filename, io.BytesIO(content), "application/octet-stream")},
    )


def confirm(client, page):
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
    return client.post("/repertoire/envoi/confirmation", data=fields)


def figures(page):
    table = re.search(r'data-testid="directory-preview">(.*?)</table>', page, re.S)
    assert table is not None, page
    cells = re.findall(r'<td class="num">([^<]*)</td>', table.group(1))
    return [int(re.sub(r"\D", "", c)) for c in cells]  # grouped: 7 532


def found(platform, words):
    return directory.search(platform, directory.SearchRequest(text=words)).total


def test_the_page_previews_then_imports_the_template_in_one_go(client, platform, csrf):
    page = client.get("/repertoire/envoi")
    assert page.status_code == 200 and 'data-testid="directory-upload-form"' in page.text
    assert 'href="/repertoire/modele.csv"' in page.text
    content = template(rows=12).encode()
    before = snapshot(platform)
    previewed = upload(client, csrf, content, source_name="Permanences namuroises")
    assert previewed.status_code == 200, previewed.text
    assert figures(previewed.text) == [12, 0, 0, 0]  # added, updated, unchanged, refused
    assert "Permanence sociale 1" in previewed.text
    assert snapshot(platform) == before
    done = confirm(client, previewed.text)
    assert done.status_code == 200 and "12 services créés" in done.text
    assert found(platform, "permanence sociale") == 12
    again = upload(client, csrf, content, source_name="Permanences namuroises")
    assert figures(again.text) == [0, 0, 12, 0]
    assert 'data-testid="directory-unchanged"' in again.text
    assert 'data-testid="upload-confirm"' not in again.text


def test_a_wrong_value_on_line_n_is_named_in_french_and_nothing_changes(client, platform, csrf):
    before = snapshot(platform)
    refused = upload(client, csrf, template(rows=100, bad=BAD_ROWS).encode())
    assert refused.status_code == 422
    table = re.search(r'data-testid="upload-problems">(.*?)</table>', refused.text, re.S)
    assert table is not None
    rows = [re.findall(r"<td[^>]*>([^<]*)</td>", r) for r in table.group(1).split("<tr>")]
    located = {(c[0], c[1], c[2], html.unescape(c[3])): c[4] for c in rows if c}
    assert located[("permanences.csv", "18", "types", "plombier")] == (
        "type de service inconnu (voir la taxonomie)"
    )
    assert located[("permanences.csv", "53", "latitude", "48.1 4.826")] == (
        "coordonnées en dehors de la Belgique"
    )
    assert "Le fichier a été refusé" in refused.text
    assert snapshot(platform) == before


def test_refused_records_can_be_left_out_with_their_reasons(client, platform, csrf):
    content = template(rows=100, bad=BAD_ROWS).encode()
    previewed = upload(client, csrf, content, skip_invalid="true")
    assert previewed.status_code == 200, previewed.text
    assert figures(previewed.text) == [97, 0, 0, 3]
    assert "coordonnées en dehors de la Belgique" in previewed.text
    done = confirm(client, previewed.text)
    assert "97 services créés" in done.text and "3 enregistrements écartés" in done.text


@pytest.mark.parametrize(
    ("content", "filename", "said"),
    [
        (b"\x00\x01binary\x00" * 100, "permanences.csv", "binaire"),
        (b"PK\x03\x04 not a workbook", "permanences.xlsx", "XLSX"),
        (b"{not json", "export.json", "JSON"),
        (b"organisation,service", "notes.txt", "format inconnu"),
    ],
    ids=["binary", "broken-xlsx", "broken-json", "unknown-format"],
)
def test_files_that_cannot_be_read_are_refused_never_a_500(
    client, platform, csrf, content, filename, said
):
    before = snapshot(platform)
    refused = upload(client, csrf, content, filename=filename)
    assert refused.status_code in (400, 422), refused.text
    assert said in html.unescape(refused.text)
    assert snapshot(platform) == before


def test_a_utf16_template_and_an_xlsx_workbook_are_read(client, platform, csrf):
    utf16 = upload(client, csrf, template(rows=3).encode("utf-16"))
    assert utf16.status_code == 200 and figures(utf16.text)[0] == 3
    rows = list(csv.reader(io.StringIO(template(rows=4)), delimiter=";"))
    workbook = spreadsheet.xlsx_bytes("Répertoire", rows)
    previewed = upload(client, csrf, workbook, filename="permanences.xlsx")
    assert previewed.status_code == 200 and figures(previewed.text)[0] == 4


def test_the_templates_download_with_the_columns(client):
    csv_file = client.get("/repertoire/modele.csv")
    assert csv_file.status_code == 200 and "attachment" in csv_file.headers["content-disposition"]
    assert csv_file.content.decode("utf-8-sig").strip() == ";".join(COLUMNS)
    xlsx = client.get("/repertoire/modele.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get("/repertoire/modele.pdf").status_code in (400, 404, 422)


def test_the_api_previews_then_imports_hsds_json(client, platform, csrf):
    services = directory.export_services(platform)[:2]
    for n, service in enumerate(services):
        service["id"] = f"00000000-0000-4000-8000-00000000000{n}"
        service["name"] = f"Service envoyé {n}"
    content = json.dumps(services).encode()
    headers = {"X-CSRF-Token": csrf}

    def files():
        return {"file": ("envoi.json", io.BytesIO(content), "application/json")}

    preview = client.post("/api/v1/directory/imports/preview", files=files(), headers=headers)
    assert preview.status_code == 200, preview.text
    assert preview.json()["added"] == 2 and preview.json()["added_names"][0] == "Service envoyé 0"
    stored = client.post("/api/v1/directory/imports", files=files(), headers=headers)
    assert stored.status_code == 201, stored.text
    assert stored.json()["created"] == 2 and found(platform, "service envoyé") == 2
    again = client.post("/api/v1/directory/imports/preview", files=files(), headers=headers)
    assert again.json()["changes_nothing"] and again.json()["unchanged"] == 2


def test_only_curators_may_import(client, platform):
    actor = add_person(platform, "acteur@example.be", Role.BASSIN_ACTOR)
    token = session_for(client, platform, actor)
    assert client.get("/repertoire/envoi").status_code == 403
    assert upload(client, token, template(rows=1).encode()).status_code == 403
    assert 'href="/repertoire/envoi"' not in client.get("/repertoire").text


def test_an_hsds_tabular_package_as_zip_is_previewed(client, platform, csrf, tmp_path):
    package = tmp_path / "paquet.zip"
    count = directory.export_to(platform, "hsds-tabular", package, include_demo=True)
    previewed = upload(client, csrf, package.read_bytes(), filename="paquet.zip")
    assert previewed.status_code == 200, previewed.text
    assert sum(figures(previewed.text)[:3]) == count
