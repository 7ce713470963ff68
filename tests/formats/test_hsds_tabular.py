"""HSDS 3.0 tabular data packages: compiled services out to CSV tables and back again."""

from __future__ import annotations

import csv
import io
import json
import tempfile
import zipfile
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maillage.domain.directory import (
    Cost,
    DirectorySource,
    Location,
    Organization,
    Service,
    WeeklyOpening,
)
from maillage.formats import hsds, hsds_tabular, hsds_tabular_reading, hsds_writing

SOURCE = DirectorySource("test", "Test", "CC0", "")
ORG_ID = "3f7c1a52-8d0e-4b1f-9a6c-2e5d7b8f9a01"
CENTRE_ID = "3f7c1a52-8d0e-4b1f-9a6c-2e5d7b8f9a02"
JAMBES_ID = "3f7c1a52-8d0e-4b1f-9a6c-2e5d7b8f9a03"
GP_ID = "3f7c1a52-8d0e-4b1f-9a6c-2e5d7b8f9a04"
PHYSIO_ID = "3f7c1a52-8d0e-4b1f-9a6c-2e5d7b8f9a05"
TERMS = {
    "sante": {"name": "Santé (soins de première ligne)", "description": "Soins."},
    "maison-medicale": {"name": "Maison médicale", "description": "Forfait."},
    "kinesitherapeute": {"name": "Kinésithérapeute", "description": "Kiné."},
}
COMMUNES = {"92094": "Namur", "92003": "Andenne"}

ORGANIZATION = Organization(
    ORG_ID,
    "Maison médicale des Tilleuls",
    "Équipe pluridisciplinaire, « au forfait ».",
    email="accueil@tilleuls.example.be",
    website="https://tilleuls.example.be",
    enterprise_number="0412345678",
)
CENTRE = Location(
    CENTRE_ID,
    ORG_ID,
    "Site du centre",
    50.4669,
    4.8675,
    address_1="Rue de Fer 12",
    postal_code="5000",
    city="Namur",
    pmr_accessible=True,
    accessibility_note="Accès de plain-pied",
)
JAMBES = Location(
    JAMBES_ID,
    ORG_ID,
    "Antenne de Jambes",
    50.45901,
    4.87123,
    address_1="Avenue Jean Materne 5",
    postal_code="5100",
    city="Jambes",
)
GP = Service(
    GP_ID,
    ORG_ID,
    "Consultations de médecine générale",
    description="Sans rendez-vous le matin,\nsur rendez-vous l'après-midi.",
    fees_description="Gratuit pour les patients inscrits",
    cost=Cost.FREE,
    email="rdv@tilleuls.example.be",
    url="https://tilleuls.example.be/rdv",
    eligibility_description="Patients inscrits au forfait",
    languages=("fr", "nl"),
    terms=("maison-medicale", "sante"),
    area_communes=("92003", "92094"),
    openings=tuple(
        sorted(
            [
                *(WeeklyOpening(d, time(8), time(12)) for d in range(5)),
                WeeklyOpening(2, time(14), time(18, 30)),
            ],
            key=lambda o: (o.weekday, o.opens),
        )
    ),
    location_ids=(CENTRE_ID, JAMBES_ID),
    phones=("+32 81 22 33 44", "+32 470 00 00 00"),
    last_verified=date(2026, 5, 1),
    minimum_age=0.0,
)
PHYSIO = Service(
    PHYSIO_ID,
    ORG_ID,
    "Kinésithérapie",
    terms=("kinesitherapeute",),
    languages=("fr",),
    location_ids=(CENTRE_ID,),
    openings=(WeeklyOpening(5, time(9), time(12)),),
)


def compiled_services() -> list[dict[str, Any]]:
    """Two services of one organization, sharing a location: what the export hands over."""
    places = {CENTRE_ID: CENTRE, JAMBES_ID: JAMBES}
    return [
        hsds_writing.service_json(
            s, ORGANIZATION, [places[i] for i in s.location_ids], TERMS, COMMUNES
        )
        for s in (GP, PHYSIO)
    ]


def batch_of(records: list[dict[str, Any]]) -> hsds.DirectoryBatch:
    batch, refused = hsds.read(records, "services.json", SOURCE)
    assert refused == []
    return batch


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def rewrite(path: Path, change) -> None:
    rows = csv_rows(path.read_text(encoding="utf-8"))
    change(rows)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


@pytest.fixture
def package(tmp_path: Path) -> Path:
    out = tmp_path / "package"
    hsds_tabular.write(compiled_services(), out)
    return out


def test_compiled_services_are_valid_hsds():
    for record in compiled_services():
        assert hsds.schema_errors("service", record) == []


@pytest.mark.parametrize("name", ["package", "package.zip"])
def test_round_trip_gives_back_the_same_services(tmp_path, name):
    services = compiled_services()
    hsds_tabular.write(services, tmp_path / name)
    back, problems = hsds_tabular_reading.read(tmp_path / name)
    assert problems == []
    assert back == services
    batch = batch_of(back)
    assert batch == batch_of(services)
    [gp, physio] = batch.services
    assert gp.cost is Cost.FREE and gp.area_communes == ("92003", "92094")
    assert gp.languages == ("fr", "nl") and gp.terms == ("maison-medicale", "sante")
    assert gp.openings == GP.openings and gp.phones == GP.phones
    assert gp.location_ids == (CENTRE_ID, JAMBES_ID)
    assert physio.openings == PHYSIO.openings
    assert batch.organizations[0].enterprise_number == "0412345678"
    assert {loc.id: (loc.latitude, loc.longitude) for loc in batch.locations} == {
        CENTRE_ID: (50.4669, 4.8675),
        JAMBES_ID: (50.45901, 4.87123),
    }


def test_shared_records_are_written_once(package):
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["profile"] == "tabular-data-package"
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert {
        "organization",
        "organization_identifier",
        "service",
        "location",
        "address",
        "service_at_location",
        "phone",
        "schedule",
        "language",
        "service_area",
        "cost_option",
        "accessibility",
        "taxonomy",
        "taxonomy_term",
        "attribute",
    } <= set(resources)
    for resource in descriptor["resources"]:
        assert resource["profile"] == "tabular-data-resource"
        assert resource["schema"]["primaryKey"] == "id"
        header = csv_rows((package / resource["path"]).read_text(encoding="utf-8"))[0]
        assert header == [f["name"] for f in resource["schema"]["fields"]]
    types = {f["name"]: f["type"] for f in resources["location"]["schema"]["fields"]}
    assert types["latitude"] == "number" and types["name"] == "string"
    service_types = {f["name"]: f["type"] for f in resources["service"]["schema"]["fields"]}
    assert service_types["assured_date"] == "date"

    def count(table: str) -> int:
        return len(csv_rows((package / resources[table]["path"]).read_text("utf-8"))) - 1

    assert count("organization") == 1 and count("organization_identifier") == 1
    assert count("location") == 2 and count("address") == 2
    assert count("service") == 2 and count("service_at_location") == 3
    assert count("taxonomy_term") == 3 and count("attribute") == 3


def test_a_zipped_folder_is_read_too(package, tmp_path):
    archive = tmp_path / "nested.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for file in package.iterdir():
            zipped.write(file, f"export/{file.name}")
    back, problems = hsds_tabular_reading.read(archive)
    assert problems == [] and back == compiled_services()


def test_columns_outside_the_schema_keep_their_type(tmp_path):
    [service, _] = compiled_services()
    service["x_source_rank"] = 3
    service["x_verified"] = True
    hsds_tabular.write([service], tmp_path / "p")
    [back], problems = hsds_tabular_reading.read(tmp_path / "p")
    assert problems == []
    assert back["x_source_rank"] == 3 and back["x_verified"] is True


def test_declared_string_columns_still_give_hsds_numbers(package):
    path = package / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        for spec in resource["schema"]["fields"]:
            spec["type"] = "string"
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    back, problems = hsds_tabular_reading.read(package)
    assert problems == [] and back == compiled_services()


def test_an_organization_without_service_is_kept(package):
    other = "3f7c1a52-8d0e-4b1f-9a6c-2e5d7b8f9aff"
    rewrite(
        package / "organizations.csv",
        lambda rows: rows.append(
            [other, "CPAS d'Andenne", "", "Action sociale"] + [""] * (len(rows[0]) - 4)
        ),
    )
    back, problems = hsds_tabular_reading.read(package)
    assert problems == []
    assert back[-1] == {"id": other, "name": "CPAS d'Andenne", "description": "Action sociale"}
    assert [o.id for o in batch_of(back).organizations][-1] == other


# --- problems ----------------------------------------------------------------------------


def test_missing_descriptor(package):
    (package / "datapackage.json").unlink()
    records, problems = hsds_tabular_reading.read(package)
    assert records == []
    [problem] = problems
    assert problem.file == "datapackage.json" and problem.line is None


def test_descriptor_that_is_not_json(package):
    (package / "datapackage.json").write_text("{\n  'resources': []", encoding="utf-8")
    records, [problem] = hsds_tabular_reading.read(package)
    assert records == [] and problem.file == "datapackage.json" and problem.line == 2


def test_not_a_package(tmp_path):
    text = tmp_path / "notes.zip"
    text.write_text("not a zip", encoding="utf-8")
    records, [problem] = hsds_tabular_reading.read(text)
    assert records == [] and problem.file == str(text)


def test_missing_csv_file(package):
    (package / "phones.csv").unlink()
    _, problems = hsds_tabular_reading.read(package)
    assert [(p.file, p.line) for p in problems] == [("phones.csv", None)]


def test_bad_latitude_names_file_line_column_and_value(package):
    def spoil(rows: list[list[str]]) -> None:
        rows[2][rows[0].index("latitude")] = "50,46N"

    rewrite(package / "locations.csv", spoil)
    _, problems = hsds_tabular_reading.read(package)
    [problem] = problems
    assert (problem.file, problem.line, problem.field, problem.value) == (
        "locations.csv",
        3,
        "latitude",
        "50,46N",
    )
    assert "locations.csv" in str(problem) and "50,46N" in str(problem)


def test_line_numbers_count_physical_lines(package):
    """GP's description holds a line break, so the next service starts a line later."""
    rewrite(
        package / "services.csv",
        lambda rows: rows[2].__setitem__(rows[0].index("minimum_age"), "twelve"),
    )
    [problem] = hsds_tabular_reading.read(package)[1]
    assert (problem.file, problem.line, problem.field) == ("services.csv", 4, "minimum_age")


def test_link_to_an_unknown_location(package):
    unknown = "00000000-0000-4000-8000-000000000000"
    rewrite(
        package / "service_at_location.csv",
        lambda rows: rows[1].__setitem__(rows[0].index("location_id"), unknown),
    )
    _, problems = hsds_tabular_reading.read(package)
    assert [(p.file, p.line, p.field, p.value) for p in problems] == [
        ("service_at_location.csv", 2, "location_id", unknown)
    ]


def test_orphan_rows(package):
    unknown = "00000000-0000-4000-8000-000000000000"

    def add_phones(rows: list[list[str]]) -> None:
        width = len(rows[0])
        orphan = [""] * width
        orphan[0], orphan[rows[0].index("service_id")] = (
            "00000000-0000-4000-8000-0000000000a1",
            unknown,
        )
        orphan[rows[0].index("number")] = "+32 81 99 99 99"
        unlinked = [""] * width
        unlinked[0] = "00000000-0000-4000-8000-0000000000a2"
        unlinked[rows[0].index("number")] = "+32 81 88 88 88"
        rows.extend([orphan, unlinked])

    rewrite(package / "phones.csv", add_phones)
    _, problems = hsds_tabular_reading.read(package)
    assert [(p.file, p.line, p.field, p.value) for p in problems] == [
        ("phones.csv", 4, "service_id", unknown),
        ("phones.csv", 5, None, None),
    ]


def test_unknown_field_type_duplicate_id_and_short_row(package):
    path = package / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    [location] = [r for r in descriptor["resources"] if r["name"] == "location"]
    [latitude] = [f for f in location["schema"]["fields"] if f["name"] == "latitude"]
    latitude["type"] = "float"
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    rewrite(package / "languages.csv", lambda rows: rows.extend([rows[1], rows[1][:3]]))
    _, problems = hsds_tabular_reading.read(package)
    assert [(p.file, p.line, p.field, p.value) for p in problems] == [
        ("datapackage.json", None, "location.latitude", "float"),
        ("languages.csv", 5, "id", rows_id(package)),
        (
            "languages.csv",
            6,
            None,
            ",".join(csv_rows((package / "languages.csv").read_text("utf-8"))[5]),
        ),
    ]


def rows_id(package: Path) -> str:
    return csv_rows((package / "languages.csv").read_text("utf-8"))[1][0]


# --- property ----------------------------------------------------------------------------

ids = st.uuids(version=4).map(str)
names = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=20
)
openings = st.lists(
    st.builds(
        lambda d, h, m, length: WeeklyOpening(d, time(h, m), time(h + length, m)),
        st.integers(0, 6),
        st.integers(6, 12),
        st.sampled_from([0, 15, 30, 45]),
        st.integers(1, 8),
    ),
    max_size=5,
    unique=True,
).map(lambda o: tuple(sorted(o, key=lambda x: (x.weekday, x.opens))))


@st.composite
def directories(draw: st.DrawFn) -> list[dict[str, Any]]:
    organization = Organization(
        draw(ids),
        draw(names),
        draw(names),
        enterprise_number=draw(st.sampled_from(["", "0412345678", "1234567890"])),
    )
    places = [
        Location(
            draw(ids),
            organization.id,
            draw(names),
            draw(st.floats(49.5, 51.5)),
            draw(st.floats(2.6, 6.3)),
            address_1=draw(names),
            postal_code="5000",
            city=draw(names),
        )
        for _ in range(draw(st.integers(1, 3)))
    ]
    services = []
    for _ in range(draw(st.integers(1, 3))):
        chosen = draw(st.lists(st.sampled_from(places), min_size=1, unique_by=lambda p: p.id))
        service = Service(
            draw(ids),
            organization.id,
            draw(names),
            description=draw(names),
            cost=draw(st.sampled_from([Cost.FREE, Cost.UNKNOWN])),
            languages=tuple(sorted(draw(st.sets(st.sampled_from(["fr", "nl", "de"]))))),
            terms=tuple(sorted(draw(st.sets(st.sampled_from(sorted(TERMS)))))),
            area_communes=tuple(sorted(draw(st.sets(st.sampled_from(sorted(COMMUNES)))))),
            openings=draw(openings),
            location_ids=tuple(p.id for p in chosen),
            phones=tuple(
                draw(st.lists(st.from_regex(r"\+32 [0-9]{2} [0-9]{6}", fullmatch=True), max_size=2))
            ),
        )
        services.append(hsds_writing.service_json(service, organization, chosen, TERMS, COMMUNES))
    return services


@settings(max_examples=30, deadline=None)
@given(services=directories(), zipped=st.booleans())
def test_round_trip_property(services, zipped):
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / ("p.zip" if zipped else "p")
        hsds_tabular.write(services, out)
        back, problems = hsds_tabular_reading.read(out)
    assert problems == []
    assert batch_of(back) == batch_of(services)
