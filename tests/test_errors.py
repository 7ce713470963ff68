"""User errors are a small hierarchy (maillage/errors.py): each kind has its exit code and
HTTP status, documented in one table of docs/operations.md ("Exit codes"); the command
line prints them on one line with that code, the web answers that status (issue 19.6)."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from fastapi import Request
from fastapi.testclient import TestClient

from maillage import cli, errors
from maillage.domain.needs import IllegalTransition
from maillage.errors import Problem, UserError
from maillage.web.app import create_app
from maillage.web.security import permission

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "src" / "maillage"
TABLE_ROW = re.compile(r"^\| (\d+) \| (\d{3}) \| `(\w+)` \| .+ \|$")

# One instance of each kind, as the code raises it.
EXAMPLES: dict[str, Callable[[], UserError]] = {
    "UserError": lambda: UserError("une erreur"),
    "InvalidInput": lambda: errors.InvalidInput("Le titre est requis."),
    "InvalidSetting": lambda: errors.InvalidSetting("MAILLAGE_X : invalide"),
    "FileTooLarge": lambda: errors.FileTooLarge("f.csv : trop grand"),
    "NotFound": lambda: errors.NotFound("Besoin inconnu : 3"),
    "UnknownTerritory": lambda: errors.UnknownTerritory("99999"),
    "UnknownZoning": lambda: errors.UnknownZoning("OLS 2030"),
    "DataFileError": lambda: errors.DataFileError([Problem("f.csv", 2, "refnis", "x", "?")]),
    "Conflict": lambda: errors.Conflict("Ce nom est déjà pris."),
    "StaleVersion": lambda: errors.StaleVersion("need", 3, []),
    "DatabaseNotInitialised": errors.DatabaseNotInitialised,
    "NotAllowed": lambda: errors.NotAllowed("Non."),
    "Forbidden": lambda: errors.Forbidden("Vos rôles ne le permettent pas ici."),
    "NotAuthenticated": lambda: errors.NotAuthenticated("Connectez-vous."),
    "BadCredentials": lambda: errors.BadCredentials("Adresse ou mot de passe incorrect."),
    "TooManyAttempts": lambda: errors.TooManyAttempts("Trop d'essais."),
    "DatabaseBusy": errors.DatabaseBusy,
}


def documented() -> dict[str, tuple[int, int]]:
    """The "Exit codes" table of docs/operations.md: kind → (exit code, HTTP status)."""
    text = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    section = text.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    rows = [TABLE_ROW.match(line) for line in section.splitlines() if line.startswith("| ")]
    return {m[3]: (int(m[1]), int(m[2])) for m in rows if m}


def declared() -> dict[str, tuple[int, int]]:
    """Every user error kind errors.py declares, with its codes."""
    return {
        name: (kind.exit_code, kind.http_status)
        for name, kind in vars(errors).items()
        if isinstance(kind, type)
        and issubclass(kind, UserError)
        and kind.__module__ == errors.__name__
    }


def test_the_table_of_exit_codes_is_the_one_errors_py_declares():
    assert documented() == declared()
    assert set(EXAMPLES) == set(declared())


def test_kinds_have_distinct_codes_except_where_the_table_says_they_share_one():
    by_codes: dict[tuple[int, int], list[str]] = {}
    for name, codes in declared().items():
        by_codes.setdefault(codes, []).append(name)
    for names in by_codes.values():
        # Kinds sharing both codes are one kind and its refinements (UnknownTerritory is a
        # NotFound), never two unrelated kinds.
        kinds = [getattr(errors, n) for n in names]
        root = min(kinds, key=lambda k: len(k.__mro__))
        assert all(issubclass(k, root) for k in kinds), names


def test_the_workflow_refusal_is_a_conflict():
    assert issubclass(IllegalTransition, errors.Conflict)
    assert (IllegalTransition.exit_code, IllegalTransition.http_status) == (5, 409)


def python_sources() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(SOURCES.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def test_no_code_raises_the_base_class_itself():
    bare = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path, tree in python_sources()
        for node in ast.walk(tree)
        if isinstance(node, ast.Raise)
        and isinstance(node.exc, ast.Call)
        and isinstance(node.exc.func, ast.Name)
        and node.exc.func.id == "UserError"
    ]
    assert bare == []


def test_codes_are_decided_in_errors_py_only():
    """A kind elsewhere inherits its codes; only the login redirect (a 303 to the login
    page, not an error shown) sets its own."""
    own_codes = [
        f"{path.relative_to(ROOT)}:{node.name}"
        for path, tree in python_sources()
        if path.name != "errors.py" or path.parent != SOURCES
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and any(
            isinstance(target, ast.Name) and target.id in ("exit_code", "http_status")
            for statement in node.body
            if isinstance(statement, ast.Assign)
            for target in statement.targets
        )
    ]
    assert own_codes == ["src/maillage/web/security.py:LoginRequired"]


class Probe(cli.MaillageGroup):
    """The ``maillage`` group's error handling, around one command that fails."""

    def __init__(self, error: UserError) -> None:
        super().__init__(name="maillage")
        self.error = error

    def list_commands(self, ctx: click.Context) -> list[str]:
        return ["fails"]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        def fails() -> None:
            raise self.error

        return click.Command("fails", callback=fails)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_the_command_line_prints_one_line_and_exits_with_the_code(name):
    error = EXAMPLES[name]()
    result = CliRunner().invoke(Probe(error), ["fails"])
    assert result.exit_code == type(error).exit_code
    assert result.stderr.splitlines() == [f"erreur : {error}"]  # one line, no traceback


@pytest.fixture(scope="module")
def failing_client(shared_platform) -> Iterator[TestClient]:
    app = create_app(shared_platform)

    @permission("public.read")
    def fails(request: Request, kind: str) -> None:
        raise EXAMPLES[kind]()

    app.add_api_route("/api/v1/test/fails/{kind}", fails, include_in_schema=False)
    app.add_api_route("/test/fails/{kind}", fails, include_in_schema=False)
    with TestClient(app) as client:
        yield client


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_the_web_answers_the_status_with_the_kind_named(name, failing_client):
    kind = getattr(errors, name)
    answer = failing_client.get(f"/api/v1/test/fails/{name}")
    assert answer.status_code == kind.http_status
    assert answer.json()["error"]["type"] == name
    page = failing_client.get(f"/test/fails/{name}")
    assert page.status_code == kind.http_status
    assert page.headers["content-type"].startswith("text/html")
