"""No module of the package passes 600 lines: one that grows is split by topic before it
becomes a grab-bag (docs/architecture.md)."""

from __future__ import annotations

from pathlib import Path

LIMIT = 600
SRC = Path(__file__).resolve().parents[1] / "src" / "maillage"


def test_no_module_is_longer_than_600_lines():
    lengths = {
        str(path.relative_to(SRC)): len(path.read_text(encoding="utf-8").splitlines())
        for path in sorted(SRC.rglob("*.py"))
    }
    assert len(lengths) > 100  # the package was found
    assert {path: count for path, count in lengths.items() if count > LIMIT} == {}
