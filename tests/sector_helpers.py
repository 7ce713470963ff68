"""A SYNTHETIC Statbel statistical-sector file: Liège (62063) cut into four strips.

Statbel publishes no file small enough for a test, so this one is made in Statbel's
format (a GeoJSON FeatureCollection in Belgian Lambert 72, EPSG:31370, with the
attributes CD_SECTOR, TX_SECTOR_DESCR_FR/NL and CD_MUNTY_REFNIS, and the pipe-separated
population-by-sector table CD_REFNIS|CD_SECTOR|TOTAL|…). Its sectors and populations are
invented: the four strips partition Liège's shipped outline and their populations add up
to Liège's population of the year used. Not data about Liège's real sectors.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import shapely
from pyproj import Transformer
from shapely.geometry import box, mapping, shape

from maillage.services import sectors, territories, zonings
from maillage.services.platform import Platform
from maillage.store import territories as store

LIEGE = "62063"
SECTORS = ("62063A00-", "62063A01-", "62063B00-", "62063B01-")
WEIGHTS = (4, 1, 3, 2)  # tenths of the population of each synthetic sector


def liege_population(platform: Platform) -> int:
    return territories.territory_detail(platform, LIEGE).territory.population


def write_synthetic_sectors(platform: Platform, folder: Path) -> tuple[Path, Path, dict[str, int]]:
    """The boundaries file, the population file, and each sector's population."""
    detail_geometry = _liege_geometry(platform)
    to_lambert72 = Transformer.from_crs("EPSG:4326", "EPSG:31370", always_xy=True)
    projected = shapely.transform(detail_geometry, to_lambert72.transform, interleaved=False)
    xmin, ymin, xmax, ymax = projected.bounds
    step = (xmax - xmin) / len(SECTORS)
    total = liege_population(platform)
    counts = [total * w // 10 for w in WEIGHTS]
    counts[-1] += total - sum(counts)
    populations = dict(zip(SECTORS, counts, strict=True))
    features = []
    for i, code in enumerate(SECTORS):
        strip = projected.intersection(
            box(xmin + i * step, ymin - 1, xmin + (i + 1) * step, ymax + 1)
        )
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "CD_SECTOR": code,
                    "TX_SECTOR_DESCR_NL": f"Synthetische sector {i + 1}",
                    "TX_SECTOR_DESCR_FR": f"Secteur synthétique {i + 1}",
                    "CD_MUNTY_REFNIS": LIEGE,
                    "TX_MUNTY_DESCR_FR": "Liège",
                },
                "geometry": mapping(strip),
            }
        )
    features.append(  # a Flemish sector: outside Wallonia, left out
        {
            "type": "Feature",
            "properties": {"CD_SECTOR": "11002A00-", "CD_MUNTY_REFNIS": "11002"},
            "geometry": None,
        }
    )
    boundaries = folder / "synthetic_statbel_sectors_31370_62063.geojson"
    boundaries.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "name": "synthetic_statbel_sectors",
                "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::31370"}},
                "features": features,
            },
            indent=1,
        ),
        encoding="utf-8",
    )
    table = folder / "synthetic_OPEN_DATA_SECTOREN_2022.txt"
    lines = ["CD_REFNIS|CD_SECTOR|TOTAL|TX_DESCR_SECTOR_FR|TX_DESCR_FR"]
    lines += [
        f"{LIEGE}|{code}|{count}|Secteur synthétique|Liège" for code, count in populations.items()
    ]
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return boundaries, table, populations


def _liege_geometry(platform: Platform) -> shapely.Geometry:
    with platform.reading() as session:
        row = store.commune(session, LIEGE)
        assert row is not None and row.geometry
        return shape(json.loads(row.geometry))


def split_liege(platform, tmp_path):
    """Import the synthetic sectors, then a zoning putting Liège's east in a new bassin."""
    boundaries, table, _populations = write_synthetic_sectors(platform, tmp_path)
    sectors.import_sectors(platform, boundaries, table, year=2022)
    rows = list(csv.reader(io.StringIO(zonings.export_zoning(platform))))
    header, body = rows[0], rows[1:]
    liege = next(r for r in body if r[0] == LIEGE)
    _refnis, bassin, bassin_name, ols, ols_name = liege
    lines = [[*r, ""] for r in body if r[0] != LIEGE]
    for code in SECTORS[:2]:
        lines.append([LIEGE, bassin, bassin_name, ols, ols_name, code])
    for code in SECTORS[2:]:
        lines.append([LIEGE, "BV-LGE-EST", "Liège-Est (essai)", ols, ols_name, code])
    path = tmp_path / "split.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([[*header, "sector_code"], *lines])
    zonings.import_zoning(
        platform, path, name="Liège partagée", valid_from=date(2026, 1, 1), activate_it=True
    )
    return bassin, ols
