"""Statistical sectors: import, a commune split between bassins, and its indicators."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from maillage.domain.territory import Level
from maillage.errors import DataFileError
from maillage.services import indicators, sectors, territories, zonings
from tests.sector_helpers import (
    LIEGE,
    SECTORS,
    liege_population,
    split_liege,
    write_synthetic_sectors,
)


def test_sectors_are_imported_from_lambert_72_and_outside_communes_left_out(platform, tmp_path):
    boundaries, table, populations = write_synthetic_sectors(platform, tmp_path)
    result = sectors.import_sectors(platform, boundaries, table, year=2022)
    assert (result.sectors, result.with_population, result.skipped) == (4, 4, 1)
    assert sum(populations.values()) == liege_population(platform)


def test_a_sector_file_splits_a_commune_into_two_bassins(platform, tmp_path):
    whole = liege_population(platform)
    region_before = territories.territory_detail(platform, "03000").territory.population
    ols_value_before = _value(platform, Level.OLS, None)
    bassin, ols = split_liege(platform, tmp_path)

    first = territories.territory_detail(platform, f"{LIEGE}.{bassin}").territory
    second = territories.territory_detail(platform, f"{LIEGE}.BV-LGE-EST").territory
    assert first.level is second.level is Level.COMMUNE
    assert first.name == second.name == "Liège (partie)"
    assert first.population + second.population == whole
    assert first.population == pytest.approx(whole / 2, abs=1)  # 4 + 1 tenths
    east = territories.territory_detail(platform, "BV-LGE-EST")
    assert east.territory.population == second.population
    assert east.commune_count == 1
    # Nothing counted twice above the bassins; the whole commune keeps its figure.
    assert territories.territory_detail(platform, "03000").territory.population == region_before
    assert territories.territory_detail(platform, LIEGE).territory.population == whole
    assert territories.communes_of(platform, "BV-LGE-EST") == [LIEGE]

    # A commune-level indicator: shown on the bassins with the note, exact on the OLS.
    table = indicators.values(platform, "pop-80plus-pct", Level.BASSIN, public=False)
    found = {t.code: e for t, e in table.rows}
    assert found["BV-LGE-EST"] is not None and found["BV-LGE-EST"].value is not None
    assert "donnée communale non divisible" in table.notes["BV-LGE-EST"]
    assert "donnée communale non divisible" in table.notes[bassin]
    liege_value = _value(platform, Level.COMMUNE, LIEGE)
    assert found["BV-LGE-EST"].value == pytest.approx(liege_value)
    assert _value(platform, Level.OLS, ols) == pytest.approx(ols_value_before[ols])
    assert not indicators.values(platform, "pop-80plus-pct", Level.OLS, public=False).notes
    lines = {line.indicator.id: line for line in indicators.profile_lines(platform, "BV-LGE-EST")}
    assert "donnée communale non divisible" in lines["pop-80plus-pct"].note


def _value(platform, level, code):
    table = indicators.values(platform, "pop-80plus-pct", level, public=False)
    values = {t.code: e.value if e else None for t, e in table.rows}
    return values if code is None else values[code]


def test_the_split_zoning_exports_its_sectors_and_round_trips(platform, tmp_path):
    split_liege(platform, tmp_path)
    text = zonings.export_zoning(platform)
    assert text.splitlines()[0].endswith(",sector_code")
    assert sum(line.startswith(f"{LIEGE},") for line in text.splitlines()) == 4
    path = tmp_path / "again.csv"
    path.write_text(text, encoding="utf-8")
    zonings.import_zoning(platform, path, name="Copie", valid_from=date(2026, 1, 1))
    assert zonings.export_zoning(platform, "Copie") == text


def test_a_split_commune_must_have_every_sector_assigned(platform, tmp_path):
    boundaries, table, _populations = write_synthetic_sectors(platform, tmp_path)
    sectors.import_sectors(platform, boundaries, table, year=2022)
    rows = list(csv.reader(io.StringIO(zonings.export_zoning(platform))))
    header, body = rows[0], rows[1:]
    liege = next(r for r in body if r[0] == LIEGE)
    lines = [[*r, ""] for r in body if r[0] != LIEGE]
    lines.append([*liege, SECTORS[0]])
    lines.append([*liege, "62063Z99-"])
    path = tmp_path / "partial.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([[*header, "sector_code"], *lines])
    with pytest.raises(DataFileError) as refused:
        zonings.import_zoning(platform, path, name="Partielle", valid_from=date(2026, 1, 1))
    problems = refused.value.problems
    assert any(p.field == "sector_code" and p.value == "62063Z99-" for p in problems)
    with pytest.raises(DataFileError) as refused:
        lines.pop()
        with path.open("w", encoding="utf-8", newline="") as out:
            csv.writer(out).writerows([[*header, "sector_code"], *lines])
        zonings.import_zoning(platform, path, name="Partielle", valid_from=date(2026, 1, 1))
    assert "3 secteurs de communes scindées ne sont pas attribués" in str(refused.value)
    assert [z.name for z in zonings.list_zonings(platform)] == [
        z.name for z in zonings.list_zonings(platform) if z.name != "Partielle"
    ]


def test_a_faulty_sector_file_is_located_and_writes_nothing(platform, tmp_path):
    path = tmp_path / "synthetic_bad_sectors.geojson"
    path.write_text(
        '{"type": "FeatureCollection", "features": [\n'
        '{"type": "Feature", "properties": {"CD_SECTOR": "62063A00-", "CD_MUNTY_REFNIS": '
        '"62063"}, "geometry": null},\n'
        '{"type": "Feature", "properties": {"CD_SECTOR": "bad", "CD_MUNTY_REFNIS": "62063"},'
        ' "geometry": null}\n]}',
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as refused:
        sectors.import_sectors(platform, path, year=2022)
    (problem,) = refused.value.problems
    assert (problem.line, problem.field, problem.value) == (3, "CD_SECTOR", "BAD")
    with platform.reading() as session:
        from maillage.store import sectors as store

        assert store.sector_count(session) == 0


def test_values_loaded_by_sector_sum_exactly_into_the_part_of_a_commune(platform, tmp_path):
    from maillage.services import indicator_loading
    from tests.services.test_indicators import ACTOR, TEST_INDICATOR

    split_liege(platform, tmp_path)
    path = tmp_path / "by_sector.csv"
    path.write_text(
        "code,period,numerator,denominator\n"
        f"{LIEGE},2024,500,10000\n"
        f"{SECTORS[2]},2024,30,1000\n"
        f"{SECTORS[3]},2024,10,1000\n",
        encoding="utf-8",
    )
    indicator_loading.load_file(platform, ACTOR, path, TEST_INDICATOR)
    table = indicators.values(platform, "test-diab", Level.BASSIN, public=False)
    east = {t.code: e for t, e in table.rows}["BV-LGE-EST"]
    assert east is not None
    assert (east.numerator, east.denominator) == (40, 2000)  # the sectors, not 5 % of Liège
    assert "BV-LGE-EST" not in table.notes


def test_the_map_draws_a_split_commune_as_its_parts(platform, tmp_path):
    bassin, _ols = split_liege(platform, tmp_path)
    features = territories.map_layers(platform)["communes"]["features"]
    drawn = {f["properties"]["code"]: f["properties"] for f in features}
    assert LIEGE not in drawn
    assert drawn[f"{LIEGE}.BV-LGE-EST"]["bassin"] == "BV-LGE-EST"
    assert drawn[f"{LIEGE}.{bassin}"]["bassin"] == bassin
