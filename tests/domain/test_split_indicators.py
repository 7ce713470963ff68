"""Indicators of territories holding part of a split commune, method by method."""

from __future__ import annotations

import pytest

from maillage.domain.indicators import Indicator, Kind, Observation, Polarity
from maillage.domain.split_indicators import SplitShare, aggregate_with_parts, note

RATE = Indicator("r", "Rate", "", Kind.PROPORTION, Polarity.NEUTRAL, multiplier=100)
COUNT = Indicator("c", "Count", "", Kind.COUNT, Polarity.NEUTRAL)
OBSERVED = [
    Observation("10001", "2022", 10, 100),
    Observation("10003", "2022", 40, 200),  # the split commune: 20 %
]
# Bassin B holds commune 10001 whole and a quarter of 10003 (its sector S1).
MEMBERS = {"B": ["10001"], "O": ["10001", "10003"]}
SPLITS = {"B": {"10003": SplitShare(0.25, ("S1",))}}


def by_code(found):
    return {o.code: o for o in found}


def test_a_rate_weights_the_split_commune_by_its_share_and_says_so():
    found, approximate = aggregate_with_parts(RATE, OBSERVED, MEMBERS, SPLITS)
    bassin = by_code(found)["B"]
    assert (bassin.numerator, bassin.denominator) == (20, 150)  # 10 + 40/4, 100 + 200/4
    assert approximate == {("B", "2022")}
    assert by_code(found)["O"].numerator == 50  # the whole commune: exact
    assert "non divisible" in note(RATE)


def test_a_count_is_not_shared_between_the_parts_of_a_commune():
    counts = [Observation("10001", "2022", 10), Observation("10003", "2022", 40)]
    found, approximate = aggregate_with_parts(COUNT, counts, MEMBERS, SPLITS)
    assert "B" not in by_code(found)
    assert by_code(found)["O"].numerator == 50
    assert approximate == set()
    assert "non affiché" in note(COUNT)


@pytest.mark.parametrize("indicator", [RATE, COUNT])
def test_sector_values_aggregate_exactly(indicator):
    denominator = 60 if indicator is RATE else None
    observed = [*OBSERVED, Observation("S1", "2022", 3, denominator)]
    if indicator is COUNT:
        observed = [Observation("10001", "2022", 10), Observation("S1", "2022", 3)]
    found, approximate = aggregate_with_parts(indicator, observed, MEMBERS, SPLITS)
    assert by_code(found)["B"].numerator == 13
    assert approximate == set()
