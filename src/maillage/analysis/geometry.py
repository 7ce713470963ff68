"""Geometry helpers: projection to Belgian Lambert 2008, dissolving, simplifying."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

import shapely
from pyproj import Transformer
from shapely.geometry import MultiLineString, mapping, shape
from shapely.geometry.base import BaseGeometry

BELGIAN_LAMBERT_2008 = "EPSG:3812"
WGS84 = "EPSG:4326"


@cache
def lambert_transformer() -> Transformer:
    """WGS84 to Belgian Lambert 2008, built once: for whole arrays of coordinates."""
    return Transformer.from_crs(WGS84, BELGIAN_LAMBERT_2008, always_xy=True)


def to_lambert(geometry: BaseGeometry) -> BaseGeometry:
    """Project a WGS84 geometry to metres (EPSG:3812) for distances and areas."""
    return shapely.transform(geometry, lambert_transformer().transform, interleaved=False)


def from_geojson(geometry: Mapping[str, Any]) -> BaseGeometry:
    return shape(geometry)


def to_geojson(geometry: BaseGeometry) -> dict[str, Any]:
    return dict(mapping(geometry))


def dissolve(geometries: Iterable[BaseGeometry]) -> BaseGeometry:
    return shapely.union_all(list(geometries))


def simplify_for_map(geometry: BaseGeometry, tolerance_degrees: float = 0.0004) -> BaseGeometry:
    """Lighter outlines for web maps (≈30 m), keeping shared borders aligned enough."""
    return geometry.simplify(tolerance_degrees, preserve_topology=True)


def outline(parts: Iterable[BaseGeometry], gap_degrees: float = 0.0005) -> BaseGeometry:
    """The outer border of shapes that tile an area (a province from its communes), light
    enough for an overview map: simplified map outlines leave slivers between neighbours,
    which a small buffer closes; crumbs below ~0.1 km² are dropped, coordinates kept to
    about 10 m."""
    whole = shapely.union_all([g.buffer(gap_degrees) for g in parts]).buffer(-gap_degrees)
    polygons = [p for p in getattr(whole, "geoms", [whole]) if p.area > 1e-5]
    rings = MultiLineString([p.exterior.coords for p in polygons])
    return shapely.set_precision(rings.simplify(0.001), 0.0001)


def touching(
    candidates: Mapping[str, BaseGeometry],
    drawn: Iterable[BaseGeometry],
    tolerance_degrees: float = 0.001,
) -> list[str]:
    """Codes of the *candidates* that touch any *drawn* outline (WGS84), within a tolerance
    that bridges the slivers left between simplified map outlines (≈100 m)."""
    tree = shapely.STRtree(list(drawn))
    return sorted(
        code
        for code, geometry in candidates.items()
        if len(tree.query(geometry, predicate="dwithin", distance=tolerance_degrees))
    )


BELGIAN_LAMBERT_1972 = "EPSG:31370"


@cache
def _to_wgs84(crs: str) -> Transformer:
    return Transformer.from_crs(crs, WGS84, always_xy=True)


def belgian_crs(geometry: BaseGeometry) -> str:
    """The coordinate system a Belgian geometry is written in, told by its coordinates.

    Degrees (WGS84) stay below 90; Belgian Lambert 72 (EPSG:31370) metres lie below
    400,000 and Belgian Lambert 2008 (EPSG:3812) metres above 400,000.
    """
    x, y = geometry.representative_point().coords[0]
    if abs(x) <= 90 and abs(y) <= 90:
        return WGS84
    return BELGIAN_LAMBERT_1972 if x < 400_000 and y < 400_000 else BELGIAN_LAMBERT_2008


def to_wgs84(geometry: BaseGeometry, crs: str) -> BaseGeometry:
    """*geometry* in WGS84 degrees, from *crs*."""
    if crs == WGS84:
        return geometry
    return shapely.transform(geometry, _to_wgs84(crs).transform, interleaved=False)
