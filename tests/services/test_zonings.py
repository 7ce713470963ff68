"""Zoning import, export and activation on both backends."""

from __future__ import annotations

from datetime import date

import pytest

from maillage.domain.territory import ZoningKind
from maillage.errors import Conflict, DataFileError
from maillage.services import territories, zonings
from tests.helpers import snapshot


def exported_rows(platform):
    text = zonings.export_zoning(platform)
    header, *rows = text.strip().splitlines()
    assert header == "refnis,bassin_code,bassin_name,ols_code,ols_name"
    return rows


def test_export_then_import_round_trips(platform, tmp_path):
    rows = exported_rows(platform)
    assert len(rows) == 252  # the French-language region: no German-language commune
    path = tmp_path / "zoning.csv"
    path.write_text(zonings.export_zoning(platform), encoding="utf-8")
    result = zonings.import_zoning(
        platform, path, name="Copie", valid_from=date(2026, 1, 1), kind=ZoningKind.DRAFT
    )
    assert result.zoning.bassins == 84
    assert zonings.export_zoning(platform, "Copie") == zonings.export_zoning(platform)
    assert result.warnings == []


def test_unknown_refnis_is_refused_and_nothing_changes(platform, tmp_path):
    rows = exported_rows(platform)
    rows[41] = "99999" + rows[41][5:]
    path = tmp_path / "bad.csv"
    path.write_text(
        "refnis,bassin_code,bassin_name,ols_code,ols_name\n" + "\n".join(rows), encoding="utf-8"
    )
    before = snapshot(platform)
    with pytest.raises(DataFileError) as caught:
        zonings.import_zoning(platform, path, name="Bad", valid_from=date(2026, 1, 1))
    [problem] = caught.value.problems
    assert problem.line == 43 and problem.value == "99999" and problem.field == "refnis"
    assert snapshot(platform) == before


def test_semicolon_cp1252_file_with_old_codes_is_converted(platform, tmp_path):
    rows = [r.split(",") for r in exported_rows(platform)]
    bastogne = next(r for r in rows if r[0] == "82039")
    rows = [r for r in rows if r[0] != "82039"]
    rows.append(["82003", *bastogne[1:]])  # Bastogne before the 2025 merger
    rows.append(["82005", *bastogne[1:]])  # Bertogne
    manage = next(r for r in rows if r[0] == "55086")
    manage[0] = "52043"  # Manage before the 2019 recoding
    text = (
        "refnis;bassin_code;bassin_name;ols_code;ols_name\r\n"
        + "\r\n".join(";".join(r) for r in rows)
        + "\r\n"
    )
    path = tmp_path / "excel.csv"
    path.write_bytes(text.encode("cp1252"))
    result = zonings.import_zoning(platform, path, name="Excel", valid_from=date(2026, 1, 1))
    assert sorted((c.old, c.new) for c in result.conversions) == [
        ("52043", "55086"),
        ("82003", "82039"),
        ("82005", "82039"),
    ]
    assert zonings.export_zoning(platform, "Excel") == zonings.export_zoning(platform)


def test_duplicate_name_is_a_conflict(platform, tmp_path):
    path = tmp_path / "zoning.csv"
    path.write_text(zonings.export_zoning(platform), encoding="utf-8")
    name = zonings.list_zonings(platform)[0].name
    with pytest.raises(Conflict):
        zonings.import_zoning(platform, path, name=name, valid_from=date(2026, 1, 1))


def test_activate_switches_the_zoning_used_by_default(platform, tmp_path):
    rows = [r.split(",") for r in exported_rows(platform)]
    text = "refnis,bassin_code,bassin_name,ols_code,ols_name\n" + "\n".join(
        f"{r[0]},ALL,Tout,W,Wallonie" for r in rows
    )
    path = tmp_path / "one.csv"
    path.write_text(text, encoding="utf-8")
    result = zonings.import_zoning(
        platform, path, name="Un seul bassin", valid_from=date(2026, 1, 1), kind=ZoningKind.OFFICIAL
    )
    assert not result.zoning.is_active
    zonings.activate(platform, "Un seul bassin")
    active = [z for z in zonings.list_zonings(platform) if z.is_active]
    assert [z.name for z in active] == ["Un seul bassin"]
    assert active[0].is_official
    bassins = territories.list_territories(platform, territories.Level.BASSIN)
    assert [t.code for t, _ in bassins.items] == ["ALL"]
    assert bassins.items[0][0].population == 3_583_891  # the French-language region, 2022


def test_a_utf16_file_imports(platform, tmp_path):
    path = tmp_path / "unicode.csv"
    path.write_bytes(zonings.export_zoning(platform).encode("utf-16"))
    result = zonings.import_zoning(platform, path, name="UTF-16", valid_from=date(2026, 1, 1))
    assert "utf-16" in result.zoning.provenance


def test_a_repeated_commune_is_located_and_nothing_changes(platform, tmp_path):
    rows = exported_rows(platform)
    path = tmp_path / "doublon.csv"
    path.write_text(
        "refnis,bassin_code,bassin_name,ols_code,ols_name\n" + "\n".join([*rows, rows[0]]) + "\n",
        encoding="utf-8",
    )
    before = snapshot(platform)
    with pytest.raises(DataFileError) as caught:
        zonings.import_zoning(platform, path, name="Doublon", valid_from=date(2026, 1, 1))
    [problem] = caught.value.problems
    assert (problem.line, problem.field, problem.value) == (254, "refnis", rows[0][:5])
    assert snapshot(platform) == before


def test_a_german_language_commune_in_a_file_is_refused_and_nothing_changes(platform, tmp_path):
    rows = exported_rows(platform)
    eupen = "63023" + rows[0][5:]
    path = tmp_path / "eupen.csv"
    path.write_text(
        "refnis,bassin_code,bassin_name,ols_code,ols_name\n" + "\n".join([*rows, eupen]) + "\n",
        encoding="utf-8",
    )
    before = snapshot(platform)
    with pytest.raises(DataFileError) as caught:
        zonings.import_zoning(platform, path, name="Avec Eupen", valid_from=date(2026, 1, 1))
    [problem] = caught.value.problems
    assert (problem.line, problem.field, problem.value) == (254, "refnis", "63023")
    assert "compétence de la Communauté germanophone, hors réforme" in problem.expected
    assert snapshot(platform) == before
