"""Statistical sectors: reading Statbel's records and apportioning a split commune."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.domain.sectors import SectorReader, apportion, commune_part_code
from maillage.errors import ProblemList


@given(
    st.integers(min_value=0, max_value=1_000_000),
    st.dictionaries(
        st.text("ABCDEFGH", min_size=1, max_size=3),
        st.integers(min_value=0, max_value=100_000),
        min_size=1,
        max_size=12,
    ),
)
def test_parts_always_add_up_to_the_whole_and_none_is_negative(total, weights):
    parts = apportion(total, weights)
    assert set(parts) == set(weights)
    assert sum(parts.values()) == total
    assert all(p >= 0 for p in parts.values())
    weight_sum = sum(weights.values())
    for key, part in parts.items():  # each part within one of its exact quota
        quota = total * weights[key] / weight_sum if weight_sum else total / len(weights)
        assert quota - 1 < part < quota + 1


def test_largest_remainders_get_the_inhabitants_left():
    assert apportion(10, {"a": 1, "b": 1, "c": 1}) == {"a": 4, "b": 3, "c": 3}
    assert apportion(100, {"x": 0, "y": 0}) == {"x": 50, "y": 50}
    assert apportion(7, {}) == {}
    with pytest.raises(ValueError):
        apportion(-1, {"a": 1})


def test_a_commune_part_is_named_by_its_commune_and_bassin():
    assert commune_part_code("62063", "BV-012") == "62063.BV-012"


def reader():
    return SectorReader("sectors.geojson", {"62063": "62063", "62062": "62063"}, ProblemList(), {})


def test_a_statbel_feature_is_read_whatever_the_case_of_its_attributes():
    read = reader()
    sector = read.feature(
        3,
        {
            "type": "Feature",
            "properties": {
                "cd_sector": "62062a00-",
                "CD_MUNTY_REFNIS": "62062",
                "TX_SECTOR_DESCR_FR": "Centre",
                "POPULATION": "1234.0",
            },
            "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]},
        },
    )
    assert sector is not None
    assert (sector.code, sector.refnis, sector.name_fr, sector.population) == (
        "62062A00-",
        "62063",  # an older code, converted
        "Centre",
        1234,
    )
    assert not read.problems


@pytest.mark.parametrize(
    ("properties", "field", "value"),
    [
        ({"CD_SECTOR": "6206", "CD_REFNIS": "62063"}, "CD_SECTOR", "6206"),
        ({"CD_SECTOR": "62063A00-", "CD_REFNIS": "6206"}, "CD_REFNIS", "6206"),
        ({"CD_SECTOR": "62063A00-", "CD_REFNIS": "62063", "TOTAL": "-3"}, "TOTAL", "-3"),
        ({"CD_REFNIS": "62063"}, "CD_SECTOR", None),
    ],
)
def test_a_faulty_record_is_located(properties, field, value):
    read = reader()
    read.feature(7, {"properties": properties, "geometry": None})
    (problem,) = read.problems.error().problems
    assert (problem.line, problem.field, problem.value) == (7, field, value)


def test_sectors_of_other_regions_are_left_out_and_repeats_refused():
    read = reader()
    assert read.sector(2, {"CD_SECTOR": "11002A00-", "CD_REFNIS": "11002"}) is None
    assert read.skipped == 1
    assert read.sector(3, {"CD_SECTOR": "62063A00-", "CD_REFNIS": "62063"})
    assert read.sector(4, {"CD_SECTOR": "62063A00-", "CD_REFNIS": "62063"}) is None
    assert "3" in read.problems.error().problems[0].expected
