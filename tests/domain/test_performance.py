"""Targets, narrative objectives and self-assessment scores of the quintuple aim."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.domain.indicators import Polarity
from maillage.domain.performance import (
    Aim,
    Assessment,
    Direction,
    ObjectiveKind,
    Progress,
    progress,
    trend,
    validate_score,
)
from maillage.errors import UserError


def test_the_five_aims_in_the_order_of_the_boost_report():
    assert [a.label for a in Aim][:2] == [Aim.EXPERIENCE.label, Aim.POPULATION_HEALTH.label]
    assert len(Aim) == 5


@pytest.mark.parametrize(
    ("value", "target", "direction", "expected"),
    [
        (12.0, 10.0, Direction.AT_LEAST, Progress.MET),
        (10.0, 10.0, Direction.AT_LEAST, Progress.MET),
        (9.9, 10.0, Direction.AT_LEAST, Progress.NOT_YET),
        (9.9, 10.0, Direction.AT_MOST, Progress.MET),
        (10.1, 10.0, Direction.AT_MOST, Progress.NOT_YET),
        (None, 10.0, Direction.AT_MOST, Progress.NO_DATA),
        (3.0, None, Direction.AT_MOST, Progress.NO_DATA),
    ],
)
def test_a_measurable_objective_against_its_target(value, target, direction, expected):
    assert progress(ObjectiveKind.MEASURABLE, value, target, direction) is expected


@given(st.floats(allow_nan=False), st.floats(allow_nan=False), st.sampled_from(Direction))
def test_a_narrative_objective_is_never_scored(value, target, direction):
    assert progress(ObjectiveKind.NARRATIVE, value, target, direction) is Progress.NARRATIVE


def test_the_target_follows_the_indicator_polarity():
    assert Direction.of(Polarity.LOWER_IS_BETTER) is Direction.AT_MOST
    assert Direction.of(Polarity.HIGHER_IS_BETTER) is Direction.AT_LEAST


@pytest.mark.parametrize("score", [0, 6, -1])
def test_scores_go_from_one_to_five(score):
    with pytest.raises(UserError, match="1 à 5"):
        validate_score(score)
    assert validate_score(3) == 3


def test_the_trend_compares_the_two_latest_years():
    history = [
        Assessment(2024, Aim.EQUITY, 2),
        Assessment(2026, Aim.EQUITY, 4),
        Assessment(2025, Aim.EQUITY, 3),
        Assessment(2026, Aim.EXPERIENCE, 3),
    ]
    assert trend(history, Aim.EQUITY) == 1
    assert trend(history, Aim.EXPERIENCE) is None
