"""CSV files as Belgian spreadsheets export them.

Encodings UTF-8, UTF-8 with BOM and cp1252 are recognised, and so are the `,` and `;`
separators. Rows keep their physical line number so that every error can name it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from maillage.errors import DataFileError, Problem
from maillage.i18n import gettext as _

ENCODINGS = ("utf-8-sig", "cp1252")
SEPARATORS = (",", ";", "\t")


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]


@dataclass(frozen=True)
class CsvTable:
    name: str
    encoding: str
    separator: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]


def decode(data: bytes, name: str) -> tuple[str, str]:
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, "utf-8" if encoding == "utf-8-sig" else encoding
    raise DataFileError([Problem(name, None, None, None, _("cannot be decoded as text"))])


def detect_separator(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in SEPARATORS}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] > 0 else ","


def parse(data: bytes, name: str, required: Sequence[str]) -> CsvTable:
    """Parse *data*, checking that every *required* column is present."""
    text, encoding = decode(data, name)
    first_line = text.split("\n", 1)[0]
    if not first_line.strip():
        raise DataFileError([Problem(name, 1, None, None, _("the file is empty"))])
    separator = detect_separator(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    header = [column.strip().lower() for column in next(reader)]
    missing = [column for column in required if column not in header]
    if missing:
        raise DataFileError(
            [
                Problem(
                    name,
                    1,
                    column,
                    None,
                    _("missing column (expected columns: {columns})").format(
                        columns=", ".join(required)
                    ),
                )
                for column in missing
            ]
        )
    rows: list[Row] = []
    problems: list[Problem] = []
    for values in reader:
        line = reader.line_num
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(header):
            problems.append(
                Problem(
                    name,
                    line,
                    None,
                    separator.join(values),
                    _("{found} values where the header has {expected} columns").format(
                        found=len(values), expected=len(header)
                    ),
                )
            )
            continue
        rows.append(Row(line, {h: v.strip() for h, v in zip(header, values, strict=True)}))
    if problems:
        raise DataFileError(problems)
    return CsvTable(name, encoding, separator, tuple(header), tuple(rows))


def read(path: Path, required: Sequence[str]) -> CsvTable:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DataFileError(
            [Problem(str(path), None, None, None, _("cannot be read ({reason})").format(
                reason=error.strerror or error))]
        ) from error
    return parse(data, str(path), required)


