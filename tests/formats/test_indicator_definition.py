"""Indicator definitions as people write them (a YAML file, the command's options): one
model reads both and names every fault by its field."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.domain.indicators import Indicator, Kind, Polarity
from maillage.errors import DataFileError
from maillage.formats.indicator_definition import (
    definition_from_file,
    definition_from_mapping,
    definition_mapping,
)


def faults(data: dict[str, object]) -> dict[str | None, tuple[str | None, str]]:
    with pytest.raises(DataFileError) as caught:
        definition_from_mapping(data, "d.yaml")
    assert {p.file for p in caught.value.problems} == {"d.yaml"}
    return {p.field: (p.value, p.expected) for p in caught.value.problems}


def test_every_fault_is_named_by_its_field_at_once():
    found = faults(
        {
            "id": "Taux!",
            "kind": "ratio2",
            "polarity": "up",
            "multiplier": "beaucoup",
            "standard_population": {"00-09": "dix"},
            "is_demo": "peut-être",
            "colour": 1,
        }
    )
    assert set(found) == {
        "id",
        "name",
        "kind",
        "polarity",
        "multiplier",
        "standard_population",
        "is_demo",
        "colour",
    }
    assert found["name"] == (None, "obligatoire")
    assert found["colour"] == ("1", "champ inconnu")
    assert found["kind"][0] == "ratio2" and "proportion" in found["kind"][1]
    assert "minuscules" in found["id"][1]
    assert found["multiplier"] == ("beaucoup", "un nombre fini est attendu")
    assert "00-09" in found["standard_population"][1]


def test_required_fields_left_empty_are_named_as_required():
    found = faults({"id": "", "name": None, "kind": "", "polarity": "neutral"})
    assert found == {
        "id": (None, "obligatoire"),
        "name": (None, "obligatoire"),
        "kind": (None, "obligatoire"),
    }


def test_a_multiplier_must_be_a_positive_finite_number():
    base = {"id": "x", "name": "X", "kind": "rate", "polarity": "neutral"}
    assert set(faults({**base, "multiplier": 0})) == {"multiplier"}
    assert set(faults({**base, "multiplier": float("inf")})) == {"multiplier"}


def test_yaml_as_people_write_it(tmp_path: Path):
    path = tmp_path / "taux.yaml"
    path.write_text(
        "id: taux-test\nname: Taux\nkind: rate\npolarity: lower_is_better\n"
        "multiplier: 1000\nyears: 2021\nunit:\nstandard_population:\n"
        '  "00-09": 10.4\n  80+: 4\n',
        encoding="utf-8",
    )
    indicator = definition_from_file(path)
    assert (indicator.kind, indicator.multiplier, indicator.years) == (Kind.RATE, 1000, "2021")
    assert indicator.unit == ""  # written without a value: empty, not "None"
    assert indicator.standard_population == (("00-09", 10.4), ("80+", 4.0))
    path.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="YAML"):
        definition_from_file(path)
    path.write_text("- a list\n", encoding="utf-8")
    with pytest.raises(DataFileError):
        definition_from_file(path)


texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
indicators = st.builds(
    Indicator,
    id=st.from_regex(r"[a-z0-9][a-z0-9_.-]{0,20}", fullmatch=True),
    name=texts.filter(bool),
    definition=texts,
    kind=st.sampled_from(Kind),
    polarity=st.sampled_from(Polarity),
    unit=texts,
    multiplier=st.floats(min_value=1e-6, max_value=1e9),
    years=texts,
    is_demo=st.booleans(),
    small_numbers_apply=st.booleans(),
    standard_population=st.lists(
        st.tuples(texts, st.floats(min_value=0, max_value=1e6)), max_size=4
    ).map(tuple),
)


@given(indicators)
def test_a_stored_definition_reads_back_unchanged(indicator: Indicator):
    """The options of ``indicators load`` update a stored definition through this mapping."""
    assert definition_from_mapping(definition_mapping(indicator), "--options") == indicator
