"""Workbooks read as rows: numbers as people read them, blank rows skipped, bounds kept."""

from __future__ import annotations

import zipfile

import pytest

from maillage.errors import DataFileError, ProblemList
from maillage.tabular import xlsx_reader
from maillage.tabular.spreadsheet import xlsx_bytes


def test_rows_carry_their_row_number_and_plain_text(tmp_path):
    path = tmp_path / "couche.xlsx"
    path.write_bytes(
        xlsx_bytes(
            "couche",
            [
                ["Structure_code", "structure_name", "refnis"],
                ["A", "Cercle A", 62063],
                [None, None, None],
                ["B", " Cercle B ", 62096.0],
            ],
        )
    )
    with xlsx_reader.open_xlsx(path, ("structure_code", "refnis")) as table:
        rows = list(table.rows())
    assert [(r.line, r.values["refnis"], r.values["structure_name"]) for r in rows] == [
        (2, "62063", "Cercle A"),
        (4, "62096", "Cercle B"),
    ]


def test_missing_columns_damaged_and_inflated_workbooks_are_refused(tmp_path, monkeypatch):
    path = tmp_path / "sans.xlsx"
    path.write_bytes(xlsx_bytes("x", [["code"], ["A"]]))
    with pytest.raises(DataFileError) as missing, xlsx_reader.open_xlsx(path, ("refnis",)):
        pass
    assert "refnis" in str(missing.value)
    broken = tmp_path / "casse.xlsx"
    broken.write_bytes(b"structure_code,structure_name,refnis\n")
    with pytest.raises(DataFileError), xlsx_reader.open_xlsx(broken):
        pass
    monkeypatch.setattr(xlsx_reader, "MAX_INFLATED_BYTES", 100)
    with pytest.raises(DataFileError) as big, xlsx_reader.open_xlsx(path):
        pass
    assert zipfile.is_zipfile(path) and "CSV" in str(big.value)


def test_an_endless_value_is_a_located_fault(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_reader, "MAX_FIELD_CHARS", 10)
    path = tmp_path / "long.xlsx"
    path.write_bytes(xlsx_bytes("x", [["refnis"], ["x" * 11], ["62063"]]))
    problems = ProblemList()
    with xlsx_reader.open_xlsx(path, problems=problems) as table:
        rows = list(table.rows())
    assert [r.line for r in rows] == [3]
    assert problems.count == 1 and problems.kept[0].line == 2
