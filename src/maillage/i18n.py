"""Translations: French first, Dutch and German may lag.

Message ids are English; catalogues live as ``.po`` files in ``maillage/locale`` and are
compiled in memory at first use (no build step). The active language is a context
variable so that each web request and each CLI run translates on its own.
"""

from __future__ import annotations

import gettext as _gettext
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("fr", "nl", "de")
DEFAULT_LANGUAGE = "fr"

_current: ContextVar[str] = ContextVar("maillage_language", default=DEFAULT_LANGUAGE)


@cache
def translations(language: str) -> _gettext.NullTranslations:
    po_path = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    if not po_path.exists():
        return _gettext.NullTranslations()
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def current_language() -> str:
    return _current.get()


def set_language(language: str) -> None:
    _current.set(language if language in LANGUAGES else DEFAULT_LANGUAGE)


@contextmanager
def language(language: str) -> Iterator[None]:
    token = _current.set(language if language in LANGUAGES else DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        _current.reset(token)


def gettext(message: str) -> str:
    return translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current.get()).ngettext(singular, plural, n)


def format_integer(value: int | float) -> str:
    """Group thousands the way the current language writes them (French: narrow space)."""
    from babel.numbers import format_decimal

    return format_decimal(round(value), locale=_babel_locale())


def format_decimal(value: float, digits: int = 1) -> str:
    from babel.numbers import format_decimal as babel_format

    return babel_format(
        round(value, digits), format=f"#,##0.{'0' * digits}", locale=_babel_locale()
    )


def _babel_locale() -> str:
    return {"fr": "fr_BE", "nl": "nl_BE", "de": "de_BE"}[_current.get()]


def format_date(value: Any) -> str:
    """A date (or the day of a datetime) written the way the current language does."""
    from babel.dates import format_date as babel_date

    return babel_date(value, format="medium", locale=_babel_locale())


def weekday_name(index: int) -> str:
    """Monday is 0, as in Python and in the directory's opening hours."""
    from babel.dates import get_day_names

    return str(get_day_names("wide", locale=_babel_locale())[index])
