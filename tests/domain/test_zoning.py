"""Reading a zoning table: every fault located, old codes converted, all or nothing."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.domain.territory import ZoningKind
from maillage.domain.zoning import read_zoning
from maillage.errors import DataFileError

COMMUNES = {"10001": "A", "10002": "B", "10003": "C", "10004": "D"}
CHANGES = {"09001": "10004", "09002": "10004", "09063": "63001"}
OUTSIDE = {"63001", "63087"}  # German-language communes: in the reference data, not the reform


def read(rows):
    return read_zoning(
        enumerate(rows, start=2),
        file="z.csv",
        name="test",
        kind=ZoningKind.DRAFT,
        valid_from=date(2025, 1, 1),
        method="test",
        communes=COMMUNES,
        code_changes=CHANGES,
        outside=OUTSIDE,
    )


def row(refnis, bassin="B1", ols="O1"):
    return {
        "refnis": refnis,
        "bassin_code": bassin,
        "bassin_name": f"Bassin {bassin}",
        "ols_code": ols,
        "ols_name": f"OLS {ols}",
    }


def test_complete_table_gives_a_plan():
    reading = read([row("10001"), row("10002"), row("10003", "B2"), row("10004", "B2")])
    assert reading.plan.bassin_members() == {"B1": ["10001", "10002"], "B2": ["10003", "10004"]}
    assert reading.plan.ols_of_bassin() == {"B1": "O1", "B2": "O1"}
    assert reading.conversions == []


def test_unknown_code_names_line_field_and_value():
    with pytest.raises(DataFileError) as caught:
        read([row("10001"), row("10002"), row("99999"), row("10003"), row("10004")])
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.field, problem.value) == (
        "z.csv",
        4,
        "refnis",
        "99999",
    )
    assert "z.csv" in str(caught.value) and "99999" in str(caught.value)


def test_pre_2025_codes_are_converted_and_merged_communes_kept_once():
    reading = read([row("10001"), row("10002"), row("10003"), row("09001"), row("09002")])
    assert [(c.old, c.new) for c in reading.conversions] == [("09001", "10004"), ("09002", "10004")]
    assert sorted(a.refnis for a in reading.plan.assignments) == sorted(COMMUNES)


def test_merged_communes_in_different_bassins_are_refused():
    with pytest.raises(DataFileError) as caught:
        read([row("10001"), row("10002"), row("10003"), row("09001"), row("09002", "B2")])
    assert caught.value.problems[0].line == 6


def test_missing_communes_are_listed():
    with pytest.raises(DataFileError) as caught:
        read([row("10001"), row("10002")])
    assert "10003" in str(caught.value) and "10004" in str(caught.value)


def test_a_german_language_commune_is_refused_with_the_reason():
    rows = [row("10001"), row("10002"), row("10003"), row("10004"), row("63001")]
    with pytest.raises(DataFileError) as caught:
        read(rows)
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.field, problem.value) == (
        "z.csv",
        6,
        "refnis",
        "63001",
    )
    assert "Communauté germanophone" in problem.expected and "hors réforme" in problem.expected


def test_an_older_code_of_a_german_language_commune_is_refused_too():
    rows = [row("10001"), row("10002"), row("10003"), row("10004"), row("09063")]
    with pytest.raises(DataFileError) as caught:
        read(rows)
    [problem] = caught.value.problems
    assert (problem.line, problem.value) == (6, "09063")
    assert "Communauté germanophone" in problem.expected


def test_a_german_language_commune_code_cannot_name_a_zone():
    with pytest.raises(DataFileError) as caught:
        read([row("10001", bassin="63087"), row("10002"), row("10003"), row("10004")])
    assert [(p.line, p.field) for p in caught.value.problems] == [(2, "bassin_code")]


def test_a_missing_french_language_commune_is_named_among_a_bounded_list():
    communes = {f"{10001 + n}": f"Commune {n}" for n in range(14)}
    with pytest.raises(DataFileError) as caught:
        read_zoning(
            enumerate([row("10001")], start=2),
            file="z.csv",
            name="test",
            kind=ZoningKind.DRAFT,
            valid_from=date(2025, 1, 1),
            method="test",
            communes=communes,
            code_changes={},
            outside=OUTSIDE,
        )
    [problem] = caught.value.problems
    assert problem.expected.startswith("13 communes manquent")
    assert "10002 Commune 1" in problem.expected and "et 3 autres" in problem.expected
    assert "63001" not in problem.expected


def test_a_bassin_cannot_sit_in_two_ols():
    with pytest.raises(DataFileError) as caught:
        read([row("10001"), row("10002", ols="O2"), row("10003"), row("10004")])
    assert caught.value.problems[0].field == "ols_code"


def test_zone_code_cannot_be_a_commune_code():
    with pytest.raises(DataFileError) as caught:
        read([row("10001", bassin="10002"), row("10002"), row("10003"), row("10004")])
    assert caught.value.problems[0].field == "bassin_code"


def test_duplicate_commune_in_two_bassins_is_refused():
    with pytest.raises(DataFileError) as caught:
        read([row("10001"), row("10001", "B2"), row("10002"), row("10003"), row("10004")])
    assert caught.value.problems[0].line == 3


def test_all_faults_are_reported_at_once():
    with pytest.raises(DataFileError) as caught:
        read([row("1"), row("10002", bassin=""), row("abcde"), row("10003"), row("10004")])
    assert [(p.line, p.field) for p in caught.value.problems] == [
        (2, "refnis"),
        (3, "bassin_code"),
        (4, "refnis"),
    ]


@given(
    st.permutations(sorted(COMMUNES)),
    st.integers(0, 3),
    st.from_regex(r"[0-9]{5}", fullmatch=True).filter(
        lambda code: code not in COMMUNES and code not in CHANGES
    ),
)
def test_an_unknown_code_is_reported_at_its_line_whatever_the_order(order, position, unknown):
    rows = [row(code, bassin=f"B{int(code) % 2}") for code in order]
    rows.insert(position, row(unknown, bassin="B0"))
    with pytest.raises(DataFileError) as caught:
        read(rows)
    [problem] = caught.value.problems
    assert (problem.line, problem.value) == (position + 2, unknown)


@given(st.permutations(sorted(COMMUNES)))
def test_row_order_does_not_change_the_plan(order):
    rows = [row(code, bassin=f"B{int(code) % 2}") for code in order]
    members = read(rows).plan.bassin_members()
    assert {code: sorted(refs) for code, refs in members.items()} == {
        "B0": ["10002", "10004"],
        "B1": ["10001", "10003"],
    }


def test_the_same_commune_twice_is_a_located_repeat_even_in_the_same_bassin():
    with pytest.raises(DataFileError) as caught:
        read([row("10001"), row("10002"), row("10001"), row("10003"), row("10004")])
    [problem] = caught.value.problems
    assert (problem.line, problem.field, problem.value) == (4, "refnis", "10001")


def test_a_file_faulty_on_every_line_keeps_fifty_faults_and_counts_the_others():
    with pytest.raises(DataFileError) as caught:
        read([row("abc") for _ in range(1000)])
    error = caught.value
    assert (len(error.problems), error.total) == (50, 1000)
    assert len(str(error).splitlines()) == 51
