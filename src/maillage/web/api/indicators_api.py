"""``/api/v1/indicators`` and warm observations: population health management data."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from maillage.domain.indicators import Estimate
from maillage.domain.territory import REGION_CODE, Level
from maillage.services import indicators, observations
from maillage.services.indicators import IndicatorSummary
from maillage.web.api import schemas
from maillage.web.params import TerritoryCode
from maillage.web.security import allowed, permission, platform_of, principal

router = APIRouter(
    prefix="/api/v1",
    tags=["indicators"],
    responses={
        400: {"model": schemas.ErrorOut},
        404: {"model": schemas.ErrorOut},
        422: {"model": schemas.ErrorOut},
    },
)

IndicatorId = Annotated[str, Path(max_length=64, pattern=r"^[a-z0-9][a-z0-9_.-]*$")]


def indicator_out(s: IndicatorSummary) -> schemas.IndicatorOut:
    i = s.indicator
    return schemas.IndicatorOut(
        id=i.id,
        name=i.name,
        definition=i.definition,
        kind=i.kind.value,
        polarity=i.polarity.value,
        unit=i.unit,
        multiplier=i.multiplier,
        numerator=i.numerator,
        denominator=i.denominator,
        source=i.source,
        licence=i.licence,
        years=i.years,
        level=i.level,
        caveats=i.caveats,
        theme=i.theme,
        is_demo=i.is_demo,
        age_standardised=i.age_standardised,
        standard_name=i.standard_name,
        standard_population=dict(i.standard_population),
        periods=s.periods,
        version=s.version,
    )


def value_out(
    code: str, name: str, level: Level, e: Estimate, note: str = ""
) -> schemas.IndicatorValueOut:
    return schemas.IndicatorValueOut(
        code=code,
        name=name,
        level=level,
        numerator=e.numerator,
        denominator=e.denominator,
        value=e.value,
        ci_low=e.interval.low if e.interval else None,
        ci_high=e.interval.high if e.interval else None,
        comparison=e.comparison.value,
        parent_comparison=e.parent_comparison.value,
        suppressed=e.suppressed,
        note=note,
    )


@router.get("/indicators", response_model=list[schemas.IndicatorOut])
@permission("public.read")
def list_indicators(request: Request) -> list[schemas.IndicatorOut]:
    """The indicator catalogue: definitions, sources, licences and loaded periods."""
    return [indicator_out(s) for s in indicators.list_indicators(platform_of(request))]


@router.get("/indicators/{indicator_id}", response_model=schemas.IndicatorOut)
@permission("public.read")
def get_indicator(request: Request, indicator_id: IndicatorId) -> schemas.IndicatorOut:
    return indicator_out(indicators.get_indicator(platform_of(request), indicator_id))


@router.get("/indicators/{indicator_id}/values", response_model=schemas.IndicatorValuesOut)
@permission("public.read")
def indicator_values(
    request: Request,
    indicator_id: IndicatorId,
    level: Annotated[Level, Query(description="commune, bassin, ols or region")] = Level.COMMUNE,
    period: Annotated[
        str | None,
        Query(max_length=16, pattern=r"^[0-9]{4}[0-9Q-]*$", description="The latest when omitted."),
    ] = None,
) -> schemas.IndicatorValuesOut:
    """Values of every territory of a level with 95 % intervals, compared with the region.

    ``region`` is the reform's region, always computed from its communes; ``whole_region``,
    when there is one, the whole Walloon Region (German-speaking Community included), as
    published or computed.

    Values resting on small numbers are suppressed for readers without the right to see
    them (the rule is given in ``small_number_rule``).
    """
    platform = platform_of(request)
    public = not allowed(request, "indicator.read_small_numbers")
    table = indicators.values(platform, indicator_id, level, period, public)
    summary = indicators.get_indicator(platform, indicator_id)
    return schemas.IndicatorValuesOut(
        indicator=indicator_out(summary),
        level=level,
        period=table.period,
        periods=table.periods,
        region=value_out(REGION_CODE, table.region_name, Level.REGION, table.region)
        if table.region
        else None,
        whole_region=schemas.WholeRegionValueOut(
            **value_out(
                REGION_CODE, table.whole_region.name, Level.REGION, table.whole_region.estimate
            ).model_dump(),
            published=table.whole_region.published,
        )
        if table.whole_region
        else None,
        small_number_rule=table.small_number_rule,
        values=[
            value_out(t.code, t.name, t.level, e, table.notes.get(t.code, ""))
            for t, e in table.rows
            if e is not None
        ],
        notes=table.notes,
    )


@router.get("/territories/{code}/observations", response_model=list[schemas.ObservationOut])
@permission("public.read")
def list_observations(request: Request, code: TerritoryCode) -> list[schemas.ObservationOut]:
    """Warm observations of a territory and of the territories it contains."""
    internal = allowed(request, "observation.read_internal")
    return [
        schemas.ObservationOut.model_validate(o)
        for o in observations.for_territory(platform_of(request), code, internal)
    ]


@router.post(
    "/territories/{code}/observations", response_model=schemas.ObservationOut, status_code=201
)
@permission("observation.write", target="code")
def add_observation(
    request: Request, code: TerritoryCode, body: schemas.ObservationIn
) -> schemas.ObservationOut:
    """Record an observation about a territory in one's scope."""
    who = principal(request)
    found = observations.add(
        platform_of(request),
        who.actor(request),
        code,
        body.text,
        body.observed_on,
        body.origin,
        body.themes,
        body.indicator_id,
        body.is_public,
        who.person.display_name if who.person else "",
    )
    return schemas.ObservationOut.model_validate(found)
