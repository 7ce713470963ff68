"""Pages of the directory: search with list and map, a service, coverage, data quality,
and the orientation line."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from maillage.domain.orientation import CostLimit, Mobility, Outcome, Urgency
from maillage.domain.territory import Level
from maillage.errors import InvalidInput, UserError
from maillage.i18n import gettext as _
from maillage.services import (
    coverage,
    directory,
    directory_records,
    orientation,
    quality,
    territories,
)
from maillage.services.platform import Platform
from maillage.web.api.directory_api import Codes, ServiceId, search_request
from maillage.web.params import RecordId
from maillage.web.security import allowed, asker, permission, platform_of, principal
from maillage.web.templating import render_page

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

LANGUAGES = ("fr", "nl", "de", "en", "ar", "tr", "es", "it")


def choices(platform: Platform) -> dict[str, Any]:
    """Taxonomy and communes for the forms."""
    terms = directory.taxonomy(platform)
    communes = territories.list_territories(platform, Level.COMMUNE).items
    return {
        "sectors": [t for t in terms if t["kind"] == "sector"],
        "types": [t for t in terms if t["kind"] != "sector"],
        "communes": sorted(((t.code, t.name) for t, _p in communes), key=lambda c: c[1]),
        "languages": LANGUAGES,
    }


@router.get("/repertoire")
@permission("public.read")
def directory_page(
    request: Request,
    q: Annotated[str, Query(max_length=200)] = "",
    type: Codes = None,
    territoire: Annotated[str, Query(max_length=24)] = "",
    langue: Annotated[str, Query(max_length=8)] = "",
    cout: Annotated[str, Query(max_length=8)] = "",
    pmr: bool = False,
    ouvert: Annotated[str, Query(max_length=16)] = "",
    pres_de: Annotated[str, Query(max_length=5)] = "",
    rayon: Annotated[float, Query(gt=0, le=200)] = 10.0,
    page: Annotated[int, Query(ge=1, le=10000)] = 1,
    demo: Annotated[str, Query(max_length=3)] = "oui",
) -> Any:
    platform = platform_of(request)
    types = [t for t in type or [] if t]
    criteria = {
        "q": q,
        "type": types,
        "territoire": territoire,
        "langue": langue,
        "cout": cout,
        "pmr": pmr,
        "ouvert": ouvert,
        "pres_de": pres_de,
        "rayon": rayon,
        "demo": demo,
    }
    found, error = None, None
    try:
        open_at = datetime.fromisoformat(ouvert) if ouvert else None
        found = directory.search(
            platform,
            search_request(
                q,
                types,
                territoire,
                [langue] if langue else [],
                cout,
                pmr,
                open_at,
                pres_de,
                None,
                None,
                rayon,
                page,
                20,
                demo != "non",
            ),
            internal=allowed(request, "directory.read_internal"),
        )
    except ValueError:
        error = _("The opening time must look like 2026-11-23T10:00.")
    except UserError as failure:
        error = str(failure)
    return render_page(
        request,
        "directory.html",
        status_code=400 if error else 200,
        found=found,
        error=error,
        criteria=criteria,
        formats=directory.EXPORT_FORMATS,
        **choices(platform),
    )


@router.get("/repertoire/export")
@permission("public.read")
def directory_export(
    request: Request,
    format: Annotated[str, Query(max_length=16)] = "csv-excel",
    demo: Annotated[str, Query(max_length=3)] = "oui",
) -> Response:
    content = directory.export(platform_of(request), format, demo != "non")
    media_type, extension = directory.EXPORT_FORMATS[format]
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="repertoire.{extension}"'},
    )


@router.get("/repertoire/services/{service_id}")
@permission("public.read")
def service_page(request: Request, service_id: ServiceId) -> Any:
    platform = platform_of(request)
    hit, record = directory.service_record(
        platform, service_id, allowed(request, "directory.read_internal")
    )
    return render_page(
        request,
        "service.html",
        hit=hit,
        record=record,
        merged_into=quality.merged_into(platform, service_id),
        merges=quality.merges(platform, service_id),
        can_curate=allowed(request, "directory.curate"),
        can_edit=allowed(request, "directory.edit"),
        review=directory_records.review(platform, service_id),
    )


@router.post("/repertoire/services/{service_id}/verifie")
@permission("directory.curate")
def service_verified(request: Request, service_id: ServiceId) -> Any:
    """A curator of the record's territory checked it today (``verify`` says who)."""
    directory_records.verify(platform_of(request), asker(request), service_id)
    back = (
        "/repertoire/qualite#a-verifier" if "qualite" in request.headers.get("referer", "") else ""
    )
    return RedirectResponse(back or f"/repertoire/services/{service_id}", status_code=303)


@router.get("/repertoire/couverture")
@permission("public.read")
def coverage_page(
    request: Request,
    type: Annotated[str, Query(max_length=64)] = "medecin-generaliste",
    niveau: Annotated[Level, Query()] = Level.BASSIN,
) -> Any:
    platform = platform_of(request)
    result = coverage.coverage(platform, type, niveau)
    return render_page(request, "coverage.html", result=result, **choices(platform))


@router.get("/repertoire/couverture.csv")
@permission("public.read")
def coverage_csv(
    request: Request,
    type: Annotated[str, Query(max_length=64)] = "medecin-generaliste",
    niveau: Annotated[Level, Query()] = Level.BASSIN,
) -> Response:
    result = coverage.coverage(platform_of(request), type, niveau)
    return Response(
        coverage.to_csv(result),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="couverture-{type}-{niveau.value}.csv"'
        },
    )


@router.get("/repertoire/qualite")
@permission("directory.curate")
def quality_page(request: Request) -> Any:
    platform = platform_of(request)
    return render_page(
        request,
        "quality.html",
        sources=quality.sources(platform),
        pairs=quality.duplicates(platform, limit=100),
        merges=quality.merges(platform),
        awaiting=directory_records.awaiting(platform),
        clue_text=quality.clue_text,
    )


@router.post("/repertoire/fusions")
@permission("directory.curate")
def merge_records(
    request: Request,
    kept: Annotated[str, Form(max_length=64)],
    merged: Annotated[str, Form(max_length=64)],
    clues: Annotated[str, Form(max_length=400)] = "",
) -> Any:
    quality.merge(
        platform_of(request),
        principal(request).actor(request),
        kept,
        merged,
        [c for c in clues.split("|") if c],
    )
    return RedirectResponse("/repertoire/qualite#fusions", status_code=303)


@router.post("/repertoire/fusions/{merge_id}/annuler")
@permission("directory.curate")
def undo_merge(request: Request, merge_id: RecordId) -> Any:
    quality.undo_merge(platform_of(request), principal(request).actor(request), merge_id)
    return RedirectResponse("/repertoire/qualite#fusions", status_code=303)


@router.get("/orientation")
@permission("orientation.use")
def orientation_page(
    request: Request,
    besoin: Codes = None,
    commune: Annotated[str, Query(max_length=5)] = "",
    langue: Annotated[str, Query(max_length=8)] = "",
    mobilite: Annotated[str, Query(max_length=16)] = "",
    cout: Annotated[str, Query(max_length=8)] = "",
    urgence: Annotated[str, Query(max_length=16)] = "",
    pmr: bool = False,
    enregistre: RecordId | None = None,
) -> Any:
    platform = platform_of(request)
    needs = [n for n in besoin or [] if n]
    found, error = None, None
    if needs or commune:
        try:
            situation = orientation.situation_from(
                needs, commune, langue, mobilite, cout, urgence, pmr
            )
            found = orientation.suggest(platform, situation)
        except UserError as failure:
            error = str(failure)
    form = {
        "besoin": needs,
        "commune": commune,
        "langue": langue,
        "mobilite": mobilite or Mobility.PUBLIC_TRANSPORT.value,
        "cout": cout or CostLimit.ANY.value,
        "urgence": urgence or Urgency.THIS_WEEK.value,
        "pmr": pmr,
    }
    return render_page(
        request,
        "orientation.html",
        status_code=400 if error else 200,
        found=found,
        error=error,
        form=form,
        logged=enregistre,
        mobilities=list(Mobility),
        costs=list(CostLimit),
        urgencies=list(Urgency),
        outcomes=Outcome,
        **choices(platform),
    )


class OrientationForm(BaseModel):
    """The orientation page's log form, under the names of its search form (in French; the
    API's ``OrientationRequestIn`` carries the same in English)."""

    besoin: list[str] = Field(min_length=1, max_length=20)
    commune: str = Field(max_length=5)
    issue: str = Field(max_length=24)
    langue: str = Field("", max_length=8)
    mobilite: str = Field("", max_length=16)
    cout: str = Field("", max_length=8)
    urgence: str = Field("", max_length=16)
    pmr: bool = False
    correspondances: int = Field(0, ge=0, le=1000)
    service: str = Field("", max_length=64)


@router.post("/orientation/demandes")
@permission("orientation.use")
def orientation_log(request: Request, form: Annotated[OrientationForm, Form()]) -> Any:
    situation = orientation.situation_from(
        form.besoin, form.commune, form.langue, form.mobilite, form.cout, form.urgence, form.pmr
    )
    try:
        outcome = Outcome(form.issue)
    except ValueError as error:
        raise InvalidInput(_("Unknown outcome: {value}").format(value=form.issue)) from error
    number = orientation.record(
        platform_of(request),
        principal(request).actor(request),
        situation,
        outcome,
        form.correspondances,
        form.service or None,
    )
    return RedirectResponse(f"/orientation?enregistre={number}", status_code=303)


@router.get("/orientation/signaux")
@permission("orientation.signals")
def orientation_signals(request: Request) -> Any:
    return render_page(
        request,
        "orientation_signals.html",
        report=orientation.signals(platform_of(request)),
        outcomes=Outcome,
    )
