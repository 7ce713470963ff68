"""Files people send through the web, written to a temporary folder for the importers.

The importers read paths (the command line hands them files), so an upload is copied to
disk in chunks. A file larger than the limit is refused whole, with the limit named — a
file cut short silently would be imported as if it ended there.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi import UploadFile

from maillage.errors import FileTooLarge
from maillage.i18n import format_integer
from maillage.i18n import gettext as _

CHUNK = 1 << 20
MAX_UPLOAD_BYTES = 200 * 1024 * 1024


@contextmanager
def saved(upload: UploadFile, default_name: str, limit: int | None = None) -> Iterator[Path]:
    """The uploaded file on disk under its own base name, removed afterwards."""
    limit = limit or MAX_UPLOAD_BYTES
    name = Path(upload.filename or default_name).name or default_name
    with tempfile.TemporaryDirectory(prefix="maillage-envoi-") as folder:
        path = Path(folder) / name
        written = 0
        with path.open("wb") as handle:
            while chunk := upload.file.read(CHUNK):
                written += len(chunk)
                if written > limit:
                    raise FileTooLarge(
                        _(
                            "{file}: the file is larger than {count} MB; split "
                            "it, or import it from the command line."
                        ).format(file=name, count=format_integer(limit // (1024 * 1024)))
                    )
                handle.write(chunk)
        yield path
