"""Files people send through the web, written to a temporary folder for the importers.

The importers read paths (the command line hands them files), so an upload is copied to
disk in chunks. A file larger than the limit is refused whole, with the limit named — a
file cut short silently would be imported as if it ended there.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath
from typing import Annotated, Any

from fastapi import Form, UploadFile

from maillage.errors import DataFileError, FileTooLarge, NotFound, UserError
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


def refusal(error: UserError) -> dict[str, Any]:
    """What a page shows of a refused file: its located faults (the first ones kept by
    the error, as file, line, field, value, problem) and how many there were, or the
    message of an error that is not about a line."""
    problems = [
        # The file was saved under a temporary folder: its own name is what people know.
        (PurePath(p.file).name, p.line, p.field, p.value, p.expected)
        for p in (error.problems if isinstance(error, DataFileError) else [])
    ]
    total = error.total if isinstance(error, DataFileError) else 0
    return {
        "message": None if problems else str(error),
        "problems": problems,
        "others": total - len(problems),
        "total": total,
    }


TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")
# The token of a previewed file, as a confirmation form sends it back.
PreviewToken = Annotated[str, Form(min_length=32, max_length=32, pattern=f"^{TOKEN.pattern}$")]


def page_state(**context: Any) -> dict[str, Any]:
    """What an upload page shows, *context* over the empty state (no preview, no report,
    no refusal): the three steps of every upload render one template."""
    empty: dict[str, Any] = {
        "preview": None,
        "token": None,
        "report": None,
        "message": None,
        "problems": [],
        "others": 0,
        "total": 0,
    }
    return {**empty, **context}


class HeldUploads:
    """Uploads kept on disk between a preview and its confirmation, under a random token.

    What is confirmed is the very file that was previewed, not a second upload that may
    differ. The folder is on the server's disk so that any worker finds it; it holds at most
    *limit* files, none older than *max_age* seconds, and a token is only good for the
    person who previewed the file.
    """

    def __init__(self, folder: Path, limit: int = 50, max_age: float = 3600.0) -> None:
        self.folder, self.limit, self.max_age = folder, limit, max_age

    def keep(self, path: Path, owner: str) -> str:
        """Copy *path* into the store; the token that gives it back."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        self._prune()
        token = secrets.token_urlsafe(24)
        entry = self.folder / token
        entry.mkdir(mode=0o700)
        shutil.copyfile(path, entry / path.name)
        (entry / ".owner").write_text(owner, encoding="utf-8")
        return token

    @contextmanager
    def taken(self, token: str, owner: str) -> Iterator[Path]:
        """The file kept under *token*, removed once the block has run without error."""
        entry = self.folder / token
        files = []
        try:
            if (
                TOKEN.fullmatch(token)
                and self._fresh(entry)
                and (entry / ".owner").read_text(encoding="utf-8") == owner
            ):
                files = [p for p in entry.iterdir() if p.name != ".owner"]
        except OSError:  # removed meanwhile by another worker's pruning
            files = []
        if len(files) != 1:
            raise NotFound(_("This preview has expired or is unknown: send the file again."))
        yield files[0]
        shutil.rmtree(entry, ignore_errors=True)

    def _fresh(self, entry: Path) -> bool:
        return self._age(entry) <= self.max_age

    @staticmethod
    def _age(entry: Path) -> float:
        try:
            return time.time() - entry.stat().st_mtime
        except OSError:
            return float("inf")

    def _prune(self) -> None:
        entries = sorted(self.folder.iterdir(), key=self._age, reverse=True)
        stale = [p for p in entries if not self._fresh(p)]
        kept = [p for p in entries if self._fresh(p)]
        stale += kept[: max(0, len(kept) - self.limit + 1)]
        for entry in stale:
            shutil.rmtree(entry, ignore_errors=True)


def held_files(kind: str) -> HeldUploads:
    """The store of previewed files of one *kind* (``decoupages``, ``indicateurs``,
    ``repertoire``) waiting for confirmation, shared by the workers: a token of one kind
    never confirms a file of another."""
    return HeldUploads(Path(tempfile.gettempdir()) / f"maillage-apercus-{kind}-{os.getuid()}")
