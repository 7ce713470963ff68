"""Charts of territory profiles drawn on the server as SVG.

The same markup serves the page and its PDF (WeasyPrint draws SVG), needs no script, and
loads nothing from elsewhere. Colours of comparisons follow the public-health profiles:
green better, amber similar, red worse; blue shades when no judgement applies (neutral
polarity), lighter for lower, darker for higher.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from maillage.domain.control_charts import Chart, ChartKind
from maillage.domain.indicators import Comparison, Direction, Estimate
from maillage.i18n import format_decimal
from maillage.i18n import gettext as _

COMPARISON_COLOURS = {
    Comparison.BETTER: "#2e7d32",
    Comparison.SIMILAR: "#e0a800",
    Comparison.WORSE: "#c62828",
}
DIRECTION_COLOURS = {
    Direction.HIGHER: "#1f4e8c",
    Direction.LOWER: "#9ecae1",
    Direction.SIMILAR: "#cfcfcf",
    Direction.UNKNOWN: "#ffffff",
}
# ColorBrewer YlGnBu, 5 classes (Cynthia Brewer, Apache-2.0 colour specifications).
SEQUENTIAL = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
NO_DATA = "#e6e6e6"


def colour_of(estimate: Estimate | None) -> str:
    if estimate is None or estimate.suppressed or estimate.value is None:
        return NO_DATA
    if estimate.comparison in COMPARISON_COLOURS:
        return COMPARISON_COLOURS[estimate.comparison]
    return DIRECTION_COLOURS[estimate.direction]


def number(value: float | None) -> str:
    if value is None:
        return "—"
    digits = 0 if abs(value) >= 1000 else 1 if abs(value) >= 10 else 2
    return format_decimal(value, digits)


def _svg(width: float, height: float, body: str, label: str, css: str = "chart") -> Markup:
    return Markup(
        f'<svg class="{css}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} '
        f'{height:g}" width="{width:g}" height="{height:g}" role="img" '
        f'aria-label="{escape(label)}">{body}</svg>'
    )


def spine(
    estimate: Estimate | None,
    region: Estimate | None,
    spread: Any,
    width: int = 220,
    height: int = 18,
) -> Markup:
    """One row of a spine chart: the peers' range and quartiles around the region's value.

    The region sits in the middle; the scale is symmetric so that distances to it read the
    same on both sides.
    """
    if spread is None or region is None or region.value is None:
        return Markup("")
    centre = region.value
    reach = (
        max(
            abs(spread.low - centre),
            abs(spread.high - centre),
            abs((estimate.value if estimate and estimate.value is not None else centre) - centre),
        )
        or 1.0
    )
    half = width / 2 - 6

    def x(value: float) -> float:
        return width / 2 + (value - centre) / reach * half

    parts = [
        f'<rect x="{x(spread.low):.1f}" y="4" width="{x(spread.high) - x(spread.low):.1f}" '
        f'height="{height - 8}" fill="#e3e3e3"/>',
        f'<rect x="{x(spread.q1):.1f}" y="4" width="{x(spread.q3) - x(spread.q1):.1f}" '
        f'height="{height - 8}" fill="#a9a9a9"/>',
        f'<line x1="{width / 2:.1f}" x2="{width / 2:.1f}" y1="0" y2="{height}" '
        f'stroke="#d40000" stroke-width="1.5"/>',
    ]
    label = _("range of peers {low} to {high}; region {region}").format(
        low=number(spread.low), high=number(spread.high), region=number(centre)
    )
    if estimate is not None and estimate.value is not None and not estimate.suppressed:
        parts.append(
            f'<circle class="spine-dot" data-comparison="{estimate.comparison.value}" '
            f'cx="{x(estimate.value):.1f}" cy="{height / 2}" r="5" '
            f'fill="{colour_of(estimate)}" stroke="#333" stroke-width="0.8"/>'
        )
        label += "; " + _("territory {value}").format(value=number(estimate.value))
    return _svg(width, height, "".join(parts), label, "spine")


def trend(
    points: Sequence[Estimate],
    region: Sequence[Estimate],
    unit: str,
    width: int = 300,
    height: int = 120,
) -> Markup:
    """Values over periods with their 95 % intervals, the region as a dashed line."""
    shown = [p for p in points if p.value is not None]
    if len(shown) < 2:
        return Markup("")
    periods = sorted({p.period for p in shown} | {r.period for r in region})
    values = [p.value for p in shown if p.value is not None]
    values += [v for p in shown if p.interval for v in (p.interval.low, p.interval.high)]
    values += [r.value for r in region if r.value is not None]
    low, high = min(values), max(values)
    if high == low:
        high = low + 1
    pad = (high - low) * 0.08
    low, high = low - pad, high + pad
    left, right, top, bottom = 44, 16, 8, 22

    def x(period: str) -> float:
        return left + periods.index(period) / max(1, len(periods) - 1) * (width - left - right)

    def y(value: float) -> float:
        return top + (high - value) / (high - low) * (height - top - bottom)

    parts = [
        f'<line x1="{left}" x2="{left}" y1="{top}" y2="{height - bottom}" stroke="#999"/>',
        f'<text x="{left - 4}" y="{y(high - pad) + 4:.1f}" text-anchor="end" '
        f'font-size="9">{escape(number(high - pad))}</text>',
        f'<text x="{left - 4}" y="{y(low + pad) + 4:.1f}" text-anchor="end" '
        f'font-size="9">{escape(number(low + pad))}</text>',
    ]
    with_interval = [p for p in shown if p.interval]
    if len(with_interval) >= 2:
        upper = " ".join(
            f"{x(p.period):.1f},{y(p.interval.high):.1f}" for p in with_interval if p.interval
        )
        lower = " ".join(
            f"{x(p.period):.1f},{y(p.interval.low):.1f}"
            for p in reversed(with_interval)
            if p.interval
        )
        parts.append(f'<polygon points="{upper} {lower}" fill="#1f4e8c" fill-opacity="0.15"/>')
    region_points = [r for r in region if r.value is not None]
    if len(region_points) >= 2:
        parts.append(
            '<polyline fill="none" stroke="#d40000" stroke-dasharray="4 3" points="'
            + " ".join(
                f"{x(r.period):.1f},{y(r.value):.1f}" for r in region_points if r.value is not None
            )
            + '"/>'
        )
    parts.append(
        '<polyline fill="none" stroke="#1f4e8c" stroke-width="2" points="'
        + " ".join(f"{x(p.period):.1f},{y(p.value):.1f}" for p in shown if p.value is not None)
        + '"/>'
    )
    for p in shown:
        if p.value is not None:
            parts.append(
                f'<circle cx="{x(p.period):.1f}" cy="{y(p.value):.1f}" r="3" '
                f'fill="{colour_of(p)}" stroke="#1f4e8c"/>'
            )
    for index in sorted({0, len(periods) - 1, (len(periods) - 1) // 2}):
        period = periods[index]
        parts.append(
            f'<text x="{x(period):.1f}" y="{height - 6}" text-anchor="middle" '
            f'font-size="9">{escape(period)}</text>'
        )
    label = _("trend from {first} to {last}").format(first=periods[0], last=periods[-1])
    return _svg(width, height, "".join(parts), f"{label} ({unit})", "trend")


def pyramid(
    bands: Sequence[tuple[str, int]], region: Mapping[str, int], width: int = 320, row: int = 16
) -> Markup:
    """Share of each age band, the territory's as bars and the region's as a red tick.

    Statbel's 2020 figures cross neither sex nor age, so the pyramid is one-sided.
    """
    total = sum(count for _band, count in bands)
    region_total = sum(region.values())
    if not total or not region_total:
        return Markup("")
    shares = [(band, count / total) for band, count in bands]
    region_shares = {band: count / region_total for band, count in region.items()}
    largest = max([s for _b, s in shares] + list(region_shares.values()))
    left, label_width = 40, 44
    bar_space = width - left - label_width
    parts = []
    for index, (band, share) in enumerate(reversed(shares)):
        top = index * row
        length = share / largest * bar_space
        tick = region_shares.get(band, 0.0) / largest * bar_space
        parts.append(
            f'<text x="{left - 4}" y="{top + row - 4}" text-anchor="end" font-size="10">'
            f"{escape(band)}</text>"
            f'<rect x="{left}" y="{top + 2}" width="{length:.1f}" height="{row - 4}" '
            f'fill="#2c7fb8"/>'
            f'<line x1="{left + tick:.1f}" x2="{left + tick:.1f}" y1="{top}" y2="{top + row}" '
            f'stroke="#d40000" stroke-width="2"/>'
            f'<text x="{left + length + 4:.1f}" y="{top + row - 4}" font-size="9">'
            f"{escape(format_decimal(100 * share, 1))} %</text>"
        )
    height = row * len(shares)
    return _svg(
        width,
        height,
        "".join(parts),
        _("population by age band, share of the total; red tick: Walloon Region"),
        "pyramid",
    )


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
) -> Markup:
    """Communes filled by class (no tiles: the map is its own background)."""
    rings = [(s, ring) for s in shapes for ring in _rings(s.geometry)]
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
        fill = SEQUENTIAL[min(index, len(SEQUENTIAL) - 1)] if index is not None else NO_DATA
        strong = shape.code in highlight
        parts.append(
            f'<path d="{d}" fill="{fill}" fill-rule="evenodd" '
            f'stroke="{"#d40000" if strong else "#666"}" '
            f'stroke-width="{2 if strong else 0.4}" data-code="{escape(shape.code)}">'
            f"<title>{escape(shape.name)}</title></path>"
        )
    return _svg(width, round(height, 1), "".join(parts), _("map of the communes"), "choropleth")


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
        labels.append((SEQUENTIAL[min(index, len(SEQUENTIAL) - 1)], f"{text} {unit}".strip()))
        lower = upper
    return labels


def participation(
    points: Sequence[tuple[str, int, int]], width: int = 520, height: int = 160
) -> Markup:
    """Attendance per meeting: a bar of members present against the members of the space.

    *points* are (date label, members present, members of the space), oldest first.
    """
    if not points:
        return Markup("")
    top = max(max(p[2] for p in points), max(p[1] for p in points), 1)
    left, bottom, plot_h = 28, 30, height - 40
    step = (width - left - 8) / len(points)
    bar = max(4.0, min(36.0, step * 0.6))
    parts = [
        f'<line x1="{left}" y1="{10 + plot_h}" x2="{width - 4}" y2="{10 + plot_h}" stroke="#999"/>',
        f'<text x="{left - 4}" y="14" font-size="10" text-anchor="end">{top}</text>',
        f'<text x="{left - 4}" y="{10 + plot_h}" font-size="10" text-anchor="end">0</text>',
    ]
    for i, (label, present, members) in enumerate(points):
        x = left + i * step + (step - bar) / 2
        full = plot_h * members / top
        came = plot_h * present / top
        parts.append(
            f'<rect x="{x:.1f}" y="{10 + plot_h - full:.1f}" width="{bar:.1f}" '
            f'height="{full:.1f}" fill="#e6e6e6"/>'
        )
        parts.append(
            f'<rect x="{x:.1f}" y="{10 + plot_h - came:.1f}" width="{bar:.1f}" '
            f'height="{came:.1f}" fill="#2c7fb8"><title>{escape(label)} : '
            f"{present} / {members}</title></rect>"
        )
        if len(points) <= 12 or i % max(1, len(points) // 12) == 0:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 24}" '
                f'font-size="9" text-anchor="middle">{escape(label)}</text>'
            )
    return _svg(
        width,
        height,
        "".join(parts),
        _("Members present at each meeting, against the members of the space"),
    )


def heat_map(
    rows: Sequence[tuple[str, str]],
    columns: Sequence[tuple[str, str]],
    counts: Mapping[tuple[str, str], int],
    populations: Mapping[tuple[str, str], int],
    cell: int = 44,
) -> Markup:
    """OLS × theme: the darker the cell, the more needs; the population under the count."""
    if not columns:
        return Markup("")
    label_w, head_h = 190, 120
    width, height = label_w + cell * len(columns) + 4, head_h + cell * len(rows) + 4
    top = max(counts.values(), default=0) or 1
    parts: list[str] = []
    for j, (_code, name) in enumerate(columns):
        x = label_w + j * cell + cell / 2
        parts.append(
            f'<text transform="translate({x:.1f},{head_h - 6}) rotate(-50)" '
            f'font-size="10">{escape(name[:28])}</text>'
        )
    for i, (ols, name) in enumerate(rows):
        y = head_h + i * cell
        parts.append(
            f'<text x="{label_w - 6}" y="{y + cell / 2 + 4:.1f}" font-size="10" '
            f'text-anchor="end">{escape(name[:32])}</text>'
        )
        for j, (theme, theme_name) in enumerate(columns):
            n = counts.get((ols, theme), 0)
            shade = SEQUENTIAL[min(4, math.ceil(5 * n / top) - 1)] if n else "#ffffff"
            ink = "#fff" if n and n / top > 0.6 else "#1d2430"
            x = label_w + j * cell
            people = populations.get((ols, theme), 0)
            parts.append(
                f'<g data-ols="{escape(ols)}" data-theme="{escape(theme)}" data-count="{n}">'
                f'<rect x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" fill="{shade}" '
                f'stroke="#ccc"><title>{escape(name)} — {escape(theme_name)} : {n}</title></rect>'
            )
            if n:
                parts.append(
                    f'<text x="{x + cell / 2 - 1:.1f}" y="{y + cell / 2 - 2:.1f}" '
                    f'font-size="12" font-weight="bold" text-anchor="middle" '
                    f'fill="{ink}">{n}</text>'
                )
                if people:
                    parts.append(
                        f'<text x="{x + cell / 2 - 1:.1f}" y="{y + cell / 2 + 11:.1f}" '
                        f'font-size="8" text-anchor="middle" fill="{ink}">'
                        f"{escape(number(float(people)))}</text>"
                    )
            parts.append("</g>")
    return _svg(
        width,
        height,
        "".join(parts),
        _("Needs transmitted per OLS and theme"),
        css="chart heat-map",
    )


def control_chart(
    found: Chart,
    labels: Sequence[str],
    unit: str = "",
    prediction: float | None = None,
    cycle_starts: Sequence[tuple[int, str]] = (),
    width: int = 640,
    height: int = 260,
) -> Markup:
    """A run chart or control chart of a PDSA measure, its signals marked for every reader.

    Flagged points are bigger orange diamonds (not only another colour) whose title names the
    rules; ``data-rules`` lists them for tests and styles. *prediction* is in the unit of
    ``found.values`` (a proportion for p-charts, shown in percent like the points).
    *cycle_starts* are (index of the first point of a cycle, short label).
    """
    count = len(found.values)
    if count < 2:
        return Markup("")
    if len(labels) != count:
        raise ValueError(f"{len(labels)} labels for {count} points")
    percent = found.kind is ChartKind.P
    scale = 100.0 if percent else 1.0
    unit = unit or ("%" if percent else "")
    values = [value * scale for value in found.values]
    centre = found.centre * scale
    upper = [None if limit is None else limit * scale for limit in found.upper]
    lower = [None if limit is None else limit * scale for limit in found.lower]
    target = None if prediction is None else prediction * scale
    shown = [*values, centre, *(v for v in (*upper, *lower, target) if v is not None)]
    low, high = min(shown), max(shown)
    if high == low:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.06
    low, high = low - pad, high + pad
    left, right, top = 48, 92, 18
    plot_w = width - left - right
    step = plot_w / (count - 1)
    rotate = count > 12 or max(len(name) for name in labels) * 5 > step  # ~5 px a character
    bottom = 58 if rotate else 24
    plot_h = height - top - bottom

    def x(index: float) -> float:
        return left + index * step

    def y(value: float) -> float:
        return top + (high - value) / (high - low) * plot_h

    def text(value: float) -> str:
        return f"{number(value)} {unit}".strip()

    parts = [
        f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + plot_h}" stroke="#999"/>',
        f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" '
        f'y2="{top + plot_h}" stroke="#999"/>',
    ]
    spacing = 10 ** math.floor(math.log10((high - low) / 4))
    tick = next(spacing * m for m in (1, 2, 5, 10) if (high - low) / (spacing * m) <= 5)
    first = math.ceil(low / tick)
    # Counted, not accumulated: at large magnitudes « value += tick » may never advance.
    for value in (k * tick for k in range(first, first + 7)):
        if value > high:
            break
        parts.append(
            f'<line x1="{left - 3}" x2="{left}" y1="{y(value):.1f}" '
            f'y2="{y(value):.1f}" stroke="#999"/>'
            f'<text x="{left - 5}" y="{y(value) + 3:.1f}" text-anchor="end" '
            f'font-size="9">{escape(number(value))}</text>'
        )
    for start, name in cycle_starts:
        if 0 <= start < count:
            at = x(start - 0.5) if start > 0 else x(0)
            parts.append(
                f'<line class="cycle" x1="{at:.1f}" x2="{at:.1f}" y1="{top - 4}" '
                f'y2="{top + plot_h}" stroke="#777" stroke-width="0.6"/>'
                f'<text x="{at + 3:.1f}" y="{top - 6}" font-size="9" fill="#555">'
                f"{escape(name)}</text>"
            )

    margin: list[tuple[float, int, str, str]] = []  # labels right of the lines, drawn last

    def margin_label(value: float, rank: int, name: str, colour: str) -> None:
        margin.append((y(value) + 3, rank, name, colour))  # rank orders labels on one line

    for limits, rank, name in ((upper, 0, _("upper limit")), (lower, 3, _("lower limit"))):
        drawn = [limit for limit in limits if limit is not None]
        if len(drawn) != count:
            continue
        steps = [f"M{x(0):.1f},{y(drawn[0]):.1f}"]
        steps += [f"H{x(i - 0.5):.1f} V{y(limit):.1f}" for i, limit in enumerate(drawn) if i]
        parts.append(
            f'<path class="limit" d="{" ".join(steps)} H{x(count - 1):.1f}" '
            f'fill="none" stroke="#c62828" stroke-width="1" stroke-dasharray="5 3"/>'
        )
        margin_label(drawn[-1], rank, name, "#c62828")
    centre_name = {
        ChartKind.RUN: _("median"),
        ChartKind.XMR: _("mean"),
        ChartKind.P: _("mean proportion"),
    }[found.kind]
    parts.append(
        f'<line class="centre" x1="{left}" x2="{left + plot_w}" y1="{y(centre):.1f}" '
        f'y2="{y(centre):.1f}" stroke="#333" stroke-width="1.2"/>'
    )
    margin_label(centre, 1, centre_name, "#333")
    if target is not None:
        parts.append(
            f'<line class="prediction" x1="{left}" x2="{left + plot_w}" '
            f'y1="{y(target):.1f}" y2="{y(target):.1f}" stroke="#6a3d9a" '
            f'stroke-width="1.2" stroke-dasharray="1 3"/>'
        )
        margin_label(target, 2, _("prediction"), "#6a3d9a")
    floor = -math.inf
    for at, _rank, name, colour in sorted(margin):
        floor = max(at, floor + 10)  # keep close lines' labels apart
        parts.append(
            f'<text x="{left + plot_w + 4}" y="{floor:.1f}" font-size="9" '
            f'fill="{colour}">{escape(name)}</text>'
        )
    parts.append(
        '<polyline fill="none" stroke="#1f4e8c" stroke-width="1.5" points="'
        + " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        + '"/>'
    )
    for i, v in enumerate(values):
        rules = found.rules_at(i)
        title = f"{labels[i]} : {text(v)}"
        if rules:
            title += " — " + ", ".join(rule.label for rule in rules)
            cx, cy, r = x(i), y(v), 6
            parts.append(
                f'<path class="signal" data-rules="{" ".join(rules)}" '
                f'd="M{cx:.1f},{cy - r:.1f} L{cx + r:.1f},{cy:.1f} L{cx:.1f},'
                f'{cy + r:.1f} L{cx - r:.1f},{cy:.1f} Z" fill="#e66100" stroke="#333" '
                f'stroke-width="0.8"><title>{escape(title)}</title></path>'
            )
        else:
            parts.append(
                f'<circle class="point" cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" '
                f'fill="#1f4e8c"><title>{escape(title)}</title></circle>'
            )
    every = max(1, math.ceil(count / (plot_w / 16))) if rotate else 1
    for i, name in enumerate(labels):
        if i % every:
            continue
        if rotate:
            parts.append(
                f'<text transform="translate({x(i) + 3:.1f},{top + plot_h + 10}) '
                f'rotate(-45)" text-anchor="end" font-size="9">{escape(name)}</text>'
            )
        else:
            parts.append(
                f'<text x="{x(i):.1f}" y="{top + plot_h + 14}" text-anchor="middle" '
                f'font-size="9">{escape(name)}</text>'
            )
    label = _(
        "{chart} of {count} points from {first} to {last}; {flagged} flagged by the rules"
    ).format(
        chart=found.kind.label,
        count=count,
        first=labels[0],
        last=labels[-1],
        flagged=len(found.flagged),
    )
    if unit:
        label += f" ({unit})"
    head = (
        f"<title>{escape(label)}</title>"
        f"<desc>{escape(found.rules.describe())} {escape(found.rules.source)}</desc>"
    )
    return _svg(width, height, head + "".join(parts), label, css="chart control-chart")


# ColorBrewer Dark2 (Apache-2.0 colour specifications): one hue per aim.
QUALITATIVE = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e")
MARKERS = ("circle", "square", "diamond", "triangle", "cross")


def _marker(shape: str, x: float, y: float, colour: str, title: str) -> str:
    tip = f"<title>{escape(title)}</title>"
    if shape == "square":
        return (
            f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" '
            f'fill="{colour}">{tip}</rect>'
        )
    if shape == "diamond":
        return (
            f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} '
            f'{x - 5:.1f},{y:.1f}" fill="{colour}">{tip}</polygon>'
        )
    if shape == "triangle":
        return (
            f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} '
            f'{x - 5:.1f},{y + 4:.1f}" fill="{colour}">{tip}</polygon>'
        )
    if shape == "cross":
        return (
            f'<path d="M{x - 4:.1f},{y - 4:.1f}L{x + 4:.1f},{y + 4:.1f}M{x - 4:.1f},'
            f'{y + 4:.1f}L{x + 4:.1f},{y - 4:.1f}" stroke="{colour}" stroke-width="2.5">'
            f"{tip}</path>"
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}">{tip}</circle>'


def score_trends(
    series: Mapping[str, Sequence[tuple[int, int]]], width: int = 640, height: int = 220
) -> Markup:
    """Self-assessment scores (1 to 5) of each aim over the years, one line and shape each."""
    years = sorted({year for points in series.values() for year, _score in points})
    if not years:
        return Markup("")
    left, right, top, bottom = 30, 210, 12, 26
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(1, len(years) - 1)

    def x_of(year: int) -> float:
        return left + (years.index(year) * step if len(years) > 1 else plot_w / 2)

    def y_of(score: float) -> float:
        return top + plot_h * (5 - score) / 4

    parts = []
    for score in range(1, 6):
        parts.append(
            f'<line x1="{left}" y1="{y_of(score):.1f}" x2="{left + plot_w}" '
            f'y2="{y_of(score):.1f}" stroke="#e0e0e0"/>'
            f'<text x="{left - 6}" y="{y_of(score) + 3:.1f}" font-size="10" '
            f'text-anchor="end">{score}</text>'
        )
    for year in years:
        parts.append(
            f'<text x="{x_of(year):.1f}" y="{height - 8}" font-size="10" '
            f'text-anchor="middle">{year}</text>'
        )
    for i, (label, points) in enumerate(series.items()):
        colour, shape = QUALITATIVE[i % len(QUALITATIVE)], MARKERS[i % len(MARKERS)]
        ordered = sorted(points)
        if len(ordered) > 1:
            path = " ".join(f"{x_of(y):.1f},{y_of(s):.1f}" for y, s in ordered)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>'
            )
        parts.extend(
            _marker(shape, x_of(y), y_of(s), colour, f"{label} {y} : {s}/5") for y, s in ordered
        )
        legend_y = top + 8 + i * 18
        parts.append(_marker(shape, width - right + 16, legend_y, colour, label))
        parts.append(
            f'<text x="{width - right + 26}" y="{legend_y + 4}" font-size="11">'
            f"{escape(label)}</text>"
        )
    return _svg(
        width, height, "".join(parts), _("Self-assessment scores from 1 to 5 per aim and year")
    )
