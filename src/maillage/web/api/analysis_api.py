"""``/api/v1/access`` and ``/api/v1/allocation``: the JSON twins of the analysis pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from maillage.domain.allocation import Method
from maillage.domain.territory import Level
from maillage.i18n import gettext as _
from maillage.services import accessibility, allocation
from maillage.web.api import schemas
from maillage.web.security import permission, platform_of

router = APIRouter(
    prefix="/api/v1",
    tags=["offer and need"],
    responses={400: {"model": schemas.ErrorOut}, 422: {"model": schemas.ErrorOut}},
)


@router.get("/access", response_model=schemas.AccessOut)
@permission("public.read")
def access(
    request: Request,
    type: Annotated[str, Query(max_length=64, pattern=r"^[a-z0-9-]+$")] = "medecin-generaliste",
    radius_km: Annotated[float, Query(gt=0, le=100)] = 15.0,
    steps: Annotated[str, Query(max_length=200)] = "5:1,10:0.68,15:0.22",
    preset: Annotated[
        str | None, Query(max_length=40, description="federal-2012 or wallonie-2017")
    ] = None,
    shortage: Annotated[float, Query(ge=0, le=10_000)] = 9.0,
    severe: Annotated[float | None, Query(ge=0, le=10_000)] = None,
    need: Annotated[str, Query(max_length=300, description="age band:weight, …")] = "",
) -> schemas.AccessOut:
    """E2SFCA accessibility of a service type for every commune, bassin and OLS."""
    report = accessibility.compute(
        platform_of(request),
        type,
        radius_km,
        steps,
        accessibility.Thresholds(shortage, severe),
        preset,
        accessibility.parse_age_weights(need),
    )
    return schemas.AccessOut(
        label=_("computed proposal — not official"),
        type=report.term,
        type_name=report.term_name,
        radius_km=report.radius_km,
        steps=report.steps,
        preset=report.preset.key if report.preset else None,
        preset_source=report.preset.source if report.preset else None,
        demo_share=report.demo_share,
        region_access=report.region_access,
        communes=[
            schemas.CommuneAccessOut(
                code=c.code,
                name=c.name,
                bassin=c.bassin,
                population=c.population,
                services=c.services,
                ratio=c.ratio,
                access=c.access,
                need_access=c.need_access,
                adequacy=c.adequacy,
                shortage=c.shortage.value,
            )
            for c in report.communes
        ],
        zones=[schemas.ZoneAccessOut(**z.__dict__) for z in report.zones],
    )


@router.get("/allocation", response_model=schemas.AllocationOut)
@permission("public.read")
def allocation_api(
    request: Request,
    budget_cents: Annotated[int, Query(ge=0, le=allocation.MAX_BUDGET_CENTS)],
    level: Annotated[Level, Query(description="ols or bassin")] = Level.OLS,
    need: Annotated[str, Query(max_length=500)] = "pop-80plus-pct:1,revenu-par-habitant:1",
    floor_share: Annotated[float, Query(ge=0, le=1)] = 0.3,
) -> schemas.AllocationOut:
    """The budget shared three ways (exact to the cent) and the 2025 OLS rule."""
    weights = allocation.parse_weights(need)
    result = allocation.compare(platform_of(request), budget_cents, level, weights, floor_share)
    return schemas.AllocationOut(
        label=_("computed proposal — not official"),
        level=level,
        budget_cents=budget_cents,
        floor_share=floor_share,
        need=weights,
        totals_cents={m.value: result.total(m) for m in Method},
        rows=[
            schemas.AllocationRowOut(
                code=r.code,
                name=r.name,
                population=r.population,
                need_index=r.need,
                cents={m.value: r.cents[m] for m in Method},
                rule_cents=r.rule_cents,
            )
            for r in result.rows
        ],
    )
