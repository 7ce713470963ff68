"""The overview map's document (``/api/v1/map``): territories plus what makes it readable,
and the version tag that lets a browser keep it.

There is no tile server, so the features a reader finds their way by — province borders,
the names of the main towns and of the OLS — are drawn from the shipped data. The whole
document changes only when the database does, so its tag is the zoning, the database's
change counter and the language (the labels are translated): a browser asking again with
that tag gets a 304 instead of half a megabyte.
"""

from __future__ import annotations

import json
from typing import Any

from shapely.geometry.base import BaseGeometry

from maillage.analysis.geometry import from_geojson, outline, to_geojson
from maillage.i18n import current_language
from maillage.services.platform import Platform
from maillage.services.territories import map_layers
from maillage.services.zonings import resolve
from maillage.store import changes
from maillage.store import territories as store

# The towns named on the overview map: the largest commune of each arrondissement, and any
# commune from this population on (Seraing beside Liège). About twenty, spread over the
# region: enough to find one's way without covering the colours.
LARGE_TOWN = 60_000


def map_tag(platform: Platform, zoning_ref: str | None) -> str | None:
    """The version of the map document for *zoning_ref*: a weak ETag (the body is sent
    compressed or not), None when the change counter cannot be read (then nothing is
    cached). The counter is read before the zoning, so a tag never claims a newer state
    than the document built after it."""
    counter = changes.current(platform.engine)
    if counter is None:
        return None
    with platform.reading() as session:
        zoning = resolve(session, zoning_ref)
    return f'W/"map-{zoning.id}-{counter}-{current_language()}"'


def map_document(platform: Platform, zoning_ref: str | None) -> dict[str, Any]:
    """The territories of the zoning (``territories.map_layers``), its OLS named at a
    point inside each, the province borders and the main towns."""
    layers = map_layers(platform, zoning_ref)
    base = base_layers(platform, layers["population_year"])
    return {
        **layers,
        "provinces": base["provinces"],
        "towns": base["towns"],
        "ols_labels": [
            label_point(f["properties"]["name"], from_geojson(f["geometry"]))
            for f in layers["ols"]["features"]
        ],
    }


def label_point(name: str, geometry: BaseGeometry) -> dict[str, Any]:
    """Where a name is written: a point inside the shape (a centroid may fall outside)."""
    point = geometry.representative_point()
    return {"name": name, "lat": round(point.y, 5), "lon": round(point.x, 5)}


def base_layers(platform: Platform, year: int) -> dict[str, Any]:
    """Province borders (communes dissolved by province) and the main towns (their
    population of *year*), the same for every zoning; memoised."""

    def build() -> dict[str, Any]:
        with platform.reading() as session:
            rows = [r for r in store.communes(session) if r.map_geometry]
            populations = store.population_totals(session, year)
            shapes = {r.refnis: from_geojson(json.loads(r.map_geometry or "")) for r in rows}
            by_province: dict[str, list[BaseGeometry]] = {}
            for r in rows:
                by_province.setdefault(r.province_refnis, []).append(shapes[r.refnis])
            provinces = []
            for code, parts in sorted(by_province.items()):
                area = store.admin_area(session, code)
                provinces.append(
                    {
                        "type": "Feature",
                        "geometry": to_geojson(outline(parts)),
                        "properties": {"code": code, "name": area.name_fr if area else code},
                    }
                )
            largest: dict[str, str] = {}
            for r in rows:
                known = largest.get(r.arrondissement_refnis)
                if known is None or populations.get(r.refnis, 0) > populations.get(known, 0):
                    largest[r.arrondissement_refnis] = r.refnis
            named = set(largest.values())
            towns = [
                {
                    **label_point(r.name_fr, shapes[r.refnis]),
                    "population": populations.get(r.refnis, 0),
                }
                for r in rows
                if r.refnis in named or populations.get(r.refnis, 0) >= LARGE_TOWN
            ]
        towns.sort(key=lambda t: -int(t["population"]))
        return {"provinces": {"type": "FeatureCollection", "features": provinces}, "towns": towns}

    return platform.remember(("base-layers", year), build)
