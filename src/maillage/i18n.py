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
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("fr", "nl", "de")
DEFAULT_LANGUAGE = "fr"
BRUSSELS = ZoneInfo("Europe/Brussels")  # the clock every page and report shows

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


def format_number(value: float, max_digits: int = 2) -> str:
    """A figure as people typed it (a target, a team's own value): grouped, with the
    language's decimal sign and only the decimals it has, up to *max_digits*."""
    from babel.numbers import format_decimal as babel_format

    return babel_format(
        round(value, max_digits), format=f"#,##0.{'#' * max_digits}", locale=_babel_locale()
    )


def _babel_locale() -> str:
    return {"fr": "fr_BE", "nl": "nl_BE", "de": "de_BE"}[_current.get()]


def in_brussels(moment: datetime) -> datetime:
    """A stored moment (UTC; naive ones are UTC too) as the clock in Wallonia shows it."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(BRUSSELS)


def format_date(value: Any) -> str:
    """A date (or the day of a datetime, in Brussels) written the way the current language does."""
    from babel.dates import format_date as babel_date

    day = in_brussels(value) if isinstance(value, datetime) else value
    return babel_date(day, format="medium", locale=_babel_locale())


def format_datetime(value: datetime, seconds: bool = False) -> str:
    """A moment as the clock in Brussels shows it, in the current language's words."""
    from babel.dates import format_datetime as babel_datetime

    pattern = "medium" if seconds else "short"
    return babel_datetime(in_brussels(value), format=pattern, locale=_babel_locale())


def format_time(value: datetime) -> str:
    """The hour of a moment, in Brussels."""
    from babel.dates import format_time as babel_time

    return babel_time(in_brussels(value), format="short", locale=_babel_locale())


def format_number_field(value: float) -> str:
    """A number to put back in a form field: the language's decimal sign, no grouping, up to
    twelve decimals (what ``services.fields.decimal`` reads back)."""
    from babel.numbers import format_decimal as babel_format

    return babel_format(value, format="0.############", locale=_babel_locale())


def weekday_name(index: int) -> str:
    """Monday is 0, as in Python and in the directory's opening hours."""
    from babel.dates import get_day_names

    return str(get_day_names("wide", locale=_babel_locale())[index])
