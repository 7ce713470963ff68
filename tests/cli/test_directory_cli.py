"""``maillage directory import|export``: formats detected, rejects written, round trips."""

from __future__ import annotations

import json

from maillage.services import directory
from tests.services.test_directory import BAD_ROWS, template


def test_import_refuses_a_file_with_invalid_records_then_skips_them(run, tmp_path):
    path = tmp_path / "liste.csv"
    path.write_text(template(bad=BAD_ROWS), encoding="utf-8")
    refused = run("directory", "import", str(path))
    assert refused.exit_code != 0 and "Traceback" not in refused.output
    assert "ligne 18" in refused.stderr and "plombier" in refused.stderr
    skipped = run(
        "directory",
        "import",
        str(path),
        "--skip-invalid",
        "--source",
        "essai",
        "--licence",
        "CC BY 4.0",
    )
    assert skipped.exit_code == 0, skipped.output
    assert "97 services créés" in skipped.stdout
    assert "3 enregistrements refusés" in skipped.stderr
    assert (tmp_path / "liste.rejets.csv").exists()


def test_exports_in_every_format_and_the_tabular_package_imports_back(run, platform, tmp_path):
    for fmt, name in (
        ("hsds-json", "r.json"),
        ("fhir", "r.fhir.json"),
        ("csv", "r.csv"),
        ("xlsx", "r.xlsx"),
        ("geojson", "r.geojson"),
    ):
        result = run("directory", "export", "--format", fmt, "--out", str(tmp_path / name))
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).stat().st_size > 1000
    excel = run(
        "directory", "export", "--format", "csv", "--excel", "--out", str(tmp_path / "excel.csv")
    )
    assert excel.exit_code == 0
    assert (tmp_path / "excel.csv").read_bytes().startswith("\ufeff".encode())
    total = len(json.loads((tmp_path / "r.json").read_text(encoding="utf-8")))
    package = tmp_path / "paquet.zip"
    assert (
        run(
            "directory",
            "export",
            "--format",
            "hsds-tabular",
            "--without-demo",
            "--out",
            str(package),
        ).exit_code
        == 0
    )
    before = directory.search(platform, directory.SearchRequest()).total
    again = run("directory", "import", str(package), "--source", "reimport")
    assert again.exit_code == 0, again.output
    assert "0 services créés" in again.stdout
    assert directory.search(platform, directory.SearchRequest()).total == before == total


def test_an_unknown_file_gives_one_clear_line(run, tmp_path):
    result = run("directory", "import", str(tmp_path / "absent.txt"))
    assert result.exit_code == 3  # not found
    missing = tmp_path / "absent.txt"
    assert result.stderr.strip() == f"erreur : {missing} : fichier ou dossier introuvable"


def test_a_repeated_identifiant_is_located_with_exit_4_and_nothing_written(run, platform, tmp_path):
    from tests.helpers import snapshot

    lines = template(rows=5).splitlines()
    lines.append(lines[2])  # svc-2 again, on line 7
    path = tmp_path / "doublon.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = snapshot(platform)
    result = run("directory", "import", str(path))
    assert result.exit_code == 4 and "Traceback" not in result.output
    [message] = result.stderr.strip().splitlines()
    assert "ligne 7, champ identifiant : valeur « svc-2 »" in message
    assert "ligne 3 (même identifiant)" in message
    assert snapshot(platform) == before
