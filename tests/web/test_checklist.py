"""Multiple choices are boxes to tick (templates/_checklist.html), never a <select multiple>
that needs Ctrl-click; the boxes send the field name the server reads."""

from __future__ import annotations

import re
from pathlib import Path

from maillage.web.templating import make_templates

TEMPLATES = Path(__file__).parents[2] / "src" / "maillage" / "web" / "templates"


def without_comments(path: Path) -> str:
    return re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.S)


def test_no_template_asks_for_ctrl_click():
    multiple = [
        path.name
        for path in sorted(TEMPLATES.rglob("*.html"))
        if re.search(r"<select\b[^>]*\bmultiple\b", without_comments(path))
    ]
    assert multiple == []


def test_a_checklist_sends_each_ticked_value_under_one_name_grouped_and_filterable():
    macro = make_templates().env.get_template("_checklist.html").module.checklist  # type: ignore[attr-defined]
    html = str(
        macro(
            "communes",
            "Communes",
            groups=[("BV-001", [("25014", "Braine-l'Alleud"), ("25015", "Braine-le-Château")])],
            selected=[25015],
            filter=True,
        )
    )
    assert html.count('type="checkbox" name="communes"') == 2
    assert re.search(r'value="25015" checked', html) and not re.search(
        r'value="25014" checked', html
    )
    assert "<legend>Communes</legend>" in html and "<legend>BV-001</legend>" in html
    assert "data-checklist-filter" in html
