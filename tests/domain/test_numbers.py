"""One rule for numbers brought by people and files: finite, ASCII digits, Belgian commas."""

from __future__ import annotations

import contextlib
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.domain.numbers import finite, spreadsheet_number


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1 234,5", 1234.5),
        ("1234.5", 1234.5),
        ("-3", -3.0),
        ("1\u202f000", 1000.0),
        ("2e3", 2000.0),
        (",5", 0.5),
    ],
)
def test_spreadsheet_writings_are_read(text, number):
    assert spreadsheet_number(text) == number


@pytest.mark.parametrize(
    "text",
    ["nan", "NaN", "inf", "-Infinity", "1e999", "١٢٣", "1_000", "1.234,5", "", "abc", "0x10"],
)
def test_anything_else_is_refused(text):
    with pytest.raises(ValueError):
        spreadsheet_number(text)


def test_finite_refuses_nan_and_infinities():
    assert finite(2.5) == 2.5
    for value in (math.nan, math.inf, -math.inf):
        with pytest.raises(ValueError):
            finite(value)


@given(st.text(max_size=12))
def test_a_number_read_is_always_finite(text):
    with contextlib.suppress(ValueError):
        assert math.isfinite(spreadsheet_number(text))
