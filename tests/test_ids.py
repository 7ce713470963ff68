"""Record ids read from text: ASCII digits within the database's range, nothing else."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.ids import MAX_ID, is_id, parse_id


@pytest.mark.parametrize(
    "text",
    [
        str(2**63),
        str(2**64),
        str(MAX_ID + 1),
        "0",
        "-1",
        "+1",
        " 1",
        "1 ",
        "1_000",
        "1.0",
        "³",
        "١٢",
        "１２",
        "",
        "0x1",
        "9" * 5000,
    ],
)
def test_what_is_not_an_id_is_none(text):
    assert parse_id(text) is None


@pytest.mark.parametrize("text, expected", [("1", 1), ("007", 7), (str(MAX_ID), MAX_ID)])
def test_ids_are_read(text, expected):
    assert parse_id(text) == expected


@given(st.text(max_size=12))
def test_an_id_is_exactly_ascii_digits_in_range(text):
    found = parse_id(text)
    expected = (
        int(text) if text and all(c in "0123456789" for c in text) and is_id(int(text)) else None
    )
    assert found == expected


@given(st.integers())
def test_written_ids_read_back_when_the_database_holds_them(number):
    assert parse_id(str(number)) == (number if 1 <= number <= 2_147_483_647 else None)
