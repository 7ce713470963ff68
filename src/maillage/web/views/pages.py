"""Pages: home (map of Wallonia), territories, zonings, data sources, API docs."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from maillage.domain.territory import Level
from maillage.services import territories, zonings
from maillage.services.platform import Platform

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

ZoningRef = Annotated[str | None, Query(alias="decoupage", max_length=200)]


def _platform(request: Request) -> Platform:
    platform: Platform = request.app.state.platform
    return platform


def _render(request: Request, name: str, **context: Any) -> Any:
    from maillage.web.templating import render

    return render(request.app.state.templates, request, name, **context)


@router.get("/")
def home(request: Request, zoning: ZoningRef = None) -> Any:
    platform = _platform(request)
    region = territories.territory_detail(platform, "03000", zoning)
    ols = territories.list_territories(platform, Level.OLS, zoning)
    bassins = territories.list_territories(platform, Level.BASSIN, zoning)
    return _render(request, "home.html", region=region, ols=ols, bassin_count=len(bassins.items),
                   zoning=region.zoning)


@router.get("/territoires")
def territory_list(request: Request,
                   niveau: Annotated[Level, Query()] = Level.BASSIN,
                   zoning: ZoningRef = None) -> Any:
    found = territories.list_territories(_platform(request), niveau, zoning)
    return _render(request, "territory_list.html", found=found, zoning=found.zoning)


@router.get("/territoires/{code}")
def territory_page(request: Request,
                   code: Annotated[str, Path(max_length=24, pattern=r"^[A-Za-z0-9_.-]+$")],
                   zoning: ZoningRef = None) -> Any:
    platform = _platform(request)
    detail = territories.territory_detail(platform, code, zoning)
    communes = territories.communes_of(platform, code, zoning)
    return _render(request, "territory.html", d=detail, zoning=detail.zoning,
                   focus=",".join(communes))


@router.get("/decoupages")
def zoning_list(request: Request) -> Any:
    return _render(request, "zonings.html", zonings=zonings.list_zonings(_platform(request)))


@router.get("/decoupages/{zoning_ref}")
def zoning_page(request: Request, zoning_ref: Annotated[str, Path(max_length=200)]) -> Any:
    z = zonings.get_zoning(_platform(request), zoning_ref)
    return _render(request, "zoning.html", z=z, zoning=z)


@router.get("/sources")
def sources_page(request: Request) -> Any:
    return _render(request, "sources.html", sources=territories.all_sources(_platform(request)))


@router.get("/api/v1/docs")
def api_docs(request: Request) -> Any:
    return _render(request, "api_docs.html")
