"""``maillage indicators load|list|show``: the loading contract analysts rely on."""

from __future__ import annotations

from maillage.services import indicators
from tests.helpers import snapshot


def test_load_with_options_then_show_per_bassin(run, platform, tmp_path):
    path = tmp_path / "chutes.csv"
    path.write_text(
        "refnis,period,numerator,denominator\n92094,2024,150,20000\n92003,2024,30,4000\n",
        encoding="utf-8",
    )
    result = run(
        "indicators",
        "load",
        str(path),
        "--indicator",
        "chutes-65",
        "--name",
        "Chutes des 65 ans et plus",
        "--unit",
        "pour 1 000",
        "--kind",
        "rate",
        "--polarity",
        "lower_is_better",
        "--multiplier",
        "1000",
    )
    assert result.exit_code == 0, result.output
    assert "Indicateur chutes-65 créé" in result.stdout and "2 valeurs pour 2024" in result.stdout
    summary = indicators.get_indicator(platform, "chutes-65")
    assert summary.indicator.multiplier == 1000 and summary.periods == ["2024"]
    shown = run("indicators", "show", "chutes-65", "--level", "commune")
    assert shown.exit_code == 0 and "Namur" in shown.stdout and "7,50" in shown.stdout


def test_a_faulty_file_exits_non_zero_and_writes_nothing(run, platform, tmp_path):
    path = tmp_path / "faux.csv"
    path.write_text(
        "refnis,period,value\n92094,2024,1\n12345,2024,2\n92003,20x4,3\n", encoding="utf-8"
    )
    before = snapshot(platform)
    result = run(
        "indicators", "load", str(path), "--indicator", "x-1", "--name", "X", "--kind", "mean"
    )
    assert result.exit_code == 4 and "Traceback" not in result.output
    assert "ligne 3, champ refnis : valeur « 12345 »" in result.stderr
    assert "ligne 4, champ period : valeur « 20x4 »" in result.stderr
    assert snapshot(platform) == before


def test_load_from_a_yaml_definition_and_list_the_catalogue(run, tmp_path):
    definition = tmp_path / "def.yaml"
    definition.write_text(
        "id: score-x\nname: Score X\nkind: mean\npolarity: neutral\nsource: Essai\nlicence: CC0\n",
        encoding="utf-8",
    )
    path = tmp_path / "v.csv"
    path.write_text("refnis,period,value\n92094,2024,1.5\n", encoding="utf-8")
    assert (
        run(
            "indicators",
            "load",
            str(path),
            "--indicator",
            "score-x",
            "--definition",
            str(definition),
        ).exit_code
        == 0
    )
    wrong = run(
        "indicators", "load", str(path), "--indicator", "other", "--definition", str(definition)
    )
    assert wrong.exit_code != 0
    listing = run("indicators", "list")
    assert "score-x" in listing.stdout and "revenu-par-habitant" in listing.stdout


def test_an_unknown_indicator_without_a_name_is_refused(run):
    result = run("indicators", "load", "/nonexistent.csv", "--indicator", "nouveau")
    assert result.exit_code != 0 and "--name" in result.stderr


def test_more_than_fifty_faults_print_fifty_lines_then_the_count(run, platform, tmp_path):
    path = tmp_path / "nan.csv"
    path.write_text(
        "refnis,period,numerator,denominator\n"
        + "".join(f"92094,{year},nan,100\n" for year in range(1900, 2020)),
        encoding="utf-8",
    )
    before = snapshot(platform)
    result = run(
        "indicators",
        "load",
        str(path),
        "--indicator",
        "x-nan",
        "--name",
        "X",
        "--kind",
        "proportion",
    )
    assert result.exit_code == 4 and "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 51
    assert lines[0].endswith("ligne 2, champ numerator : valeur « nan » — nombre fini attendu")
    assert lines[-1] == "erreur : … et 70 autres anomalies non affichées."
    assert snapshot(platform) == before
