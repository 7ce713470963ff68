"""A bassin holding part of a split commune: its indicators carry the note on the
profile page, its PDF and through the API (SYNTHETIC sectors, see tests/sector_helpers)."""

from __future__ import annotations

import io

import pypdfium2
from fastapi.testclient import TestClient

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
