"""Administration: people, their roles, and the audit trail."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse

from maillage.domain.access import Role
from maillage.errors import UserError
from maillage.services import accounts, audit_text, audit_trail, territories
from maillage.web.params import FormVersion, RecordId
from maillage.web.security import permission, platform_of, principal
from maillage.web.templating import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def _people(request: Request, status_code: int = 200, **context: Any) -> Any:
    return render(
        request.app.state.templates,
        request,
        "admin_people.html",
        status_code=status_code,
        people=accounts.list_people(platform_of(request)),
        **context,
    )


def _person(request: Request, person_id: int, status_code: int = 200, **context: Any) -> Any:
    platform = platform_of(request)
    return render(
        request.app.state.templates,
        request,
        "admin_person.html",
        status_code=status_code,
        person=accounts.get_person(platform, person_id),
        roles=list(Role),
        tokens=accounts.list_tokens(platform, person_id),
        **context,
    )


@router.get("/admin/personnes")
@permission("people.manage")
def people(request: Request) -> Any:
    return _people(request)


@router.post("/admin/personnes")
@permission("people.manage")
def create_person(
    request: Request,
    email: Annotated[str, Form(max_length=254)],
    display_name: Annotated[str, Form(max_length=200)],
) -> Any:
    platform = platform_of(request)
    actor = principal(request).actor(request)
    try:
        person = accounts.create_person(platform, actor, email, display_name)
        password = accounts.reset_password(platform, actor, person.id)
    except UserError as error:
        return _people(request, status_code=error.http_status, error=str(error))
    return _person(request, person.id, new_password=password)


@router.get("/admin/personnes/{person_id}")
@permission("people.manage")
def person(request: Request, person_id: RecordId) -> Any:
    return _person(request, person_id)


@router.post("/admin/personnes/{person_id}")
@permission("people.manage")
def update_person(
    request: Request,
    person_id: RecordId,
    display_name: Annotated[str, Form(max_length=200)],
    version: FormVersion,
    is_active: Annotated[str, Form(max_length=5)] = "",
) -> Any:
    try:
        accounts.update_person(
            platform_of(request),
            principal(request).actor(request),
            person_id,
            version,
            display_name=display_name,
            is_active=is_active == "on",
        )
    except UserError as error:
        return _person(request, person_id, status_code=error.http_status, error=str(error))
    return RedirectResponse(f"/admin/personnes/{person_id}", status_code=303)


@router.post("/admin/personnes/{person_id}/roles")
@permission("people.manage")
def grant_role(
    request: Request,
    person_id: RecordId,
    role: Annotated[Role, Form()],
    scope: Annotated[str, Form(max_length=24)],
) -> Any:
    platform = platform_of(request)
    try:
        accounts.grant(
            platform,
            principal(request).actor(request),
            person_id,
            role,
            scope.strip(),
            territories.level_of(platform, scope.strip()),
        )
    except UserError as error:
        return _person(request, person_id, status_code=error.http_status, error=str(error))
    return RedirectResponse(f"/admin/personnes/{person_id}", status_code=303)


@router.post("/admin/personnes/{person_id}/roles/retirer")
@permission("people.manage")
def revoke_role(
    request: Request,
    person_id: RecordId,
    role: Annotated[Role, Form()],
    scope: Annotated[str, Form(max_length=24)],
) -> Any:
    try:
        accounts.revoke(
            platform_of(request), principal(request).actor(request), person_id, role, scope
        )
    except UserError as error:
        return _person(request, person_id, status_code=error.http_status, error=str(error))
    return RedirectResponse(f"/admin/personnes/{person_id}", status_code=303)


@router.post("/admin/personnes/{person_id}/mot-de-passe")
@permission("people.manage")
def reset_password(request: Request, person_id: RecordId) -> Any:
    password = accounts.reset_password(
        platform_of(request), principal(request).actor(request), person_id
    )
    return _person(request, person_id, new_password=password)


def _filter(
    actor: str | None,
    action: str | None,
    entity: str | None,
    since: date | None,
    until: date | None,
) -> audit_trail.AuditFilter:
    return audit_trail.AuditFilter(
        actor=actor or None, action=action or None, entity=entity or None, since=since, until=until
    )


AuditText = Annotated[str | None, Query(max_length=254)]


@router.get("/admin/journal")
@permission("audit.read")
def audit_page(
    request: Request,
    actor: AuditText = None,
    action: AuditText = None,
    entity: AuditText = None,
    since: date | None = None,
    until: date | None = None,
    avant: RecordId | None = None,
) -> Any:
    wanted = _filter(actor, action, entity, since, until)
    rows = audit_trail.events(platform_of(request), wanted, limit=100, before_id=avant)
    return render(
        request.app.state.templates,
        request,
        "admin_audit.html",
        events=rows,
        actions=audit_text.action_labels(),
        wanted=wanted,
        query=request.url.query,
    )


@router.get("/admin/journal.{fmt}")
@permission("audit.read")
def audit_export(
    request: Request,
    fmt: Annotated[str, Path(pattern="^(csv|json)$")],
    actor: AuditText = None,
    action: AuditText = None,
    entity: AuditText = None,
    since: date | None = None,
    until: date | None = None,
) -> Any:
    text = audit_trail.export(
        platform_of(request), _filter(actor, action, entity, since, until), fmt
    )
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    return PlainTextResponse(
        text,
        media_type=media,
        headers={"content-disposition": f'attachment; filename="journal-audit.{fmt}"'},
    )
