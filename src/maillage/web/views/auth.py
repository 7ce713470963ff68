"""Log in and out (local accounts; OpenID Connect when configured)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from maillage.errors import BadCredentials, TooManyAttempts
from maillage.services import accounts, sessions
from maillage.web.security import (
    SESSION_COOKIE,
    begin_session,
    client_address,
    login_form_token,
    permission,
    platform_of,
    principal,
    set_login_cookie,
)
from maillage.web.templating import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def safe_next(target: str | None) -> str:
    """Only local paths: never redirect to another site after login."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/mon-espace"


def _form(request: Request, status_code: int = 200, **context: Any) -> Any:
    """The login form with its double-submit CSRF token (cookie and field): nothing is
    written on the server for an anonymous visitor."""
    token = login_form_token(request)
    response = render(
        request.app.state.templates,
        request,
        "login.html",
        status_code=status_code,
        csrf_token=token,
        oidc=request.app.state.oidc,
        **context,
    )
    set_login_cookie(request, response, token)
    return response


@router.get("/connexion")
@permission("session.login")
def login_form(request: Request, suivant: str | None = None) -> Any:
    return _form(request, next=safe_next(suivant), error=None)


@router.post("/connexion")
@permission("session.login", login_form=True)
def login(
    request: Request,
    email: Annotated[str, Form(max_length=254)],
    password: Annotated[str, Form(max_length=1024)],
    suivant: Annotated[str, Form(max_length=500)] = "/mon-espace",
) -> Any:
    platform = platform_of(request)
    try:
        person = accounts.authenticate(platform, email, password, client_address(request))
    except (BadCredentials, TooManyAttempts) as error:
        return _form(
            request,
            status_code=error.http_status,
            next=safe_next(suivant),
            error=str(error),
            email=email,
        )
    return begin_session(request, person, "password", safe_next(suivant))


@router.post("/deconnexion")
@permission("session.login")
def logout(request: Request) -> Any:
    who = principal(request)
    sessions.close_session(
        platform_of(request), request.cookies.get(SESSION_COOKIE), who.actor(request)
    )
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
