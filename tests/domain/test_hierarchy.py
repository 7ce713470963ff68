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
