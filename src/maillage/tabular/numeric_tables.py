"""Large numeric CSV files (points, pairs) read column by column, faults located.

Millions of rows are read by pandas' C parser; only when a column does not parse as
numbers are the faulty lines looked for, so a clean file costs no per-row Python work and a
faulty one is refused with its first faults named (file, line, field, value) and the
others counted. Numbers follow ``domain.numbers``: finite only (``nan``, ``inf`` refused).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from maillage.errors import DataFileError, Problem
from maillage.i18n import gettext as _
from maillage.tabular import spreadsheet
from maillage.tabular.csv_reader import detect_separator

MAX_REPORTED = DataFileError.SHOWN


@dataclass(frozen=True)
class NumericTable:
    name: str
    ids: dict[str, NDArray[np.str_] | NDArray[np.object_]]
    numbers: dict[str, NDArray[np.float64]]
    rows: int


def read(
    path: Path,
    ids: Sequence[str],
    numbers: Sequence[str],
    non_negative: Sequence[str] = (),
    unique: str | None = None,
    optional: Sequence[str] = (),
) -> NumericTable:
    """Columns *ids* as text and *numbers* as floats; every fault is a located problem.

    *optional* number columns are read when the header has them.
    """
    name = str(path)
    try:
        with path.open("rb") as handle:
            first = handle.readline().decode("utf-8-sig", errors="replace")
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
    separator = detect_separator(first)
    header = [c.strip().lower() for c in first.strip().split(separator)]
    wanted = [*ids, *numbers]
    missing = [c for c in wanted if c not in header]
    numbers = [*numbers, *(c for c in optional if c in header)]
    wanted = [*ids, *numbers]
    if missing:
        raise DataFileError(
            [
                Problem(
                    name,
                    1,
                    c,
                    None,
                    _("missing column (expected columns: {columns})").format(
                        columns=", ".join(wanted)
                    ),
                )
                for c in missing
            ]
        )
    try:
        frame = pd.read_csv(
            path,
            sep=separator,
            usecols=lambda c: c.strip().lower() in wanted,
            dtype={c: str for c in header if c in ids},
            encoding="utf-8-sig",
            decimal="," if separator == ";" else ".",
            skipinitialspace=True,
            engine="c",
            na_filter=True,
            keep_default_na=False,
            na_values=[""],
        )
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as error:
        raise DataFileError(
            [
                Problem(
                    name,
                    None,
                    None,
                    None,
                    _("not a readable CSV file ({reason})").format(reason=str(error).strip()),
                )
            ]
        ) from error
    frame.columns = [c.strip().lower() for c in frame.columns]
    problems: list[Problem] = []
    total = 0
    parsed: dict[str, NDArray[np.float64]] = {}
    for column in numbers:
        values = pd.to_numeric(frame[column], errors="coerce")
        bad = ~np.isfinite(values.to_numpy(dtype=float, na_value=np.nan))
        if column in non_negative:
            bad |= (values < 0).to_numpy()
        total += int(bad.sum())
        for row in np.flatnonzero(bad)[:MAX_REPORTED]:
            raw = frame[column].iloc[row]
            problems.append(
                Problem(
                    name,
                    int(row) + 2,
                    column,
                    "" if pd.isna(raw) else str(raw),
                    _("expected a non-negative number")
                    if column in non_negative
                    else _("expected a number"),
                )
            )
        parsed[column] = values.to_numpy(dtype=float, na_value=np.nan)
    texts: dict[str, NDArray[np.str_] | NDArray[np.object_]] = {}
    for column in ids:
        series = frame[column]
        missing = series.isna().to_numpy()
        total += int(missing.sum())
        for row in np.flatnonzero(missing)[:MAX_REPORTED]:
            problems.append(Problem(name, int(row) + 2, column, "", _("required")))
        texts[column] = series.astype(str).str.strip().to_numpy()
    if unique is not None and not problems:
        duplicated = pd.Series(texts[unique]).duplicated().to_numpy()
        total += int(duplicated.sum())
        for row in np.flatnonzero(duplicated)[:MAX_REPORTED]:
            problems.append(
                Problem(
                    name,
                    int(row) + 2,
                    unique,
                    str(texts[unique][row]),
                    _("this id is already used on an earlier line"),
                )
            )
    if problems:
        raise DataFileError(problems, total)
    return NumericTable(name, texts, parsed, len(frame))


def write(
    path: Path,
    ids: NDArray[np.str_] | NDArray[np.object_],
    values: NDArray[np.float64],
    columns: tuple[str, str],
) -> None:
    """``id,value`` with every digit needed to read the same float back."""
    numbers = ("" if math.isnan(v) else f"{v:.17g}" for v in values.tolist())
    try:
        with path.open("w", encoding="utf-8", newline="") as handle:
            spreadsheet.write_csv(
                handle, [columns, *zip(ids.tolist(), numbers, strict=True)], excel=False
            )
    except OSError as error:
        raise DataFileError(
            [
                Problem(
                    str(path),
                    None,
                    None,
                    None,
                    _("cannot be written ({reason})").format(reason=error.strerror or error),
                )
            ]
        ) from error
