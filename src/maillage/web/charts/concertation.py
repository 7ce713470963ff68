"""Charts of the needs flow: who attends a concertation space's meetings, and the needs
transmitted per OLS and theme."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from markupsafe import Markup, escape

from maillage.i18n import gettext as _
from maillage.web.charts.palette import SEQUENTIAL, class_colour
from maillage.web.charts.scales import Scale, number, svg


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
    along, up = Scale.steps(left, step), Scale.of_counts(top, plot_h)
    bar = max(4.0, min(36.0, step * 0.6))
    parts = [
        f'<line x1="{left}" y1="{10 + plot_h}" x2="{width - 4}" y2="{10 + plot_h}" stroke="#999"/>',
        f'<text x="{left - 4}" y="14" font-size="10" text-anchor="end">{top}</text>',
        f'<text x="{left - 4}" y="{10 + plot_h}" font-size="10" text-anchor="end">0</text>',
    ]
    for i, (label, present, members) in enumerate(points):
        x = along(i) + (step - bar) / 2
        full = up.offset(members)
        came = up.offset(present)
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
    return svg(
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
    classes = Scale.of_counts(top, len(SEQUENTIAL))
    across, down = Scale.steps(label_w, cell), Scale.steps(head_h, cell)
    parts: list[str] = []
    for j, (_code, name) in enumerate(columns):
        x = across(j) + cell / 2
        parts.append(
            f'<text transform="translate({x:.1f},{head_h - 6}) rotate(-50)" '
            f'font-size="10">{escape(name[:28])}</text>'
        )
    for i, (ols, name) in enumerate(rows):
        y = down(i)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + cell / 2 + 4:.1f}" font-size="10" '
            f'text-anchor="end">{escape(name[:32])}</text>'
        )
        for j, (theme, theme_name) in enumerate(columns):
            n = counts.get((ols, theme), 0)
            shade = class_colour(math.ceil(classes.offset(n)) - 1) if n else "#ffffff"
            ink = "#fff" if n and n / top > 0.6 else "#1d2430"
            x = across(j)
            people = populations.get((ols, theme), 0)
            parts.append(
                f'<g data-ols="{escape(ols)}" data-theme="{escape(theme)}" data-count="{n}">'
                f'<rect x="{x:g}" y="{y:g}" width="{cell - 2}" height="{cell - 2}" fill="{shade}" '
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
    return svg(
        width,
        height,
        "".join(parts),
        _("Needs transmitted per OLS and theme"),
        css="chart heat-map",
    )
