"""Server-drawn charts: what a reader sees depends on the values, not on luck."""

from __future__ import annotations

import re

from maillage.analysis.intervals import Interval
from maillage.domain.indicators import Comparison, Direction, Estimate
from maillage.services.indicators import Spread
from maillage.web import charts


def est(value, comparison=Comparison.NOT_COMPARED, low=None, high=None, period="2020"):
    interval = Interval(low, high) if low is not None else None
    return Estimate("X", period, None, None, value, interval, False, comparison,
                    Direction.UNKNOWN)


def test_the_spine_puts_the_region_in_the_middle_and_colours_the_dot():
    svg = charts.spine(est(12.0, Comparison.WORSE), est(10.0), Spread(6, 8, 11, 14, 20))
    dot = re.search(r'<circle[^>]*cx="([0-9.]+)"[^>]*fill="([^"]+)"', str(svg))
    assert dot is not None
    assert float(dot.group(1)) > 110  # right of the centre line at 110
    assert dot.group(2) == charts.COMPARISON_COLOURS[Comparison.WORSE]
    assert 'x1="110.0"' in str(svg)


def test_a_suppressed_value_draws_no_dot():
    hidden = Estimate("X", "2020", None, None, None, None, True)
    svg = str(charts.spine(hidden, est(10.0), Spread(6, 8, 11, 14, 20)))
    assert "<circle" not in svg and "<rect" in svg


def test_trends_need_two_periods_and_draw_the_interval_band():
    assert charts.trend([est(1.0)], [], "%") == ""
    points = [est(v, low=v - 1, high=v + 1, period=str(2010 + i)) for i, v in
              enumerate((5.0, 6.0, 7.0))]
    svg = str(charts.trend(points, [est(6.0, period="2010"), est(6.5, period="2012")], "%"))
    assert svg.count("<polyline") == 2 and "<polygon" in svg and "2012" in svg


def test_the_choropleth_fills_by_class_and_outlines_the_territory():
    square = {"type": "Polygon", "coordinates": [[[4, 50], [4.1, 50], [4.1, 50.1], [4, 50]]]}
    shapes = [charts.MapShape("A", "Alpha", square), charts.MapShape("B", "Beta", square)]
    svg = str(charts.choropleth(shapes, {"A": 0, "B": None}, {"A"}))
    assert svg.count("<path") == 2
    assert charts.SEQUENTIAL[0] in svg and charts.NO_DATA in svg
    assert 'stroke="#d40000"' in svg and "<title>Alpha</title>" in svg


def test_legend_labels_follow_the_breaks():
    labels = [label for _colour, label in charts.legend([1.0, 2.5], "%")]
    assert labels[0].startswith("jusqu'à") and "2,50" in labels[1]
