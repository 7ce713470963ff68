"""Flat exports of the directory for spreadsheets and maps: CSV, XLSX, GeoJSON.

Belgian Excel opens CSV right only with ``;`` and a UTF-8 BOM: ``excel=True`` gives both.
Rows go through ``tabular.spreadsheet``, which keeps imported text from running as formulas.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from maillage.domain.directory import ServiceHit
from maillage.tabular import spreadsheet

COLUMNS = (
    "id",
    "nom",
    "organisation",
    "types",
    "adresse",
    "commune",
    "latitude",
    "longitude",
    "langues",
    "cout",
    "acces_pmr",
    "telephones",
    "horaires",
    "source",
    "licence",
    "donnees_de_demonstration",
    "derniere_verification",
    "a_verifier",
)
DAYS = ("lu", "ma", "me", "je", "ve", "sa", "di")


def hours(openings: list[list[Any]]) -> str:
    return "; ".join(f"{DAYS[d]} {o}-{c}" for d, o, c in openings)


def row(hit: ServiceHit) -> list[Any]:
    return [
        hit.id,
        hit.name,
        hit.organization,
        "|".join(t["code"] for t in hit.terms),
        hit.address,
        hit.commune or "",
        hit.latitude,
        hit.longitude,
        "|".join(hit.languages),
        hit.cost,
        "oui" if hit.pmr_accessible else "non",
        " | ".join(hit.phones),
        hours(hit.openings),
        hit.source,
        hit.licence,
        "oui" if hit.is_demo else "non",
        hit.last_verified.isoformat() if hit.last_verified else "",
        "oui" if hit.stale else "non",
    ]


def to_csv(hits: Sequence[ServiceHit], excel: bool = False) -> bytes:
    return spreadsheet.csv_bytes([COLUMNS, *(row(h) for h in hits)], excel)


def to_xlsx(hits: Sequence[ServiceHit]) -> bytes:
    return spreadsheet.xlsx_bytes("Services", [COLUMNS, *(row(h) for h in hits)])


def to_geojson(hits: Sequence[ServiceHit]) -> bytes:
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [h.longitude, h.latitude]},
            "properties": dict(zip(COLUMNS, row(h), strict=True)),
        }
        for h in hits
        if h.latitude is not None and h.longitude is not None
    ]
    return json.dumps(
        {"type": "FeatureCollection", "features": features}, ensure_ascii=False
    ).encode("utf-8")
