"""``maillage sectors import`` with a SYNTHETIC Statbel sector file (see sector_helpers)."""

from __future__ import annotations

from tests.helpers import snapshot
from tests.sector_helpers import write_synthetic_sectors


def test_sectors_import_reports_what_it_stored(run, platform, tmp_path):
    boundaries, table, _populations = write_synthetic_sectors(platform, tmp_path)
    result = run("sectors", "import", str(boundaries), "--population", str(table), "--year", "2022")
    assert result.exit_code == 0, result.output
    assert "4 secteurs wallons importés (4 avec une population)" in result.stdout


def test_a_faulty_population_file_is_located_and_nothing_changes(run, platform, tmp_path):
    boundaries, table, _populations = write_synthetic_sectors(platform, tmp_path)
    table.write_text("CD_REFNIS|CD_SECTOR|TOTAL\n62063|62063A00-|beaucoup\n", encoding="utf-8")
    before = snapshot(platform)
    result = run("sectors", "import", str(boundaries), "--population", str(table))
    assert result.exit_code == 4
    [message] = result.stderr.strip().splitlines()
    assert "ligne 2, champ total" in message and "beaucoup" in message
    assert snapshot(platform) == before


def test_indicators_show_gives_the_note_of_split_bassins(run, platform, tmp_path):
    from tests.sector_helpers import split_liege

    split_liege(platform, tmp_path)
    shown = run("indicators", "show", "pop-80plus-pct", "--level", "bassin")
    assert shown.exit_code == 0, shown.output
    assert "BV-LGE-EST" in shown.stdout and "donnée communale non divisible" in shown.stdout
