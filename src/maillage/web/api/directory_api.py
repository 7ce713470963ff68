"""``/api/v1``: the directory of the offer, its coverage and the orientation line."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from maillage.domain.directory import ServiceHit
from maillage.domain.orientation import Outcome
from maillage.domain.territory import Level
from maillage.errors import InvalidInput
from maillage.i18n import gettext as _
from maillage.services import coverage, directory, orientation, quality
from maillage.web.api import schemas
from maillage.web.security import allowed, permission, platform_of, principal

router = APIRouter(
    prefix="/api/v1",
    tags=["directory"],
    responses={
        400: {"model": schemas.ErrorOut},
        404: {"model": schemas.ErrorOut},
        422: {"model": schemas.ErrorOut},
    },
)

ServiceId = Annotated[str, Path(max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
# Repeated query parameters (?type=a&type=b); at most 20 so a URL cannot ask for thousands.
Codes = Annotated[list[str] | None, Query(max_length=20)]


def service_out(hit: ServiceHit) -> schemas.ServiceOut:
    return schemas.ServiceOut(
        **{**hit.__dict__, "terms": [schemas.TermRef(**t) for t in hit.terms]}
    )


def search_request(
    q: str = "",
    types: list[str] | None = None,
    territory: str | None = None,
    languages: list[str] | None = None,
    cost: str | None = None,
    pmr: bool = False,
    open_at: datetime | None = None,
    near_commune: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
    radius_km: float = 10.0,
    page: int = 1,
    per_page: int = 20,
    include_demo: bool = True,
) -> directory.SearchRequest:
    """One place turning query parameters (API or page) into a search request."""
    if cost not in (None, "", "free", "low"):
        raise InvalidInput(
            _("Unknown cost filter: {value} (expected free or low).").format(value=cost)
        )
    if (lat is None) != (lon is None):
        raise InvalidInput(_("Give both lat and lon to search near a point."))
    return directory.SearchRequest(
        text=q[:200],
        terms=tuple(t for t in types or () if t),
        territory=territory or None,
        languages=tuple(c for c in languages or () if c),
        cost=cost or None,
        pmr=pmr,
        open_at=open_at,
        near_commune=near_commune or None,
        near_point=(lat, lon) if lat is not None and lon is not None else None,
        radius_km=radius_km,
        page=page,
        per_page=per_page,
        include_demo=include_demo,
    )


@router.get("/services", response_model=schemas.ServicePageOut)
@permission("public.read")
def search_services(
    request: Request,
    q: Annotated[str, Query(max_length=200, description="Full text, accents ignored.")] = "",
    type: Annotated[
        list[str] | None,
        Query(max_length=20, description="Taxonomy codes (a sector stands for all its types)."),
    ] = None,
    territory: Annotated[
        str | None, Query(max_length=24, description="Commune REFNIS, bassin or OLS code.")
    ] = None,
    language: Annotated[
        list[str] | None, Query(max_length=20, description="Language codes, e.g. fr, nl.")
    ] = None,
    cost: Annotated[str | None, Query(max_length=8, description="free or low.")] = None,
    pmr: Annotated[bool, Query(description="Wheelchair-accessible locations only.")] = False,
    open_at: Annotated[datetime | None, Query(description="Open at this local time.")] = None,
    near_commune: Annotated[str | None, Query(max_length=5, pattern=r"^\d{5}$")] = None,
    lat: Annotated[float | None, Query(ge=49.0, le=52.0)] = None,
    lon: Annotated[float | None, Query(ge=2.0, le=7.0)] = None,
    radius_km: Annotated[float, Query(gt=0, le=200)] = 10.0,
    page: Annotated[int, Query(ge=1, le=10000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 20,
    include_demo: Annotated[bool, Query(description="Include demonstration records.")] = True,
) -> schemas.ServicePageOut:
    """Search the directory; sorted by distance when searching near a place, else by name."""
    found = directory.search(
        platform_of(request),
        search_request(
            q,
            type,
            territory,
            language,
            cost,
            pmr,
            open_at,
            near_commune,
            lat,
            lon,
            radius_km,
            page,
            per_page,
            include_demo,
        ),
        internal=allowed(request, "directory.read_internal"),
    )
    return schemas.ServicePageOut(
        total=found.total,
        page=found.page,
        per_page=found.per_page,
        services=[service_out(h) for h in found.hits],
    )


@router.get("/services/{service_id}", response_model=schemas.ServiceDetailOut)
@permission("public.read")
def get_service(request: Request, service_id: ServiceId) -> schemas.ServiceDetailOut:
    """One service with its full HSDS 3.0 record; internal fields only for actors."""
    platform = platform_of(request)
    hit, record = directory.service_record(
        platform, service_id, allowed(request, "directory.read_internal")
    )
    return schemas.ServiceDetailOut(
        service=service_out(hit), hsds=record, merged_into=quality.merged_into(platform, service_id)
    )


@router.get("/taxonomy", response_model=list[schemas.TaxonomyTermOut])
@permission("public.read")
def get_taxonomy(request: Request) -> list[schemas.TaxonomyTermOut]:
    """Sectors and service types of the Belgian first line (stable codes)."""
    return [schemas.TaxonomyTermOut(**t) for t in directory.taxonomy(platform_of(request))]


@router.get(
    "/directory/export",
    response_class=Response,
    responses={200: {"description": "The export file."}},
)
@permission("public.read")
def export_directory(
    request: Request,
    format: Annotated[
        str, Query(max_length=16, description=", ".join(directory.EXPORT_FORMATS))
    ] = "hsds-json",
    include_demo: bool = True,
) -> Response:
    """The whole directory as HSDS JSON, HSDS tabular (zip), FHIR R4, CSV, XLSX or GeoJSON."""
    content = directory.export(platform_of(request), format, include_demo)
    media_type, extension = directory.EXPORT_FORMATS[format]
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="repertoire-{format}.{extension}"'},
    )


@router.get("/coverage", response_model=schemas.CoverageOut)
@permission("public.read")
def get_coverage(
    request: Request,
    type: Annotated[str, Query(max_length=64, description="A service type or sector code.")],
    level: Annotated[Level, Query(description="commune, bassin or ols")] = Level.BASSIN,
) -> schemas.CoverageOut:
    """Services of a type per territory, per 10,000 inhabitants, with zones blanches."""
    result = coverage.coverage(platform_of(request), type, level)
    return schemas.CoverageOut(
        type=result.term,
        type_name=result.term_name,
        level=result.level,
        population_year=result.population_year,
        breaks=result.breaks,
        method=result.method,
        blank=[r.code for r in result.blank],
        rows=[schemas.CoverageRowOut(**r.__dict__) for r in result.rows],
    )


@router.get("/orientation/suggestions", response_model=schemas.OrientationOut)
@permission("orientation.use")
def orientation_suggestions(
    request: Request,
    need: Annotated[list[str], Query(max_length=20, description="Needs as taxonomy codes.")],
    commune: Annotated[str, Query(max_length=5, pattern=r"^\d{5}$")],
    language: Annotated[str, Query(max_length=8)] = "",
    mobility: Annotated[str, Query(max_length=16)] = "",
    cost: Annotated[str, Query(max_length=8)] = "",
    urgency: Annotated[str, Query(max_length=16)] = "",
    pmr: bool = False,
) -> schemas.OrientationOut:
    """Ranked services for a situation, each with why it matched (nothing is logged)."""
    situation = orientation.situation_from(need, commune, language, mobility, cost, urgency, pmr)
    found = orientation.suggest(platform_of(request), situation)
    return schemas.OrientationOut(
        commune=found.commune_name,
        bassin=found.bassin_name,
        considered=found.considered,
        matches=[
            schemas.OrientationMatchOut(
                service=service_out(m.hit), score=m.score, reasons=m.reasons, warnings=m.warnings
            )
            for m in found.matches
        ],
    )


@router.post("/orientation/requests", response_model=schemas.OrientationLoggedOut, status_code=201)
@permission("orientation.use")
def log_orientation(
    request: Request, body: schemas.OrientationRequestIn
) -> schemas.OrientationLoggedOut:
    """Log a request and its outcome — no personal data is accepted or kept."""
    situation = orientation.situation_from(
        body.needs, body.commune, body.language, body.mobility, body.cost, body.urgency, body.pmr
    )
    try:
        outcome = Outcome(body.outcome)
    except ValueError as error:
        raise InvalidInput(_("Unknown outcome: {value}").format(value=body.outcome)) from error
    number = orientation.record(
        platform_of(request),
        principal(request).actor(request),
        situation,
        outcome,
        body.matches,
        body.service_id,
    )
    return schemas.OrientationLoggedOut(id=number, outcome=outcome.value)


@router.get("/orientation/signals")
@permission("orientation.signals")
def orientation_signals(request: Request) -> dict[str, Any]:
    """Requests per bassin; those with no suitable service are signals of unmet need."""
    report = orientation.signals(platform_of(request))
    return {
        "outcomes": report.outcomes,
        "bassins": [
            {
                "code": s.code,
                "name": s.name,
                "ols": s.ols,
                "requests": s.total,
                "no_suitable_service": s.unmet,
                "needs": dict(s.needs),
                "last": s.last.isoformat() if s.last else None,
            }
            for s in report.bassins
        ],
    }
