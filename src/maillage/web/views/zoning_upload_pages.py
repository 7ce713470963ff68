"""Uploading a zoning file (the official OLS composition, or a working draft) in the web.

Two steps: the file is checked and previewed (counts, population ranges, contiguity, the
communes that would move from the active zoning) and kept on the server under a random
token; the confirmation stores that very file. A faulty file shows its located faults and
nothing is kept or stored.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse

from maillage.domain.territory import ZoningKind
from maillage.errors import UserError
from maillage.services import zoning_upload, zonings
from maillage.web import uploads
from maillage.web.security import permission, person_of, platform_of, principal
from maillage.web.templating import render_page

router = APIRouter(include_in_schema=False)
BASE = "/decoupages/envoi"
MAX_ZONING_BYTES = 20 * 1024 * 1024

Name = Annotated[str, Form(min_length=1, max_length=200)]


def _kind(kind: ZoningKind) -> ZoningKind:
    """A file is an official composition or a draft; only maillage computes proposals."""
    return ZoningKind.DRAFT if kind is ZoningKind.PROPOSAL else kind


def _refused(request: Request, error: UserError, fields: dict[str, Any]) -> Any:
    return render_page(
        request,
        "zoning_upload.html",
        status_code=error.http_status,
        fields=fields,
        preview=None,
        token=None,
        **uploads.refusal(error),
    )


@router.post(BASE)
@permission("zoning.manage")
def preview(
    request: Request,
    file: Annotated[UploadFile, File()],
    name: Name,
    valid_from: Annotated[date, Form()],
    kind: Annotated[ZoningKind, Form()] = ZoningKind.OFFICIAL,
    activate: Annotated[bool, Form()] = False,
) -> Any:
    """Check the file and show what it would change; keep it for the confirmation."""
    kind = _kind(kind)
    fields = {"name": name, "valid_from": valid_from, "kind": kind, "activate": activate}
    owner = str(person_of(request).id)
    try:
        with uploads.saved(file, "decoupage.csv", MAX_ZONING_BYTES) as path:
            found = zoning_upload.preview_zoning(
                platform_of(request), path, name=name, valid_from=valid_from, kind=kind
            )
            token = uploads.held_files("decoupages").keep(path, owner)
    except UserError as error:
        return _refused(request, error, fields)
    return render_page(
        request,
        "zoning_upload.html",
        fields=fields,
        preview=found,
        token=token,
        message=None,
        problems=[],
        others=0,
        total=0,
    )


@router.post(BASE + "/confirmation")
@permission("zoning.manage")
def confirm(
    request: Request,
    token: uploads.PreviewToken,
    name: Name,
    valid_from: Annotated[date, Form()],
    kind: Annotated[ZoningKind, Form()] = ZoningKind.OFFICIAL,
    activate: Annotated[bool, Form()] = False,
) -> Any:
    """Store the previewed file (activating it if asked) and show the new zoning."""
    kind = _kind(kind)
    fields = {"name": name, "valid_from": valid_from, "kind": kind, "activate": activate}
    owner = str(person_of(request).id)
    try:
        with uploads.held_files("decoupages").taken(token, owner) as path:
            result = zonings.import_zoning(
                platform_of(request),
                path,
                name=name,
                valid_from=valid_from,
                kind=kind,
                activate_it=activate,
                actor=principal(request).actor(request),
            )
    except UserError as error:
        return _refused(request, error, fields)
    return RedirectResponse(f"/decoupages/{result.zoning.id}", status_code=303)
