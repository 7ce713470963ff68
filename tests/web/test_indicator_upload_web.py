"""Indicator values uploaded in the web and the API: preview, confirmation, located faults
in French, files that are not tables, and who may."""

from __future__ import annotations

import html
import io
import re

import pytest
from fastapi.testclient import TestClient

from maillage.domain.access import Role
from maillage.domain.territory import Level
from maillage.services import audit_trail, indicators
from maillage.tabular import spreadsheet
from maillage.web import uploads
from maillage.web.app import create_app
from tests.accounts_helpers import add_person, session_for
from tests.helpers import snapshot

INDICATOR = "dependance-jeunes"  # of the shipped catalogue


@pytest.fixture
def client(platform):
    with TestClient(create_app(platform)) as test_client:
        yield test_client


@pytest.fixture
def csrf(client, platform):
    manager = add_person(platform, "aviq@example.be", Role.ADMINISTRATION)
    return session_for(client, platform, manager)


def stored(platform, period):
    table = indicators.values(platform, INDICATOR, Level.COMMUNE, period, public=False)
    return {t.code: e for t, e in table.rows if e is not None}


def upload(client, csrf, content, filename="valeurs.csv", indicator=INDICATOR):
    return client.post(
        "/indicateurs/envoi",
        data={"csrf_token": csrf, "indicator": indicator},
        files={"file": (filename, io.BytesIO(content), "text/csv")},
    )


def confirm(client, page):
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
    return client.post("/indicateurs/envoi/confirmation", data=fields)


def faults(page):
    table = re.search(r'data-testid="upload-problems">(.*?)</table>', page, re.S)
    assert table is not None, page
    rows = [re.findall(r"<td[^>]*>([^<]*)</td>", row) for row in table.group(1).split("<tr>")]
    return [tuple(html.unescape(c) for c in cells) for cells in rows if cells]


def test_the_page_previews_then_stores_the_values_with_an_audit_entry(client, platform, csrf):
    page = client.get("/indicateurs/envoi")
    assert page.status_code == 200 and 'data-testid="values-upload-form"' in page.text
    assert f'value="{INDICATOR}"' in page.text and 'value="offre-' not in page.text
    periods = indicators.get_indicator(platform, INDICATOR).periods
    latest = periods[-1]
    before = stored(platform, latest)
    code = sorted(before)[0]
    content = f"refnis;period;numerator;denominator\n{code};{latest};1234;5000\n".encode()
    nothing = snapshot(platform)
    previewed = upload(client, csrf, content)
    assert previewed.status_code == 200, previewed.text
    assert snapshot(platform) == nothing  # the preview stores nothing
    summary = re.search(r'data-testid="values-preview">(.*?)</table>', previewed.text, re.S)
    assert summary is not None
    cells = re.findall(r'<td class="num">([^<]*)</td>', summary.group(1))
    assert cells[:3] == ["0", "1", "0"]
    # The values of the period the file leaves out are dropped, and counted as such.
    assert int(cells[3].replace("\u202f", "").replace(" ", "")) >= len(before) - 1
    assert "Enregistrer ce fichier supprime" in previewed.text  # and the page warns of it
    assert "Valeurs remplacées" in previewed.text and "1 234" in previewed.text.replace(
        "\u202f", " "
    )

    done = confirm(client, previewed.text)
    assert done.status_code == 200 and 'data-testid="indicator-loaded"' in done.text
    assert "1 valeur" in done.text
    assert stored(platform, latest)[code].numerator == 1234
    events = audit_trail.events(platform, audit_trail.AuditFilter(entity="indicator"))
    assert events[0].action == "load" and events[0].after["file"] == "valeurs.csv"
    assert events[0].actor == "aviq@example.be" or "aviq" in events[0].actor
    # The token served once.
    assert confirm(client, previewed.text).status_code == 404


def test_a_wrong_value_on_line_n_is_named_in_french_and_nothing_changes(client, platform, csrf):
    latest = indicators.get_indicator(platform, INDICATOR).periods[-1]
    content = (
        f"refnis,period,numerator,denominator\n92094,{latest},10,100\n92003,{latest},dix,100\n"
    ).encode()
    before = snapshot(platform)
    refused = upload(client, csrf, content)
    assert refused.status_code == 422
    [(file, line, field, value, problem)] = faults(refused.text)
    assert (file, line, field, value) == ("valeurs.csv", "3", "numerator", "dix")
    assert "nombre" in problem  # said in French
    assert "Le fichier a été refusé" in refused.text
    assert 'data-testid="upload-confirm"' not in refused.text
    assert snapshot(platform) == before


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"\x00\x01\x02PK binary\x00" * 50, "binaire"),
        ("refnis;period;numerator;denominator\n92094;2024;1;x\n".encode("utf-16"), "x"),
        (b"refnis,period,value\n" + b"9" * 300_000 + b",2024,1\n", "ligne"),
    ],
    ids=["binary", "utf-16", "endless-field"],
)
def test_files_that_are_not_good_tables_are_refused_never_a_500(
    client, platform, csrf, content, said
):
    before = snapshot(platform)
    refused = upload(client, csrf, content)
    assert refused.status_code in (413, 422), refused.text
    assert said in refused.text
    assert snapshot(platform) == before


def test_a_file_that_changes_nothing_says_so_and_offers_no_confirmation(client, platform, csrf):
    rows = [["refnis", "period", "numerator", "denominator"], [92094, 2030, 12, 100]]
    workbook = spreadsheet.xlsx_bytes("v", rows)
    first = upload(client, csrf, workbook, filename="v.xlsx")
    assert confirm(client, first.text).status_code == 200
    page = upload(client, csrf, workbook, filename="v.xlsx")
    assert page.status_code == 200, page.text
    assert 'data-testid="values-unchanged"' in page.text
    assert 'data-testid="upload-confirm"' not in page.text


def test_the_api_previews_then_loads(client, platform, csrf):
    latest = indicators.get_indicator(platform, INDICATOR).periods[-1]
    content = f"refnis,period,numerator,denominator\n92094,{latest},77,1000\n".encode()
    headers = {"X-CSRF-Token": csrf}

    def files():
        return {"file": ("v.csv", io.BytesIO(content), "text/csv")}

    before = snapshot(platform)
    preview = client.post(
        f"/api/v1/indicators/{INDICATOR}/values/preview", files=files(), headers=headers
    )
    assert preview.status_code == 200, preview.text
    [period] = preview.json()["periods"]
    assert period["period"] == latest and period["replaced"] == 1
    assert period["samples"][0]["new"][0] == 77
    assert snapshot(platform) == before
    loaded = client.post(f"/api/v1/indicators/{INDICATOR}/values", files=files(), headers=headers)
    assert loaded.status_code == 201, loaded.text
    assert loaded.json()["values"] == 1 and stored(platform, latest)["92094"].numerator == 77
    bad = client.post(
        f"/api/v1/indicators/{INDICATOR}/values",
        files={"file": ("b.csv", io.BytesIO(b"refnis,period,value\n99999,2024,1\n"), "text/csv")},
        headers=headers,
    )
    assert bad.status_code == 422 and "99999" in " ".join(bad.json()["error"]["details"])
    unknown = client.post("/api/v1/indicators/nope/values", files=files(), headers=headers)
    assert unknown.status_code == 404


def test_only_data_roles_may_load_values(client, platform):
    actor = add_person(platform, "acteur@example.be", Role.BASSIN_ACTOR)
    token = session_for(client, platform, actor)
    assert client.get("/indicateurs/envoi").status_code == 403
    assert upload(client, token, b"refnis,period,value\n").status_code == 403
    assert "/indicateurs/envoi" not in client.get("/mon-espace").text


def test_a_file_over_the_limit_is_refused_whole(client, platform, csrf, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 1000)
    before = snapshot(platform)
    refused = upload(client, csrf, b"refnis,period,value\n" + b"92094,2024,1\n" * 200)
    assert refused.status_code == 413 and "Mo" in refused.text
    assert snapshot(platform) == before
