"""What a French reader would flag in a page: the checks of the French-pages test.

A page is reduced to its visible text (no script, style, code sample or form value), then
searched for dot decimals, ISO dates, English message ids left untranslated, a missing
elision and a singular count with a plural noun.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser

from babel.messages.pofile import read_po

from maillage.i18n import LOCALE_DIR

HIDDEN = {
    "script",
    "style",
    "code",
    "pre",
    "kbd",
    "samp",
    "textarea",
    "template",
    "noscript",
    "select",
}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
BLOCK = {"p", "div", "li", "td", "th", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd"}

SEAM = "\u200b"  # where an element starts or ends: not a space, but ends a word
DOT_DECIMAL = re.compile(r"(?<![\w.,/:-])\d+\.\d+(?![\w.,/:-]|\.\d)")
ISO_DATE = re.compile(r"(?<![\w-])\d{4}-\d{2}-\d{2}(?![\w-])")
# "de Ottignies", "le OLS", "la AVIQ", "que il": an article or a short word before a vowel.
# (h is left out: most names in h are aspirated here — le Hainaut, de Huy, de Herve.)
ELISION = re.compile(
    r"(?<![\w’'-])(?:[Dd]e|[Ll]e|[Ll]a|[Qq]ue|[Nn]e|[Jj]e|[Cc]e|[Ss]e|[Mm]e|[Ss]i(?= ils?\b))"
    r"[ \u00a0\u200b]+(?=[AEIOUYÉÈÊÂÎÔÛaeiouyéèêâîôû])([\w-]+)"
)
NOT_ELIDED = {"un", "une", "uns", "unes", "ou", "oui", "onze", "onzième", "huit"}
CODE = re.compile(r"[A-Z]+-\d+")  # a territory code (OLS-01, BV-012) is read as written
DATA_NAMES = {"On"}  # « Pharmacie de On »: the name as the source (OpenStreetMap) spells it
# Numbers with a dot that are identifiers, not figures: articles of the decree, steps of
# the roadmap, licence versions.
IDENTIFIERS = re.compile(
    r"(?i:art\.|articles?|étapes?|sous-étapes|cadres?|CC0|CC BY|ODbL|HSDS|version|maillage)"
    r"[ \u00a0\u200b]+\d+\.\d+(?:[ \u00a0]+(?:et|à|,)[ \u00a0]+\d+\.\d+)*"
    r"|\(\d+\.\d(?:, scénario \d+)?\)|\b\d+\.\d+\.\d+\b"
    # a roadmap step heading (« 5.1 — Planification ») or column (a cell of just « 9.3 »)
    r"|(?m:^[\u200b]*\d+\.\d+(?= —))|(?m:^[\u200b]*[1-9]\.[1-9][\u200b]*$)"
)
# A format shown to type (« par ex. 2026-03-02;14 »): the file and date inputs read ISO.
EXAMPLE = re.compile(r"(?:par ex\.|telle? que)[ \u00a0\u200b]+\d{4}-\d{2}-\d{2}[;\d,]*")
ONE_PLURAL = re.compile(
    r"(?<![\d,.\u202f\u00a0])(?<!\d[ \u202f\u00a0])\b1[ \u00a0\u202f]+([a-zéèêàâîôûç]{3,}s)\b"
)
SINGULAR_IN_S = {
    "fois", "mois", "cas", "accès", "pas", "temps", "prix", "corps", "avis", "bras",
    "sans", "dans", "sous", "plus", "moins", "après", "depuis", "vers", "très",
}  # fmt: skip


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.text!r}"


class _Visible(HTMLParser):
    """Collects the text a reader sees: not in script, style, code or form values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag in HIDDEN:
            self.hidden += 1
        self.parts.append("\n" if tag in BLOCK else SEAM)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or tag not in self.stack:
            return
        while self.stack:
            closed = self.stack.pop()
            if closed in HIDDEN:
                self.hidden -= 1
            if closed == tag:
                break
        self.parts.append("\n" if tag in BLOCK else SEAM)

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def _fragments(msgid: str) -> list[str]:
    """The literal parts of a message id worth looking for (placeholders cut out)."""
    parts = re.split(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}", msgid)
    return [p.strip(" .:,;()") for p in parts if len(p.split()) >= 3 and len(p.strip()) >= 16]


@cache
def untranslated_markers() -> frozenset[str]:
    """English texts whose French differs: seeing one on a French page means untranslated."""
    with (LOCALE_DIR / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po, locale="fr")
    markers: set[str] = set()
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            if msgid in strings:
                continue
            markers.update(f for f in _fragments(msgid) if f not in " ".join(strings))
    return frozenset(markers)


def findings(html: str) -> list[Finding]:
    """Everything a French reader would flag in the visible text of *html*."""
    text = visible_text(html)
    figures = EXAMPLE.sub(" ", IDENTIFIERS.sub(" ", text))
    found = [Finding("dot decimal", m.group(0)) for m in DOT_DECIMAL.finditer(figures)]
    found += [Finding("ISO date", m.group(0)) for m in ISO_DATE.finditer(figures)]
    for m in ELISION.finditer(text):
        word = m.group(1)
        if word.lower() not in NOT_ELIDED and word not in DATA_NAMES and not CODE.match(word):
            found.append(Finding("missing elision", _around(text, m.start(), m.end())))
    for m in ONE_PLURAL.finditer(text):
        if m.group(1) not in SINGULAR_IN_S:
            found.append(Finding("plural after 1", _around(text, m.start(), m.end())))
    flat = " ".join(text.replace(SEAM, "").split())
    found += [
        Finding("untranslated", marker)
        for marker in sorted(untranslated_markers())
        if re.search(rf"(?<!\w){re.escape(marker)}(?!\w)", flat)
    ]
    return found


def _around(text: str, start: int, end: int) -> str:
    return text[max(0, start - 20) : end + 20].replace("\n", " ").replace(SEAM, "")
