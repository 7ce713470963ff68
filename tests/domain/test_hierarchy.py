"""Nested territories: populations are sums of communes, parents and children agree."""

from __future__ import annotations

import pytest

from maillage.domain.hierarchy import Hierarchy
from maillage.domain.territory import Level, Zone
from maillage.errors import UnknownTerritory

B1, B2, O1 = Zone("B1", "Bassin 1"), Zone("B2", "Bassin 2"), Zone("O1", "OLS 1")


@pytest.fixture
def tree():
    return Hierarchy(
        "Région wallonne",
        {"10001": "A", "10002": "B", "10003": "C"},
        {"10001": (B1, O1), "10002": (B1, O1), "10003": (B2, O1)},
        {"10001": 100, "10002": 50, "10003": 7},
    )


def test_populations_add_up_the_levels(tree):
    assert tree.get("B1").population == 150
    assert tree.get("O1").population == 157
    assert tree.get("03000").population == 157


def test_levels_parents_and_children(tree):
    assert tree.get("10002").level is Level.COMMUNE
    assert [t.code for t in tree.ancestors("10002")] == ["03000", "O1", "B1"]
    assert [t.code for t in tree.children("O1")] == ["B1", "B2"]
    assert tree.communes_of("O1") == ["10001", "10002", "10003"]
    assert tree.ancestor_at("10003", Level.OLS).code == "O1"


def test_unknown_code(tree):
    with pytest.raises(UnknownTerritory):
        tree.get("nope")


def test_a_code_is_found_only_at_its_own_level(tree):
    assert tree.at("O1", Level.OLS).population == 157
    assert tree.at("B1", Level.OLS) is None
    assert tree.at("nope", Level.OLS) is None
    assert tree.at("10001", Level.COMMUNE).name == "A"


def split_tree():
    """Commune 10003 (population 100) split between bassins B2 and B3 by four sectors."""
    from maillage.domain.territory import SectorAssignment

    b3, o2 = Zone("B3", "Bassin 3"), Zone("O2", "OLS 2")
    sectors = [
        SectorAssignment("10003A00-", "10003", B2, O1),
        SectorAssignment("10003A01-", "10003", B2, O1),
        SectorAssignment("10003B00-", "10003", b3, o2),
        SectorAssignment("10003B01-", "10003", b3, o2),
    ]
    return Hierarchy(
        "Région wallonne",
        {"10001": "A", "10002": "B", "10003": "C", "10004": "D"},
        {"10001": (B1, O1), "10002": (B1, O1), "10004": (b3, o2)},
        {"10001": 100, "10002": 50, "10003": 100, "10004": 10},
        sectors,
        {"10003A00-": 1, "10003A01-": 1, "10003B00-": 1, "10003B01-": 0},
    )


def test_a_split_commune_appears_as_parts_that_add_up_to_it():
    tree = split_tree()
    assert tree.get("10003.B2").population == 67  # 2 of 3 sector inhabitants, rounded up
    assert tree.get("10003.B3").population == 33
    assert tree.get("10003.B2").name == "C (partie)"
    assert tree.get("10003.B2").level is Level.COMMUNE
    assert tree.get("B3").population == 43
    assert tree.get("03000").population == 260  # every inhabitant once
    assert tree.get("10003").population == 100  # the whole commune keeps its page
    assert [t.code for t in tree.ancestors("10003")] == ["03000"]  # parts in two OLS
    assert tree.parts_of("10003") == ["10003.B2", "10003.B3"]
    assert tree.commune_of_part("10003.B3") == "10003"


def test_shares_tell_whole_communes_from_commune_parts():
    tree = split_tree()
    assert tree.communes_of("B3") == ["10003", "10004"]
    assert tree.commune_shares("B3") == {"10003": 0.33, "10004": 1.0}
    assert tree.split_communes("B3") == ["10003"]
    assert tree.split_communes("03000") == []
    assert tree.commune_shares("03000")["10003"] == 1.0
    assert tree.part_sectors("B3", "10003") == ["10003B00-", "10003B01-"]
    assert tree.communes_of("10003.B2") == ["10003"]
