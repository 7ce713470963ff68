"""The first sheet of an XLSX workbook, read as rows like a CSV file, within bounds.

People keep their lists in spreadsheets; saving as CSV is one step they may skip. The
sheet is streamed (openpyxl's read-only mode), its rows handed out one by one with the
spreadsheet's own row number, so that memory stays bounded. A workbook is a zip: its
declared sizes are checked before anything is inflated, so that a zip bomb is refused as
a fault. Cell values become text as a person reads them: an integer (a REFNIS code typed
as a number) without decimals, a formula by its last computed value.
"""

from __future__ import annotations

import zipfile
from collections.abc import Generator, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from maillage.errors import DataFileError, Problem, ProblemList
from maillage.i18n import format_integer
from maillage.i18n import gettext as _
from maillage.tabular.csv_reader import MAX_FIELD_CHARS, Row

MAX_INFLATED_BYTES = 400_000_000


def _refuse(name: str, line: int | None, expected: str) -> DataFileError:
    return DataFileError([Problem(name, line, None, None, expected)])


def _no_rows() -> Generator[tuple[Any, ...]]:
    yield from ()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime) and not (value.hour or value.minute or value.second):
        return value.date().isoformat()
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


class XlsxFile:
    """An open workbook's first sheet: its header, then its rows (see ``rows``)."""

    encoding = "xlsx"
    separator = "—"

    def __init__(
        self,
        name: str,
        columns: tuple[str, ...],
        problems: ProblemList,
        values: Iterator[tuple[Any, ...]],
    ) -> None:
        self.name, self.columns, self.problems = name, columns, problems
        self._values = values

    def require(self, required: Sequence[str]) -> None:
        missing = [column for column in required if column not in self.columns]
        if missing:
            expected = _("missing column (expected columns: {columns})").format(
                columns=", ".join(required)
            )
            raise DataFileError(
                [Problem(self.name, 1, column, None, expected) for column in missing]
            )

    def rows(self) -> Iterator[Row]:
        """Non-blank rows with their row number, values stripped; faults go to ``problems``."""
        too_long = _("a value longer than {count} characters").format(
            count=format_integer(MAX_FIELD_CHARS)
        )
        for line, cells in enumerate(self._values, start=2):
            texts = [_text(v).strip() for v in cells]
            if not any(texts):
                continue
            values: dict[str, str] = {}
            ok = True
            for column, text in zip(self.columns, texts, strict=False):
                if len(text) > MAX_FIELD_CHARS:
                    self.problems.add(Problem(self.name, line, column, None, too_long))
                    ok = False
                values[column] = text
            if ok:
                yield Row(line, {c: values.get(c, "") for c in self.columns})


@contextmanager
def open_xlsx(
    path: Path, required: Sequence[str] = (), *, problems: ProblemList | None = None
) -> Iterator[XlsxFile]:
    """The first sheet of the workbook at *path*, checked to have the *required* columns."""
    from openpyxl import load_workbook  # imported by the few imports that read a workbook

    name = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            declared = sum(member.file_size for member in archive.infolist())
    except (OSError, zipfile.BadZipFile) as error:
        raise _refuse(
            name, None, _("not an XLSX workbook ({reason})").format(reason=error)
        ) from error
    if declared > MAX_INFLATED_BYTES:
        raise _refuse(
            name,
            None,
            _("the workbook holds more than {count} MB once unpacked: save it as CSV").format(
                count=format_integer(MAX_INFLATED_BYTES // 1_000_000)
            ),
        )
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise _refuse(
            name, None, _("not an XLSX workbook ({reason})").format(reason=error)
        ) from error
    sheet = book.worksheets[0] if book.worksheets else None
    values: Generator[tuple[Any, ...]] = (
        sheet.iter_rows(values_only=True) if sheet is not None else _no_rows()
    )
    try:
        header = next(values, None)
        if header is None or not any(_text(v).strip() for v in header):
            raise _refuse(name, 1, _("the file is empty"))
        columns = tuple(_text(v).strip().lower() for v in header)
        table = XlsxFile(name, columns, problems if problems is not None else ProblemList(), values)
        table.require(required)
        yield table
    finally:
        values.close()  # the sheet's open member, else the file stays open after a refusal
        book.close()
