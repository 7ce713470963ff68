"""Spreadsheet exports: encodings and separators as Belgian users produce them."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.errors import DataFileError, ProblemList
from maillage.tabular import csv_reader


def parse(data: bytes, name: str, required=(), **options):
    """The file's table and rows, refused as the importers refuse it (DataFileError)."""
    problems = ProblemList()
    with csv_reader.open_stream(io.BytesIO(data), name, required, problems=problems,
                                **options) as table:
        rows = list(table.rows())
    problems.raise_if_any()
    table.rows = rows
    return table

COLUMNS = ("refnis", "name")
names = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèàçôûëÉ '-", min_size=1, max_size=20).map(
    str.strip).filter(bool)


@given(
    rows=st.lists(st.tuples(st.from_regex(r"[0-9]{5}", fullmatch=True), names), min_size=1,
                  max_size=20),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    separator=st.sampled_from([",", ";"]),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_reads_back_what_a_spreadsheet_wrote(rows, encoding, separator, newline):
    text = newline.join([separator.join(COLUMNS)] + [separator.join(r) for r in rows]) + newline
    table = parse(text.encode(encoding), "f.csv", COLUMNS)
    assert table.separator == separator
    assert [(r.values["refnis"], r.values["name"]) for r in table.rows] == rows
    assert [r.line for r in table.rows] == list(range(2, len(rows) + 2))


def test_bom_is_not_part_of_the_first_column():
    table = parse("\ufeffrefnis;name\n92094;Namur\n".encode(), "f.csv", COLUMNS)
    assert table.columns[0] == "refnis"
    assert table.encoding == "utf-8"


def test_cp1252_accents_are_decoded():
    table = parse("refnis;name\n25014;Braine-l'Alleud é\n".encode("cp1252"), "f.csv", COLUMNS)
    assert table.encoding == "cp1252"
    assert table.rows[0].values["name"].endswith("é")


def test_missing_column_is_named():
    with pytest.raises(DataFileError) as caught:
        parse(b"refnis,nom\n92094,Namur\n", "zones.csv", COLUMNS)
    message = str(caught.value)
    assert "zones.csv" in message and "name" in message


def test_ragged_row_names_its_line():
    with pytest.raises(DataFileError) as caught:
        parse(b"refnis,name\n92094,Namur\n25014,A,B\n", "zones.csv", COLUMNS)
    assert caught.value.problems[0].line == 3


def test_empty_file_is_refused():
    with pytest.raises(DataFileError):
        parse(b"", "empty.csv", COLUMNS)
