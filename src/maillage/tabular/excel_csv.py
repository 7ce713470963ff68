"""CSV as Belgian Excel opens it without an import dialog: ``;``, decimal commas, a BOM."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence


def decimal(value: float, digits: int = 4) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def euros(cents: int) -> str:
    """Whole cents as euros, exactly (no float on the way)."""
    return f"{cents // 100},{cents % 100:02d}"


def encode(rows: Iterable[Sequence[object]], excel: bool = True) -> bytes:
    """*rows* as CSV bytes; ``excel=False`` gives plain comma-separated UTF-8 instead."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";" if excel else ",").writerows(rows)
    return ("\ufeff" if excel else "").encode() + buffer.getvalue().encode("utf-8")
