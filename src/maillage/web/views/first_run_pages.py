"""First run and temporary passwords: the one-time page creating the first administrator,
and the forced change of a temporary password before anything else."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from maillage.errors import UserError
from maillage.services import accounts, first_run
from maillage.web.security import (
    PASSWORD_CHANGE_PATH,
    begin_session,
    login_form_token,
    permission,
    person_of,
    platform_of,
    principal,
    renew_session,
    set_login_cookie,
    set_session_cookie,
)
from maillage.web.templating import render_page

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

HOME = "/mon-espace"
LinkSecret = Annotated[str, Path(min_length=20, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


@router.get(first_run.PATH + "{secret}")
@permission("session.login")
def first_administrator_form(request: Request, secret: LinkSecret) -> Any:
    first_run.check_link(platform_of(request), secret)
    return _form(request, secret)


def _form(request: Request, secret: str, status_code: int = 200, **context: Any) -> Any:
    """The form with a double-submit CSRF token, as the login form (no session yet)."""
    token = login_form_token(request)
    response = render_page(
        request,
        "first_administrator.html",
        status_code=status_code,
        secret=secret,
        csrf_token=token,
        **context,
    )
    set_login_cookie(request, response, token, path=first_run.PATH)
    return response


@router.post(first_run.PATH + "{secret}")
@permission("session.login", login_form=True)
def create_first_administrator(
    request: Request,
    secret: LinkSecret,
    email: Annotated[str, Form(max_length=254)],
    display_name: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1024)],
) -> Any:
    platform = platform_of(request)
    try:
        person = first_run.create_administrator(
            platform, principal(request).actor(request), secret, email, display_name, password
        )
    except UserError as error:
        first_run.check_link(platform, secret)  # a dead link answers 404, not the form
        return _form(
            request,
            secret,
            status_code=error.http_status,
            error=str(error),
            email=email,
            display_name=display_name,
        )
    return begin_session(request, person, "password", HOME)


@router.get(PASSWORD_CHANGE_PATH)
@permission("account.self")
def temporary_password_form(request: Request) -> Any:
    return render_page(request, "password_change.html", error=None)


@router.post(PASSWORD_CHANGE_PATH)
@permission("account.self")
def replace_temporary_password(
    request: Request,
    current: Annotated[str, Form(max_length=1024)],
    new: Annotated[str, Form(max_length=1024)],
) -> Any:
    me = person_of(request)
    try:
        changed = accounts.change_password(
            platform_of(request), principal(request).actor(request), me.id, current, new
        )
    except UserError as error:
        return render_page(
            request, "password_change.html", status_code=error.http_status, error=str(error)
        )
    renew_session(request, changed)  # every session ended: this one goes on under a new one
    response = RedirectResponse(HOME, status_code=303)
    set_session_cookie(request, response, request.state.new_session)
    return response
