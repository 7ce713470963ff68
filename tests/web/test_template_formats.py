"""Numbers and dates reach French pages through Babel (fr_BE, Europe/Brussels), never
formatted by hand in a template: a Jinja ``round`` prints "9.5" where a reader expects
"9,5", and ``strftime`` ignores the language and the time zone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from maillage.i18n import format_number, language
from maillage.web.templating import TEMPLATES

# What formats a number or a date by hand (``%(num)d`` in a message prints 5254 where a
# reader expects « 5 254 »: pass ``num=value|integer`` and write ``%(num)s``). An ISO date
# in an <input type="date"> value is what HTML requires, so ``isoformat()`` is allowed
# inside ``value="…"`` only.
HAND_FORMATTING = re.compile(
    r"\|\s*round\b|strftime|\|\s*format\b|\}\}\s*%|'%[-+ #0-9.]*[dfeEgs]'|%\(\w+\)d"
)
ISO_OUTSIDE_A_FIELD = re.compile(r"isoformat\(\)")
DATE_FIELD_VALUE = re.compile(r'value="\{\{[^}]*isoformat\(\)[^}]*\}\}"')


def _templates() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.html"))


@pytest.mark.parametrize("template", _templates(), ids=lambda p: p.name)
def test_templates_format_numbers_and_dates_through_babel_filters(template: Path) -> None:
    for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), start=1):
        assert not HAND_FORMATTING.search(line), f"{template.name}:{number}: {line.strip()}"
        outside = ISO_OUTSIDE_A_FIELD.findall(DATE_FIELD_VALUE.sub("", line))
        assert not outside, f"{template.name}:{number}: an ISO date shown as text"


def test_a_figure_reads_with_the_decimal_comma_and_only_its_own_decimals() -> None:
    with language("fr"):
        assert format_number(9.0) == "9"
        assert format_number(1234.5) == "1\u202f234,5"
        assert format_number(0.4781) == "0,48"
