"""Maps of communes drawn without tiles (the map is its own background), filled by class,
and the legend of their classes."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from maillage.i18n import gettext as _
from maillage.web.charts.palette import NO_DATA, class_colour
from maillage.web.charts.scales import number, svg

OUTSIDE_FILL = "#c8c8c8"  # German-language communes, outside the reform (map.js alike)


@dataclass(frozen=True)
class MapShape:
    code: str
    name: str
    geometry: Mapping[str, Any]  # GeoJSON Polygon or MultiPolygon in WGS84


def choropleth(
    shapes: Sequence[MapShape],
    classes: Mapping[str, int | None],
    highlight: set[str],
    width: int = 420,
    outside: Sequence[MapShape] = (),
) -> Markup:
    """Communes filled by class (no tiles: the map is its own background); *outside*
    communes (German-language, outside the reform) greyed and dashed, never classed."""
    rings = [(s, ring) for s in (*shapes, *outside) for ring in _rings(s.geometry)]
    if not rings:
        return Markup("")
    lons = [pt[0] for _s, ring in rings for pt in ring]
    lats = [pt[1] for _s, ring in rings for pt in ring]
    squeeze = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x = (max(lons) - min(lons)) * squeeze or 1e-6
    span_y = (max(lats) - min(lats)) or 1e-6
    scale = (width - 4) / span_x
    height = span_y * scale + 4
    west, north = min(lons), max(lats)

    def point(lon: float, lat: float) -> str:
        return f"{2 + (lon - west) * squeeze * scale:.0f},{2 + (north - lat) * scale:.0f}"

    def path(ring: list[list[float]]) -> str:
        points: list[str] = []
        for lon, lat, *_rest in ring:
            text = point(lon, lat)
            if not points or text != points[-1]:  # drop points closer than the rounding
                points.append(text)
        return "M" + " L".join(points) + " Z" if len(points) > 2 else ""

    parts = []
    for shape in shapes:
        d = " ".join(filter(None, (path(ring) for ring in _rings(shape.geometry))))
        index = classes.get(shape.code)
        fill = class_colour(index) if index is not None else NO_DATA
        strong = shape.code in highlight
        parts.append(
            f'<path d="{d}" fill="{fill}" fill-rule="evenodd" '
            f'stroke="{"#d40000" if strong else "#666"}" '
            f'stroke-width="{2 if strong else 0.4}" data-code="{escape(shape.code)}">'
            f"<title>{escape(shape.name)}</title></path>"
        )
    for shape in outside:
        d = " ".join(filter(None, (path(ring) for ring in _rings(shape.geometry))))
        parts.append(
            f'<path d="{d}" fill="{OUTSIDE_FILL}" fill-rule="evenodd" stroke="#666" '
            f'stroke-width="0.4" stroke-dasharray="2 2" data-code="{escape(shape.code)}" '
            f'data-status="outside-reform"><title>{escape(shape.name)}</title></path>'
        )
    return svg(width, round(height, 1), "".join(parts), _("map of the communes"), "choropleth")


def _rings(geometry: Mapping[str, Any]) -> list[list[list[float]]]:
    if geometry.get("type") == "Polygon":
        return list(geometry["coordinates"])
    if geometry.get("type") == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


def legend(breaks: Sequence[float], unit: str) -> list[tuple[str, str]]:
    """Colour and label of each class, for the map's legend."""
    labels: list[tuple[str, str]] = []
    lower: float | None = None
    for index, upper in enumerate(breaks):
        text = (
            _("up to {high}").format(high=number(upper))
            if lower is None
            else _("{low} to {high}").format(low=number(lower), high=number(upper))
        )
        labels.append((class_colour(index), f"{text} {unit}".strip()))
        lower = upper
    return labels
