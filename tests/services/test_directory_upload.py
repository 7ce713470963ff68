"""The preview of a directory file (web upload), the XLSX template and the blank template."""

from __future__ import annotations

import csv
import io
import json

import pytest

from maillage.errors import DataFileError
from maillage.formats.csv_template import COLUMNS
from maillage.services import directory, directory_upload
from maillage.tabular import spreadsheet, xlsx_reader
from tests.helpers import snapshot
from tests.services.test_directory import BAD_ROWS, services_count, template


def source(path):
    return directory.source_for(path, None, None, None, None)


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_a_new_file_previews_every_service_as_added_and_writes_nothing(platform, tmp_path):
    path = tmp_path / "permanences.csv"
    path.write_text(template(rows=10), encoding="utf-8")
    before = snapshot(platform)
    found = directory_upload.preview_file(platform, path, source(path))
    assert (found.added, found.updated, found.unchanged, found.refused) == (10, 0, 0, 0)
    assert found.added_names[0] == "Permanence sociale 1"
    assert snapshot(platform) == before


def test_after_an_import_the_preview_tells_updated_from_unchanged(platform, tmp_path):
    path = tmp_path / "permanences.csv"
    path.write_text(template(rows=10), encoding="utf-8")
    directory.import_path(platform, path)
    assert directory_upload.preview_file(platform, path, source(path)).changes_nothing
    text = template(rows=11).replace("Permanence sociale 3;", "Permanence du soir 3;")
    path.write_text(text, encoding="utf-8")
    found = directory_upload.preview_file(platform, path, source(path))
    assert (found.added, found.updated, found.unchanged) == (1, 1, 9)
    assert found.updated_names == ["Permanence du soir 3"]


def test_invalid_records_refuse_the_file_or_are_listed_with_their_reasons(platform, tmp_path):
    path = tmp_path / "permanences.csv"
    path.write_text(template(rows=100, bad=BAD_ROWS), encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        directory_upload.preview_file(platform, path, source(path))
    assert sorted({p.line for p in caught.value.problems}) == [18, 53, 89]
    found = directory_upload.preview_file(platform, path, source(path), skip_invalid=True)
    assert (found.added, found.refused) == (97, 3)
    assert [r.problems[0].line for r in found.refusals] == [18, 53, 89]
    report = directory_upload.import_file(platform, None, path, source(path), skip_invalid=True)
    assert (report.created, report.refused) == (97, 3)


def test_the_template_as_an_xlsx_workbook_imports_like_its_csv(platform, tmp_path):
    rows = rows_of(template(rows=5))
    path = tmp_path / "permanences.xlsx"
    path.write_bytes(spreadsheet.xlsx_bytes("Répertoire", rows))
    before = services_count(platform)
    assert directory_upload.preview_file(platform, path, source(path)).added == 5
    report = directory_upload.import_file(platform, None, path, source(path))
    assert report.created == 5 and services_count(platform) == before + 5


def test_hsds_json_is_previewed(platform, tmp_path):
    services = directory.export_services(platform)[:3]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(services), encoding="utf-8")
    found = directory_upload.preview_file(platform, path, source(path))
    assert found.added + found.updated + found.unchanged == 3


def test_the_blank_templates_hold_the_columns(tmp_path):
    csv_text = directory_upload.template("csv").decode("utf-8-sig")
    assert rows_of(csv_text) == [list(COLUMNS)]
    path = tmp_path / "modele.xlsx"
    path.write_bytes(directory_upload.template("xlsx"))
    assert xlsx_reader.sheet_as_csv(path).decode().strip() == ",".join(COLUMNS)
