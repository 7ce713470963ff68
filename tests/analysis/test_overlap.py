"""The overlap of a layer's structures with a zoning's territories, and linked groups."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from maillage.analysis.overlap import linked_groups, overlap


def test_a_small_example_reads_as_a_table():
    territories = {"BV-1": ["a", "b"], "BV-2": ["c"]}
    structures = {"S": ["a", "c"], "T": ["b", "z"]}  # z: outside every territory
    populations = {"a": 10, "b": 30, "c": 60, "z": 1000}
    found = overlap(structures, territories, populations)
    assert [
        (r.structure_code, r.territory_code, r.population, r.share_of_territory) for r in found.rows
    ] == [("S", "BV-1", 10, 0.25), ("S", "BV-2", 60, 1.0), ("T", "BV-1", 30, 0.75)]
    assert [r.share_of_structure for r in found.rows] == [10 / 70, 60 / 70, 1.0]
    c = found.congruence
    assert c.territories_multiple == ("BV-1",) and c.territories_single == ("BV-2",)
    assert c.structures_split == ("S",) and c.structures_whole == ("T",)
    assert found.structure_population == {"S": 70, "T": 30}


COMMUNES = [f"c{i}" for i in range(12)]


@st.composite
def cases(draw):
    populations = {c: draw(st.integers(0, 10_000)) for c in COMMUNES}
    zone = {c: draw(st.integers(0, 3)) for c in COMMUNES}  # zone 3: outside the zoning
    territories: dict[str, list[str]] = {}
    for c in COMMUNES:
        if zone[c] < 3:
            territories.setdefault(f"T{zone[c]}", []).append(c)
    structures = draw(
        st.dictionaries(
            st.sampled_from(["A", "B", "C", "D"]),
            st.sets(st.sampled_from(COMMUNES), min_size=1),
            min_size=1,
        )
    )
    return structures, territories, populations


@given(cases())
def test_shares_are_consistent(case):
    structures, territories, populations = case
    found = overlap(structures, territories, populations)
    inside = {c for members in territories.values() for c in members}
    for code, members in structures.items():
        rows = [r for r in found.rows if r.structure_code == code]
        expected = sum(populations[c] for c in set(members) & inside)
        assert sum(r.population for r in rows) == expected
        if expected:
            assert math.isclose(sum(r.share_of_structure for r in rows), 1.0)
    for code, members in territories.items():
        rows = [r for r in found.rows if r.territory_code == code]
        for r in rows:
            assert 0 <= r.share_of_territory <= 1 + 1e-12
            assert r.population == sum(
                populations[c] for c in members if c in structures[r.structure_code]
            )
    c = found.congruence
    assert sorted(c.territories_single + c.territories_multiple + c.territories_uncovered) == (
        sorted(territories)
    )
    assert sorted(c.structures_whole + c.structures_split + c.structures_outside) == sorted(
        structures
    )


@given(
    st.dictionaries(
        st.sampled_from(["A", "B", "C", "D", "E"]),
        st.sets(st.sampled_from(COMMUNES), min_size=1),
    )
)
def test_linked_groups_are_the_connected_components(structures):
    groups = linked_groups(structures)
    assert set(groups) == {c for members in structures.values() for c in members}
    for members in structures.values():  # a structure lies in one group
        assert len({groups[c] for c in members}) == 1
    for commune, group in groups.items():  # named after its smallest commune
        assert group == min(c for c in groups if groups[c] == group) and group <= commune
    # two groups share no structure: merging any two would be unnecessary
    by_group: dict[str, set[str]] = {}
    for code, members in structures.items():
        by_group.setdefault(groups[next(iter(members))], set()).add(code)
    assert sum(len(v) for v in by_group.values()) == len(structures)
