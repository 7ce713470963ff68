"""Seats for OLS territories shared between provinces."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from maillage.analysis.proposal import seats_by_largest_remainder


def test_walloon_provinces_get_ten_seats():
    populations = {
        "BW": 409_782,
        "Hainaut": 1_351_127,
        "Liège": 1_110_989,
        "Luxembourg": 291_143,
        "Namur": 499_454,
    }
    assert seats_by_largest_remainder(populations, 10) == {
        "BW": 1,
        "Hainaut": 4,
        "Liège": 3,
        "Luxembourg": 1,
        "Namur": 1,
    }


@given(
    st.dictionaries(st.text(min_size=1, max_size=3), st.integers(1, 10**6), min_size=1, max_size=8),
    st.integers(0, 20),
)
def test_seats_sum_and_floor(populations, extra):
    seats = len(populations) + extra
    shares = seats_by_largest_remainder(populations, seats)
    assert sum(shares.values()) == seats
    assert min(shares.values()) >= 1
