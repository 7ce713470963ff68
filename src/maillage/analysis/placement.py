"""Placing points: projected coordinates and the commune a point falls in."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import shapely
from shapely.geometry.base import BaseGeometry

from maillage.analysis.geometry import lambert_transformer, to_lambert


def project(longitudes: Sequence[float], latitudes: Sequence[float]) -> list[tuple[float, float]]:
    """WGS84 degrees to EPSG:3812 metres, many points at once."""
    if not longitudes:
        return []
    xs, ys = lambert_transformer().transform(list(longitudes), list(latitudes))
    return [(float(x), float(y)) for x, y in zip(xs, ys, strict=True)]


class CommuneLocator:
    """Finds the commune of a point; generalised outlines, so a point just outside every
    commune (up to *tolerance_m*) goes to the nearest one."""

    def __init__(self, boundaries: Mapping[str, BaseGeometry], tolerance_m: float = 1500) -> None:
        self._codes = sorted(boundaries)
        self._shapes = [to_lambert(boundaries[code]) for code in self._codes]
        self._tree = shapely.STRtree(self._shapes)
        self._tolerance = tolerance_m
        self._centroids = {
            code: (shape.centroid.x, shape.centroid.y)
            for code, shape in zip(self._codes, self._shapes, strict=True)
        }

    def commune_at(self, x: float, y: float) -> str | None:
        point = shapely.Point(x, y)
        hits = self._tree.query(point, predicate="within")
        if len(hits):
            return self._codes[int(hits[0])]
        nearest = self._tree.query_nearest(point, max_distance=self._tolerance)
        return self._codes[int(nearest[0])] if len(nearest) else None

    def centroid(self, refnis: str) -> tuple[float, float] | None:
        return self._centroids.get(refnis)
