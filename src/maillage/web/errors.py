"""One place turns errors into answers: JSON under /api, a French page elsewhere.

Every answer, an error's included, goes through the same middlewares, so it carries the
same security headers. Expected errors (user errors, HTTP errors, invalid requests) are
answered by the handlers :func:`install` registers, inside the middlewares. An unexpected
error is answered by :class:`ErrorAnswers`, installed just inside
``SecurityHeadersMiddleware``: Starlette's own last resort, ``ServerErrorMiddleware``, sits
outside every middleware (its answer lacked the headers) and re-raised the error to the
server, which then dropped the keep-alive connection without a ``Connection: close``, so
the client's next request failed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from maillage.errors import DatabaseBusy, DataFileError, UserError, value_problem
from maillage.i18n import DEFAULT_LANGUAGE, language, ngettext
from maillage.i18n import gettext as _
from maillage.services.platform import is_busy
from maillage.web.security import LoginRequired
from maillage.web.templating import render

log = logging.getLogger(__name__)

# Where FastAPI locates a request's parts; problems there are the address's (400), the
# body's problems are its content's (422).
ADDRESS_PARTS = ("path", "query", "header", "cookie")


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path.endswith(".json")


def _answer(
    request: Request,
    status: int,
    kind: str,
    message: str,
    details: list[str] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    page: Response
    if _wants_json(request):
        error: dict[str, object] = {"type": kind, "message": message}
        if details:
            error["details"] = details
        page = JSONResponse({"error": error}, status_code=status)
    else:
        page = render(
            request.app.state.templates,
            request,
            "error.html",
            status_code=status,
            status=status,
            message=message,
            details=details or [],
        )
    page.headers.update(headers or {})
    return page


def user_error_answer(request: Request, error: UserError) -> Response:
    if isinstance(error, DataFileError):  # the same lines as the CLI prints, listed
        return _answer(
            request,
            error.http_status,
            type(error).__name__,
            _("The file was refused; nothing it contained was saved."),
            error.lines,
        )
    return _answer(request, error.http_status, type(error).__name__, str(error))


def parameter_name(location: Sequence[Any]) -> str:
    """``("path", "person_id")`` → ``person_id``; ``("body", "into")`` → ``into``."""
    parts = [str(p) for p in location]
    if parts and parts[0] in (*ADDRESS_PARTS, "body"):
        parts = parts[1:]
    return ".".join(parts) or _("request body")


def invalid_request_answer(request: Request, error: RequestValidationError) -> Response:
    """400 naming the parameters when the address is wrong (a path segment, a query
    parameter: an id out of the database's range…), 422 when only the body is."""
    errors = list(error.errors())
    names = list(dict.fromkeys(parameter_name(e.get("loc", ())) for e in errors))
    in_address = any(str(next(iter(e.get("loc", ())), "")) in ADDRESS_PARTS for e in errors)
    message = ngettext(
        "Invalid parameter: {names}.", "Invalid parameters: {names}.", len(names)
    ).format(names=", ".join(names))
    details = [
        _("{where}: {message}").format(
            where=parameter_name(e.get("loc", ())), message=value_problem(e)
        )
        for e in errors
    ]
    return _answer(request, 400 if in_address else 422, "ValidationError", message, details)


def unexpected_answer(request: Request, error: Exception) -> Response:
    """A lock wait that timed out is 503 wherever it was raised; anything else is a bug:
    logged with its traceback here, answered 500 without it."""
    if is_busy(error):
        return user_error_answer(request, DatabaseBusy())
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=error)
    try:
        page = _answer(
            request, 500, "InternalError", _("An unexpected error occurred; it has been logged.")
        )
    except Exception:  # the error page itself failed: say it plainly
        log.exception("the error page could not be rendered")
        page = PlainTextResponse(
            _("An unexpected error occurred; it has been logged."), status_code=500
        )
    # The client opens a new connection for its next request rather than reusing this one.
    page.headers["Connection"] = "close"
    return page


class ErrorAnswers:
    """Two rules for every answer, kept here so that no route can forget them.

    An error the handlers left is answered (500, or 503 for a lock wait that timed out)
    like any other answer, so that it goes through the outer middlewares (security
    headers), and is not re-raised: the server keeps serving, the error is logged once.
    A 503 says when to try again (``Retry-After``), whether it comes from the handlers or
    from a page that shows its form again with the message.
    """

    def __init__(self, app: ASGIApp, default_language: str = DEFAULT_LANGUAGE) -> None:
        self.app = app
        self.default_language = default_language

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                if message["status"] == 503 and not any(
                    name.lower() == b"retry-after" for name, _value in headers
                ):
                    headers.append((b"retry-after", str(DatabaseBusy.retry_after).encode()))
                    message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as error:
            if started:
                raise  # half an answer is out: only the server can end it, by closing
            with language(scope.get("state", {}).get("language", self.default_language)):
                answer = await run_in_threadpool(unexpected_answer, Request(scope, receive), error)
            await answer(scope, receive, watched)


def install(app: FastAPI) -> None:
    """The handlers are plain functions, which Starlette runs in its thread pool: an error
    page reads the database (who is asking) and its template, never on the event loop."""

    @app.exception_handler(LoginRequired)
    def login_required(request: Request, error: LoginRequired) -> Response:
        return error.response()

    @app.exception_handler(UserError)
    def user_error(request: Request, error: UserError) -> Response:
        return user_error_answer(request, error)

    @app.exception_handler(HTTPException)
    def http_error(request: Request, error: HTTPException) -> Response:
        if error.status_code == 404:
            message = _("This page does not exist.")
        elif error.status_code == 405:
            message = _("This method is not allowed here.")
        else:
            message = str(error.detail)
        return _answer(
            request, error.status_code, "HTTPException", message, headers=dict(error.headers or {})
        )

    @app.exception_handler(RequestValidationError)
    def invalid_request(request: Request, error: RequestValidationError) -> Response:
        return invalid_request_answer(request, error)
