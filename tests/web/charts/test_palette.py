"""Colours a reader can tell apart from the page: WCAG 2.1 non-text contrast (3:1 against
white) for the judgements and the darkest classes, and an outline for the light ones."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from maillage.domain.indicators import Comparison
from maillage.web.charts import palette


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str = "#ffffff") -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_contrast_formula_matches_wcag_examples():
    assert contrast("#000000") == pytest.approx(21.0)
    assert contrast("#767676") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("judgement", [Comparison.BETTER, Comparison.WORSE])
def test_better_and_worse_stand_out_against_white(judgement):
    assert contrast(palette.COMPARISON_COLOURS[judgement]) >= 3


def test_the_darkest_classes_of_maps_stand_out_against_white():
    for colour in palette.SEQUENTIAL[-2:]:
        assert contrast(colour) >= 3
    # Classes go from light to dark: each darker than the one before.
    lums = [luminance(c) for c in palette.SEQUENTIAL]
    assert lums == sorted(lums, reverse=True)


def test_marks_are_outlined_where_their_fill_alone_is_too_light():
    assert contrast(palette.OUTLINE) >= 7
    assert contrast(palette.COMPARISON_COLOURS[Comparison.SIMILAR]) < 3  # amber: needs it


def test_each_judgement_has_its_own_shape():
    shapes = [palette.COMPARISON_SHAPES[c] for c in palette.COMPARISON_SHAPES]
    assert len(set(shapes) | {palette.NO_JUDGEMENT_SHAPE}) == 4


def test_the_darkest_density_classes_of_the_coverage_map_stand_out_against_white():
    css = (Path(palette.__file__).parents[1] / "static" / "css" / "maillage.css").read_text()
    fills = dict(re.findall(r"\.density-(\d) \{ fill: (#[0-9a-f]{6});", css))
    assert len(fills) == 6
    for index in ("4", "5"):
        assert contrast(fills[index]) >= 3
