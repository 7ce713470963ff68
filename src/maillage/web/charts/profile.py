"""Charts of a territory's profile: a spine per indicator, a trend over periods, the age
pyramid."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup, escape

from maillage.domain.indicators import Comparison, Direction, Estimate
from maillage.i18n import format_decimal
from maillage.i18n import gettext as _
from maillage.web.charts.palette import (
    COMPARISON_COLOURS,
    COMPARISON_SHAPES,
    DIRECTION_COLOURS,
    NO_JUDGEMENT_SHAPE,
    OUTLINE,
    colour_of,
    shape_of,
)
from maillage.web.charts.scales import Scale, marker, number, padded, svg, value_label


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
    x = Scale(centre, reach, width / 2, width / 2 - 6)
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
            f'<g class="spine-dot" data-comparison="{estimate.comparison.value}" '
            f'data-shape="{shape_of(estimate)}">'
            + marker(
                shape_of(estimate),
                x(estimate.value),
                height / 2,
                colour_of(estimate),
                estimate.comparison.label,
                size=5,
                outline=OUTLINE,
            )
            + "</g>"
        )
        label += "; " + _("territory {value}").format(value=number(estimate.value))
    return svg(width, height, "".join(parts), label, "spine")


def comparison_key() -> Markup:
    """The legend of spine and trend marks: each judgement's shape in its colour."""
    entries = [
        (COMPARISON_SHAPES[c], COMPARISON_COLOURS[c], c.label)
        for c in (Comparison.BETTER, Comparison.SIMILAR, Comparison.WORSE)
    ] + [
        (NO_JUDGEMENT_SHAPE, DIRECTION_COLOURS[Direction.LOWER], _("lower (no judgement)")),
        (NO_JUDGEMENT_SHAPE, DIRECTION_COLOURS[Direction.HIGHER], _("higher (no judgement)")),
    ]
    return Markup("").join(
        Markup(
            '<span class="key-mark"><svg width="14" height="14" viewBox="0 0 14 14" '
            'aria-hidden="true" focusable="false">{}</svg>{}</span>'
        ).format(Markup(marker(shape, 7, 7, colour, size=4.5, outline=OUTLINE)), label)
        for shape, colour, label in entries
    )


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
    low, high, pad = padded(min(values), max(values), 0.08, (0, 1))
    left, right, top, bottom = 44, 16, 8, 22
    along = Scale.between(0, max(1, len(periods) - 1), left, width - left - right)
    y = Scale.upward(low, high, top, height - top - bottom)

    def x(period: str) -> float:
        return along(periods.index(period))

    parts = [
        f'<line x1="{left}" x2="{left}" y1="{top}" y2="{height - bottom}" stroke="#999"/>',
        value_label(left - 4, y(high - pad) + 4, high - pad),
        value_label(left - 4, y(low + pad) + 4, low + pad),
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
                marker(
                    shape_of(p), x(p.period), y(p.value), colour_of(p), size=3.5, outline=OUTLINE
                )
            )
    for index in sorted({0, len(periods) - 1, (len(periods) - 1) // 2}):
        period = periods[index]
        parts.append(
            f'<text x="{x(period):.1f}" y="{height - 6}" text-anchor="middle" '
            f'font-size="9">{escape(period)}</text>'
        )
    label = _("trend from {first} to {last}").format(first=periods[0], last=periods[-1])
    return svg(width, height, "".join(parts), f"{label} ({unit})", "trend")


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
    x = Scale.between(0, largest, left, width - left - label_width)
    parts = []
    for index, (band, share) in enumerate(reversed(shares)):
        top = index * row
        length = x.offset(share)
        tick = x(region_shares.get(band, 0.0))
        parts.append(
            f'<text x="{left - 4}" y="{top + row - 4}" text-anchor="end" font-size="10">'
            f"{escape(band)}</text>"
            f'<rect x="{left}" y="{top + 2}" width="{length:.1f}" height="{row - 4}" '
            f'fill="#2c7fb8"/>'
            f'<line x1="{tick:.1f}" x2="{tick:.1f}" y1="{top}" y2="{top + row}" '
            f'stroke="#d40000" stroke-width="2"/>'
            f'<text x="{left + length + 4:.1f}" y="{top + row - 4}" font-size="9">'
            f"{escape(format_decimal(100 * share, 1))} %</text>"
        )
    height = row * len(shares)
    return svg(
        width,
        height,
        "".join(parts),
        _("population by age band, share of the total; red tick: the French-language region"),
        "pyramid",
    )
