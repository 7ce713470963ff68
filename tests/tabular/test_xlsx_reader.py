"""XLSX sheets read through csv_reader: same rows, same located faults, the sheet's rows."""

from __future__ import annotations

import zipfile
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maillage.errors import DataFileError, ProblemList
from maillage.tabular import spreadsheet, xlsx_reader


def workbook(tmp_path, rows, name="t.xlsx"):
    path = tmp_path / name
    path.write_bytes(spreadsheet.xlsx_bytes("Feuille", rows))
    return path


def read(path, required=()):
    problems = ProblemList()
    with xlsx_reader.open_table(path, required, problems=problems) as table:
        rows = list(table.rows())
    return table, rows, problems


def test_rows_keep_the_sheet_row_numbers_and_values_read_as_displayed(tmp_path):
    path = workbook(
        tmp_path,
        [
            ["refnis", "name", "since", "rate", None],
            [25005.0, "Beauvechain", date(2024, 6, 6), 0.5],
            [None, None, None, None],
            [62063, "Liège\nville", datetime(2024, 1, 1, 8, 30), True],
        ],
    )
    table, rows, problems = read(path, ("refnis", "name"))
    assert table.encoding == "xlsx" and table.columns == ("refnis", "name", "since", "rate")
    assert not problems
    assert [(r.line, r.values) for r in rows] == [
        (2, {"refnis": "25005", "name": "Beauvechain", "since": "2024-06-06", "rate": "0.5"}),
        (
            4,
            {
                "refnis": "62063",
                "name": "Liège ville",
                "since": "2024-01-01T08:30:00",
                "rate": "TRUE",
            },
        ),
    ]


def test_a_missing_column_and_a_ragged_row_are_located(tmp_path):
    with pytest.raises(DataFileError) as refused:
        read(workbook(tmp_path, [["refnis"], ["1"]]), ("refnis", "bassin_code"))
    assert refused.value.problems[0].field == "bassin_code"
    _table, rows, problems = read(workbook(tmp_path, [["a", "b"], ["1", "2"], ["1", "2", "3"]]))
    assert [r.line for r in rows] == [2]
    assert [p.line for p in problems.kept] == [3]


def test_a_file_that_is_not_a_workbook_is_refused_or_read_as_csv(tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DataFileError) as refused:
        read(broken)
    assert "XLSX" in str(refused.value)
    archive = tmp_path / "archive.xlsx"  # a zip, but no workbook in it
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("readme.txt", "hello")
    with pytest.raises(DataFileError):
        read(archive)
    damaged = tmp_path / "damaged.xlsx"  # a workbook whose sheet's XML is cut
    with (
        zipfile.ZipFile(workbook(tmp_path, [["a"], ["1"]])) as source,
        zipfile.ZipFile(damaged, "w") as target,
    ):
        for item in source.infolist():
            data = source.read(item)
            target.writestr(
                item, data[: len(data) // 2] if "worksheets/" in item.filename else data
            )
    with pytest.raises(DataFileError):
        read(damaged)
    text = tmp_path / "plain.xlsx"  # a CSV whatever its name says
    text.write_text("a;b\n1;2\n", encoding="utf-8")
    table, rows, _problems = read(text)
    assert table.separator == ";" and rows[0].values == {"a": "1", "b": "2"}


cells = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85"),
    max_size=20,
).filter(lambda v: v == v.strip() and v.strip() != "")


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(cells, min_size=3, max_size=3), min_size=1, max_size=8))
def test_any_table_of_texts_reads_back_as_written(tmp_path_factory, rows):
    path = workbook(tmp_path_factory.mktemp("x"), [["a", "b", "c"], *rows])
    _table, read_rows, problems = read(path)
    assert not problems
    assert [list(r.values.values()) for r in read_rows] == rows
    assert [r.line for r in read_rows] == list(range(2, len(rows) + 2))
