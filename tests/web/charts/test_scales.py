"""What every chart shares (web/charts/scales.py): scales, padded domains, round ticks."""

from __future__ import annotations

import itertools
import math

from hypothesis import given
from hypothesis import strategies as st

from maillage.web.charts.scales import Scale, padded, ticks


def test_scales_place_values_and_things_along_an_axis():
    up = Scale.upward(0, 10, top=20, height=100)  # a vertical axis: high values on top
    assert (up(10), up(0), up(5)) == (20, 120, 70)
    across = Scale.between(-1, 1, origin=110, length=100)
    assert (across(-1), across(0), across(1)) == (110, 160, 210)
    assert [Scale.steps(28, 12.5)(i) for i in range(3)] == [28, 40.5, 53]


def test_a_scale_of_counts_keeps_whole_numbers_exact():
    """25 of 96 members over 120 pixels is 31.25 pixels: dividing first gave
    31.250000000000004, which a drawing rounded to 31.3."""
    bars = Scale.of_counts(96, 120)
    assert bars.offset(25) == 31.25 and f"{bars.offset(25):.1f}" == "31.2"
    assert math.ceil(Scale.of_counts(7, 5).offset(7)) == 5  # the top count stays in the top class


def test_a_flat_series_still_gets_a_height():
    assert padded(3, 3, 0.25, (-1, 1)) == (1.5, 4.5, 0.5)  # 2 to 4, a quarter of it around
    assert padded(3, 3, 0.5, (0, 1)) == (2.5, 4.5, 0.5)
    assert padded(2, 12, 0.05, (0, 1)) == (1.5, 12.5, 0.5)


@given(
    st.floats(min_value=-1e6, max_value=1e6),
    st.floats(min_value=1e-3, max_value=1e9),
)
def test_ticks_are_round_evenly_spaced_within_the_domain_and_few(low: float, width: float):
    high = low + width
    found = list(ticks(low, high))
    assert 1 <= len(found) <= 7
    assert all(low - 1e-9 * max(1.0, abs(low)) <= t <= high for t in found)
    if len(found) > 1:
        step = found[1] - found[0]
        assert {round((b - a) / step, 6) for a, b in itertools.pairwise(found)} == {1.0}
        # Ticks far from zero carry the float error of their magnitude (at 524,288 a step of
        # 0.001 reads 0.00099999993): the step is round up to that error.
        mantissa = step / 10 ** math.floor(math.log10(step))
        assert any(math.isclose(mantissa, m, rel_tol=1e-6) for m in (1, 2, 5, 10))
