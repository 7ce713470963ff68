"""The yearly activity report of an OLS, in the structure of the BOOST report (seed 004).

A report is a tree of sections. Each section may carry an editable narrative (the team's
words) and blocks pre-filled from the platform's data (tables, lists, short facts). The
same tree is drawn as a web page, a PDF and a Word document, so the three never differ.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from maillage.i18n import gettext as _


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


Block = str | Table | Bullets


@dataclass
class Section:
    key: str
    title: str
    has_narrative: bool = False  # the team writes text here, stored under the key
    narrative: str = ""
    narrative_version: int = 0
    drafted: bool = False  # the narrative is still the draft computed from the data
    blocks: list[Block] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)

    def paragraphs(self) -> list[tuple[bool, str]]:
        """The narrative's non-empty lines as (is a « - » list item, text): one reading for
        the page, the PDF and Word."""
        found = []
        for line in self.narrative.splitlines():
            text = line.strip()
            if text.startswith(("- ", "* ")):
                found.append((True, text[2:].strip()))
            elif text:
                found.append((False, text))
        return found

    def walk(self, level: int = 1) -> list[tuple[int, Section]]:
        """This section and its descendants with their heading level, in reading order."""
        found = [(level, self)]
        for child in self.children:
            found.extend(child.walk(level + 1))
        return found


@dataclass
class Report:
    title: str
    territory: str
    year: int
    generated_on: str
    notices: list[str]  # labels the reader must see (demo data, computed drafts)
    sections: list[Section]

    def walk(self) -> list[tuple[int, Section]]:
        return [pair for section in self.sections for pair in section.walk()]


def narrative_keys() -> dict[str, str]:
    """Every editable narrative of the BOOST structure, key → title, in reading order."""
    return {
        "general": _("General and governance"),
        "aims": _("The five aims"),
        "projects": _("Projects and learning cycles"),
        "needs": _("Needs and action plan"),
        "partnership_value": _(
            "Value of the partnership for patients, carers, "
            "professionals, organisations and society"
        ),
        "patient_participation": _("Participation of patients and their organisations"),
        "alternative_financing": _("Alternative financing models tested"),
        "successes": _("Greatest successes"),
        "enablers": _("Main enablers"),
        "limiting_factors": _("Main limiting factors and the measures taken"),
        "toolbox": _("Toolbox for other meso levels (learning network)"),
        "recommendations": _("Recommendations to the macro level"),
        "future": _("The future"),
    }
