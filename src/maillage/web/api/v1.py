"""``/api/v1``: territories, zonings, map layers and data sources."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import JSONResponse

from maillage.domain.hierarchy import Territory
from maillage.domain.territory import Level
from maillage.services import basemap, territories, zonings
from maillage.services.zonings import ZoningSummary
from maillage.web.api import schemas
from maillage.web.caching import tagged_json
from maillage.web.security import permission, platform_of

router = APIRouter(
    prefix="/api/v1",
    tags=["v1"],
    responses={
        400: {"model": schemas.ErrorOut},
        404: {"model": schemas.ErrorOut},
        422: {"model": schemas.ErrorOut},
    },
)

ZoningRef = Annotated[
    str | None,
    Query(description="Zoning id or name; the active zoning when omitted.", max_length=200),
]


def zoning_out(z: ZoningSummary) -> schemas.ZoningOut:
    return schemas.ZoningOut.model_validate(z)


def ref(t: Territory) -> schemas.TerritoryRef:
    return schemas.TerritoryRef.model_validate(t)


@router.get("/territories", response_model=schemas.TerritoryList)
@permission("public.read")
def list_territories(
    request: Request,
    level: Annotated[Level, Query(description="commune, bassin, ols or region")] = Level.COMMUNE,
    zoning: ZoningRef = None,
    year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
) -> schemas.TerritoryList:
    """Every territory of one level, with population and parent."""
    found = territories.list_territories(platform_of(request), level, zoning, year)
    items = [
        schemas.TerritoryItem(**ref(t).model_dump(), parent=ref(p) if p else None)
        for t, p in found.items
    ]
    return schemas.TerritoryList(
        level=level,
        population_year=found.population_year,
        zoning=zoning_out(found.zoning),
        count=len(items),
        total_population=sum(i.population for i in items),
        territories=items,
    )


@router.get("/territories/{code}", response_model=schemas.TerritoryDetailOut)
@permission("public.read")
def get_territory(
    request: Request,
    code: Annotated[str, Path(max_length=24, pattern=r"^[A-Za-z0-9_.-]+$")],
    zoning: ZoningRef = None,
    year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
) -> schemas.TerritoryDetailOut:
    """One territory with its parents, children, population and provenance."""
    d = territories.territory_detail(platform_of(request), code, zoning, year)
    breakdown = None
    if d.breakdown:
        breakdown = schemas.PopulationBreakdown(
            year=d.breakdown.year,
            male=d.breakdown.male,
            female=d.breakdown.female,
            age_bands=[schemas.AgeBand(band=b, count=c) for b, c in d.breakdown.age_bands],
        )
    return schemas.TerritoryDetailOut(
        **ref(d.territory).model_dump(),
        population_year=d.population_year,
        zoning=zoning_out(d.zoning),
        parent=ref(d.ancestors[-1]) if d.ancestors else None,
        ancestors=[ref(a) for a in d.ancestors],
        children=[ref(c) for c in d.children],
        commune_count=d.commune_count,
        share_of_region=d.share_of_region,
        area_km2=d.area_km2,
        names=d.names,
        admin=d.admin,
        german_speaking=d.german_speaking,
        in_reform=d.in_reform,
        status=d.status,
        population_trend=dict(d.population_trend),
        population_breakdown=breakdown,
        sources=[schemas.SourceOut(**s.__dict__) for s in d.sources],
    )


@router.get("/zonings", response_model=list[schemas.ZoningOut])
@permission("public.read")
def list_zonings(request: Request) -> list[schemas.ZoningOut]:
    """All zonings, the active one flagged; computed ones are never official."""
    return [zoning_out(z) for z in zonings.list_zonings(platform_of(request))]


@router.get("/zonings/{zoning_ref}", response_model=schemas.ZoningOut)
@permission("public.read")
def get_zoning(
    request: Request, zoning_ref: Annotated[str, Path(max_length=200)]
) -> schemas.ZoningOut:
    return zoning_out(zonings.get_zoning(platform_of(request), zoning_ref))


@router.get(
    "/map",
    response_class=JSONResponse,
    responses={
        200: {"content": {"application/json": {"schema": {"type": "object"}}}},
        304: {"description": "Not modified: the client's copy (If-None-Match) is current."},
    },
)
@permission("public.read")
def map_layers(request: Request, zoning: ZoningRef = None) -> Response:
    """GeoJSON layers for maps: communes (with bassin and OLS), bassin, OLS and province
    outlines, the names of the OLS and of the main towns. Tagged (ETag) with the state of
    the database: asked again with If-None-Match, an unchanged map answers 304."""
    platform = platform_of(request)
    tag = basemap.map_tag(platform, zoning)
    return tagged_json(request, tag, lambda: basemap.map_document(platform, zoning))


@router.get("/sources", response_model=list[schemas.SourceOut])
@permission("public.read")
def list_sources(request: Request) -> list[schemas.SourceOut]:
    """Provenance of the reference data: source, licence and year."""
    return [schemas.SourceOut(**s.__dict__) for s in territories.all_sources(platform_of(request))]
