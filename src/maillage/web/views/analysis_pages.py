"""Pages of offer-versus-need analysis: accessibility and shortage zones, budget sharing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from maillage.domain.allocation import OLS_TRANSITIONAL_2025, Method
from maillage.domain.territory import AGE_BANDS, Level, outside_reform_label
from maillage.errors import UserError
from maillage.i18n import gettext as _
from maillage.services import accessibility, allocation, indicators, profiles, territories
from maillage.web import charts
from maillage.web.security import permission, platform_of
from maillage.web.templating import render_page

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

DEFAULT_NEED_TEXT = ",".join(f"{k}:{v:g}" for k, v in allocation.DEFAULT_NEED.items())


@dataclass
class AllocationForm:
    """The budget form's fields, read once for the page and its CSV."""

    budget: Annotated[float, Query(alias="budget", ge=0, le=1e13)] = 7_000_000.0
    level: Annotated[Level, Query(alias="niveau")] = Level.OLS
    need: Annotated[str, Query(alias="besoin", max_length=500)] = DEFAULT_NEED_TEXT
    floor: Annotated[float, Query(alias="plancher", ge=0, le=1)] = 0.3

    def compute(self, request: Request) -> allocation.Allocation:
        return allocation.compare(
            platform_of(request),
            round(self.budget * 100),
            self.level,
            allocation.parse_weights(self.need),
            self.floor,
        )


@router.get("/allocation")
@permission("public.read")
def allocation_page(request: Request, form: Annotated[AllocationForm, Depends()]) -> Any:
    platform = platform_of(request)
    context: dict[str, Any] = {
        "form": form,
        "methods": list(Method),
        "rule": OLS_TRANSITIONAL_2025,
        "query": str(request.url.query),
        "catalogue": [
            s.indicator
            for s in indicators.list_indicators(platform)
            if s.periods and s.indicator.level == "commune"
        ],
    }
    try:
        result = form.compute(request)
    except UserError as error:
        return render_page(
            request,
            "allocation.html",
            status_code=error.http_status,
            result=None,
            error=str(error),
            **context,
        )
    return render_page(request, "allocation.html", result=result, error=None, **context)


@router.get("/allocation.csv")
@permission("public.read")
def allocation_csv(request: Request, form: Annotated[AllocationForm, Depends()]) -> Response:
    return Response(
        allocation.to_csv(form.compute(request)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="repartition-proposition.csv"'},
    )


@dataclass
class AccessForm:
    """The access form's fields, read once for the page and its CSV."""

    term: Annotated[str, Query(alias="type", max_length=64, pattern=r"^[a-z0-9-]+$")] = (
        "medecin-generaliste"
    )
    radius: Annotated[float, Query(alias="rayon", gt=0, le=100)] = 15.0
    steps: Annotated[str, Query(alias="paliers", max_length=200)] = "5:1,10:0.68,15:0.22"
    # Absent: the service type's named default rule; empty: the user's thresholds.
    preset: Annotated[str | None, Query(alias="critere", max_length=40)] = None
    threshold: Annotated[float, Query(alias="seuil", ge=0, le=10_000)] = 9.0
    # A form sends an empty field when no severe threshold is wanted.
    severe: Annotated[
        str, Query(alias="seuil_severe", max_length=20, pattern=r"^([0-9]+([.,][0-9]*)?)?$")
    ] = ""
    need: Annotated[str, Query(alias="besoin", max_length=300)] = ""

    @property
    def chosen_preset(self) -> str:
        return accessibility.default_preset(self.term) if self.preset is None else self.preset

    def compute(self, request: Request) -> accessibility.AccessReport:
        severe = float(self.severe.replace(",", ".")) if self.severe else None
        return accessibility.compute(
            platform_of(request),
            self.term,
            self.radius,
            self.steps,
            accessibility.Thresholds(self.threshold, severe),
            self.chosen_preset or None,
            accessibility.parse_age_weights(self.need),
        )


@router.get("/acces")
@permission("public.read")
def access_page(request: Request, form: Annotated[AccessForm, Depends()]) -> Any:
    platform = platform_of(request)
    context: dict[str, Any] = {
        "form": form,
        "types": accessibility.service_types(platform),
        "presets": accessibility.PRESETS,
        "query": str(request.url.query),
        "bands": AGE_BANDS,
    }
    try:
        report = form.compute(request)
    except UserError as error:
        return render_page(
            request,
            "access.html",
            status_code=error.http_status,
            report=None,
            error=str(error),
            **context,
        )
    shapes = profiles.commune_shapes(platform)
    short = {c.code for c in report.communes if c.shortage is not accessibility.Shortage.NONE}
    drawing = charts.choropleth(
        [
            charts.MapShape(c.code, f"{c.name} — {charts.number(c.access)}", shapes[c.code][1])
            for c in report.communes
            if c.code in shapes
        ],
        {c.code: c.access_class for c in report.communes},
        short,
        width=620,
        outside=[
            charts.MapShape(code, f"{name} — {outside_reform_label()}", shapes[code][1])
            for code, name in territories.outside_reform(platform).items()
            if code in shapes
        ],
    )
    return render_page(
        request,
        "access.html",
        report=report,
        error=None,
        drawing=drawing,
        legend=charts.legend(report.breaks, _("per 10,000")),
        outside_label=outside_reform_label(),
        **context,
    )


@router.get("/acces.csv")
@permission("public.read")
def access_csv(request: Request, form: Annotated[AccessForm, Depends()]) -> Response:
    return Response(
        accessibility.to_csv(form.compute(request)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="accessibilite-{form.term}.csv"'},
    )
