"""The directory: imports all or nothing, stable ids, search, labelled demo data, export."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

import pytest
from sqlalchemy import func, select

from maillage.errors import DataFileError
from maillage.formats import hsds
from maillage.formats.csv_template import COLUMNS
from maillage.services import directory
from maillage.store.directory_tables import ServiceRow
from tests.helpers import snapshot

BAD_ROWS = {17: ("types", "plombier"), 52: ("latitude", "48.1"), 88: ("horaires", "lundi matin")}


def template(rows: int = 100, bad: dict[int, tuple[str, str]] | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, delimiter=";")
    writer.writeheader()
    for n in range(1, rows + 1):
        row = {c: "" for c in COLUMNS}
        row.update(
            identifiant=f"svc-{n}",
            organisation=f"Asbl Entraide {n % 30}",
            service=f"Permanence sociale {n}",
            types="service-social",
            description="Écoute, orientation et accès aux droits.",
            adresse=f"Rue Émile Vandervelde {n}",
            code_postal="5000",
            commune="Namur",
            latitude=f"{50.40 + n / 2000:.5f}",
            longitude=f"{4.80 + n / 2000:.5f}",
            langues="fr|nl" if n % 2 else "fr",
            cout="gratuit" if n % 3 else "modique",
            acces_pmr="oui" if n % 4 else "non",
            horaires="lu-ve 09:00-12:00; me 13:00-16:00",
            derniere_verification="2026-03-01",
        )
        if bad and n in bad:
            column, value = bad[n]
            row[column] = value
        writer.writerow(row)
    return buffer.getvalue()


def services_count(platform) -> int:
    with platform.sessions() as session:
        return session.scalar(select(func.count()).select_from(ServiceRow)) or 0


def test_three_invalid_of_a_hundred_imports_nothing(platform, tmp_path):
    path = tmp_path / "permanences.csv"
    path.write_text(template(bad=BAD_ROWS), encoding="utf-8")
    before = snapshot(platform)
    with pytest.raises(DataFileError) as caught:
        directory.import_path(platform, path)
    lines = sorted({p.line for p in caught.value.problems})
    assert lines == [18, 53, 89]  # data rows 17, 52, 88 after the header
    assert {p.field for p in caught.value.problems} == {"types", "latitude", "horaires"}
    assert all(p.file == str(path) for p in caught.value.problems)
    assert snapshot(platform) == before


def test_skip_invalid_imports_97_and_writes_3_rejects(platform, tmp_path):
    path = tmp_path / "permanences.csv"
    path.write_text(template(bad=BAD_ROWS), encoding="utf-8")
    before = services_count(platform)
    report = directory.import_path(platform, path, skip_invalid=True)
    assert (report.created, report.refused) == (97, 3)
    assert services_count(platform) == before + 97
    with report.rejects_file.open(encoding="utf-8-sig") as handle:
        rejects = list(csv.DictReader(handle, delimiter=";"))
    assert sorted(r["ligne"] for r in rejects) == ["18", "53", "89"]
    assert {r["motif"] for r in rejects} >= {"coordonnées en dehors de la Belgique"}


def test_importing_the_same_file_again_updates_instead_of_duplicating(platform, tmp_path):
    path = tmp_path / "permanences.csv"
    path.write_text(template(rows=10), encoding="utf-8")
    first = directory.import_path(platform, path)
    count = services_count(platform)
    path.write_text(template(rows=10).replace("Écoute", "Accueil"), encoding="utf-8")
    second = directory.import_path(platform, path)
    assert (first.created, second.created, second.updated) == (10, 0, 10)
    assert services_count(platform) == count
    page = directory.search(platform, directory.SearchRequest(text="accueil permanence"))
    assert page.total == 10


def test_search_is_accent_and_case_insensitive(platform, tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(template(rows=5), encoding="utf-8")
    directory.import_path(platform, path)
    for text in ("EMILE vandervelde", "émile", "ecoute orientation", "perman"):
        assert directory.search(platform, directory.SearchRequest(text=text)).total >= 5, text


def test_search_filters_and_distance(platform):
    near = directory.search(
        platform,
        directory.SearchRequest(
            terms=("pharmacie",), near_commune="92094", radius_km=5, per_page=100
        ),
    )
    assert near.total > 0
    distances = [h.distance_km for h in near.hits]
    assert distances == sorted(distances) and max(distances) <= 5
    assert all(not h.is_demo and h.licence == "ODbL 1.0" for h in near.hits)
    in_ols = directory.search(
        platform, directory.SearchRequest(terms=("cpas",), territory="OLS-01")
    )
    assert 0 < in_ols.total <= 30
    assert all(h.is_demo for h in in_ols.hits)
    open_now = directory.search(
        platform, directory.SearchRequest(terms=("cpas",), open_at=datetime(2026, 11, 24, 10, 30))
    )
    closed = directory.search(
        platform, directory.SearchRequest(terms=("cpas",), open_at=datetime(2026, 11, 24, 15, 0))
    )
    assert open_now.total == 261 and closed.total == 0
    sector = directory.search(platform, directory.SearchRequest(terms=("sante",)))
    types = {t["code"] for h in sector.hits for t in h.terms}
    assert types <= {
        "medecin-generaliste",
        "maison-medicale",
        "pharmacie",
        "kinesitherapeute",
        "dentiste",
        "psychologue-premiere-ligne",
        "sante",
    }
    only_real = directory.search(
        platform, directory.SearchRequest(include_demo=False, per_page=100)
    )
    assert only_real.total == 1206 + 97 and not any(h.is_demo for h in only_real.hits)


def test_demo_data_is_labelled_and_internal_notes_are_hidden(platform):
    page = directory.search(platform, directory.SearchRequest(terms=("maison-medicale",)))
    assert page.hits and all(h.is_demo and "démonstration" in h.source for h in page.hits)
    assert all(h.internal_note is None for h in page.hits)


def test_exported_services_validate_against_hsds(platform):
    exported = directory.export_services(platform)
    assert len(exported) == services_count(platform)
    for record in exported[::25]:
        assert hsds.schema_errors("service", record) == [], record["name"]
    assert "internal_note" not in json.dumps(exported[:50])


def test_utf16_template_imports(platform, tmp_path):
    path = tmp_path / "unicode.csv"
    path.write_bytes(template(rows=3).encode("utf-16"))
    assert directory.import_path(platform, path).created == 3


def test_a_javascript_website_is_refused_and_never_served(platform, tmp_path):
    path = tmp_path / "liens.csv"
    text = template(rows=2)
    header, first, second = text.splitlines()
    columns = header.split(";")
    cells = second.split(";")
    cells[columns.index("site_web")] = "javascript:alert(1)"
    path.write_text("\n".join([header, first, ";".join(cells)]) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        directory.import_path(platform, path)
    [problem] = caught.value.problems
    assert (problem.line, problem.field) == (3, "site_web")
    # A value stored before the rule is served as empty, never as a link.
    cells[columns.index("site_web")] = "https://exemple.be"
    path.write_text("\n".join([header, first, ";".join(cells)]) + "\n", encoding="utf-8")
    directory.import_path(platform, path)
    with platform.sessions() as session, session.begin():
        row = session.scalar(select(ServiceRow).where(ServiceRow.url == "https://exemple.be"))
        row.url = "javascript:alert(1)"
        service_id = row.id
    _hit, record = directory.service_record(platform, service_id, internal=True)
    assert record.get("url") is None
    assert "javascript" not in json.dumps(directory.export_services(platform))


def test_hsds_json_repeated_ids_and_bad_urls_are_located(platform, tmp_path):
    service = {"id": "s-1", "name": "Permanence", "status": "active", "url": "https://exemple.be"}
    path = tmp_path / "doublons.json"
    path.write_text(
        json.dumps([service, {**service, "url": "javascript:alert(1)"}, service], indent=1),
        encoding="utf-8",
    )
    before = snapshot(platform)
    with pytest.raises(DataFileError) as caught:
        directory.import_path(platform, path)
    found = [(p.line, p.field) for p in caught.value.problems]
    assert (8, "service.url") in found and (14, "service.id") in found
    assert snapshot(platform) == before


def test_records_past_the_budget_refuse_the_file_with_a_located_fault(
    platform, tmp_path, monkeypatch
):
    monkeypatch.setattr(hsds, "MAX_RECORDS", 3)
    path = tmp_path / "gros.csv"
    path.write_text(template(rows=5), encoding="utf-8")
    before = snapshot(platform)
    with pytest.raises(DataFileError) as caught:
        directory.import_path(platform, path)
    [problem] = caught.value.problems
    assert problem.line == 5 and "scindez" in problem.expected
    assert snapshot(platform) == before
