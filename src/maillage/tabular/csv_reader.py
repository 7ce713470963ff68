"""CSV files as Belgian spreadsheets export them, read as a stream with every fault located.

Encodings UTF-8 (with or without BOM), cp1252 and UTF-16 (by its BOM, or by the NUL bytes
of its ASCII characters) are recognised, and so are the `,`, `;` and tab separators. A file
holding NUL bytes otherwise is binary and refused as such. The file is read in chunks and
its rows handed out one by one with the physical line they start on, so that a file of any
size costs bounded memory: a record longer than ``MAX_RECORD_CHARS`` (an endless line, an
unclosed quote swallowing the lines after it) and a value longer than ``MAX_FIELD_CHARS``
are located problems, and reading goes on with the next line.

Problems go to a ``ProblemList`` shared with the importer, which checks the values and
raises one ``DataFileError`` at the end; only what prevents reading at all (no header, a
missing column, a binary file) raises at once.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, NamedTuple

from maillage.errors import DataFileError, Problem, ProblemList
from maillage.i18n import format_integer
from maillage.i18n import gettext as _
from maillage.tabular.spreadsheet import restore

SEPARATORS = (",", ";", "\t", "|")  # "|": Statbel's open data text files
MAX_FIELD_CHARS = 100_000
MAX_RECORD_CHARS = 1_000_000
CHUNK_BYTES = 1 << 16
SNIFF_BYTES = 4096
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")

_BOMS = (
    (codecs.BOM_UTF32_LE, None),
    (codecs.BOM_UTF32_BE, None),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class Row(NamedTuple):
    line: int
    values: dict[str, str]


def detect_separator(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in SEPARATORS}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] > 0 else ","


def _refuse(name: str, line: int | None, expected: str) -> DataFileError:
    return DataFileError([Problem(name, line, None, None, expected)])


def sniff_encoding(start: bytes, name: str) -> str | None:
    """The encoding told by the first bytes (a BOM, UTF-16's NUL pattern), None if none.

    Raises DataFileError for UTF-32 and for binary data (NUL bytes that are not UTF-16's).
    """
    for bom, encoding in _BOMS:
        if start.startswith(bom):
            if encoding is None:
                raise _refuse(name, None, _("UTF-32 text is not read: save the file as UTF-8 CSV"))
            return encoding
    if b"\x00" not in start:
        return None
    sample = start[: len(start) // 2 * 2]
    pairs = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if pairs and odd >= pairs / 3 and even <= pairs / 50:
        return "utf-16-le"
    if pairs and even >= pairs / 3 and odd <= pairs / 50:
        return "utf-16-be"
    raise _binary(name)


def _binary(name: str) -> DataFileError:
    return _refuse(
        name,
        None,
        _("a binary file, not a CSV text file (it holds NUL bytes): export the sheet as CSV"),
    )


def _text_encoding(stream: IO[bytes], name: str) -> str:
    """UTF-8 when the whole stream decodes as UTF-8, else cp1252; binary is refused.

    One pass in chunks before the rows are read, so that rows are never handed out before
    the encoding is known; a byte that cp1252 leaves undefined is located by its line.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    lines = 1
    undefined: int | None = None  # line of the first byte cp1252 cannot decode
    while chunk := stream.read(CHUNK_BYTES):
        if b"\x00" in chunk:
            raise _binary(name)
        if utf8:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                utf8 = False
        bad = _CP1252_UNDEFINED.search(chunk) if undefined is None else None
        if bad is not None:
            undefined = lines + chunk.count(b"\n", 0, bad.start())
        lines += chunk.count(b"\n")
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    stream.seek(0)
    if utf8:
        return "utf-8-sig"
    if undefined is not None:
        raise _refuse(
            name, undefined, _("cannot be decoded as text (neither UTF-8 nor Windows-1252)")
        )
    return "cp1252"


class _RecordTooLong(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


class _Lines:
    """Physical lines for ``csv.reader``, never more than the record limit in memory.

    A record (one line, or several within quotes) longer than the limit raises
    ``_RecordTooLong`` through the reader; the rest of its last line is skipped unread, and
    the reader starts afresh on the next line.
    """

    def __init__(self, text: IO[str]) -> None:
        self._text = text
        self._pending: str | None = None
        self.line = 0  # physical lines handed out
        self.record_start = 1
        self.record_chars = 0

    def push_back(self, line: str) -> None:
        self._pending = line
        self.line -= 1

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.record_chars == 0:
            self.record_start = self.line + 1
        if self._pending is not None:
            line, self._pending = self._pending, None
        else:
            line = self._text.readline(MAX_RECORD_CHARS + 1 - self.record_chars)
        if not line:
            raise StopIteration
        self.line += 1
        self.record_chars += len(line)
        if self.record_chars > MAX_RECORD_CHARS:
            while line and not line.endswith(("\n", "\r")):
                line = self._text.readline(CHUNK_BYTES)
            self.record_chars = 0
            raise _RecordTooLong(self.record_start)
        return line


class CsvFile:
    """An open CSV file: its header, then its rows one by one (see ``rows``)."""

    def __init__(
        self,
        name: str,
        encoding: str,
        separator: str,
        columns: tuple[str, ...],
        problems: ProblemList,
        max_rows: int | None,
        reader: Iterator[list[str]],
        lines: _Lines,
    ) -> None:
        self.name, self.encoding, self.separator = name, encoding, separator
        self.columns = columns
        self.problems = problems
        self.max_rows = max_rows
        self._reader, self._lines = reader, lines

    def require(self, required: Sequence[str]) -> None:
        """Refuse the file at once, naming each missing column, if one is missing."""
        missing = [column for column in required if column not in self.columns]
        if missing:
            expected = _("missing column (expected columns: {columns})").format(
                columns=", ".join(required)
            )
            raise DataFileError(
                [Problem(self.name, 1, column, None, expected) for column in missing]
            )

    def rows(self, strip: bool = True) -> Iterator[Row]:
        """Non-blank rows with the line each starts on, values stripped of surrounding
        spaces unless *strip* is false; faults go to ``problems``."""
        lines, name, header, reader = self._lines, self.name, self.columns, self._reader
        width, limit = len(header), MAX_FIELD_CHARS
        count = 0
        while True:
            lines.record_chars = 0  # a new record starts
            try:
                values = next(reader)
            except StopIteration:
                return
            except _RecordTooLong as error:
                self.problems.add(
                    Problem(
                        name,
                        error.line,
                        None,
                        None,
                        _(
                            "a line longer than {count} characters (an unclosed quote or a value "
                            "without end?)"
                        ).format(count=format_integer(MAX_RECORD_CHARS)),
                    )
                )
                continue
            except csv.Error as error:
                self.problems.add(
                    Problem(
                        name,
                        lines.record_start,
                        None,
                        None,
                        _("malformed CSV ({reason})").format(reason=error),
                    )
                )
                continue
            except UnicodeDecodeError:
                self.problems.add(
                    Problem(
                        name,
                        lines.line + 1,
                        None,
                        None,
                        _("cannot be decoded as {encoding}").format(encoding=self.encoding),
                    )
                )
                return
            line = lines.record_start
            if not any(values) or not "".join(values).strip():
                continue
            if len(values) != width:
                self.problems.add(
                    Problem(
                        name,
                        line,
                        None,
                        self.separator.join(values),
                        _("{found} values where the header has {expected} columns").format(
                            found=len(values), expected=len(header)
                        ),
                    )
                )
                continue
            if max(map(len, values)) > limit:
                for column, value in zip(header, values, strict=True):
                    if len(value) > MAX_FIELD_CHARS:
                        self.problems.add(
                            Problem(
                                name,
                                line,
                                column,
                                value,
                                _("a value longer than {count} characters").format(
                                    count=format_integer(MAX_FIELD_CHARS)
                                ),
                            )
                        )
                continue
            count += 1
            if self.max_rows is not None and count == self.max_rows + 1:
                self.problems.add(
                    Problem(
                        name,
                        line,
                        None,
                        None,
                        _("more than {count} rows in one file: split the file").format(
                            count=format_integer(self.max_rows)
                        ),
                    )
                )
            # Our own exports add an apostrophe before text a spreadsheet would run as a
            # formula (``spreadsheet.neutralise``): reading one back gives the text again.
            yield Row(
                line,
                {
                    h: restore(v.strip() if strip else v)
                    for h, v in zip(header, values, strict=True)
                },
            )


def _encoding_label(encoding: str) -> str:
    return {
        "utf-8-sig": "utf-8",
        "utf-16": "utf-16",
        "utf-16-le": "utf-16",
        "utf-16-be": "utf-16",
    }.get(encoding, encoding)


@contextmanager
def open_stream(
    stream: IO[bytes],
    name: str,
    required: Sequence[str] = (),
    *,
    problems: ProblemList | None = None,
    encoding: str | None = None,
    separator: str | None = None,
    quotechar: str = '"',
    max_rows: int | None = None,
) -> Iterator[CsvFile]:
    """A CSV file read from a seekable binary *stream*.

    *encoding* and *separator* are detected when not given (a BOM always wins over a
    declared encoding). The header is lower-cased unless a separator is given (HSDS
    packages declare theirs and keep their column names as they are).
    """
    start = stream.read(SNIFF_BYTES)
    stream.seek(0)
    found = sniff_encoding(start, name) or encoding or _text_encoding(stream, name)
    if found in ("utf-8", "utf8"):
        found = "utf-8-sig"
    try:
        codecs.lookup(found)
    except LookupError as error:
        raise _refuse(
            name, None, _("cannot be decoded as {encoding}").format(encoding=found)
        ) from error
    text = io.TextIOWrapper(stream, encoding=found, newline="")
    try:
        lines = _Lines(text)
        try:
            first = next(lines)
        except StopIteration:
            first = ""
        except _RecordTooLong as error:
            raise _refuse(
                name,
                1,
                _("a header line longer than {count} characters").format(
                    count=format_integer(MAX_RECORD_CHARS)
                ),
            ) from error
        except UnicodeDecodeError as error:
            raise _refuse(
                name,
                1,
                _("cannot be decoded as {encoding}").format(encoding=_encoding_label(found)),
            ) from error
        if not first.strip():
            raise _refuse(name, 1, _("the file is empty"))
        lines.push_back(first.lstrip("\ufeff"))
        chosen = separator or detect_separator(first)
        csv.field_size_limit(MAX_RECORD_CHARS + 1)
        reader = csv.reader(lines, delimiter=chosen[:1], quotechar=quotechar[:1] or '"')
        try:
            header = next(reader)
        except (csv.Error, _RecordTooLong, UnicodeDecodeError) as error:
            raise _refuse(
                name, 1, _("the header cannot be read ({reason})").format(reason=error)
            ) from error
        columns = tuple(c.strip() if separator else c.strip().lower() for c in header)
        table = CsvFile(
            name,
            _encoding_label(found),
            chosen,
            columns,
            problems if problems is not None else ProblemList(),
            max_rows,
            reader,
            lines,
        )
        table.require(required)
        yield table
    finally:
        text.detach()


@contextmanager
def open_csv(
    path: Path,
    required: Sequence[str] = (),
    *,
    problems: ProblemList | None = None,
    max_rows: int | None = None,
) -> Iterator[CsvFile]:
    """The CSV file at *path*, checked to have the *required* columns (see ``open_stream``)."""
    try:
        handle = path.open("rb")
    except OSError as error:
        raise _refuse(
            str(path), None, _("cannot be read ({reason})").format(reason=error.strerror or error)
        ) from error
    with (
        handle,
        open_stream(handle, str(path), required, problems=problems, max_rows=max_rows) as table,
    ):
        yield table
