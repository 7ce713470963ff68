"""Colours of the charts and maps. Comparisons follow the public-health profiles: green
better, amber similar, red worse; blue shades when no judgement applies (neutral
polarity), lighter for lower, darker for higher. Classes of a map or a heat map go from
light to dark.

Colour is never the only sign: a judgement has its shape too (better ▲, similar ●,
worse ▼, no judgement ◆), and marks are outlined in ``OUTLINE`` so that the light ones
(amber, light blue) keep WCAG's 3:1 non-text contrast against white. The darkest classes
of the sequential scale reach it on their own (tests/web/charts/test_palette.py).
"""

from __future__ import annotations

from maillage.domain.indicators import Comparison, Direction, Estimate

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
COMPARISON_SHAPES = {
    Comparison.BETTER: "triangle",
    Comparison.SIMILAR: "circle",
    Comparison.WORSE: "triangle-down",
}
NO_JUDGEMENT_SHAPE = "diamond"
OUTLINE = "#1d2430"  # around every mark: 15:1 against white
# ColorBrewer YlGnBu, 5 classes (Cynthia Brewer, Apache-2.0 colour specifications).
SEQUENTIAL = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
NO_DATA = "#e6e6e6"
# ColorBrewer Dark2 (Apache-2.0 colour specifications): one hue per aim.
QUALITATIVE = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e")


def colour_of(estimate: Estimate | None) -> str:
    if estimate is None or estimate.suppressed or estimate.value is None:
        return NO_DATA
    if estimate.comparison in COMPARISON_COLOURS:
        return COMPARISON_COLOURS[estimate.comparison]
    return DIRECTION_COLOURS[estimate.direction]


def shape_of(estimate: Estimate | None) -> str:
    """The mark of an estimate: its judgement's shape, a diamond when none applies."""
    if estimate is None:
        return "circle"
    return COMPARISON_SHAPES.get(estimate.comparison, NO_JUDGEMENT_SHAPE)


def class_colour(index: int) -> str:
    """The colour of class *index* (0 the lowest); classes past the last share its colour."""
    return SEQUENTIAL[min(index, len(SEQUENTIAL) - 1)]
