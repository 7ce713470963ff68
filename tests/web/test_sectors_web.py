"""A bassin holding part of a split commune: its indicators carry the note on the
profile page, its PDF and through the API (SYNTHETIC sectors, see tests/sector_helpers)."""

from __future__ import annotations

import io

import pypdfium2
from fastapi.testclient import TestClient

from maillage.services import territories
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
