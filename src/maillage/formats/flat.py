"""Flat exports of the directory for spreadsheets and maps: CSV, XLSX, GeoJSON.

Belgian Excel opens CSV right only with ``;`` and a UTF-8 BOM: ``excel=True`` gives both.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

from maillage.domain.directory import ServiceHit

COLUMNS = ("id", "nom", "organisation", "types", "adresse", "commune", "latitude",
           "longitude", "langues", "cout", "acces_pmr", "telephones", "horaires", "source",
           "licence", "donnees_de_demonstration", "derniere_verification",
           "a_verifier")
DAYS = ("lu", "ma", "me", "je", "ve", "sa", "di")


def hours(openings: list[list[Any]]) -> str:
    return "; ".join(f"{DAYS[d]} {o}-{c}" for d, o, c in openings)


def row(hit: ServiceHit) -> list[Any]:
    return [hit.id, hit.name, hit.organization, "|".join(t["code"] for t in hit.terms),
            hit.address, hit.commune or "", hit.latitude, hit.longitude,
            "|".join(hit.languages), hit.cost, "oui" if hit.pmr_accessible else "non",
            " | ".join(hit.phones), hours(hit.openings), hit.source, hit.licence,
            "oui" if hit.is_demo else "non",
            hit.last_verified.isoformat() if hit.last_verified else "",
            "oui" if hit.stale else "non"]


def to_csv(hits: Sequence[ServiceHit], excel: bool = False) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if excel else ",", lineterminator="\r\n"
                        if excel else "\n")
    writer.writerow(COLUMNS)
    writer.writerows(row(h) for h in hits)
    return ("\ufeff" if excel else "").encode() + buffer.getvalue().encode("utf-8")


def to_xlsx(hits: Sequence[ServiceHit]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = "Services"
    sheet.append(list(COLUMNS))
    for hit in hits:
        sheet.append(row(hit))
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_geojson(hits: Sequence[ServiceHit]) -> bytes:
    features = [
        {"type": "Feature",
         "geometry": {"type": "Point", "coordinates": [h.longitude, h.latitude]},
         "properties": dict(zip(COLUMNS, row(h), strict=True))}
        for h in hits if h.latitude is not None and h.longitude is not None
    ]
    return json.dumps({"type": "FeatureCollection", "features": features},
                      ensure_ascii=False).encode("utf-8")
