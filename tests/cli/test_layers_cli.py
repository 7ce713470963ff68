"""``maillage layer``: import, refusal, list, export (round trip), overlap, delete."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.parametrize("platform", ["sqlite"], indirect=True)  # CLI over services

LAYER = (
    "structure_code,structure_name,refnis\n"
    "C1,Cercle de Liège,62063\n"
    "C1,Cercle de Liège,62096\n"
    "C2,Cercle d’Eupen,63023\n"
    "C2,Cercle d’Eupen,63079\n"
)


def test_import_list_export_overlap_delete(run, tmp_path):
    path = tmp_path / "cercles.csv"
    path.write_text(LAYER, encoding="utf-8")
    done = run("layer", "import", str(path), "--name", "Cercles", "--kind", "cercle-mg")
    assert done.exit_code == 0, done.output
    assert "Couche « Cercles » importée" in done.output and "2 structures" in done.output
    assert "63023" in done.output and "langue allemande" in done.output  # Eupen
    again = run("layer", "import", str(path), "--name", "Cercles", "--kind", "cercle-mg")
    assert again.exit_code == 5 and "remplacer" in again.output
    replaced = run(
        "layer", "import", str(path), "--name", "Cercles", "--kind", "cercle-mg", "--replace"
    )
    assert replaced.exit_code == 0 and "remplacée" in replaced.output
    listed = run("layer", "list")
    assert "Cercles" in listed.output and "cercles de médecins généralistes" in listed.output
    exported = tmp_path / "export.csv"
    assert run("layer", "export", "Cercles", "-o", str(exported)).exit_code == 0
    assert exported.read_text(encoding="utf-8").splitlines() == LAYER.splitlines()
    overlap = run("layer", "overlap", "Cercles", "--level", "ols")
    assert overlap.exit_code == 0 and "Cercle de Liège" in overlap.output
    assert "100,0 %" in overlap.output
    table = tmp_path / "recouvrement.csv"
    assert run("layer", "overlap", "Cercles", "-o", str(table)).exit_code == 0
    assert "share_of_territory" in table.read_text(encoding="utf-8-sig")
    assert run("layer", "delete", "Cercles").exit_code == 0
    assert run("layer", "export", "Cercles").exit_code == 3


def test_a_faulty_file_is_refused_with_its_lines(run, tmp_path):
    path = tmp_path / "faute.csv"
    path.write_text(LAYER + "C1,Autre,62099\nC3,Trois,1234\n", encoding="utf-8")
    done = run("layer", "import", str(path), "--name", "Faute", "--kind", "rml")
    assert done.exit_code == 4
    assert "ligne 6" in done.output and "ligne 7" in done.output
    assert "Faute" not in run("layer", "list").output


def test_propose_can_respect_a_layer(run, tmp_path):
    path = tmp_path / "cercles.csv"
    path.write_text(LAYER, encoding="utf-8")
    run("layer", "import", str(path), "--name", "Cercles", "--kind", "cercle-mg")
    done = run("zoning", "propose", "--name", "Avec cercles", "--respect-layer", "Cercles")
    assert done.exit_code == 0, done.output
    both = run(
        "zoning",
        "propose",
        "--name",
        "Deux",
        "--respect-layer",
        "Cercles",
        "--respect-arrondissements",
    )
    assert both.exit_code == 2 and "pas les deux" in both.output
