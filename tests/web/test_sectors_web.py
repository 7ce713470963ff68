"""A bassin holding part of a split commune: its indicators carry the note on the
profile page, its PDF and through the API (SYNTHETIC sectors, see tests/sector_helpers)."""

from __future__ import annotations

import io

import pypdfium2
from fastapi.testclient import TestClient

from maillage.services import sectors, territories
from maillage.web.app import create_app
from tests.sector_helpers import LIEGE, split_liege

NOTE = "donnée communale non divisible"


def test_a_commune_level_indicator_of_a_split_bassin_is_shown_with_the_note(platform, tmp_path):
    bassin, _ols = split_liege(platform, tmp_path)
    with TestClient(create_app(platform)) as client:
        page = client.get("/profils/BV-LGE-EST")
        assert page.status_code == 200
        assert NOTE in page.text
        part = client.get(f"/territoires/{LIEGE}.BV-LGE-EST")
        assert part.status_code == 200 and "Liège (partie)" in part.text

        body = client.get(
            "/api/v1/indicators/pop-80plus-pct/values", params={"level": "bassin"}
        ).json()
        values = {v["code"]: v for v in body["values"]}
        assert NOTE in values["BV-LGE-EST"]["note"] and NOTE in values[bassin]["note"]
        assert values["BV-LGE-EST"]["value"] is not None
        assert NOTE in body["notes"]["BV-LGE-EST"]
        assert all(not v["note"] for code, v in values.items() if code not in body["notes"])

        pdf = client.get("/profils/BV-LGE-EST/pdf")
        document = pypdfium2.PdfDocument(io.BytesIO(pdf.content))
        text = " ".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
        assert "non divisible" in text.replace("\r\n", " ").replace("\n", " ")


def test_sectors_are_uploaded_by_the_administration_only(platform, tmp_path):
    from maillage.domain.access import Role
    from maillage.services import accounts
    from tests.accounts_helpers import ADMIN
    from tests.sector_helpers import write_synthetic_sectors

    boundaries, table, _populations = write_synthetic_sectors(platform, tmp_path)
    people = {}
    for role, scope in ((Role.ADMINISTRATION, "03000"), (Role.OLS_TEAM, "OLS-01")):
        person = accounts.create_person(platform, ADMIN, f"{role.value}@example.be", "X", None)
        accounts.grant(
            platform, ADMIN, person.id, role, scope, territories.level_of(platform, scope)
        )
        people[role] = {
            "Authorization": "Bearer " + accounts.create_token(platform, ADMIN, person.id, "t")[1]
        }
    files = {
        "file": (boundaries.name, boundaries.read_bytes(), "application/geo+json"),
        "population": (table.name, table.read_bytes(), "text/plain"),
    }
    with TestClient(create_app(platform)) as client:
        refused = client.post("/api/v1/sectors", files=files, headers=people[Role.OLS_TEAM])
        assert refused.status_code == 403
        done = client.post(
            "/api/v1/sectors",
            files=files,
            data={"year": "2022"},
            headers=people[Role.ADMINISTRATION],
        )
        assert done.status_code == 200, done.text
        assert done.json() == {"sectors": 4, "with_population": 4, "skipped": 1, "year": 2022}
        bad = client.post(
            "/api/v1/sectors",
            files={"file": ("x.geojson", b'{"features": [{"properties": {}}]}', "text/plain")},
            headers=people[Role.ADMINISTRATION],
        )
        assert bad.status_code == 422 and "CD_SECTOR" in bad.text


def _upload(client, csrf, boundaries, table=None, year=""):
    files = {"file": (boundaries[0], io.BytesIO(boundaries[1]), "application/geo+json")}
    # A browser sends the unchosen population file as an empty part without a name.
    files["population"] = table or ("", io.BytesIO(b""), "application/octet-stream")
    return client.post(
        "/secteurs",
        data={"csrf_token": csrf, "year": year},
        files=files,
        follow_redirects=False,
    )


def test_sectors_are_loaded_from_the_page_and_listed_there_and_in_the_api(platform, tmp_path):
    from maillage.domain.access import Role
    from tests.accounts_helpers import add_person, session_for
    from tests.sector_helpers import write_synthetic_sectors

    boundaries, table, populations = write_synthetic_sectors(platform, tmp_path)
    with TestClient(create_app(platform)) as client:
        assert "/secteurs" in client.get("/decoupages").text
        empty = client.get("/secteurs")
        assert empty.status_code == 200 and "Aucun secteur statistique" in empty.text
        assert 'enctype="multipart/form-data"' not in empty.text  # anonymous: no form

        team = add_person(platform, "ols@example.be", Role.OLS_TEAM)
        csrf = session_for(client, platform, team)
        good = (boundaries.name, boundaries.read_bytes())
        assert _upload(client, csrf, good).status_code == 403

        aviq = add_person(platform, "aviq@example.be", Role.ADMINISTRATION)
        csrf = session_for(client, platform, aviq)
        assert 'enctype="multipart/form-data"' in client.get("/secteurs").text
        bad = b'{"features": [' + b'{"properties": {}}, ' * 60 + b'{"properties": {}}]}'
        refused = _upload(client, csrf, ("mauvais.geojson", bad), year="2022")
        assert refused.status_code == 422
        assert "mauvais.geojson" in refused.text and "CD_SECTOR" in refused.text
        assert "11 autres anomalies non affichées" in refused.text  # the first ones, then a count
        assert client.get("/api/v1/sectors").json()["sectors"] == 0  # nothing stored

        without_csrf = client.post(
            "/secteurs",
            files={"file": (good[0], io.BytesIO(good[1]), "application/geo+json")},
        )
        assert without_csrf.status_code == 403

        population = (table.name, io.BytesIO(table.read_bytes()), "text/plain")
        done = _upload(client, csrf, good, population, year="2022")
        assert done.status_code == 303, done.text
        page = client.get(done.headers["location"])
        assert page.status_code == 200 and "Statbel" in page.text and "2022" in page.text

    summary = sectors.sector_summary(platform)
    assert (summary.sectors, summary.communes, summary.with_population) == (4, 1, 4)
    assert summary.population == sum(populations.values())
    assert summary.population_years == [2022]
    with TestClient(create_app(platform)) as client:
        body = client.get("/api/v1/sectors").json()
        assert body["sectors"] == 4 and body["communes"] == 1
        assert body["population_years"] == [2022] and body["source"]["key"] == "statbel-sectors"
