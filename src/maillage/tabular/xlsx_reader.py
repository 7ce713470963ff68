"""XLSX workbooks read as CSV text, so that ``csv_reader`` checks them like any table.

People keep their tables in Excel; asking them to export a CSV first is one more step
where a separator or an encoding goes wrong. The first sheet is turned into UTF-8 CSV, one
line per sheet row, so every fault ``csv_reader`` and the importers find is located by
the row number the spreadsheet shows (row 1 is the header). A line break inside a cell is
read as a space for that reason. Cell values are read as displayed data: a formula gives
its last computed value, a whole number stored as a float (62063.0) gives ``62063``, a
date its ISO form.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from maillage.errors import DataFileError, Problem, ProblemList
from maillage.i18n import format_date, format_integer
from maillage.i18n import gettext as _
from maillage.tabular import csv_reader, spreadsheet

ZIP_MAGIC = b"PK\x03\x04"
# What a damaged or foreign archive raises inside openpyxl: zip, XML and cell faults.
UNREADABLE = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    IndexError,
    OSError,
    SyntaxError,  # xml.etree's ParseError
    TypeError,
    ValueError,
)
MAX_CSV_CHARS = 64 * 1024 * 1024  # a sheet larger than this as text is refused


def is_xlsx(path: Path) -> bool:
    """Whether *path* holds a workbook (a zip archive) rather than text."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(ZIP_MAGIC)) == ZIP_MAGIC
    except OSError:
        return False


def cell_text(value: Any) -> str:
    """A cell as the text a CSV export of the sheet would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return " ".join(str(value).splitlines())


def _unreadable(name: str, error: Exception) -> DataFileError:
    return DataFileError(
        [
            Problem(
                name,
                None,
                None,
                None,
                _("not a readable XLSX workbook ({reason})").format(
                    reason=str(error) or type(error).__name__
                ),
            )
        ]
    )


def _sheet_text(name: str, rows: Iterable[Sequence[Any]]) -> io.StringIO:
    buffer = io.StringIO()
    width: int | None = None
    for row in rows:
        texts = [cell_text(v) for v in row]
        if width is None:  # the header: its last named column sets the width
            while texts and not texts[-1].strip():
                texts.pop()
            width = len(texts)
        elif len(texts) > width and not "".join(texts[width:]).strip():
            texts = texts[:width]
        spreadsheet.write_csv(buffer, [texts], excel=False)
        if buffer.tell() > MAX_CSV_CHARS:
            raise DataFileError(
                [
                    Problem(
                        name,
                        None,
                        None,
                        None,
                        _("the sheet holds more than {count} MB of text: split it").format(
                            count=format_integer(MAX_CSV_CHARS // (1024 * 1024))
                        ),
                    )
                ]
            )
    return buffer


def sheet_as_csv(path: Path) -> bytes:
    """The first sheet of the workbook at *path* as comma-separated UTF-8."""
    # openpyxl is imported by the few requests that read a workbook (see spreadsheet.py).
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    unreadable = (*UNREADABLE, InvalidFileException)
    name = str(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except unreadable as error:
        raise _unreadable(name, error) from error
    try:
        if not book.worksheets:
            raise DataFileError([Problem(name, None, None, None, _("the workbook has no sheet"))])
        buffer = _sheet_text(name, book.worksheets[0].iter_rows(values_only=True))
    except unreadable as error:  # the sheet's XML is parsed as its rows are read
        raise _unreadable(name, error) from error
    finally:
        book.close()
    return buffer.getvalue().encode("utf-8")


@contextmanager
def open_table(
    path: Path,
    required: Sequence[str] = (),
    *,
    problems: ProblemList | None = None,
    max_rows: int | None = None,
) -> Iterator[csv_reader.CsvFile]:
    """The CSV file or the first sheet of the XLSX workbook at *path*, read by csv_reader.

    For a workbook the table's encoding is ``xlsx``.
    """
    if not is_xlsx(path):
        with csv_reader.open_csv(path, required, problems=problems, max_rows=max_rows) as table:
            yield table
        return
    stream = io.BytesIO(sheet_as_csv(path))
    with csv_reader.open_stream(
        stream, str(path), required, problems=problems, max_rows=max_rows, encoding="utf-8"
    ) as table:
        table.encoding = "xlsx"
        yield table


def provenance(table: csv_reader.CsvFile, file_name: str) -> str:
    """How an imported table is described where its data is shown: the file, how it was
    read (the workbook's first sheet, or the CSV's encoding and separator) and the day."""
    day = format_date(date.today())
    if table.encoding == "xlsx":
        return _("File {file} (XLSX, first sheet), imported on {day}").format(
            file=file_name, day=day
        )
    return _("File {file} ({encoding}, separator “{sep}”), imported on {day}").format(
        file=file_name, encoding=table.encoding, sep=table.separator, day=day
    )
