"""Comparing two zonings when one splits a commune (SYNTHETIC sectors, tests/sector_helpers):
the commune is counted by its parts, bassin populations are the hierarchy's."""

from __future__ import annotations

import csv
import io
from datetime import date

from maillage.domain.territory import Level
from maillage.services import territories, zoning_comparison, zonings
from tests.sector_helpers import LIEGE, SECTORS, split_liege


def _populations(platform, ref):
    found = territories.list_territories(platform, Level.BASSIN, ref)
    return {t.code: t.population for t, _parent in found.items}


def test_a_split_commune_is_compared_by_its_parts(platform, tmp_path):
    whole = zonings.get_zoning(platform)  # the active zoning before Liège is split
    bassin, _ols = split_liege(platform, tmp_path)
    split = zonings.get_zoning(platform)
    east = f"{LIEGE}.BV-LGE-EST"
    east_population = territories.territory_detail(platform, east).territory.population
    assert east_population > 0

    found = zoning_comparison.compare(platform, str(split.id), str(whole.id))
    by_code = {b.code: b for b in found.bassins}
    # The bassin made only of a part of Liège is there, matched with Liège's former bassin.
    assert by_code["BV-LGE-EST"].population == east_population
    assert by_code["BV-LGE-EST"].matched == bassin
    assert {b.code: b.population for b in found.bassins} == _populations(platform, str(split.id))
    # A new bassin cut out of Liège's is matched with it: nothing moves.
    assert found.moves == [] and found.moved_population == 0

    # One small sector of Liège joins a neighbouring bassin: Liège moves by that part only.
    neighbour, moved = _sector_to_neighbour(platform, tmp_path, bassin)
    part = f"{LIEGE}.{neighbour}"
    size = territories.territory_detail(platform, part, str(moved.id)).territory.population
    assert 0 < size < east_population
    found = zoning_comparison.compare(platform, str(moved.id), str(whole.id))
    assert [(m.commune, m.before, m.after, m.population) for m in found.moves] == [
        (part, bassin, neighbour, size)
    ]
    assert found.commune_names[part] == "Liège (partie)"
    assert found.moved_population == size
    assert {b.code: b.population for b in found.bassins} == _populations(platform, str(moved.id))

    back = zoning_comparison.compare(platform, str(whole.id), str(moved.id))
    assert {b.code: b.population for b in back.bassins} == _populations(platform, str(whole.id))
    assert [(m.commune, m.before, m.after, m.population) for m in back.moves] == [
        (part, neighbour, bassin, size)
    ]
    between = zoning_comparison.compare(platform, str(moved.id), str(split.id))
    assert (part, bassin, neighbour) in [(m.commune, m.before, m.after) for m in between.moves]


def _sector_to_neighbour(platform, folder, bassin):
    """Liège split in two: its smallest synthetic sector in the largest other bassin of its
    OLS, the rest in its own bassin."""
    rows = list(csv.reader(io.StringIO(zonings.export_zoning(platform))))
    header, body = rows[0], rows[1:]
    ols = next(r[3] for r in body if r[1] == bassin)
    sizes = _populations(platform, None)
    others = [r for r in body if r[3] == ols and r[1] not in (bassin, "BV-LGE-EST")]
    neighbour = max(others, key=lambda r: (sizes[r[1]], r[1]))
    home = next(r for r in body if r[1] == bassin)
    lines = []
    for r in body:
        if r[0] == LIEGE:
            target = neighbour if r[5] == SECTORS[1] else home
            r = [r[0], *target[1:5], r[5]]
        lines.append(r)
    path = folder / "moved.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([header, *lines])
    found = zonings.import_zoning(
        platform, path, name="Un secteur voisin", valid_from=date(2026, 2, 1)
    )
    return neighbour[1], found.zoning
