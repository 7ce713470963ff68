"""French is complete: every string the code and templates show has a French translation."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st

from maillage import i18n
from maillage.i18n import (
    LOCALE_DIR,
    capitalise,
    elide,
    gettext,
    language,
    offered_languages,
    starts_with_vowel_sound,
    untranslated,
    with_article,
)

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


def test_an_offered_language_has_every_message_translated():
    for code in offered_languages():
        assert untranslated(code) == [], f"{code} is offered but not complete"
    assert offered_languages()[0] == "fr"


def test_an_incomplete_catalogue_is_not_offered_and_french_is_used():
    assert untranslated("nl") and "nl" not in offered_languages()
    with language("nl"):
        assert gettext("Map") == "Carte"


def test_dutch_and_german_fall_back_to_english_where_they_lag(monkeypatch):
    monkeypatch.setattr(i18n, "offered_languages", lambda: i18n.LANGUAGES)
    with language("nl"):
        assert gettext("Map") == "Kaart"
        assert gettext("Drawing zone outlines") == "Drawing zone outlines"
    with language("de"):
        assert gettext("Map") == "Karte"


def test_names_and_sentences_elide_as_french_does():
    assert "Bassin calculé " + elide("de", "Ottignies") == "Bassin calculé d’Ottignies"
    assert elide("de", "Namur") == "de Namur"
    assert elide("de", "Huy") == "de Huy"  # an aspirated h
    assert elide("de", "hôpital") == "d’hôpital"  # a mute one
    assert elide("de", with_article("IWPL")) == "de l’IWPL"
    assert capitalise(with_article("OLS")) + " est le pivot" == "L’OLS est le pivot"
    assert with_article("Forum") == "Forum" and with_article("CBS") == "CBS"
    assert elide("Que", "il") == "Qu’il"


WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèâôAEIOUBCDHNÉ-", min_size=1, max_size=12)


@given(st.sampled_from(["de", "le", "la", "que", "ne", "De", "Le", "La"]), WORDS)
def test_elision_happens_exactly_before_a_vowel_sound(particle, word):
    joined = elide(particle, word)
    assert joined.endswith(word)
    if starts_with_vowel_sound(word):
        assert joined == particle[:-1] + "’" + word
        assert " " not in joined.removesuffix(word)
    else:
        assert joined == f"{particle} {word}"
    assert joined[0] == particle[0]  # a capital stays a capital


@given(WORDS)
def test_an_article_is_added_only_to_an_acronym_with_a_vowel(word):
    name = word.upper()
    with_it = with_article(name)
    assert with_it in (name, "l’" + name)
    assert (with_it != name) == (name.isalpha() and len(name) > 1 and starts_with_vowel_sound(name))
