"""Flow diagrams of the architecture, laid out in Python and drawn as SVG on the server.

Columns follow the levels from left to right — bassins de vie, meso, macro, federal — as
in seed 000's figures, where the horizontal layout says that higher levels serve lower
ones. Within a column, structures are ordered by the mean height of the structures they
exchange with (a few barycentre sweeps), which keeps most arrows short and uncrossed.
Every structure is drawn in every diagram; those without a flow of the kind are dashed,
because being absent from a diagram is itself one of the seed's findings.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape

from maillage.domain.architecture import Architecture, FlowKind, InstitutionLevel, neighbour_map
from maillage.i18n import gettext as _

NODE_WIDTH = 150
NODE_HEIGHT = 46
ROW_GAP = 16
COLUMN_GAP = 120
TOP = 64
LEFT = 16
# Colour and dash per kind, so that the kinds differ without colour too (ColorBrewer Dark2
# hues, darkened to 5:1 against white: the same colours carry white text in the tables).
KIND_STYLE = {
    FlowKind.ACCOUNTABILITY: ("#635ea8", ""),
    FlowKind.INFORMATION: ("#157a5c", "7 4"),
    FlowKind.HUMAN_RESOURCES: ("#b34e00", "2 4"),
}
LEVEL_FILL = {
    InstitutionLevel.MICRO: "#e8f4ea",
    InstitutionLevel.MESO: "#e6eef8",
    InstitutionLevel.MACRO: "#f6ecf8",
    InstitutionLevel.FEDERAL: "#f2f2f2",
}


@dataclass(frozen=True)
class Placed:
    code: str
    x: float
    y: float


def layout(architecture: Architecture, kind: FlowKind | None) -> dict[str, Placed]:
    columns: dict[InstitutionLevel, list[str]] = {level: [] for level in InstitutionLevel}
    for structure in architecture.structures:
        columns[structure.level].append(structure.code)
    linked = neighbour_map(architecture, kind)
    # Structures with flows first, in the order they were declared.
    for level, codes in columns.items():
        columns[level] = sorted(codes, key=lambda c: (not linked[c], codes.index(c)))
    for _sweep in range(4):
        rank = {code: index for codes in columns.values() for index, code in enumerate(codes)}
        for level, codes in columns.items():

            def centre(code: str, at: dict[str, int] = rank) -> tuple[bool, float]:
                others = [at[c] for c in linked[code]]
                return (not others, sum(others) / len(others) if others else at[code])

            columns[level] = sorted(codes, key=centre)
    placed = {}
    for level, codes in columns.items():
        for index, code in enumerate(codes):
            placed[code] = Placed(
                code,
                LEFT + level.rank * (NODE_WIDTH + COLUMN_GAP),
                TOP + index * (NODE_HEIGHT + ROW_GAP),
            )
    return placed


def _label(text: str) -> list[str]:
    lines = textwrap.wrap(text, 20) or [text]
    return lines[:2] if len(lines) <= 2 else [lines[0], lines[1][:17] + "…"]


def diagram(
    architecture: Architecture,
    kind: FlowKind | None,
    focus: str | None = None,
    link: Callable[[str], str] | None = None,
) -> Markup:
    """One diagram; *focus* highlights a structure's flows; *link* makes nodes clickable."""
    placed = layout(architecture, kind)
    flows = architecture.flows_of(kind)
    rows = max((len(architecture.at_level(level)) for level in InstitutionLevel), default=1)
    width = LEFT * 2 + len(InstitutionLevel) * NODE_WIDTH + (len(InstitutionLevel) - 1) * COLUMN_GAP
    height = TOP + rows * (NODE_HEIGHT + ROW_GAP) + 40
    kinds = [kind] if kind else list(FlowKind)
    parts = ["<defs>"]
    for each in kinds:
        colour = KIND_STYLE[each][0]
        parts.append(
            f'<marker id="arrow-{each.value}" viewBox="0 0 10 10" refX="9" refY="5" '
            f'markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" '
            f'orient="auto-start-reverse">'
            f'<path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
        )
    parts.append("</defs>")
    for level in InstitutionLevel:
        x = LEFT + level.rank * (NODE_WIDTH + COLUMN_GAP) + NODE_WIDTH / 2
        parts.append(
            f'<text x="{x:.0f}" y="24" text-anchor="middle" font-size="13" '
            f'font-weight="bold" fill="#333">{escape(level.label)}</text>'
        )
    legend_x = 8.0
    for each in kinds:
        colour, dash = KIND_STYLE[each]
        parts.append(
            f'<line x1="{legend_x:.0f}" y1="44" x2="{legend_x + 30:.0f}" y2="44" '
            f'stroke="{colour}" stroke-width="2.5" stroke-dasharray="{dash}"/>'
            f'<text x="{legend_x + 36:.0f}" y="48" font-size="11" fill="#333">'
            f"{escape(each.label)}</text>"
        )
        legend_x += 60 + 6.2 * len(each.label)
    touched = {
        code for f in flows if focus in (f.source, f.target) for code in (f.source, f.target)
    }
    pairs = {(f.source, f.target) for f in flows}
    seen: dict[tuple[str, str], int] = {}
    for flow in flows:
        a, b = placed[flow.source], placed[flow.target]
        colour, dash = KIND_STYLE[flow.kind]
        nth = seen.get((flow.source, flow.target), 0)
        seen[(flow.source, flow.target)] = nth + 1
        # Two-way pairs and parallel flows are nudged apart so that both stay visible.
        shift = (6 if (flow.target, flow.source) in pairs else 0) + 5 * nth
        shift = shift if flow.source < flow.target else -shift
        y1 = a.y + NODE_HEIGHT / 2 + shift
        y2 = b.y + NODE_HEIGHT / 2 + shift
        if a.x == b.x:
            x1 = x2 = a.x + NODE_WIDTH
            bulge = x1 + 40 + abs(y2 - y1) / 6
            path = (
                f"M{x1:.1f},{y1:.1f} C{bulge:.1f},{y1:.1f} {bulge:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
            )
        else:
            forward = b.x > a.x
            x1 = a.x + NODE_WIDTH if forward else a.x
            x2 = b.x if forward else b.x + NODE_WIDTH
            middle = (x1 + x2) / 2
            path = (
                f"M{x1:.1f},{y1:.1f} C{middle:.1f},{y1:.1f} {middle:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
            )
        state = (
            ""
            if focus is None
            else (" focus" if flow.source == focus or flow.target == focus else " dim")
        )
        opacity = "0.12" if state == " dim" else "0.9"
        stroke = "3.2" if state == " focus" else "1.8"
        title = _("{source} → {target}: {what}").format(
            source=architecture.structure(flow.source).short,
            target=architecture.structure(flow.target).short,
            what=flow.what,
        )
        parts.append(
            f'<path class="flow flow-{flow.kind.value}{state}" d="{path}" fill="none" '
            f'stroke="{colour}" stroke-width="{stroke}" stroke-dasharray="{dash}" '
            f'opacity="{opacity}" marker-end="url(#arrow-{flow.kind.value})" '
            f'data-from="{escape(flow.source)}" data-to="{escape(flow.target)}" '
            f'data-kind="{flow.kind.value}"><title>{escape(title)}</title></path>'
        )
    active = {code for f in flows for code in (f.source, f.target)}
    for structure in architecture.structures:
        spot = placed[structure.code]
        absent = structure.code not in active
        classes = ["structure", f"level-{structure.level.value}"]
        if absent:
            classes.append("absent")
        if focus is not None:
            classes.append(
                "focus"
                if structure.code == focus
                else "linked"
                if structure.code in touched
                else "dim"
            )
        dim = focus is not None and "dim" in classes
        stroke = "#222" if structure.code == focus else "#999" if absent else "#555"
        lines = _label(structure.short)
        text_y = spot.y + NODE_HEIGHT / 2 - (len(lines) - 1) * 7 + 4
        label = "".join(
            f'<tspan x="{spot.x + NODE_WIDTH / 2:.1f}" y="{text_y + i * 14:.1f}">'
            f"{escape(line)}</tspan>"
            for i, line in enumerate(lines)
        )
        hint = structure.name + (" — " + _("no flow of this kind") if absent else "")
        node = (
            f'<rect x="{spot.x:.1f}" y="{spot.y:.1f}" width="{NODE_WIDTH}" '
            f'height="{NODE_HEIGHT}" rx="6" fill="{LEVEL_FILL[structure.level]}" '
            f'stroke="{stroke}" stroke-width="{2.5 if structure.code == focus else 1.2}" '
            f'stroke-dasharray="{"4 3" if absent else ""}"/>'
            f'<text text-anchor="middle" font-size="12" fill="{"#777" if absent else "#111"}">'
            f"{label}</text><title>{escape(hint)}</title>"
        )
        if link is not None:
            node = f'<a href="{escape(link(structure.code))}">{node}</a>'
        parts.append(
            f'<g class="{" ".join(classes)}" data-structure="{escape(structure.code)}" '
            f'opacity="{0.35 if dim else 1}">{node}</g>'
        )
    label = _("Diagram of {kind} flows between the structures of the reform").format(
        kind=kind.label if kind else _("all")
    )
    # With links inside, a group of them: an image may hold nothing a reader can reach.
    return Markup(
        f'<svg class="flow-diagram" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
        f'role="{"img" if link is None else "group"}" aria-label="{escape(label)}" '
        'font-family="sans-serif">'
        f"{''.join(parts)}</svg>"
    )
