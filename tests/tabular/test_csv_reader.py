"""Spreadsheet exports: encodings and separators as Belgian users produce them, and files of
any shape read in bounded memory with every fault located."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.errors import DataFileError, ProblemList
from maillage.tabular import csv_reader, spreadsheet

COLUMNS = ("refnis", "name")
names = (
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèàçôûëÉ '-", min_size=1, max_size=20)
    .map(str.strip)
    .filter(bool)
)


def read(data: bytes, name: str = "f.csv", required=COLUMNS, **options):
    """The table, its rows and the faults found in them (as the importers read them)."""
    problems = ProblemList()
    with csv_reader.open_stream(
        io.BytesIO(data), name, required, problems=problems, **options
    ) as table:
        rows = list(table.rows())
    return table, rows, problems


def parse(data: bytes, name: str = "f.csv", required=COLUMNS):
    table, rows, problems = read(data, name, required)
    problems.raise_if_any()
    return table, rows


@pytest.fixture
def small_limits(monkeypatch):
    monkeypatch.setattr(csv_reader, "MAX_FIELD_CHARS", 10)
    monkeypatch.setattr(csv_reader, "MAX_RECORD_CHARS", 40)
    monkeypatch.setattr(csv_reader, "CHUNK_BYTES", 16)


@given(
    rows=st.lists(
        st.tuples(st.from_regex(r"[0-9]{5}", fullmatch=True), names), min_size=1, max_size=20
    ),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le", "utf-16-be"]),
    separator=st.sampled_from([",", ";"]),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_reads_back_what_a_spreadsheet_wrote(rows, encoding, separator, newline):
    text = newline.join([separator.join(COLUMNS)] + [separator.join(r) for r in rows]) + newline
    table, found = parse(text.encode(encoding))
    assert table.separator == separator
    # An apostrophe before a formula's first sign is a spreadsheet's "this is text" mark, which
    # our exports add (tabular/spreadsheet.py) and every read takes off: "'-a" reads "-a".
    expected = [(refnis, spreadsheet.restore(name)) for refnis, name in rows]
    assert [(r.values["refnis"], r.values["name"]) for r in found] == expected
    assert [r.line for r in found] == list(range(2, len(rows) + 2))


def test_bom_is_not_part_of_the_first_column():
    table, _rows = parse("\ufeffrefnis;name\n92094;Namur\n".encode())
    assert table.columns[0] == "refnis"
    assert table.encoding == "utf-8"


def test_cp1252_accents_are_decoded():
    table, rows = parse("refnis;name\n25014;Braine-l'Alleud é\n".encode("cp1252"))
    assert table.encoding == "cp1252"
    assert rows[0].values["name"].endswith("é")


def test_utf16_with_or_without_bom_is_decoded():
    for encoding in ("utf-16", "utf-16-le", "utf-16-be"):
        table, rows = parse("refnis;name\n92094;Namur ô\n".encode(encoding))
        assert (table.encoding, rows[0].values["name"]) == ("utf-16", "Namur ô")


def test_a_binary_file_is_refused_as_binary():
    with pytest.raises(DataFileError, match="binaire"):
        parse(b"refnis,name\n92094,\x00\x01\x02\xff" * 100)


def test_a_byte_no_encoding_knows_is_located():
    with pytest.raises(DataFileError) as caught:
        parse(b"refnis,name\n92094,Namur\n25014,\x81\n")
    assert caught.value.problems[0].line == 3


def test_missing_column_is_named():
    with pytest.raises(DataFileError) as caught:
        parse(b"refnis,nom\n92094,Namur\n", "zones.csv")
    message = str(caught.value)
    assert "zones.csv" in message and "name" in message


def test_ragged_row_names_its_line():
    with pytest.raises(DataFileError) as caught:
        parse(b"refnis,name\n92094,Namur\n25014,A,B\n", "zones.csv")
    assert caught.value.problems[0].line == 3


def test_empty_file_is_refused():
    with pytest.raises(DataFileError):
        parse(b"")


def test_a_value_over_the_field_limit_is_located_and_reading_goes_on(small_limits):
    _table, rows, problems = read(b"refnis,name\n92094," + b"x" * 11 + b"\n25014,Ok\n")
    [problem] = problems.kept
    assert (problem.line, problem.field) == (2, "name")
    assert [r.values["name"] for r in rows] == ["Ok"]


def test_an_endless_line_is_located_without_being_held(small_limits):
    data = b"refnis,name\n92094," + b"x" * 10_000 + b"\n25014,Ok\n"
    _table, rows, problems = read(data)
    assert [(p.line, p.field) for p in problems.kept] == [(2, None)]
    assert [(r.line, r.values["name"]) for r in rows] == [(3, "Ok")]


def test_an_unclosed_quote_swallows_a_bounded_stretch_only(small_limits):
    lines = b"".join(b"%d,n\n" % n for n in range(10_000, 10_020))
    _table, rows, problems = read(b'refnis,name\n92094,"open\n' + lines)
    assert problems.count == 1 and problems.kept[0].line == 2
    assert rows and rows[-1].values["refnis"] == "10019"


def test_rows_past_the_maximum_are_a_located_fault(small_limits):
    data = b"refnis,name\n" + b"".join(b"%d,n\n" % n for n in range(10_000, 10_005))
    _table, rows, problems = read(data, max_rows=3)
    assert [p.line for p in problems.kept] == [5]
    assert len(rows) == 5  # still checked, the importer keeps nothing more


@given(st.binary(max_size=400))
def test_any_bytes_give_rows_or_a_data_file_error(data):
    try:
        _table, rows, problems = read(data, required=())
    except DataFileError as error:
        assert error.problems
    else:
        assert all(isinstance(r.line, int) for r in rows)
        assert len(problems.kept) <= DataFileError.SHOWN
