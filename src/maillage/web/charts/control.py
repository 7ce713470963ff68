"""Run charts and control charts of the measures of a PDSA cycle, their signals marked
for every reader (shape and title, not only colour)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup, escape

from maillage.domain.control_charts import Chart, ChartKind
from maillage.i18n import gettext as _
from maillage.web.charts.scales import Scale, number, padded, svg, ticks, value_label


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
    low, high, _pad = padded(min(shown), max(shown), 0.06, (-1, 1))
    left, right, top = 48, 92, 18
    plot_w = width - left - right
    step = plot_w / (count - 1)
    rotate = count > 12 or max(len(name) for name in labels) * 5 > step  # ~5 px a character
    bottom = 58 if rotate else 24
    plot_h = height - top - bottom

    x, y = Scale.steps(left, step), Scale.upward(low, high, top, plot_h)

    def text(value: float) -> str:
        return f"{number(value)} {unit}".strip()

    parts = [
        f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + plot_h}" stroke="#999"/>',
        f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" '
        f'y2="{top + plot_h}" stroke="#999"/>',
    ]
    for value in ticks(low, high):
        parts.append(
            f'<line x1="{left - 3}" x2="{left}" y1="{y(value):.1f}" '
            f'y2="{y(value):.1f}" stroke="#999"/>' + value_label(left - 5, y(value) + 3, value)
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
    return svg(width, height, head + "".join(parts), label, css="chart control-chart")
