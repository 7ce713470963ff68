"""« Mon compte »: one's name, roles, password and API tokens."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from maillage.errors import UserError
from maillage.services import accounts
from maillage.web.params import FormVersion, RecordId
from maillage.web.security import (
    permission,
    person_of,
    platform_of,
    principal,
    renew_session,
)
from maillage.web.templating import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def _page(request: Request, status_code: int = 200, **context: Any) -> Any:
    person = accounts.get_person(platform_of(request), person_of(request).id)
    tokens = accounts.list_tokens(platform_of(request), person.id)
    return render(
        request.app.state.templates,
        request,
        "account.html",
        status_code=status_code,
        person=person,
        tokens=tokens,
        **context,
    )


@router.get("/compte")
@permission("account.self")
def account(request: Request) -> Any:
    return _page(request)


@router.post("/compte")
@permission("account.self")
def update_account(
    request: Request, display_name: Annotated[str, Form(max_length=200)], version: FormVersion
) -> Any:
    who = principal(request)
    me = person_of(request)
    try:
        accounts.update_person(
            platform_of(request), who.actor(request), me.id, version, display_name=display_name
        )
    except UserError as error:
        return _page(request, status_code=error.http_status, error=str(error))
    return RedirectResponse("/compte", status_code=303)


@router.post("/compte/mot-de-passe")
@permission("account.self")
def change_password(
    request: Request,
    current: Annotated[str, Form(max_length=1024)],
    new: Annotated[str, Form(max_length=1024)],
) -> Any:
    who = principal(request)
    me = person_of(request)
    try:
        changed = accounts.change_password(
            platform_of(request), who.actor(request), me.id, current, new
        )
    except UserError as error:
        return _page(request, status_code=error.http_status, error=str(error))
    # Every session of the account ended, this one too: it goes on under a new one.
    renew_session(request, changed)
    return _page(request, message="password_changed")


@router.post("/compte/jetons")
@permission("account.self")
def create_token(request: Request, name: Annotated[str, Form(max_length=100)]) -> Any:
    who = principal(request)
    me = person_of(request)
    try:
        _token, secret = accounts.create_token(
            platform_of(request), who.actor(request), me.id, name
        )
    except UserError as error:
        return _page(request, status_code=error.http_status, error=str(error))
    return _page(request, new_secret=secret)


@router.post("/compte/jetons/{token_id}/revoquer")
@permission("account.self")
def revoke_token(request: Request, token_id: RecordId) -> Any:
    who = principal(request)
    me = person_of(request)
    accounts.revoke_token(platform_of(request), who.actor(request), token_id, owner=me.id)
    return RedirectResponse("/compte", status_code=303)
