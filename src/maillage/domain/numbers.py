"""The one rule for numbers people type or files bring: finite, written with ASCII digits.

``float()`` alone accepts ``nan``, ``inf``, ``1e400`` (infinite) and digits of any script;
every parser of user input goes through ``finite`` or ``spreadsheet_number`` so that none of
these reaches a calculation. (``tabular.numeric_tables`` applies the same rule to whole
columns at once.)
"""

from __future__ import annotations

import math
import re

from maillage.i18n import gettext as _

_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)


def finite(number: float) -> float:
    """*number* itself when it is finite; ValueError for nan and ±infinity."""
    if not math.isfinite(number):
        raise ValueError(_("expected a finite number, not {value}").format(value=number))
    return number


def spreadsheet_number(text: str) -> float:
    """A finite number as people and Belgian spreadsheets write it: ``1 234,5`` or ``1234.5``.

    Raises ValueError for anything else, ``nan`` and ``inf`` included.
    """
    cleaned = text.strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    if not _NUMBER.fullmatch(cleaned):
        raise ValueError(_("expected a number, not {value}").format(value=text.strip()[:40]))
    return finite(float(cleaned))
