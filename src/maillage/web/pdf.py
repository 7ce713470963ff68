"""Printed documents: a template rendered to PDF with WeasyPrint, with the print style."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import Response

PRINT_CSS = Path(__file__).parent / "static" / "css" / "print.css"


def render_pdf(request: Request, template: str, **context: Any) -> bytes:
    from weasyprint import HTML  # slow to import: only when a PDF is asked for

    html = request.app.state.templates.get_template(template).render(
        print_css=PRINT_CSS.read_text(encoding="utf-8"),
        interactive=False,
        today=date.today().strftime("%d/%m/%Y"),
        **context,
    )
    document: bytes = HTML(string=html, base_url=None).write_pdf()
    return document


def pdf_response(request: Request, template: str, filename: str, **context: Any) -> Response:
    return Response(
        render_pdf(request, template, **context),
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )
