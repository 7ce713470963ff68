"""Record ids: the range the database holds, and the one reading of an id typed as text.

Every id and version is an ``Integer`` column: PostgreSQL's ``integer`` holds 1 to
2,147,483,647 and the drivers raise (``OverflowError``, ``DataError``) beyond it, so a
number outside that range is refused where it enters, never passed on to a query.
``str.isdigit`` is no test for an id: it accepts ``³`` (which ``int`` refuses) and ``١٢``
(which ``int`` reads as 12); :func:`parse_id` accepts ASCII digits only.
"""

from __future__ import annotations

MIN_ID = 1
MAX_ID = 2**31 - 1  # PostgreSQL integer (int4); SQLite would hold more, both must agree
ASCII_DIGITS = frozenset("0123456789")


def is_id(value: int) -> bool:
    """Whether the database can hold *value* as a record id."""
    return MIN_ID <= value <= MAX_ID


def parse_id(text: str) -> int | None:
    """*text* as a record id, or None when it is not one (then it may be a name or a code).

    Only ASCII digits, at most ten of them (``int`` is never asked to read a long string),
    and within the database range.
    """
    if not 0 < len(text) <= len(str(MAX_ID)) or not ASCII_DIGITS.issuperset(text):
        return None
    value = int(text)
    return value if is_id(value) else None
