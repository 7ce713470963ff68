"""Pages of offer-versus-need analysis: accessibility and shortage zones, budget sharing."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from maillage.analysis.allocation import OLS_TRANSITIONAL_2025, Method
from maillage.domain.territory import Level
from maillage.errors import UserError
from maillage.i18n import gettext as _
from maillage.reference.loaders import AGE_BANDS
from maillage.services import accessibility, allocation, directory, indicators, profiles
from maillage.web import charts
from maillage.web.security import permission, platform_of
from maillage.web.templating import render_page

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

Budget = Annotated[float, Query(alias="budget", ge=0, le=1e13)]
AllocationLevel = Annotated[Level, Query(alias="niveau")]
NeedText = Annotated[str, Query(alias="besoin", max_length=500)]
Floor = Annotated[float, Query(alias="plancher", ge=0, le=1)]
DEFAULT_BUDGET = 7_000_000.0
DEFAULT_NEED_TEXT = ",".join(f"{k}:{v:g}" for k, v in allocation.DEFAULT_NEED.items())


def _compute(request: Request, budget: float, level: Level, need: str, floor: float
             ) -> allocation.Allocation:
    return allocation.compare(platform_of(request), round(budget * 100), level,
                              allocation.parse_weights(need), floor)


@router.get("/allocation")
@permission("public.read")
def allocation_page(request: Request, budget: Budget = DEFAULT_BUDGET,
                    level: AllocationLevel = Level.OLS, need: NeedText = DEFAULT_NEED_TEXT,
                    floor: Floor = 0.3) -> Any:
    platform = platform_of(request)
    catalogue = [s.indicator for s in indicators.list_indicators(platform)
                 if s.periods and s.indicator.level == "commune"]
    form = {"budget": budget, "level": level, "need": need, "floor": floor}
    try:
        result = _compute(request, budget, level, need, floor)
    except UserError as error:
        return render_page(request, "allocation.html", status_code=error.http_status,
                           result=None, error=str(error), form=form, catalogue=catalogue,
                           methods=list(Method), rule=OLS_TRANSITIONAL_2025)
    return render_page(request, "allocation.html", result=result, error=None, form=form,
                       catalogue=catalogue, methods=list(Method), rule=OLS_TRANSITIONAL_2025,
                       query=str(request.url.query))


@router.get("/allocation.csv")
@permission("public.read")
def allocation_csv(request: Request, budget: Budget = DEFAULT_BUDGET,
                   level: AllocationLevel = Level.OLS, need: NeedText = DEFAULT_NEED_TEXT,
                   floor: Floor = 0.3) -> Response:
    result = _compute(request, budget, level, need, floor)
    return Response(allocation.to_csv(result), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition":
                             'attachment; filename="repartition-proposition.csv"'})


AccessType = Annotated[str, Query(alias="type", max_length=64, pattern=r"^[a-z0-9-]+$")]
Radius = Annotated[float, Query(alias="rayon", gt=0, le=100)]
Steps = Annotated[str, Query(alias="paliers", max_length=200)]
PresetName = Annotated[str, Query(alias="critere", max_length=40)]
Threshold = Annotated[float, Query(alias="seuil", ge=0, le=10_000)]
# A form sends an empty field when no severe threshold is wanted.
SevereThreshold = Annotated[str, Query(alias="seuil_severe", max_length=20,
                                       pattern=r"^([0-9]+([.,][0-9]*)?)?$")]
AgeWeights = Annotated[str, Query(alias="besoin", max_length=300)]


def _access(request: Request, term: str, radius: float, steps: str, preset: str,
            threshold: float, severe: str, need: str) -> accessibility.AccessReport:
    limits = accessibility.Thresholds(threshold,
                                      float(severe.replace(",", ".")) if severe else None)
    return accessibility.compute(platform_of(request), term, radius, steps, limits,
                                 preset or None,
                                 accessibility.parse_age_weights(need))


@router.get("/acces")
@permission("public.read")
def access_page(request: Request, term: AccessType = "medecin-generaliste",
                radius: Radius = 15.0, steps: Steps = "5:1,10:0.68,15:0.22",
                preset: PresetName = "", threshold: Threshold = 9.0,
                severe: SevereThreshold = "", need: AgeWeights = "") -> Any:
    platform = platform_of(request)
    form = {"term": term, "radius": radius, "steps": steps, "preset": preset,
            "threshold": threshold, "severe": severe, "need": need}
    with platform.reading() as session:
        types = sorted(((t.code, t.name_fr) for t in directory.terms(platform, session)
                        if t.kind == "service_type"), key=lambda item: item[1])
    context: dict[str, Any] = {"form": form, "types": types, "presets": accessibility.PRESETS,
               "query": str(request.url.query), "bands": AGE_BANDS}
    try:
        report = _access(request, term, radius, steps, preset, threshold, severe, need)
    except UserError as error:
        return render_page(request, "access.html", status_code=error.http_status,
                           report=None, error=str(error), **context)
    shapes = profiles.commune_shapes(platform)
    short = {c.code for c in report.communes if c.shortage is not accessibility.Shortage.NONE}
    drawing = charts.choropleth(
        [charts.MapShape(c.code, f"{c.name} — {charts.number(c.access)}", shapes[c.code][1])
         for c in report.communes if c.code in shapes],
        {c.code: c.access_class for c in report.communes}, short, width=620)
    return render_page(request, "access.html", report=report, error=None, drawing=drawing,
                       legend=charts.legend(report.breaks, _("per 10,000")), **context)


@router.get("/acces.csv")
@permission("public.read")
def access_csv(request: Request, term: AccessType = "medecin-generaliste",
               radius: Radius = 15.0, steps: Steps = "5:1,10:0.68,15:0.22",
               preset: PresetName = "", threshold: Threshold = 9.0,
               severe: SevereThreshold = "", need: AgeWeights = "") -> Response:
    report = _access(request, term, radius, steps, preset, threshold, severe, need)
    return Response(accessibility.to_csv(report), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition":
                             f'attachment; filename="accessibilite-{term}.csv"'})
