"""Pages: home (map of Wallonia), territories, zonings, data sources, API docs."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from maillage.domain.territory import Level, outside_reform_label
from maillage.errors import UserError
from maillage.services import layers, sheets, territories, zonings
from maillage.services.home import territory_links
from maillage.services.zoning_comparison import compare as compare_zonings
from maillage.web.api.schemas import SheetIn
from maillage.web.menu import visible
from maillage.web.params import RecordId, TerritoryCode
from maillage.web.security import allowed, permission, platform_of, principal
from maillage.web.templating import render_page

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

ZoningRef = Annotated[str | None, Query(alias="decoupage", max_length=200)]


@router.get("/")
@permission("public.read")
def home(request: Request, zoning: ZoningRef = None) -> Any:
    platform = platform_of(request)
    region = territories.territory_detail(platform, "03000", zoning)
    ols = territories.list_territories(platform, Level.OLS, zoning)
    bassins = territories.list_territories(platform, Level.BASSIN, zoning)
    return render_page(
        request,
        "home.html",
        region=region,
        ols=ols,
        bassin_count=len(bassins.items),
        zoning=region.zoning,
        outside_label=outside_reform_label(),
    )


@router.get("/territoires")
@permission("public.read")
def territory_list(
    request: Request, niveau: Annotated[Level, Query()] = Level.BASSIN, zoning: ZoningRef = None
) -> Any:
    found = territories.list_territories(platform_of(request), niveau, zoning)
    return render_page(request, "territory_list.html", found=found, zoning=found.zoning)


@router.get("/territoires/{code}")
@permission("public.read")
def territory_page(request: Request, code: TerritoryCode, zoning: ZoningRef = None) -> Any:
    platform = platform_of(request)
    detail = territories.territory_detail(platform, code, zoning)
    communes = territories.communes_of(platform, code, zoning)
    sheet = None
    if detail.zoning.is_active and detail.territory.level in (Level.BASSIN, Level.OLS):
        sheet = sheets.get_sheet(
            platform, code, allowed(request, "territory_sheet.read_internal", code)
        )
    return render_page(
        request,
        "territory.html",
        d=detail,
        zoning=detail.zoning,
        focus=",".join(communes),
        sheet=sheet,
        can_edit=allowed(request, "territory_sheet.update", code),
        links=visible(request, territory_links(code, detail.territory.level))
        if detail.zoning.is_active and detail.territory.level in (Level.BASSIN, Level.OLS)
        else [],
    )


@router.get("/territoires/{code}/fiche")
@permission("territory_sheet.update", target="code")
def sheet_form(request: Request, code: TerritoryCode) -> Any:
    platform = platform_of(request)
    detail = territories.territory_detail(platform, code)
    return render_page(
        request,
        "sheet_form.html",
        d=detail,
        zoning=detail.zoning,
        sheet=sheets.get_sheet(platform, code, internal=True),
        error=None,
    )


@router.post("/territoires/{code}/fiche")
@permission("territory_sheet.update", target="code")
def sheet_save(
    request: Request,
    code: TerritoryCode,
    form: Annotated[SheetIn, Form()],
) -> Any:
    platform = platform_of(request)
    # The form sends every field: one left blank is emptied (the API leaves it unchanged).
    values = {k: v or "" for k, v in form.model_dump(exclude={"version"}).items()}
    try:
        sheets.update_sheet(platform, principal(request).actor(request), code, form.version, values)
    except UserError as error:
        detail = territories.territory_detail(platform, code)
        current = sheets.get_sheet(platform, code, internal=True)
        return render_page(
            request,
            "sheet_form.html",
            status_code=error.http_status,
            d=detail,
            zoning=detail.zoning,
            sheet=current,
            error=str(error),
            submitted=values,
        )
    return RedirectResponse(f"/territoires/{code}", status_code=303)


@router.get("/decoupages")
@permission("public.read")
def zoning_list(request: Request) -> Any:
    can_manage = allowed(request, "zoning.manage")
    return render_page(
        request,
        "zonings.html",
        zonings=zonings.list_zonings(platform_of(request)),
        can_manage=can_manage,
        layers=layers.list_layers(platform_of(request)) if can_manage else [],
        proposal=None,
    )


@router.get("/decoupages/comparer")
@permission("public.read")
def zoning_compare_any(
    request: Request,
    version: Annotated[RecordId, Query()],
    avec: Annotated[RecordId, Query()],
) -> Any:
    """The two versions chosen in the form of the zonings page, compared."""
    return RedirectResponse(f"/decoupages/{version}/comparaison?avec={avec}", status_code=303)


@router.get("/decoupages/{zoning_ref}")
@permission("public.read")
def zoning_page(request: Request, zoning_ref: Annotated[str, Path(max_length=200)]) -> Any:
    z = zonings.get_zoning(platform_of(request), zoning_ref)
    return render_page(request, "zoning.html", z=z, zoning=z)


@router.get("/decoupages/{zoning_ref}/comparaison")
@permission("public.read")
def zoning_comparison(
    request: Request,
    zoning_ref: Annotated[str, Path(max_length=200)],
    reference: Annotated[str | None, Query(alias="avec", max_length=200)] = None,
) -> Any:
    found = compare_zonings(platform_of(request), zoning_ref, reference)
    return render_page(request, "zoning_comparison.html", c=found, zoning=found.candidate)


@router.get("/sources")
@permission("public.read")
def sources_page(request: Request) -> Any:
    return render_page(
        request, "sources.html", sources=territories.all_sources(platform_of(request))
    )


@router.get("/api/v1/docs")
@permission("public.read")
def api_docs(request: Request) -> Any:
    return render_page(request, "api_docs.html")
