"""One place turns errors into answers: JSON under /api, a French page elsewhere."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from maillage.errors import DatabaseBusy, DataFileError, UserError
from maillage.i18n import gettext as _
from maillage.web.security import LoginRequired
from maillage.web.templating import render

log = logging.getLogger(__name__)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path.endswith(".json")


def _answer(request: Request, status: int, kind: str, message: str,
            details: list[str] | None = None,
            headers: dict[str, str] | None = None) -> Response:
    page: Response
    if _wants_json(request):
        error: dict[str, object] = {"type": kind, "message": message}
        if details:
            error["details"] = details
        page = JSONResponse({"error": error}, status_code=status)
    else:
        page = render(request.app.state.templates, request, "error.html",
                      status_code=status, status=status, message=message,
                      details=details or [])
    page.headers.update(headers or {})
    return page


def install(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, error: LoginRequired) -> Response:
        return error.response()

    @app.exception_handler(UserError)
    async def user_error(request: Request, error: UserError) -> Response:
        headers = ({"Retry-After": str(error.retry_after)}
                   if isinstance(error, DatabaseBusy) else None)
        if isinstance(error, DataFileError):  # the same lines as the CLI prints, listed
            return _answer(request, error.http_status, type(error).__name__,
                           _("The file was refused; nothing it contained was saved."),
                           error.lines)
        return _answer(request, error.http_status, type(error).__name__, str(error),
                       headers=headers)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        if error.status_code == 404:
            message = _("This page does not exist.")
        elif error.status_code == 405:
            message = _("This method is not allowed here.")
        else:
            message = str(error.detail)
        return _answer(request, error.status_code, "HTTPException", message)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        details = [
            _("{where}: {message}").format(
                where=".".join(str(part) for part in e.get("loc", ())), message=e.get("msg", ""))
            for e in error.errors()
        ]
        return _answer(request, 422, "ValidationError", _("The request is not valid."), details)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return _answer(request, 500, "InternalError",
                       _("An unexpected error occurred; it has been logged."))
