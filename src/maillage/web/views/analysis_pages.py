"""Pages of offer-versus-need analysis: budget simulations (and, next, accessibility)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from maillage.analysis.allocation import OLS_TRANSITIONAL_2025, Method
from maillage.domain.territory import Level
from maillage.errors import UserError
from maillage.services import allocation, indicators
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
