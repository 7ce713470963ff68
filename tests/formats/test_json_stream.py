"""HSDS JSON documents read record by record: lines, pages, limits, non-finite numbers."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.errors import DataFileError, ProblemList
from maillage.formats import json_stream


def records(tmp_path, text: str | bytes):
    path = tmp_path / "d.json"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    problems = ProblemList()
    found = list(json_stream.records(path, problems))
    return found, [(p.line, p.expected) for p in problems.kept]


def test_a_list_a_page_and_one_object_give_their_records_with_their_lines(tmp_path):
    assert records(tmp_path, '[{"a": 1},\n {"b": 2}\n]') == ([(1, {"a": 1}), (2, {"b": 2})], [])
    page = '{"total_items": 2,\n"contents": [\n{"a": 1},\n{"b": 2}]}'
    assert records(tmp_path, page) == ([(3, {"a": 1}), (4, {"b": 2})], [])
    assert records(tmp_path, '{"id": "x"}') == ([(1, {"id": "x"})], [])


def test_utf16_with_a_bom_is_read(tmp_path):
    found, problems = records(tmp_path, '[{"name": "Liège"}]'.encode("utf-16"))
    assert (found, problems) == ([(1, {"name": "Liège"})], [])


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_finite_numbers_are_located_faults(tmp_path, number):
    found, [(line, expected)] = records(tmp_path, '[{"a": 1},\n{"latitude": ' + number + "}]")
    assert found == [(1, {"a": 1})] and line == 2 and number in expected


def test_an_endless_string_is_a_located_fault_within_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(json_stream, "MAX_RECORD_CHARS", 100)
    monkeypatch.setattr(json_stream, "CHUNK_CHARS", 16)
    found, [(line, expected)] = records(tmp_path, '[{"a": 1},\n{"b": "' + "x" * 5000)
    assert found == [(1, {"a": 1})] and line == 2 and "100" in expected


def test_malformed_json_names_its_line(tmp_path):
    found, [(line, _expected)] = records(tmp_path, '[{"a": 1},\n{"b": }]')
    assert found == [(1, {"a": 1})] and line == 2


def test_binary_is_refused(tmp_path):
    with pytest.raises(DataFileError):
        records(tmp_path, b"\x00\x01\x02" * 100)


@given(
    st.lists(st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=5)), max_size=5)
)
def test_what_json_dumps_writes_comes_back(tmp_path_factory, items):
    folder = tmp_path_factory.mktemp("j")
    found, problems = records(folder, json.dumps(items, indent=1))
    assert problems == [] and [record for _line, record in found] == items


@given(st.binary(max_size=200))
def test_any_bytes_give_records_faults_or_a_data_file_error(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("j")
    try:
        found, problems = records(folder, data)
    except DataFileError as error:
        assert error.problems
    else:
        assert found or problems
