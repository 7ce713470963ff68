"""A JSON document read record by record, in bounded memory, each record with its line.

HSDS JSON comes as one object, a list of objects, or an API page whose ``contents`` lists
them. Only one record is parsed at a time (by the standard library's C scanner), from a
buffer of at most ``MAX_RECORD_CHARS`` characters ahead: a record longer than that (an
endless string, an unclosed bracket) is a located fault, and so is anything that is not
JSON. After such a fault the document cannot be followed any further, so reading stops
there. Numbers must be finite (``NaN``, ``Infinity`` and ``1e999`` are faults).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from maillage.domain.numbers import finite
from maillage.errors import DataFileError, Problem, ProblemList
from maillage.i18n import format_integer
from maillage.i18n import gettext as _
from maillage.tabular.csv_reader import SNIFF_BYTES, sniff_encoding

MAX_RECORD_CHARS = 4_000_000
CHUNK_CHARS = 1 << 20
_WHITESPACE = re.compile(r"[ \t\n\r]*")


class _Fault(Exception):
    def __init__(self, line: int, expected: str) -> None:
        super().__init__(expected)
        self.line, self.expected = line, expected


class _NotFinite(Exception):
    pass


def _constant(name: str) -> Any:
    raise _NotFinite(name)


def _number(text: str) -> float:
    try:
        return finite(float(text))
    except ValueError as error:
        raise _NotFinite(text) from error


_DECODER = json.JSONDecoder(parse_constant=_constant, parse_float=_number)


class _Buffer:
    """Text ahead of the reading position, refilled in chunks; counts lines as it goes."""

    def __init__(self, text: IO[str]) -> None:
        self._text = text
        self.data = ""
        self.pos = 0
        self.line = 1
        self.eof = False

    def fill(self, ahead: int) -> None:
        if self.pos > MAX_RECORD_CHARS:
            self.data, self.pos = self.data[self.pos :], 0
        while not self.eof and len(self.data) - self.pos < ahead:
            chunk = self._text.read(CHUNK_CHARS)
            if not chunk:
                self.eof = True
            self.data += chunk

    def next_char(self) -> str | None:
        """The next character that is not whitespace (not consumed), None at the end."""
        while True:
            self.fill(1)
            start = self.pos
            self.pos = _WHITESPACE.match(self.data, start).end()  # type: ignore[union-attr]
            self.line += self.data.count("\n", start, self.pos)
            if self.pos < len(self.data):
                return self.data[self.pos]
            if self.eof:
                return None

    def expect(self, allowed: str, expected: str) -> str:
        char = self.next_char()
        if char is None or char not in allowed:
            raise _Fault(self.line, expected)
        self.pos += 1
        return char

    def value(self) -> tuple[int, Any, int]:
        """The JSON value at the position: its first line, itself and its length."""
        self.next_char()
        self.fill(MAX_RECORD_CHARS + 1)
        start, line = self.pos, self.line
        try:
            found, end = _DECODER.raw_decode(self.data, start)
        except json.JSONDecodeError as error:
            if not self.eof and len(self.data) - start > MAX_RECORD_CHARS:
                raise _Fault(
                    line,
                    _(
                        "a record longer than {count} characters (a text "
                        "without end, a bracket never closed?)"
                    ).format(count=format_integer(MAX_RECORD_CHARS)),
                ) from error
            where = line + self.data.count("\n", start, error.pos)
            raise _Fault(where, _("not valid JSON ({reason})").format(reason=error.msg)) from error
        except _NotFinite as error:
            raise _Fault(
                line, _("expected a finite number, not {value}").format(value=error.args[0])
            ) from error
        except RecursionError as error:
            raise _Fault(line, _("nested too deeply")) from error
        if end - start > MAX_RECORD_CHARS:
            raise _Fault(
                line,
                _("a record longer than {count} characters").format(
                    count=format_integer(MAX_RECORD_CHARS)
                ),
            )
        self.line += self.data.count("\n", start, end)
        self.pos = end
        return line, found, end - start


def _array(buffer: _Buffer) -> Iterator[tuple[int, Any]]:
    """The items of an array whose ``[`` was just read."""
    if buffer.next_char() == "]":
        buffer.pos += 1
        return
    while True:
        line, item, _length = buffer.value()
        yield line, item
        if buffer.expect(",]", _("expected “,” or “]” after a record")) == "]":
            return


def _records(buffer: _Buffer, listed: str) -> Iterator[tuple[int, Any]]:
    first = buffer.next_char()
    if first is None:
        raise _Fault(1, _("the file is empty"))
    if first == "[":
        buffer.pos += 1
        yield from _array(buffer)
    elif first == "{":
        yield from _object(buffer, listed)
    else:
        line, value, _length = buffer.value()
        yield line, value
    if buffer.next_char() is not None:
        raise _Fault(buffer.line, _("unexpected text after the JSON document"))


def _object(buffer: _Buffer, listed: str) -> Iterator[tuple[int, Any]]:
    """One record, or the records of the list under *listed* streamed one by one."""
    start_line = buffer.line
    buffer.pos += 1
    fields: dict[str, Any] = {}
    size = 0
    paged = False
    if buffer.next_char() == "}":
        buffer.pos += 1
    else:
        while True:
            if buffer.next_char() != '"':
                raise _Fault(buffer.line, _("expected a field name in quotes"))
            _line, key, length = buffer.value()
            buffer.expect(":", _("expected “:” after a field name"))
            if key == listed and buffer.next_char() == "[":
                buffer.pos += 1
                yield from _array(buffer)
                paged = True
            else:
                _line, fields[key], field_length = buffer.value()
                size += length + field_length
                if size > MAX_RECORD_CHARS:
                    raise _Fault(
                        start_line,
                        _("a record longer than {count} characters").format(
                            count=format_integer(MAX_RECORD_CHARS)
                        ),
                    )
            if buffer.expect(",}", _("expected “,” or “}” after a field")) == "}":
                break
    if not paged:
        yield start_line, fields


def records(
    path: Path, problems: ProblemList, listed: str = "contents"
) -> Iterator[tuple[int, Any]]:
    """The records of the JSON document at *path*, each with the line it starts on.

    An object's list under *listed* (an API page's ``contents``, a GeoJSON
    FeatureCollection's ``features``) is streamed record by record.

    A fault that stops the reading is added to *problems*; the records before it were
    handed out already.
    """
    name = str(path)
    try:
        handle = path.open("rb")
    except OSError as error:
        raise DataFileError(
            [
                Problem(
                    name,
                    None,
                    None,
                    None,
                    _("cannot be read ({reason})").format(reason=error.strerror or error),
                )
            ]
        ) from error
    with handle:
        encoding = sniff_encoding(handle.read(SNIFF_BYTES), name) or "utf-8-sig"
        handle.seek(0)
        text = io.TextIOWrapper(handle, encoding="utf-8-sig" if encoding == "utf-8" else encoding)
        buffer = _Buffer(text)
        try:
            yield from _records(buffer, listed)
        except _Fault as fault:
            problems.add(Problem(name, fault.line, None, None, fault.expected))
        except UnicodeDecodeError:
            problems.add(
                Problem(
                    name,
                    buffer.line,
                    None,
                    None,
                    _("not a readable JSON document (expected UTF-8 text)"),
                )
            )
        finally:
            text.detach()
