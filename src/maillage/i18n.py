"""Translations: French first; another language is offered only once its catalogue is complete.

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
LANGUAGES = ("fr", "nl", "de")  # catalogues shipped; see offered_languages for those shown
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


def untranslated(language: str) -> list[str]:
    """The message ids of *language*'s catalogue without a translation (all forms)."""
    po_path = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    if language == "en" or not po_path.exists():
        return []
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=language)
    missing: list[str] = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            missing.append(str(message.id[0] if isinstance(message.id, tuple) else message.id))
    return missing


@cache
def offered_languages() -> tuple[str, ...]:
    """The languages a person may choose: French, and any other whose catalogue is complete
    (a half-translated interface would show English under another language's name)."""
    return tuple(code for code in LANGUAGES if code == DEFAULT_LANGUAGE or not untranslated(code))


def _offered(language: str) -> str:
    return language if language in offered_languages() else DEFAULT_LANGUAGE


def current_language() -> str:
    return _current.get()


def set_language(language: str) -> None:
    _current.set(_offered(language))


@contextmanager
def language(language: str) -> Iterator[None]:
    token = _current.set(_offered(language))
    try:
        yield
    finally:
        _current.reset(token)


def gettext(message: str) -> str:
    return translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current.get()).ngettext(singular, plural, n)


# Words in h whose h is mute (they elide: « l’hôpital »); names of places in h are left
# out: most are aspirated (le Hainaut, de Huy, de Herve, de Hannut).
_MUTE_H = frozenset(
    [
        "habitant",
        "habitants",
        "habitat",
        "habitation",
        "habitations",
        "habitude",
        "heure",
        "heures",
        "hébergement",
        "histoire",
        "hiver",
        "homme",
        "hommes",
        "hôpital",
        "hôpitaux",
        "horaire",
        "horaires",
        "huile",
        "humain",
        "humains",
        "hygiène",
    ]
)
_ELIDING = {"de": "d’", "le": "l’", "la": "l’", "que": "qu’", "ne": "n’", "je": "j’", "se": "s’"}
_VOWELS = frozenset("aeiouyàâäéèêëîïôöûùüœæ")


def starts_with_vowel_sound(word: str) -> bool:
    """Whether French elides before *word*: a vowel, or a mute h."""
    first = word[:1].lower()
    return first in _VOWELS or (first == "h" and word.split()[0].lower() in _MUTE_H)


def elide(particle: str, word: str) -> str:
    """*particle* (de, le, la, que…) joined to *word* as French writes it: « d’Ottignies »,
    « l’OLS », « de Namur ». The one place names and sentences are built with elision."""
    lower = particle.lower()
    if lower in _ELIDING and word and starts_with_vowel_sound(word):
        elided = _ELIDING[lower]
        return (elided[0].upper() + elided[1:] if particle[:1].isupper() else elided) + word
    return f"{particle} {word}"


def with_article(name: str) -> str:
    """An acronym that takes the article in French and starts with a vowel (AVIQ, IWPL,
    OLS): « l’AVIQ ». Other names are returned as they are (« Forum », « CBS »)."""
    is_acronym = len(name) > 1 and name.isupper() and name.isalpha()
    return elide("le", name) if is_acronym and starts_with_vowel_sound(name) else name


def capitalise(text: str) -> str:
    """The first letter in capital, the rest untouched (« l’OLS » → « L’OLS »)."""
    return text[:1].upper() + text[1:]


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
