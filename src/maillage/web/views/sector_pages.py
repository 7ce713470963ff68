"""Pages: the statistical sectors loaded, and their upload (Statbel's files) in the web."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse

from maillage.errors import UserError
from maillage.services import sectors
from maillage.web import uploads
from maillage.web.security import allowed, permission, platform_of, principal
from maillage.web.templating import render_page

router = APIRouter(include_in_schema=False)

Year = Annotated[int | None, Form(ge=1990, le=2100)]


def _page(request: Request, status_code: int = 200, **context: Any) -> Any:
    context = {"message": None, "problems": [], "others": 0, "total": 0, "year": None} | context
    return render_page(
        request,
        "sectors.html",
        status_code=status_code,
        summary=sectors.sector_summary(platform_of(request)),
        can_manage=allowed(request, "zoning.manage"),
        **context,
    )


@router.get("/secteurs")
@permission("public.read")
def sector_page(
    request: Request, importes: Annotated[int | None, Query(ge=0, le=10_000_000)] = None
) -> Any:
    return _page(request, stored=importes)


@router.post("/secteurs")
@permission("zoning.manage")
def sector_upload(
    request: Request,
    file: Annotated[UploadFile, File()],
    population: Annotated[UploadFile | None, File()] = None,
    year: Year = None,
) -> Any:
    """Import Statbel's boundaries (and population) files at once; a refused file is shown
    with its located faults and nothing is stored."""
    if population is not None and not population.filename:
        population = None  # the browser sends an empty part for a file left unchosen
    platform = platform_of(request)
    actor = principal(request).actor(request)
    try:
        with uploads.saved(file, "secteurs.geojson") as path:
            if population is None:
                result = sectors.import_sectors(platform, path, year=year, actor=actor)
            else:
                with uploads.saved(population, "population.txt") as counts:
                    result = sectors.import_sectors(platform, path, counts, year=year, actor=actor)
    except UserError as error:
        return _page(request, error.http_status, year=year, **uploads.refusal(error))
    return RedirectResponse(f"/secteurs?importes={result.sectors}", status_code=303)
