"""``/api/v1``: who am I, territory sheets, people and roles, tokens, audit trail."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import JSONResponse, PlainTextResponse

from maillage.domain.access import Role
from maillage.domain.territory import ZoningKind
from maillage.services import (
    accounts,
    audit_trail,
    sectors,
    sheets,
    territories,
    zoning_upload,
    zonings,
)
from maillage.web import uploads
from maillage.web.api import schemas
from maillage.web.api.v1 import zoning_out
from maillage.web.params import RecordId, TerritoryCode
from maillage.web.security import allowed, permission, person_of, platform_of, principal

router = APIRouter(
    prefix="/api/v1",
    tags=["v1"],
    responses={
        400: {"model": schemas.ErrorOut},
        401: {"model": schemas.ErrorOut},
        403: {"model": schemas.ErrorOut},
        404: {"model": schemas.ErrorOut},
        409: {"model": schemas.ErrorOut},
        422: {"model": schemas.ErrorOut},
    },
)


@router.get("/me", response_model=schemas.MeOut)
@permission("account.self")
def me(request: Request) -> schemas.MeOut:
    """The account making the request; with a browser session, its CSRF token."""
    who = principal(request)
    person = person_of(request)
    return schemas.MeOut.model_validate(
        {
            **schemas.PersonOut.model_validate(person).model_dump(),
            "csrf_token": who.session.csrf_token if who.session else None,
        }
    )


@router.get("/territories/{code}/sheet", response_model=schemas.SheetOut)
@permission("public.read")
def get_sheet(request: Request, code: TerritoryCode) -> schemas.SheetOut:
    """A bassin or OLS sheet; the internal note only for members in scope."""
    internal = allowed(request, "territory_sheet.read_internal", code)
    sheet = sheets.get_sheet(platform_of(request), code, internal)
    return schemas.SheetOut.model_validate(sheet)


@router.put("/territories/{code}/sheet", response_model=schemas.SheetOut)
@permission("territory_sheet.update", target="code")
def put_sheet(request: Request, code: TerritoryCode, body: schemas.SheetIn) -> schemas.SheetOut:
    """Update a sheet from the version read; a stale version answers 409 with the changes."""
    values = body.model_dump(exclude={"version"}, exclude_none=True)
    sheet = sheets.update_sheet(
        platform_of(request), principal(request).actor(request), code, body.version, values
    )
    return schemas.SheetOut.model_validate(sheet)


@router.get("/people", response_model=list[schemas.PersonOut])
@permission("people.manage")
def list_people(request: Request) -> list[schemas.PersonOut]:
    return [schemas.PersonOut.model_validate(p) for p in accounts.list_people(platform_of(request))]


@router.post("/people", response_model=schemas.PersonOut, status_code=201)
@permission("people.manage")
def create_person(request: Request, body: schemas.PersonIn) -> schemas.PersonOut:
    person = accounts.create_person(
        platform_of(request),
        principal(request).actor(request),
        body.email,
        body.display_name,
        body.password,
    )
    return schemas.PersonOut.model_validate(person)


@router.get("/people/{person_id}", response_model=schemas.PersonOut)
@permission("people.manage")
def get_person(request: Request, person_id: RecordId) -> schemas.PersonOut:
    return schemas.PersonOut.model_validate(accounts.get_person(platform_of(request), person_id))


@router.patch("/people/{person_id}", response_model=schemas.PersonOut)
@permission("people.manage")
def update_person(
    request: Request, person_id: RecordId, body: schemas.PersonPatch
) -> schemas.PersonOut:
    person = accounts.update_person(
        platform_of(request),
        principal(request).actor(request),
        person_id,
        body.version,
        display_name=body.display_name,
        is_active=body.is_active,
    )
    return schemas.PersonOut.model_validate(person)


@router.post("/people/{person_id}/grants", response_model=schemas.PersonOut, status_code=201)
@permission("people.manage")
def grant_role(request: Request, person_id: RecordId, body: schemas.GrantOut) -> schemas.PersonOut:
    platform = platform_of(request)
    person = accounts.grant(
        platform,
        principal(request).actor(request),
        person_id,
        body.role,
        body.scope,
        territories.level_of(platform, body.scope),
    )
    return schemas.PersonOut.model_validate(person)


@router.delete("/people/{person_id}/grants/{role}/{scope}", response_model=schemas.PersonOut)
@permission("people.manage")
def revoke_role(
    request: Request, person_id: RecordId, role: Role, scope: TerritoryCode
) -> schemas.PersonOut:
    person = accounts.revoke(
        platform_of(request), principal(request).actor(request), person_id, role, scope
    )
    return schemas.PersonOut.model_validate(person)


@router.get("/tokens", response_model=list[schemas.TokenOut])
@permission("account.self")
def list_tokens(request: Request) -> list[schemas.TokenOut]:
    """One's own API tokens (never their secrets)."""
    return [
        schemas.TokenOut(**t.__dict__)
        for t in accounts.list_tokens(platform_of(request), person_of(request).id)
    ]


@router.post("/tokens", response_model=schemas.NewTokenOut, status_code=201)
@permission("account.self")
def create_token(request: Request, body: schemas.TokenIn) -> schemas.NewTokenOut:
    """A new token acting with one's roles; the secret is shown in this answer only."""
    token, secret = accounts.create_token(
        platform_of(request), principal(request).actor(request), person_of(request).id, body.name
    )
    return schemas.NewTokenOut(**token.__dict__, secret=secret)


@router.delete("/tokens/{token_id}", response_model=schemas.TokenOut)
@permission("account.self")
def revoke_token(request: Request, token_id: RecordId) -> schemas.TokenOut:
    token = accounts.revoke_token(
        platform_of(request),
        principal(request).actor(request),
        token_id,
        owner=person_of(request).id,
    )
    return schemas.TokenOut(**token.__dict__)


@router.post(
    "/zonings",
    response_model=schemas.ZoningOut,
    status_code=201,
    responses={200: {"model": schemas.ZoningPreviewOut, "description": "The dry run's preview."}},
)
@permission("zoning.manage")
def import_zoning(
    request: Request,
    file: Annotated[UploadFile, File()],
    name: Annotated[str, Form(min_length=1, max_length=200)],
    valid_from: Annotated[date, Form()],
    kind: Annotated[ZoningKind, Form()] = ZoningKind.DRAFT,
    activate: Annotated[bool, Form()] = False,
    dry_run: Annotated[bool, Form()] = False,
) -> Any:
    """Import a zoning file, CSV or XLSX (refnis,bassin_code,bassin_name,ols_code,ols_name).

    With ``dry_run`` nothing is stored: the answer (200) is the preview — counts,
    population ranges, non-contiguous bassins and the communes moving from the active
    zoning. ``activate`` makes the stored zoning the active one.
    """
    if kind is ZoningKind.PROPOSAL:
        kind = ZoningKind.DRAFT
    platform = platform_of(request)
    with uploads.saved(file, "decoupage.csv") as path:
        if dry_run:
            found = zoning_upload.preview_zoning(
                platform, path, name=name, valid_from=valid_from, kind=kind
            )
            return JSONResponse(
                schemas.ZoningPreviewOut.model_validate(found).model_dump(mode="json")
            )
        result = zonings.import_zoning(
            platform,
            path,
            name=name,
            valid_from=valid_from,
            kind=kind,
            activate_it=activate,
            actor=principal(request).actor(request),
        )
    return zoning_out(result.zoning)


@router.get("/sectors", response_model=schemas.SectorSummaryOut)
@permission("public.read")
def sector_summary(request: Request) -> schemas.SectorSummaryOut:
    """The statistical sectors loaded: counts, population years, provenance."""
    return schemas.SectorSummaryOut.model_validate(sectors.sector_summary(platform_of(request)))


@router.post("/sectors", response_model=schemas.SectorImportOut)
@permission("zoning.manage")
def import_sectors(
    request: Request,
    file: Annotated[UploadFile, File(description="Statbel's sector boundaries (GeoJSON).")],
    population: Annotated[
        UploadFile | None, File(description="Statbel's population by sector (CSV or text).")
    ] = None,
    year: Annotated[int | None, Form(ge=1990, le=2100)] = None,
) -> schemas.SectorImportOut:
    """Import Statbel statistical sectors, to split communes between bassins (see
    docs/data-sources.md); a file with any fault changes nothing."""
    with uploads.saved(file, "secteurs.geojson") as path:
        if population is None:
            result = sectors.import_sectors(
                platform_of(request), path, year=year, actor=principal(request).actor(request)
            )
        else:
            with uploads.saved(population, "population.txt") as counts:
                result = sectors.import_sectors(
                    platform_of(request),
                    path,
                    counts,
                    year=year,
                    actor=principal(request).actor(request),
                )
    return schemas.SectorImportOut.model_validate(result, from_attributes=True)


@router.post("/zonings/{zoning_ref}/activate", response_model=schemas.ZoningOut)
@permission("zoning.manage")
def activate_zoning(
    request: Request, zoning_ref: Annotated[str, Path(max_length=200)]
) -> schemas.ZoningOut:
    return zoning_out(
        zonings.activate(platform_of(request), zoning_ref, actor=principal(request).actor(request))
    )


@router.get("/audit", response_model=list[audit_trail.AuditEvent])
@permission("audit.read")
def audit_events(
    request: Request,
    actor: Annotated[str | None, Query(max_length=254)] = None,
    action: Annotated[str | None, Query(max_length=16)] = None,
    entity: Annotated[str | None, Query(max_length=64)] = None,
    entity_id: Annotated[str | None, Query(max_length=64)] = None,
    since: date | None = None,
    until: date | None = None,
    before_id: RecordId | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    format: Annotated[str, Query(pattern="^(json|csv)$")] = "json",
) -> Any:
    """The audit trail, newest first; ``format=csv`` exports every matching event."""
    wanted = audit_trail.AuditFilter(actor, action, entity, entity_id, since, until)
    platform = platform_of(request)
    if format == "csv":
        return PlainTextResponse(
            audit_trail.export(platform, wanted, "csv"), media_type="text/csv; charset=utf-8"
        )
    return audit_trail.events(platform, wanted, limit, before_id)
