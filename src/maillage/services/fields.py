"""Free-text fields and stored id lists of the needs flow, checked the same way everywhere."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import TypeVar

from maillage.errors import UserError
from maillage.i18n import gettext as _

Choice = TypeVar("Choice", bound=StrEnum)


def bounded_text(value: str, name: str, limit: int, required: bool = False) -> str:
    """*value* stripped; empty when required, or longer than *limit*, is a named error."""
    value = value.strip()
    if required and not value:
        raise UserError(_("{field} is required.").format(field=name))
    if len(value) > limit:
        raise UserError(_("{field}: at most {count} characters.").format(field=name,
                                                                         count=limit))
    return value


def id_list(text: str) -> list[int]:
    """Ids stored comma-separated in one column."""
    return [int(x) for x in text.split(",") if x.strip().isdigit()]


def code_list(text: str) -> list[str]:
    return [x for x in text.split(",") if x]


def joined(values: Iterable[object]) -> str:
    """The stored form of a list: comma-separated, duplicates dropped, order kept."""
    return ",".join(str(v) for v in dict.fromkeys(values))


def choice(kind: type[Choice], value: str) -> Choice:
    """*value* as a member of *kind*; anything else is an error naming it."""
    try:
        return kind(value)
    except ValueError as error:
        raise UserError(_("Unknown choice: {reason}").format(reason=error)) from error
