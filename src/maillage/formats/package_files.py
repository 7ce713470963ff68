"""The files of an HSDS tabular package (a folder or a ``.zip``), opened within bounds.

A zip is never inflated past ``MAX_MEMBER_BYTES`` per file or ``MAX_PACKAGE_BYTES`` in all,
whatever sizes it declares (declared sizes are checked before reading, actual bytes while
reading): a zip bomb is a located fault, not a full disk or memory.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from maillage.errors import Problem
from maillage.formats.hsds_tabular import DESCRIPTOR
from maillage.i18n import format_integer
from maillage.i18n import gettext as _
from maillage.tabular import csv_reader

MAX_MEMBER_BYTES = 200_000_000
MAX_PACKAGE_BYTES = 400_000_000
MAX_DESCRIPTOR_BYTES = 10_000_000

Files = Callable[[str], IO[bytes] | None]


class Unreadable(Exception):
    """The package cannot be read any further; *problem* says where and why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class _Limited(io.RawIOBase):
    """A member of the package, refused past *limit* bytes however it was declared."""

    def __init__(self, inner: IO[bytes], name: str, limit: int) -> None:
        self._inner, self._name, self._limit = inner, name, limit
        self._read = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if (offset, whence) != (0, io.SEEK_SET):
            raise io.UnsupportedOperation("only rewinding")
        self._read = 0
        return self._inner.seek(0)

    def readinto(self, buffer: Any) -> int:
        try:
            data = self._inner.read(len(buffer))
        except (OSError, zipfile.BadZipFile, EOFError) as error:
            raise Unreadable(
                Problem(
                    self._name,
                    None,
                    None,
                    None,
                    _("cannot be read ({reason})").format(reason=error),
                )
            ) from error
        self._read += len(data)
        if self._read > self._limit:
            raise Unreadable(
                Problem(
                    self._name,
                    None,
                    None,
                    None,
                    _("larger than {count} bytes once uncompressed: split the package").format(
                        count=format_integer(self._limit)
                    ),
                )
            )
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._inner.close()
        super().close()


def _bounded(inner: IO[bytes], name: str, limit: int) -> IO[bytes]:
    return io.BufferedReader(_Limited(inner, name, limit), csv_reader.CHUNK_BYTES)


@contextmanager
def open_package(path: Path) -> Iterator[Files]:
    """The files of the package, opened by their path inside it (None when absent)."""
    if path.name == DESCRIPTOR and path.is_file():
        path = path.parent
    if path.is_dir():
        root = path

        def member(name: str) -> IO[bytes] | None:
            try:
                return _bounded((root / name).open("rb"), name, MAX_MEMBER_BYTES)
            except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
                return None
            except OSError as error:
                raise Unreadable(
                    Problem(
                        name,
                        None,
                        None,
                        None,
                        _("cannot be read ({reason})").format(reason=error.strerror or error),
                    )
                ) from error

        yield member
        return
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile, ValueError) as error:
        raise Unreadable(
            Problem(
                str(path),
                None,
                None,
                None,
                _("expected a folder or a .zip archive holding datapackage.json"),
            )
        ) from error
    with archive:
        infos = {info.filename: info for info in archive.infolist()}
        declared = sum(info.file_size for info in infos.values())
        if declared > MAX_PACKAGE_BYTES:
            raise Unreadable(
                Problem(
                    str(path),
                    None,
                    None,
                    str(declared),
                    _(
                        "the archive declares more than {count} bytes once uncompressed: split the "
                        "package"
                    ).format(count=format_integer(MAX_PACKAGE_BYTES)),
                )
            )
        prefix = ""
        if DESCRIPTOR not in infos:  # a zipped folder: one level down
            folders = [
                n[: -len(DESCRIPTOR)]
                for n in infos
                if n.endswith("/" + DESCRIPTOR) and n.count("/") == 1
            ]
            prefix = folders[0] if len(folders) == 1 else ""
        budget = [MAX_PACKAGE_BYTES]  # bytes still allowed, whatever the members declare

        def entry(name: str) -> IO[bytes] | None:
            info = infos.get(prefix + name)
            if info is None:
                return None
            limit = min(MAX_MEMBER_BYTES, budget[0])
            if info.file_size > limit:
                raise Unreadable(
                    Problem(
                        name,
                        None,
                        None,
                        str(info.file_size),
                        _("larger than {count} bytes once uncompressed: split the package").format(
                            count=format_integer(limit)
                        ),
                    )
                )
            budget[0] -= info.file_size
            try:
                return _bounded(archive.open(info), name, info.file_size)
            except (OSError, zipfile.BadZipFile, NotImplementedError, RuntimeError) as error:
                raise Unreadable(
                    Problem(
                        name, None, None, None, _("cannot be read ({reason})").format(reason=error)
                    )
                ) from error

        yield entry


def json_file(files: Files, name: str) -> tuple[IO[bytes] | None, bytes]:
    """A small JSON file of the package as bytes (None when absent), refused when big."""
    stream = files(name)
    if stream is None:
        return None, b""
    with stream:
        raw = stream.read(MAX_DESCRIPTOR_BYTES + 1)
    if len(raw) > MAX_DESCRIPTOR_BYTES:
        raise Unreadable(
            Problem(
                name,
                None,
                None,
                None,
                _("larger than {count} bytes").format(count=format_integer(MAX_DESCRIPTOR_BYTES)),
            )
        )
    return stream, raw
