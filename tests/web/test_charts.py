"""Server-drawn charts: what a reader sees depends on the values, not on luck."""

from __future__ import annotations

import re

from maillage.domain.indicators import Comparison, Direction, Estimate
from maillage.domain.intervals import Interval
from maillage.services.indicators import Spread
from maillage.web import charts


def est(value, comparison=Comparison.NOT_COMPARED, low=None, high=None, period="2020"):
    interval = Interval(low, high) if low is not None else None
    return Estimate("X", period, None, None, value, interval, False, comparison, Direction.UNKNOWN)


def test_the_spine_puts_the_region_in_the_middle_and_colours_the_dot():
    svg = charts.spine(est(12.0, Comparison.WORSE), est(10.0), Spread(6, 8, 11, 14, 20))
    dot = re.search(r'<polygon points="([0-9.]+),[^"]*" fill="([^"]+)"', str(svg))
    assert dot is not None
    assert float(dot.group(1)) > 110  # right of the centre line at 110
    assert dot.group(2) == charts.COMPARISON_COLOURS[Comparison.WORSE]
    assert 'x1="110.0"' in str(svg)


def apex(svg: str) -> float:
    """The height of a mark's first point: a triangle's apex (the row's centre is at 9)."""
    found = re.search(r'<polygon points="[0-9.]+,([0-9.]+) ', svg)
    assert found is not None
    return float(found.group(1))


def test_better_and_worse_differ_by_shape_as_well_as_colour():
    spread, region = Spread(6, 8, 11, 14, 20), est(10.0)
    better = str(charts.spine(est(12.0, Comparison.BETTER), region, spread))
    worse = str(charts.spine(est(12.0, Comparison.WORSE), region, spread))
    similar = str(charts.spine(est(12.0, Comparison.SIMILAR), region, spread))
    assert 'data-shape="triangle"' in better and 'data-shape="triangle-down"' in worse
    assert 'data-shape="circle"' in similar and "<circle" in similar
    # ▲ points up (apex above the centre line of the row), ▼ down.
    assert apex(better) < 9 < apex(worse)
    # Every mark is outlined dark, so that amber keeps its contrast against white.
    for svg in (better, worse, similar):
        assert 'stroke="#1d2430"' in svg
    key = str(charts.comparison_key())
    assert key.count("<svg") == 5 and "meilleur" in key and "moins bon" in key


def test_a_suppressed_value_draws_no_dot():
    hidden = Estimate("X", "2020", None, None, None, None, True)
    svg = str(charts.spine(hidden, est(10.0), Spread(6, 8, 11, 14, 20)))
    assert "<circle" not in svg and "<rect" in svg


def test_trends_need_two_periods_and_draw_the_interval_band():
    assert charts.trend([est(1.0)], [], "%") == ""
    points = [
        est(v, low=v - 1, high=v + 1, period=str(2010 + i)) for i, v in enumerate((5.0, 6.0, 7.0))
    ]
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


# Run and control charts of PDSA measures ----------------------------------------------------

SIX_ABOVE = [1, 2, 9, 2, 1, 9, 1, 2, 8, 9, 8, 9, 8, 9, 2, 1, 9, 1, 2, 8]  # shift at 8 to 13


def test_a_control_chart_marks_each_flagged_point_with_its_rules():
    from maillage.analysis import spc
    from maillage.i18n import gettext

    found = spc.run_chart(SIX_ABOVE)
    svg = str(charts.control_chart(found, [f"S{i + 1}" for i in range(20)], unit="min"))
    flagged = re.findall(r'<path class="signal" data-rules="([^"]*)"', svg)
    assert len(flagged) == len(found.flagged) == 6
    assert all("shift" in rules.split() for rules in flagged)
    assert svg.count('class="point"') == 14
    assert f">{gettext('median')}</text>" in svg
    assert 'class="limit"' not in svg and 'role="img"' in svg
    assert 'class="chart control-chart"' in svg and "<title>" in svg


def test_limits_are_drawn_for_xmr_and_p_charts_only():
    from maillage.analysis import spc
    from maillage.i18n import gettext

    xmr = str(charts.control_chart(spc.xmr_chart([10, 16] * 5 + [40]), [str(i) for i in range(11)]))
    assert xmr.count('class="limit"') == 2 and f">{gettext('mean')}</text>" in xmr
    assert re.findall(r'data-rules="([^"]*)"', xmr) == ["beyond_limits"]
    proportions = spc.p_chart([10, 30, 5], [100, 200, 50])
    p = str(charts.control_chart(proportions, ["a", "b", "c"], prediction=0.2))
    assert p.count('class="limit"') == 2 and f">{gettext('mean proportion')}</text>" in p
    assert 'class="prediction"' in p and " %" in p  # proportions shown in percent
    assert 'class="signal"' not in p


def test_control_chart_labels_are_escaped():
    from maillage.analysis import spc
    from maillage.domain import control_charts
    from maillage.domain.control_charts import ChartKind

    found = spc.xmr_chart([1.0, 1.0, 1.0])  # no vertical range: still drawn
    svg = str(charts.control_chart(found, ["<b>", "a&b", "c"], cycle_starts=[(1, "Cycle <2>")]))
    assert "<b>" not in svg and "&lt;b&gt;" in svg and "a&amp;b" in svg
    assert "Cycle &lt;2&gt;" in svg and 'class="cycle"' in svg
    assert not re.search(r'="[^"]*(nan|inf)', svg)  # coordinates stay finite
    assert (
        charts.control_chart(
            control_charts.Chart(
                ChartKind.RUN, control_charts.RUN_CHART_RULES, (1.0,), 1.0, (None,), (None,), ()
            ),
            ["x"],
        )
        == ""
    )


def test_a_control_chart_of_huge_close_values_is_drawn_quickly():
    from maillage.analysis import spc
    from maillage.domain.control_charts import ChartKind

    found = spc.chart(ChartKind.RUN, [1e16, 1e16 + 2, 1e16])
    assert "<svg" in charts.control_chart(found, ["a", "b", "c"])
