"""Pages of territory profiles (also as PDF), ad-hoc territories and warm observations."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from maillage.domain.territory import Level, outside_reform_label
from maillage.errors import UserError
from maillage.i18n import gettext as _
from maillage.services import directory, fields, observations, profiles, territories
from maillage.services.observations import Origin
from maillage.services.profiles import Profile
from maillage.web import charts
from maillage.web.api.schemas import ObservationFields
from maillage.web.params import DayText, FormVersion, RecordId, TerritoryCode
from maillage.web.pdf import pdf_response
from maillage.web.security import allowed, permission, platform_of, principal
from maillage.web.templating import render_page

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

MapIndicator = Annotated[
    str | None, Query(alias="carte", max_length=64, pattern=r"^[a-z0-9][a-z0-9_.-]*$")
]
Communes = Annotated[list[str] | None, Query(max_length=300)]


def _reading(request: Request) -> tuple[bool, bool]:
    """(public, internal): whether small numbers are hidden, and internal notes shown."""
    return (
        not allowed(request, "indicator.read_small_numbers"),
        allowed(request, "observation.read_internal"),
    )


def _chart_context() -> dict[str, Any]:
    return {
        "spine": charts.spine,
        "comparison_key": charts.comparison_key,
        "trend": charts.trend,
        "pyramid": charts.pyramid,
        "chart_number": charts.number,
        "chart_legend": charts.legend,
        "choropleth": lambda m: charts.choropleth(
            [charts.MapShape(code, name, geometry) for code, name, geometry in m.shapes],
            m.classes,
            m.highlight,
            outside=[charts.MapShape(code, name, geometry) for code, name, geometry in m.outside],
        ),
        "outside_label": outside_reform_label(),
    }


@router.get("/profils")
@permission("public.read")
def profile_index(request: Request, error: str | None = None) -> Any:
    platform = platform_of(request)
    ols = territories.list_territories(platform, Level.OLS)
    bassins = territories.list_territories(platform, Level.BASSIN)
    communes = sorted(
        ((t.code, t.name) for t, _p in territories.list_territories(platform, Level.COMMUNE).items),
        key=lambda item: item[1],
    )
    return render_page(
        request,
        "profiles.html",
        status_code=422 if error else 200,
        ols=ols,
        bassins=bassins,
        communes=communes,
        error=error,
        zoning=ols.zoning,
    )


def _adhoc_codes(request: Request, communes: list[str] | None, liste: str) -> list[str]:
    text = ",".join([*(communes or []), liste])
    return profiles.parse_communes(platform_of(request), text)


@router.get("/profils/sur-mesure")
@permission("public.read")
def adhoc_page(
    request: Request,
    communes: Communes = None,
    liste: Annotated[str, Query(max_length=5000)] = "",
    carte: MapIndicator = None,
) -> Any:
    try:
        codes = _adhoc_codes(request, communes, liste)
    except UserError as error:
        return profile_index(request, str(error))
    if liste:  # a pasted list becomes a clean, shareable address
        query = urlencode([("communes", c) for c in codes] + ([("carte", carte)] if carte else []))
        return RedirectResponse(f"/profils/sur-mesure?{query}", status_code=303)
    public, internal = _reading(request)
    found = profiles.adhoc_profile(
        platform_of(request), codes, public=public, internal=internal, map_indicator=carte
    )
    query = urlencode([("communes", c) for c in codes])
    return _render(request, found, f"/profils/sur-mesure/pdf?{query}", codes)


@router.get("/profils/sur-mesure/pdf")
@permission("public.read")
def adhoc_pdf(
    request: Request,
    communes: Communes = None,
    carte: MapIndicator = None,
) -> Any:
    codes = _adhoc_codes(request, communes, "")
    public, internal = _reading(request)
    found = profiles.adhoc_profile(
        platform_of(request), codes, public=public, internal=internal, map_indicator=carte
    )
    return _pdf(request, found, "profil-sur-mesure.pdf")


@router.get("/profils/{code}")
@permission("public.read")
def profile_page(request: Request, code: TerritoryCode, carte: MapIndicator = None) -> Any:
    public, internal = _reading(request)
    found = profiles.profile(
        platform_of(request), code, public=public, internal=internal, map_indicator=carte
    )
    suffix = f"?carte={carte}" if carte else ""
    return _render(request, found, f"/profils/{code}/pdf{suffix}", [])


@router.get("/profils/{code}/pdf")
@permission("public.read")
def profile_pdf(request: Request, code: TerritoryCode, carte: MapIndicator = None) -> Any:
    public, internal = _reading(request)
    found = profiles.profile(
        platform_of(request), code, public=public, internal=internal, map_indicator=carte
    )
    return _pdf(request, found, f"profil-{code}.pdf")


def _render(
    request: Request,
    found: Profile,
    pdf_url: str,
    adhoc_codes: list[str],
    status_code: int = 200,
    **extra: Any,
) -> Any:
    platform = platform_of(request)
    can_write = found.level is not None and allowed(request, "observation.write", found.code)
    sectors = directory.sectors(platform) if can_write else []
    return render_page(
        request,
        "profile.html",
        status_code=status_code,
        p=found,
        pdf_url=pdf_url,
        adhoc_codes=adhoc_codes,
        can_write=can_write,
        origins=list(Origin),
        sectors=sectors,
        today=date.today().isoformat(),
        **_chart_context(),
        **extra,
    )


def _pdf(request: Request, found: Profile, filename: str) -> Response:
    return pdf_response(
        request, "profile_pdf.html", filename, p=found, can_write=False, **_chart_context()
    )


class ObservationForm(ObservationFields):
    """The page's form: the date as typed, so that a wrong one comes back explained."""

    observed_on: DayText


@router.post("/profils/{code}/observations")
@permission("observation.write", target="code")
def observation_add(
    request: Request,
    code: TerritoryCode,
    form: Annotated[ObservationForm, Form()],
) -> Any:
    platform = platform_of(request)
    who = principal(request)
    try:
        observations.add(
            platform,
            who.actor(request),
            code,
            form.text,
            fields.required_day(form.observed_on, _("date")),
            form.origin,
            form.themes,
            form.indicator_id,
            form.is_public,
            who.person.display_name if who.person else "",
        )
    except UserError as error:
        public, internal = _reading(request)
        found = profiles.profile(platform, code, public=public, internal=internal)
        return _render(
            request,
            found,
            f"/profils/{code}/pdf",
            [],
            status_code=error.http_status,
            observation_error=str(error),
            submitted={"text": form.text, "observed_on": form.observed_on},
        )
    return RedirectResponse(f"/profils/{code}#observations", status_code=303)


@router.post("/profils/{code}/observations/{observation_id}/retrait")
@permission("observation.write", target="code")
def observation_withdraw(
    request: Request, code: TerritoryCode, observation_id: RecordId, version: FormVersion
) -> Any:
    observations.withdraw(
        platform_of(request), principal(request).actor(request), code, observation_id, version
    )
    return RedirectResponse(f"/profils/{code}#observations", status_code=303)
