"""Pages: a directory file (HSDS 3.0 JSON, an HSDS tabular package as .zip, the template as
CSV or XLSX) sent, previewed, then imported; and the blank template to download.

The same two steps as a zoning upload: the file is read and compared with the stored
records, and kept on the server under a random token; the confirmation imports that very
file in one transaction. A faulty file shows its located faults and nothing is kept.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response

from maillage.errors import UserError
from maillage.services import directory_upload
from maillage.web import uploads
from maillage.web.api.uploads_api import SourceFields
from maillage.web.security import permission, person_of, platform_of, principal
from maillage.web.templating import render_page

router = APIRouter(include_in_schema=False)
BASE = "/repertoire/envoi"
HELD = "repertoire"
TEMPLATE_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _page(request: Request, status_code: int = 200, **context: Any) -> Any:
    state = uploads.page_state(**{"fields": SourceFields(), **context})
    return render_page(request, "directory_upload.html", status_code=status_code, **state)


@router.get(BASE)
@permission("directory.curate")
def form(request: Request) -> Any:
    return _page(request)


@router.post(BASE)
@permission("directory.curate")
def preview(
    request: Request,
    file: Annotated[UploadFile, File()],
    fields: Annotated[SourceFields, Form()],
) -> Any:
    """Check the file, show what it would change, keep it for the confirmation."""
    owner = str(person_of(request).id)
    try:
        with uploads.saved(file, "repertoire.json") as path:
            found = directory_upload.preview_file(
                platform_of(request),
                path,
                fields.source(path.name),
                skip_invalid=fields.skip_invalid,
            )
            token = uploads.held_files(HELD).keep(path, owner)
    except UserError as error:
        return _page(request, error.http_status, fields=fields, **uploads.refusal(error))
    return _page(request, fields=fields, preview=found, token=token)


@router.post(BASE + "/confirmation")
@permission("directory.curate")
def confirm(
    request: Request, token: uploads.PreviewToken, fields: Annotated[SourceFields, Form()]
) -> Any:
    """Import the previewed file in one transaction and say what was stored."""
    owner = str(person_of(request).id)
    try:
        with uploads.held_files(HELD).taken(token, owner) as path:
            report = directory_upload.import_file(
                platform_of(request),
                principal(request).actor(request),
                path,
                fields.source(path.name),
                skip_invalid=fields.skip_invalid,
            )
    except UserError as error:
        return _page(request, error.http_status, fields=fields, **uploads.refusal(error))
    return _page(request, fields=fields, report=report)


@router.get("/repertoire/modele.{kind}")
@permission("public.read")
def template(request: Request, kind: Literal["csv", "xlsx"]) -> Response:
    """The blank template of the directory, its columns in the first row."""
    return Response(
        directory_upload.template(kind),
        media_type=TEMPLATE_TYPES[kind],
        headers={"Content-Disposition": f'attachment; filename="modele-repertoire.{kind}"'},
    )
