"""Self-assessment scores of the quintuple aim over the years: one line, one colour and
one marker shape per aim (readable without colour)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from markupsafe import Markup, escape

from maillage.i18n import gettext as _
from maillage.web.charts.palette import QUALITATIVE
from maillage.web.charts.scales import Scale, marker, svg

MARKERS = ("circle", "square", "diamond", "triangle", "cross")


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
    along = Scale.steps(left, step) if len(years) > 1 else Scale.steps(left + plot_w / 2, 0)
    y_of = Scale.upward(1, 5, top, plot_h)

    def x_of(year: int) -> float:
        return along(years.index(year))

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
            marker(shape, x_of(y), y_of(s), colour, f"{label} {y} : {s}/5") for y, s in ordered
        )
        legend_y = top + 8 + i * 18
        parts.append(marker(shape, width - right + 16, legend_y, colour, label))
        parts.append(
            f'<text x="{width - right + 26}" y="{legend_y + 4}" font-size="11">'
            f"{escape(label)}</text>"
        )
    return svg(
        width, height, "".join(parts), _("Self-assessment scores from 1 to 5 per aim and year")
    )
