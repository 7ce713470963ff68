"""Run and control charts: each rule fires exactly where the published rules say."""

from __future__ import annotations

import math
from itertools import pairwise

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from maillage.analysis import spc
from maillage.domain import control_charts
from maillage.domain.control_charts import ChartKind, Rule, Signal
from maillage.errors import UserError

# Ten points below the median (1, 2) and ten above (8, 9): the median is (2 + 8) / 2 = 5.
# Points 8 to 13 are six highs in a row; no run elsewhere is longer than two and no
# rising or falling stretch longer than four points (6 to 9: 1, 2, 8, 9).
SIX_ABOVE = [1, 2, 9, 2, 1, 9, 1, 2, 8, 9, 8, 9, 8, 9, 2, 1, 9, 1, 2, 8]


def signals(found: control_charts.Chart, rule: Rule) -> list[tuple[int, ...]]:
    return [signal.indices for signal in found.signals if signal.rule is rule]


# Run charts: shifts ------------------------------------------------------------------------


def test_six_points_above_the_median_are_a_shift_and_nothing_else():
    found = spc.run_chart(SIX_ABOVE)
    assert found.centre == 5
    assert found.signals == (Signal(Rule.SHIFT, (8, 9, 10, 11, 12, 13)),)
    assert found.flagged == frozenset(range(8, 14))
    assert found.upper == found.lower == (None,) * len(SIX_ABOVE)


def test_five_points_above_the_median_are_no_shift():
    five = [*SIX_ABOVE[:13], 1, 9, *SIX_ABOVE[15:]]  # a high swapped one place later
    found = spc.run_chart(five)
    assert found.centre == 5
    assert found.signals == ()


def test_a_point_on_the_median_neither_counts_nor_breaks_the_run():
    with_median = [*SIX_ABOVE[:11], 5, *SIX_ABOVE[11:]]
    found = spc.run_chart(with_median)
    assert found.centre == 5
    assert found.signals == (Signal(Rule.SHIFT, (8, 9, 10, 12, 13, 14)),)
    assert 11 not in found.flagged


def test_the_median_is_that_of_all_points():
    assert spc.run_chart([1, 2, 3, 10]).centre == 2.5
    assert spc.run_chart([7, 1, 3]).centre == 3


def test_alternating_points_never_signal():
    assert spc.run_chart([1, 9] * 12).signals == ()
    assert spc.shifts([1, 9] * 12, 5, 2) == []


def test_shifts_below_the_centre_count_too():
    assert spc.shifts([9, 1, 1, 1, 9], 5, 3) == [(1, 2, 3)]
    assert spc.shifts([9, 1, 1, 1, 9], 5, 4) == []


# Run charts: trends ------------------------------------------------------------------------


def test_five_rising_points_are_a_trend():
    assert spc.trends([1, 2, 3, 4, 5], 5) == [(0, 1, 2, 3, 4)]
    assert spc.run_chart([1, 2, 3, 4, 5]).signals == (Signal(Rule.TREND, (0, 1, 2, 3, 4)),)


def test_four_rising_points_are_not():
    assert spc.trends([1, 2, 3, 4], 5) == []
    assert spc.run_chart([1, 2, 3, 4, 1, 2, 3, 4]).signals == ()


def test_repeated_values_neither_make_nor_break_a_trend():
    assert spc.trends([1, 2, 2, 3, 4, 5], 5) == [(0, 1, 3, 4, 5)]
    assert spc.trends([1, 2, 2, 2, 3, 4], 5) == []  # four counted points only


def test_falling_points_are_a_trend():
    assert spc.run_chart([5, 4, 3, 2, 1]).signals == (Signal(Rule.TREND, (0, 1, 2, 3, 4)),)


def test_a_rise_then_a_fall_share_the_turning_point():
    found = spc.run_chart([1, 2, 3, 4, 5, 4, 3, 2, 1])
    assert found.centre == 3
    assert found.signals == (
        Signal(Rule.TREND, (0, 1, 2, 3, 4)),
        Signal(Rule.TREND, (4, 5, 6, 7, 8)),
    )
    assert found.rules_at(4) == (Rule.TREND,)
    assert found.rules_at(0) == (Rule.TREND,)


def test_rules_at_names_every_rule_of_a_point_once():
    # Points 3 to 8 lie above the median of 3 (a shift) and rise from point 0 (a trend,
    # the repeated 1s at 1 and 2 left out); the repeats at 10 and 11 take part in nothing.
    found = spc.run_chart([1, 1, 1, 5, 6, 7, 8, 9, 10, 1, 1, 1])
    assert found.centre == 3
    assert found.signals == (
        Signal(Rule.TREND, (0, 3, 4, 5, 6, 7, 8)),
        Signal(Rule.SHIFT, (3, 4, 5, 6, 7, 8)),
    )
    assert found.rules_at(5) == (Rule.SHIFT, Rule.TREND)
    assert found.rules_at(0) == (Rule.TREND,)
    assert found.rules_at(10) == ()


# XmR charts ------------------------------------------------------------------------------


def test_xmr_limits_by_hand_and_one_point_beyond():
    values = [10, 16, 10, 16, 10, 16, 10, 16, 10, 16, 40]
    found = spc.xmr_chart(values)
    mean = 170 / 11  # 5 × 10 + 5 × 16 + 40
    moving_range = 78 / 10  # nine ranges of 6, then 24
    assert found.centre == pytest.approx(mean)
    assert found.upper == pytest.approx((mean + 2.66 * moving_range,) * 11)
    assert found.lower == pytest.approx((mean - 2.66 * moving_range,) * 11)
    assert found.upper[0] == pytest.approx(36.2025454545)
    assert found.lower[0] == pytest.approx(-5.2934545454)
    assert found.signals == (Signal(Rule.BEYOND_LIMITS, (10,)),)


def test_spc_shifts_need_seven_points():
    seven = spc.xmr_chart([10, 0] * 4 + [6] * 7)  # mean 82 / 15 < 6
    assert seven.signals == (Signal(Rule.SHIFT, tuple(range(8, 15))),)
    six = spc.xmr_chart([10, 0] * 4 + [6] * 6)  # mean 76 / 14 < 6
    assert six.signals == ()
    assert spc.shifts([10, 0] * 4 + [6] * 6, 76 / 14, 6) == [tuple(range(8, 14))]


def test_spc_trends_need_six_points():
    assert signals(spc.xmr_chart([1, 2, 3, 4, 5, 1, 2, 3, 4, 5]), Rule.TREND) == []
    assert signals(spc.xmr_chart([1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6]), Rule.TREND) == [
        (0, 1, 2, 3, 4, 5),
        (6, 7, 8, 9, 10, 11),
    ]


def test_a_constant_series_has_limits_on_the_centre_and_no_signal():
    found = spc.xmr_chart([4.5] * 10)
    assert found.centre == found.upper[0] == found.lower[0] == 4.5
    assert found.signals == ()


def test_a_point_on_a_limit_is_not_beyond():
    assert spc.beyond([1, 2, 3], [3, 3, 3], [1, 1, 1]) == []
    assert spc.beyond([0, 2, 4], [3, None, 3], [1, None, 1]) == [0, 2]


# p-charts --------------------------------------------------------------------------------


def test_p_chart_limits_by_hand_with_differing_denominators():
    found = spc.p_chart([10, 30, 5], [100, 200, 50])
    assert found.kind is ChartKind.P
    assert found.values == pytest.approx((0.10, 0.15, 0.10))
    assert found.centre == pytest.approx(45 / 350)  # 0.128571
    assert found.upper == pytest.approx((0.2289889244, 0.1995773208, 0.2705832131))
    assert found.lower == pytest.approx((0.0281539327, 0.0575655363, 0.0))  # clamped at 0
    assert found.signals == ()


def test_p_chart_flags_the_point_beyond():
    found = spc.p_chart([10, 10, 10, 10, 40], [100] * 5)
    assert found.centre == pytest.approx(0.16)
    assert found.upper[4] == pytest.approx(0.16 + 3 * math.sqrt(0.16 * 0.84 / 100))
    assert found.signals == (Signal(Rule.BEYOND_LIMITS, (4,)),)


def test_p_chart_limits_are_clamped_to_zero_and_one():
    low = spc.p_chart([0, 0, 1, 0], [10] * 4)
    assert low.lower == (0.0,) * 4 and low.upper[0] == pytest.approx(0.1731131324)
    high = spc.p_chart([10, 10, 9, 10], [10] * 4)
    assert high.upper == (1.0,) * 4 and high.lower[0] == pytest.approx(0.8268868676)
    assert low.signals == high.signals == ()  # a proportion of 1 on a limit of 1 is not beyond


def test_chart_dispatches_on_the_kind():
    assert spc.chart(ChartKind.RUN, SIX_ABOVE) == spc.run_chart(SIX_ABOVE)
    assert spc.chart(ChartKind.XMR, SIX_ABOVE).kind is ChartKind.XMR
    assert spc.chart(ChartKind.P, [1.0, 2.0], [4, 4]) == spc.p_chart([1, 2], [4, 4])


def test_rule_sets_follow_the_kind_and_describe_their_numbers():
    assert control_charts.rules_for(ChartKind.RUN) is control_charts.RUN_CHART_RULES
    assert (
        control_charts.rules_for(ChartKind.XMR)
        is control_charts.rules_for(ChartKind.P)
        is control_charts.SPC_RULES
    )
    assert (control_charts.RUN_CHART_RULES.shift, control_charts.RUN_CHART_RULES.trend) == (6, 5)
    assert (control_charts.SPC_RULES.shift, control_charts.SPC_RULES.trend) == (7, 6)
    run, control = control_charts.RUN_CHART_RULES.describe(), control_charts.SPC_RULES.describe()
    assert "6" in run and "5" in run and "7" in control and "6" in control
    assert len(control) > len(run)  # the limits clause
    assert "BMJ Qual Saf" in control_charts.RUN_CHART_RULES.source
    assert all(kind.label for kind in ChartKind) and all(rule.label for rule in Rule)


# Errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "build",
    [
        lambda: spc.run_chart([1.0]),
        lambda: spc.xmr_chart([]),
        lambda: spc.p_chart([1], [2]),
        lambda: spc.p_chart([1, 2], [3]),
        lambda: spc.p_chart([1, 2], [3, 0]),
        lambda: spc.p_chart([1, 4], [3, 3]),
        lambda: spc.p_chart([-1, 1], [3, 3]),
        lambda: spc.run_chart([1.0, math.nan, 2.0]),
        lambda: spc.xmr_chart([1.0, math.inf]),
        lambda: spc.chart(ChartKind.P, [1, 2]),
        lambda: spc.chart(ChartKind.P, [1.5, 2], [3, 3]),
    ],
)
def test_bad_input_is_a_user_error(build):
    with pytest.raises(UserError):
        build()


def test_errors_name_the_position_and_the_value():
    with pytest.raises(UserError, match="2") as zero:
        spc.p_chart([1, 2], [3, 0])
    assert "0" in str(zero.value)
    with pytest.raises(UserError, match="7") as above:
        spc.p_chart([1, 7], [3, 5])
    assert "2" in str(above.value)
    with pytest.raises(UserError, match="3"):
        spc.run_chart([1.0, 2.0, math.nan])


# Properties ------------------------------------------------------------------------------

integers = st.lists(st.integers(-1000, 1000), min_size=2, max_size=40)
BUILDERS = (spc.run_chart, spc.xmr_chart)


@settings(deadline=None)
@given(integers, st.integers(-(10**6), 10**6))
def test_adding_a_constant_changes_no_signal(values, constant):
    for build in BUILDERS:
        assert build([v + constant for v in values]).signals == build(values).signals


@settings(deadline=None)
@given(integers, st.sampled_from([0.25, 0.5, 2, 3, 10, 1000]))
def test_scaling_by_a_positive_constant_changes_no_signal(values, factor):
    for build in BUILDERS:
        assert build([v * factor for v in values]).signals == build(values).signals


@settings(deadline=None)
@given(integers)
def test_reversing_mirrors_every_signal(values):
    assume(all(a != b for a, b in pairwise(values)))  # repeats count by their first point
    last = len(values) - 1
    for build in BUILDERS:
        forward, backward = build(values), build(values[::-1])
        for rule in Rule:
            mirrored = {tuple(sorted(last - i for i in run)) for run in signals(backward, rule)}
            assert mirrored == set(signals(forward, rule))
    assert {tuple(sorted(last - i for i in run)) for run in spc.trends(values[::-1], 3)} == set(
        spc.trends(values, 3)
    )


@settings(deadline=None)
@given(integers, st.lists(st.integers(1, 50), min_size=2, max_size=40), st.data())
def test_signals_point_inside_the_series(values, sizes, data):
    counts = [data.draw(st.integers(0, size)) for size in sizes]
    for found in (*(build(values) for build in BUILDERS), spc.p_chart(counts, sizes)):
        assert found.flagged <= set(range(len(found.values)))
        assert all(signal.indices == tuple(sorted(set(signal.indices))) for signal in found.signals)
        assert len(found.upper) == len(found.lower) == len(found.values)


@settings(deadline=None)
@given(
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.integers(2, 30),
    st.integers(1, 100),
    st.data(),
)
def test_a_constant_series_never_signals(value, length, size, data):
    count = data.draw(st.integers(0, size))
    assert spc.run_chart([value] * length).signals == ()
    assert spc.xmr_chart([value] * length).signals == ()
    assert spc.p_chart([count] * length, [size] * length).signals == ()
