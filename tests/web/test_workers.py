"""Several processes serve one database: a write through any of them (another worker, the
command line) is seen by every other at its next request, on both backends (issue 19.3).

Each application here has its own platform, hence its own memo, exactly as two uvicorn
workers or a server and a command would.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from maillage.cli import main
from maillage.domain.access import Role
from maillage.services.platform import Platform
from maillage.store import changes
from maillage.web.app import create_app
from tests.accounts_helpers import add_person, session_for

FLOW = "Avis sur les situations complexes"


@pytest.fixture
def workers(platform: Platform) -> Iterator[tuple[TestClient, TestClient]]:
    """Two application instances on the test's database."""
    first, second = Platform.open(platform.settings), Platform.open(platform.settings)
    try:
        with TestClient(create_app(first)) as a, TestClient(create_app(second)) as b:
            yield a, b
    finally:
        first.close()
        second.close()


@pytest.fixture
def command(platform: Platform, monkeypatch: pytest.MonkeyPatch):
    """The command line on the same database (a platform of its own, like a process)."""
    monkeypatch.setenv("MAILLAGE_DATABASE_URL", platform.settings.database_url)
    monkeypatch.setenv("MAILLAGE_LANGUAGE", "fr")

    def run(*args: str) -> str:
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.stdout

    return run


def test_a_request_reads_the_change_counter_once(shared_platform, monkeypatch):
    reads: list[int | None] = []
    read = changes.current

    def counted(engine):
        reads.append(read(engine))
        return reads[-1]

    monkeypatch.setattr(changes, "current", counted)
    with TestClient(create_app(shared_platform)) as client:
        for path in ("/territoires/92094", "/api/v1/territories?level=bassin", "/architecture"):
            reads.clear()
            assert client.get(path).status_code == 200
            assert len(reads) == 1, path  # however many structures the page remembers


def test_a_flow_added_through_one_worker_is_on_the_others_next_page(workers, platform):
    a, b = workers
    assert FLOW not in b.get("/architecture/structures/pss").text  # now held in b's memo
    analyst = add_person(platform, "analyste@iwpl.be", Role.IWPL_ANALYST)
    csrf = session_for(a, platform, analyst)
    added = a.post(
        "/architecture/flux",
        data={
            "csrf_token": csrf,
            "kind": "information",
            "source": "pss",
            "target": "ols",
            "what": FLOW,
            "available_from": "2027-01-01",
        },
        follow_redirects=False,
    )
    assert added.status_code == 303
    assert FLOW in b.get("/architecture/structures/pss").text
    assert FLOW in b.get("/api/v1/architecture").text


def test_a_sheet_saved_through_one_worker_is_on_the_others_next_page(workers, platform):
    a, b = workers
    assert "Notre OLS" not in b.get("/territoires/OLS-01").text
    csrf = session_for(a, platform, add_person(platform, "equipe@ols1.be", Role.OLS_TEAM))
    saved = a.post(
        "/territoires/OLS-01/fiche",
        data={"csrf_token": csrf, "version": "0", "presentation": "Notre OLS"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert "Notre OLS" in b.get("/territoires/OLS-01").text


def test_a_zoning_the_command_line_activates_is_served_at_the_next_request(
    workers, command, tmp_path
):
    _a, b = workers
    before = b.get("/api/v1/territories/92094").json()
    rows = list(csv.DictReader(io.StringIO(command("zoning", "export"))))
    namur = next(r for r in rows if r["refnis"] == "92094")
    elsewhere = next(r for r in rows if r["bassin_code"] != namur["bassin_code"])
    for column in ("bassin_code", "bassin_name", "ols_code", "ols_name"):
        namur[column] = elsewhere[column]
    path = tmp_path / "moved.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    command("zoning", "import", str(path), "--name", "Namur déplacée", "--valid-from", "2026-01-01")
    command("zoning", "activate", "Namur déplacée")
    after = b.get("/api/v1/territories/92094").json()
    assert after["zoning"]["name"] == "Namur déplacée" != before["zoning"]["name"]
    assert after["parent"]["code"] == elsewhere["bassin_code"] != before["parent"]["code"]


def test_indicator_values_the_command_line_loads_are_served_at_the_next_request(
    workers, command, tmp_path
):
    _a, b = workers
    assert "chutes-65" not in {i["id"] for i in b.get("/api/v1/indicators").json()}
    path = tmp_path / "chutes.csv"
    path.write_text("refnis,period,numerator,denominator\n92094,2024,150,20000\n", "utf-8")
    command(
        "indicators", "load", str(path), "--indicator", "chutes-65", "--name", "Chutes", "--kind",
        "rate", "--polarity", "lower_is_better", "--multiplier", "1000",
    )  # fmt: skip
    assert "chutes-65" in {i["id"] for i in b.get("/api/v1/indicators").json()}
