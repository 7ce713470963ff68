"""Reading a layer file: every fault located, overlaps accepted, old codes converted."""

from __future__ import annotations

from maillage.domain.layers import LayerKind, read_layer
from maillage.errors import ProblemList

COMMUNES = {"62063": "Liège", "62096": "Seraing", "63079": "Verviers", "63001": "Amblève"}
CHANGES = {"62099": "62096"}


def _read(rows):
    problems = ProblemList()
    reading = read_layer(
        enumerate(rows, start=2),
        file="couche.csv",
        communes=COMMUNES,
        code_changes=CHANGES,
        problems=problems,
    )
    return reading, [str(p) for p in problems.kept]


def _row(code, name, refnis):
    return {"structure_code": code, "structure_name": name, "refnis": refnis}


def test_overlapping_structures_are_taken_and_old_codes_converted():
    reading, problems = _read(
        [
            _row("A", "Cercle A", "62063"),
            _row("A", "Cercle A", "62099"),
            _row("B", "Cercle B", "62063"),
            _row("B", "Cercle B", "63001"),
        ]
    )
    assert problems == []
    assert reading.structures == {"A": "Cercle A", "B": "Cercle B"}
    assert reading.members == {"A": ["62063", "62096"], "B": ["62063", "63001"]}
    assert [(c.line, c.old, c.new) for c in reading.conversions] == [(3, "62099", "62096")]


def test_faults_name_line_field_and_value():
    _reading, problems = _read(
        [
            _row("A", "Cercle A", "62063"),
            _row("A", "Autre nom", "62096"),
            _row("A", "Cercle A", "62063"),
            _row("B", "Cercle B", "99999"),
            _row("C", "", "6206"),
        ]
    )
    assert len(problems) == 5
    assert "ligne 3" in problems[0] and "Autre nom" in problems[0] and "ligne 2" in problems[0]
    assert "ligne 4" in problems[1] and "62063" in problems[1]
    assert "ligne 5" in problems[2] and "99999" in problems[2]
    assert "ligne 6" in problems[3] and "structure_name" in problems[3]
    assert "ligne 6" in problems[4] and "6206" in problems[4]


def test_an_empty_file_is_refused():
    _reading, problems = _read([])
    assert len(problems) == 1 and "aucune structure" in problems[0]


def test_every_kind_has_a_label():
    assert len({kind.label for kind in LayerKind}) == len(LayerKind) == 10
