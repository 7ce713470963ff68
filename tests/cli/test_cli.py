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
    imported = run("zoning", "import", str(path), "--name", "Copie", "--valid-from",
                   "2026-01-01")
    assert imported.exit_code == 0, imported.output
    assert "Copie" in imported.stdout
    listing = run("zoning", "list")
    assert "Copie" in listing.stdout and "non officielle" in listing.stdout
    assert run("zoning", "activate", "Copie").exit_code == 0
    shown = run("territory", "show", "92094")
    assert shown.exit_code == 0
    assert "Namur" in shown.stdout and "112" in shown.stdout


def test_unknown_territory_exits_with_its_code(run):
    result = run("territory", "show", "00000")
    assert result.exit_code == 3
    assert result.stderr.strip() == "erreur : Code de territoire inconnu : 00000"


def test_missing_file_is_one_line(run, tmp_path):
    result = run("zoning", "import", str(tmp_path / "absent.csv"), "--name", "X",
                 "--valid-from", "2026-01-01")
    assert result.exit_code == 4
    assert len(result.stderr.strip().splitlines()) == 1
