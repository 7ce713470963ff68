"""The command line: one clear line per error, a non-zero exit code, no traceback."""

from __future__ import annotations

from tests.helpers import snapshot


def test_zoning_import_with_an_unknown_code_names_line_and_code(run, platform, tmp_path):
    exported = run("zoning", "export")
    assert exported.exit_code == 0
    lines = exported.stdout.strip().split("\n")
    lines[10] = "99999" + lines[10][5:]
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = snapshot(platform)
    result = run("zoning", "import", str(path), "--name", "Essai", "--valid-from", "2026-01-01")
    assert result.exit_code == 4
    assert "Traceback" not in result.output
    [message] = result.stderr.strip().splitlines()
    assert "bad.csv" in message and "ligne 11" in message and "99999" in message
    assert "refnis" in message
    assert snapshot(platform) == before


def test_zoning_list_import_activate_and_territory_show(run, tmp_path):
    path = tmp_path / "copy.csv"
    assert run("zoning", "export", "--out", str(path)).exit_code == 0
    imported = run("zoning", "import", str(path), "--name", "Copie", "--valid-from", "2026-01-01")
    assert imported.exit_code == 0, imported.output
    assert "Copie" in imported.stdout
    listing = run("zoning", "list")
    assert "Copie" in listing.stdout and "non officielle" in listing.stdout
    assert run("zoning", "activate", "Copie").exit_code == 0
    shown = run("territory", "show", "92094")
    assert shown.exit_code == 0
    assert "Namur" in shown.stdout and "112" in shown.stdout


def test_zoning_import_dry_run_previews_and_an_xlsx_workbook_imports(run, platform, tmp_path):
    from maillage.tabular import spreadsheet

    exported = run("zoning", "export").stdout.strip().splitlines()
    rows = [line.split(",") for line in exported]
    path = tmp_path / "copie.xlsx"
    path.write_bytes(spreadsheet.xlsx_bytes("Zonage", rows))
    before = snapshot(platform)
    args = ("zoning", "import", str(path), "--name", "Copie", "--valid-from", "2026-01-01")
    preview = run(*args, "--dry-run")
    assert preview.exit_code == 0, preview.output
    assert f"{len(rows) - 1} communes" in preview.stdout and "0 communes" in preview.stdout
    assert snapshot(platform) == before
    imported = run(*args)
    assert imported.exit_code == 0, imported.output
    assert "Copie" in run("zoning", "list").stdout


def test_unknown_territory_exits_with_its_code(run):
    result = run("territory", "show", "00000")
    assert result.exit_code == 3
    assert result.stderr.strip() == "erreur : Code de territoire inconnu : 00000"


def test_missing_file_is_one_line(run, tmp_path):
    result = run(
        "zoning",
        "import",
        str(tmp_path / "absent.csv"),
        "--name",
        "X",
        "--valid-from",
        "2026-01-01",
    )
    assert result.exit_code == 4
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_value_over_the_field_limit_is_located_with_exit_4(run, platform, tmp_path, monkeypatch):
    from maillage.tabular import csv_reader

    monkeypatch.setattr(csv_reader, "MAX_FIELD_CHARS", 50)
    lines = run("zoning", "export").stdout.strip().split("\n")
    lines[5] = lines[5] + "x" * 51  # the OLS name of line 6
    path = tmp_path / "long.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = snapshot(platform)
    result = run("zoning", "import", str(path), "--name", "Long", "--valid-from", "2026-01-01")
    assert result.exit_code == 4 and "Traceback" not in result.output
    [message] = result.stderr.strip().splitlines()
    assert "long.csv, ligne 6, champ ols_name" in message and "50 caractères" in message
    assert snapshot(platform) == before


def test_a_binary_file_is_refused_by_name(run, platform, tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 10)
    result = run("zoning", "import", str(path), "--name", "Photo", "--valid-from", "2026-01-01")
    assert result.exit_code == 4 and "fichier binaire" in result.stderr
