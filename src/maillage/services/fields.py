"""Fields typed by people (texts, dates, numbers, choices) and stored code lists, checked
the same way everywhere; every refusal names the field and the value."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from typing import TypeVar

from maillage.domain.numbers import spreadsheet_number
from maillage.errors import InvalidInput
from maillage.i18n import gettext as _

Choice = TypeVar("Choice", bound=StrEnum)
# Control characters other than tab and line breaks: invisible, and refused by Word's XML.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LARGEST = 1e12  # beyond any count or rate a team enters; keeps charts and sums finite


def bounded_text(value: str, name: str, limit: int, required: bool = False) -> str:
    """*value* stripped; empty when required, or longer than *limit*, is a named error."""
    value = CONTROL.sub("", value).strip()
    if required and not value:
        raise InvalidInput(_("{field} is required.").format(field=name))
    if len(value) > limit:
        raise InvalidInput(
            _("{field}: at most {count} characters.").format(field=name, count=limit)
        )
    return value


def code_list(text: str) -> list[str]:
    """Codes stored comma-separated in one column (sectors, taxonomy terms: values of a
    vocabulary, not ids of rows, which are links: ``store.links``)."""
    return [x for x in text.split(",") if x]


def joined(values: Iterable[object]) -> str:
    """The stored form of a code list: comma-separated, duplicates dropped, order kept."""
    return ",".join(str(v) for v in dict.fromkeys(values))


def choice(kind: type[Choice], value: str) -> Choice:
    """*value* as a member of *kind*; anything else is an error naming it."""
    try:
        return kind(value)
    except ValueError as error:
        raise InvalidInput(_("Unknown choice: {reason}").format(reason=error)) from error


def required_day(value: str, name: str) -> date:
    found = day(value, name)
    if found is None:
        raise InvalidInput(_("{field} is required.").format(field=name))
    return found


def day(value: str, name: str) -> date | None:
    """An ISO date (as date inputs send it), or None when left empty."""
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise InvalidInput(
            _("{field}: expected a date such as 2026-03-31, got {value}").format(
                field=name, value=value
            )
        ) from error


def decimal(value: str, name: str) -> float | None:
    """A number as people type it (``1 234,5`` or ``1234.5``), or None when left empty."""
    if not value.strip():
        return None
    try:
        number = spreadsheet_number(value.strip())
    except ValueError as error:
        raise InvalidInput(
            _("{field}: expected a number, got {value}").format(field=name, value=value)
        ) from error
    if not math.isfinite(number) or abs(number) > LARGEST:
        raise InvalidInput(
            _("{field}: a number between -10^12 and 10^12, got {value}").format(
                field=name, value=value
            )
        )
    return number


def whole(value: str, name: str, low: int, high: int) -> int | None:
    """A whole number between *low* and *high*, or None when left empty."""
    number = decimal(value, name)
    if number is None:
        return None
    if number != int(number) or not low <= number <= high:
        raise InvalidInput(
            _("{field}: a whole number from {low} to {high}, got {value}").format(
                field=name, low=low, high=high, value=value
            )
        )
    return int(number)
