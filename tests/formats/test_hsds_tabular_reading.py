"""Tabular packages read within bounds: a zip is never inflated past its limits (see
``package_files``), rows are kept within the directory's budget."""

from __future__ import annotations

import zipfile

from maillage.formats import hsds_tabular_reading as reading
from maillage.formats import package_files

DESCRIPTOR = '{"resources": [{"name": "service", "path": "services.csv"}]}'


def package(tmp_path, rows: int):
    path = tmp_path / "p.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", DESCRIPTOR)
        archive.writestr(
            "services.csv",
            "id,name,status\n" + "".join(f"svc-{n},Permanence {n},active\n" for n in range(rows)),
        )
    return path


def test_a_member_larger_than_allowed_is_refused_before_it_is_inflated(tmp_path, monkeypatch):
    monkeypatch.setattr(package_files, "MAX_MEMBER_BYTES", 1000)
    records, [problem] = reading.read(package(tmp_path, 1000))
    assert records == [] and problem.file == "services.csv" and "1" in problem.expected


def test_an_archive_declaring_too_much_is_refused_at_once(tmp_path, monkeypatch):
    monkeypatch.setattr(package_files, "MAX_PACKAGE_BYTES", 1000)
    records, [problem] = reading.read(package(tmp_path, 1000))
    assert records == [] and problem.file.endswith("p.zip")


def test_rows_past_the_budget_refuse_the_package_with_a_located_fault(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 10)
    records, problems = reading.read(package(tmp_path, 20))
    assert records == [] and [(p.file, p.line) for p in problems] == [(str(tmp_path / "p.zip"), 12)]


def test_a_small_package_is_read(tmp_path):
    records, problems = reading.read(package(tmp_path, 3))
    assert problems == [] and [r["id"] for r in records] == ["svc-0", "svc-1", "svc-2"]
