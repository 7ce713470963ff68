"""French is complete: every string the code and templates show has a French translation."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from maillage.i18n import LOCALE_DIR, gettext, language

ROOT = Path(__file__).resolve().parents[1]
METHODS = [("src/maillage/**.py", "python"), ("src/maillage/web/templates/**.html", "jinja2")]


def extracted() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT),
        METHODS,
        options_map={"src/maillage/web/templates/**.html": {"extensions": "jinja2.ext.i18n"}},
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_message_has_a_french_translation():
    with (LOCALE_DIR / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    translated = {
        m.id[0] if isinstance(m.id, tuple) else m.id
        for m in catalog
        if m.id and (all(m.string) if isinstance(m.string, tuple) else m.string)
    }
    missing = sorted(extracted() - translated)
    assert missing == [], "run `make i18n` and translate: " + "; ".join(missing)


def test_dutch_and_german_fall_back_to_english_where_they_lag():
    with language("nl"):
        assert gettext("Map") == "Kaart"
        assert gettext("Drawing zone outlines") == "Drawing zone outlines"
    with language("de"):
        assert gettext("Map") == "Karte"
