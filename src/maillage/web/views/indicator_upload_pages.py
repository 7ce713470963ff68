"""Pages: the values of a catalogue indicator sent as a file, previewed, then loaded.

The same two steps as a zoning upload: the file (CSV or XLSX, the columns of
``maillage indicators load``) is checked and compared with the stored values, and kept on
the server under a random token; the confirmation loads that very file in one
transaction. A faulty file shows its located faults and nothing is kept.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile

from maillage.errors import UserError
from maillage.services import indicator_upload
from maillage.web import uploads
from maillage.web.security import permission, person_of, platform_of, principal
from maillage.web.templating import render_page

router = APIRouter(include_in_schema=False)
BASE = "/indicateurs/envoi"
HELD = "indicateurs"

IndicatorField = Annotated[
    str, Form(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9_.-]*$")
]


def _page(request: Request, status_code: int = 200, **context: Any) -> Any:
    choices = indicator_upload.catalogue_choices(platform_of(request))
    state = uploads.page_state(choices=choices, **{"chosen": None, **context})
    return render_page(request, "indicator_upload.html", status_code=status_code, **state)


@router.get(BASE)
@permission("indicator.load")
def form(
    request: Request,
    indicateur: Annotated[str | None, Query(max_length=64)] = None,
) -> Any:
    """The upload form, an indicator of the catalogue chosen beforehand if named."""
    return _page(request, chosen=indicateur)


@router.post(BASE)
@permission("indicator.load")
def preview(
    request: Request, file: Annotated[UploadFile, File()], indicator: IndicatorField
) -> Any:
    """Check the file, show what it would change, keep it for the confirmation."""
    owner = str(person_of(request).id)
    try:
        with uploads.saved(file, "valeurs.csv") as path:
            found = indicator_upload.preview_values(platform_of(request), path, indicator)
            token = uploads.held_files(HELD).keep(path, owner)
    except UserError as error:
        return _page(request, error.http_status, chosen=indicator, **uploads.refusal(error))
    return _page(request, chosen=indicator, preview=found, token=token)


@router.post(BASE + "/confirmation")
@permission("indicator.load")
def confirm(request: Request, token: uploads.PreviewToken, indicator: IndicatorField) -> Any:
    """Load the previewed file and say what was stored."""
    owner = str(person_of(request).id)
    try:
        with uploads.held_files(HELD).taken(token, owner) as path:
            report = indicator_upload.load_values(
                platform_of(request), principal(request).actor(request), path, indicator
            )
    except UserError as error:
        return _page(request, error.http_status, chosen=indicator, **uploads.refusal(error))
    return _page(request, chosen=indicator, report=report)
