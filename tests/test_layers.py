"""The layer contract of docs/architecture.md, read from the sources themselves.

`make lint` runs the import contract (import-linter, `[tool.importlinter]` in
pyproject.toml); these tests run it too, keep private names private to their module and
keep the architecture page's module list true.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "maillage"
ARCHITECTURE = ROOT / "docs" / "architecture.md"
CHECKED = [PACKAGE, ROOT / "benchmarks", ROOT / "scripts"]


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_uses(path: Path, own: str | None = None) -> Iterator[str]:
    """``from maillage.x import _name`` and ``x._name`` on an imported maillage module,
    except for names of *own* (the module a test file tests)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    modules: dict[str, str] = {}  # local name → maillage module (or module.name) it stands for
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("maillage"):
            for alias in node.names:
                if _private(alias.name) and node.module != own:
                    yield f"{shown}:{node.lineno}: {node.module}.{alias.name}"
                modules[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("maillage") and alias.asname:
                    modules[alias.asname] = alias.name
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and _private(node.attr)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and modules[node.value.id] != own
        ):
            yield f"{shown}:{node.lineno}: {modules[node.value.id]}.{node.attr}"


def _tested_module(test_file: Path) -> str | None:
    """tests/services/test_x.py tests maillage.services.x (the layout mirrors the package)."""
    relative = test_file.relative_to(ROOT / "tests")
    if not relative.name.startswith("test_"):
        return None
    return ".".join(("maillage", *relative.parent.parts, relative.stem.removeprefix("test_")))


def test_no_private_name_is_used_outside_its_module():
    found = [
        use for folder in CHECKED for path in folder.rglob("*.py") for use in private_uses(path)
    ]
    found += [
        use
        for path in (ROOT / "tests").rglob("*.py")
        for use in private_uses(path, _tested_module(path))
    ]
    assert found == [], "a private name used across modules: make it public or keep it home"


def test_the_private_name_check_sees_both_spellings(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from maillage.services.territories import _hidden\n"
        "from maillage.services import accounts as acc\n"
        "acc._verify()\n",
        encoding="utf-8",
    )
    assert list(private_uses(sample)) == [
        "sample.py:1: maillage.services.territories._hidden",
        "sample.py:3: maillage.services.accounts._verify",
    ]
    # A test may use the private names of the module it tests.
    assert list(private_uses(sample, "maillage.services.territories")) == [
        "sample.py:3: maillage.services.accounts._verify"
    ]


def test_the_import_contract_holds():
    linter = Path(sys.executable).with_name("lint-imports")  # a dev dependency, always there
    done = subprocess.run(
        [str(linter), "--no-cache", "--no-logo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def documented_modules() -> set[str]:
    """Module paths (``domain/actors.py``) in the first column of the "Modules" tables."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    section = text.split("\n## Modules\n", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([a-z_0-9/]+\.py)` \|", section, re.MULTILINE))


def test_the_architecture_page_lists_every_module_and_no_other():
    on_disk = {
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path.name != "__init__.py" and "migrations" not in path.parts
    }
    documented = documented_modules()
    assert sorted(on_disk - documented) == [], "modules missing from docs/architecture.md"
    assert sorted(documented - on_disk) == [], "docs/architecture.md names modules that are gone"
