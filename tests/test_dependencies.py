"""Every import is declared where it is needed, and every declaration is pinned.

A module imported by the application but declared only for the tests (or not at all) works
on a developer's machine and fails on a server; a peer of the benchmarks declared for the
tests slows every test install. This reads the sources and ``pyproject.toml``.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
# Loaded by a library we call rather than imported by our code.
LOADED_BY_OTHERS = {"psycopg": "SQLAlchemy, by the URL", "python-multipart": "FastAPI forms"}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _declared(*groups: str) -> set[str]:
    found = set()
    for group in groups:
        listed = (
            PROJECT["dependencies"]
            if group == "runtime"
            else PROJECT["optional-dependencies"][group]
        )
        found |= {_name(requirement) for requirement in listed}
    return found


def _imported_distributions(folder: Path) -> dict[str, set[str]]:
    """Distribution → files importing it, for the third-party imports under *folder*."""
    providers = importlib.metadata.packages_distributions()
    local = {path.stem for path in folder.glob("*.py")} | {"maillage", "tests", "common"}
    found: dict[str, set[str]] = {}
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top in local:
                    continue
                for distribution in providers.get(top, [top]):
                    key = distribution.lower().replace("_", "-")
                    found.setdefault(key, set()).add(str(path.relative_to(ROOT)))
    return found


def test_the_application_imports_only_its_runtime_dependencies() -> None:
    undeclared = {
        name: sorted(files)
        for name, files in _imported_distributions(ROOT / "src" / "maillage").items()
        if name not in _declared("runtime")
    }
    assert undeclared == {}


def test_every_runtime_dependency_is_used() -> None:
    imported = set(_imported_distributions(ROOT / "src" / "maillage"))
    assert _declared("runtime") - imported - set(LOADED_BY_OTHERS) == set()


def test_tests_and_benchmarks_import_what_their_extras_declare() -> None:
    for folder, groups in (
        ("tests", ("runtime", "dev")),
        ("benchmarks", ("runtime", "dev", "bench")),
    ):
        undeclared = {
            name: sorted(files)
            for name, files in _imported_distributions(ROOT / folder).items()
            if name not in _declared(*groups)
        }
        assert undeclared == {}, folder


def test_every_declared_dependency_is_pinned_in_the_constraints() -> None:
    pinned = {
        _name(line)
        for line in (ROOT / "constraints.txt").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    }
    everything = _declared("runtime", *PROJECT["optional-dependencies"])
    assert everything - pinned == set()
