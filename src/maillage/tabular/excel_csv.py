"""Numbers as Belgian Excel reads them in CSV: decimal commas, euros to the cent.

Rows are written by ``tabular.spreadsheet`` (``;`` and a BOM, formulas neutralised)."""

from __future__ import annotations


def decimal(value: float, digits: int = 4) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def euros(cents: int) -> str:
    """Whole cents as euros, exactly (no float on the way)."""
    return f"{cents // 100},{cents % 100:02d}"
