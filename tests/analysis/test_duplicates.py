"""Likely duplicates: close names plus an agreeing clue, compared within a commune."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from maillage.analysis.duplicates import Record, compare, likely_duplicates, phone_digits


def test_belgian_phone_numbers_compare_equal_whatever_the_prefix():
    assert phone_digits("+32 81 24 86 00") == phone_digits("081/24.86.00")
    assert phone_digits("0032 81248600") == phone_digits("081 24 86 00")


def test_same_service_spelled_differently_at_the_same_address_is_proposed():
    a = Record(
        "a",
        "Pharmacie du Théâtre",
        "92094",
        "Rue de l'Ange 12 5000",
        ("+32 81 22 33 44",),
        100.0,
        100.0,
        "osm",
    )
    b = Record(
        "b",
        "PHARMACIE DU THEATRE sprl",
        "92094",
        "Rue de l’Ange 12 5000",
        (),
        130.0,
        110.0,
        "import",
    )
    c = Record("c", "Pharmacie Centrale", "92094", "Rue de Fer 1 5000", (), 900.0, 900.0, "osm")
    pairs = likely_duplicates([c, b, a])
    assert [(p.first.id, p.second.id) for p in pairs] == [("a", "b")]
    assert "place:32" in pairs[0].clues


def test_records_in_different_communes_are_never_compared():
    a = Record("a", "CPAS", "92094", "", ("081 11 11 11",))
    b = Record("b", "CPAS", "92003", "", ("081 11 11 11",))
    assert likely_duplicates([a, b]) == []


names = st.text(alphabet="abcdeéè ", min_size=1, max_size=20)


@given(names, names, st.booleans())
def test_comparison_is_symmetric(first, second, same_phone):
    phones = ("081 00 00 00",)
    a = Record("a", first, "1", "", phones)
    b = Record("b", second, "1", "", phones if same_phone else ())
    one, other = compare(a, b), compare(b, a)
    assert (one is None) == (other is None)
    if one and other:
        assert one.name_similarity == other.name_similarity
