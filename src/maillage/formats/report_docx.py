"""A report tree as a Word document: administrations edit the activity report in Word.

Headings use Word's own heading styles, so the navigation pane and a table of contents
work; tables use the built-in grid style; narratives keep their paragraphs and « - »
lists.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocumentObject
from docx.shared import Pt

from maillage.domain.activity_report import Bullets, Report, Section, Table
from maillage.i18n import gettext as _


def _table(document: DocumentObject, table: Table) -> None:
    if table.caption:
        document.add_paragraph(table.caption, style="Caption")
    if not table.rows:
        document.add_paragraph(_("(nothing recorded)"))
        return
    grid = document.add_table(rows=1, cols=len(table.header), style="Table Grid")
    for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text


def _section(document: DocumentObject, level: int, section: Section) -> None:
    document.add_heading(section.title, level=min(level, 9))
    if section.narrative:
        if section.drafted:
            draft = _("Draft computed from the data — to be read and completed.")
            document.add_paragraph().add_run(draft).italic = True
        for bullet, text in section.paragraphs():
            document.add_paragraph(text, style="List Bullet" if bullet else None)
    for block in section.blocks:
        if isinstance(block, Table):
            _table(document, block)
        elif isinstance(block, Bullets):
            for item in block.items:
                document.add_paragraph(item, style="List Bullet")
        else:
            document.add_paragraph(block)


def to_docx(report: Report) -> bytes:
    document = Document()
    document.styles["Normal"].font.name = "DejaVu Sans"
    document.styles["Normal"].font.size = Pt(10)
    document.core_properties.title = report.title
    document.core_properties.subject = _("Yearly activity report of an OLS")
    document.add_heading(report.title, level=0)
    for notice in report.notices:
        document.add_paragraph().add_run(notice).italic = True
    for level, section in report.walk():
        _section(document, level, section)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
