"""Authentication, CSRF and the one place where the policy table is enforced.

Every route declares a permission (``@permission("key", target="path_param")``); the
``authorize`` dependency, installed on the whole application, looks it up, resolves who
is asking (session cookie or API token), checks the CSRF token of unsafe requests made
with a cookie, and allows or refuses. A route without a declared permission is refused.

The login form needs a CSRF token before any session exists: it is a double-submit token
(a random value in a short-lived cookie and in the form, compared on submission), so an
anonymous visitor writes nothing on the server.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

from fastapi import Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from maillage.domain.access import POLICY, Audience, Grant, decide
from maillage.domain.actors import Actor, Asker
from maillage.domain.territory import Level
from maillage.errors import Forbidden, NotAuthenticated, UserError
from maillage.i18n import gettext as _
from maillage.services import accounts, sessions, territories
from maillage.services.accounts import Person
from maillage.services.platform import Platform
from maillage.services.sessions import WebSession

SESSION_COOKIE = "maillage_session"
LOGIN_COOKIE = "maillage_login"  # the login form's double-submit CSRF token
LOGIN_COOKIE_LIFETIME = timedelta(hours=2)
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
PERMISSION_ATTRIBUTE = "__maillage_permission__"
# Routes the framework adds itself: the OpenAPI description and the static files.
FRAMEWORK_PERMISSIONS = {"openapi": "public.read", "static": "public.read"}

Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])


@dataclass(frozen=True)
class Permission:
    key: str
    target: str | None = None  # name of the path parameter holding the territory code
    # The login form: also accepts the double-submit token of ``LOGIN_COOKIE`` (there is
    # no session yet) and refuses requests a browser marks as coming from another site.
    login_form: bool = False

    def __post_init__(self) -> None:
        if self.key not in POLICY:
            raise ValueError(f"permission {self.key!r} is not in the policy table")


def permission(
    key: str, target: str | None = None, login_form: bool = False
) -> Callable[[Endpoint], Endpoint]:
    def mark(endpoint: Endpoint) -> Endpoint:
        setattr(endpoint, PERMISSION_ATTRIBUTE, Permission(key, target, login_form))
        return endpoint

    return mark


def route_permission(route: Any) -> Permission | None:
    """The permission a route declares, or None (which the application refuses)."""
    endpoint = getattr(route, "endpoint", None)
    declared = getattr(endpoint, PERMISSION_ATTRIBUTE, None)
    if isinstance(declared, Permission):
        return declared
    name = getattr(route, "name", None)
    if name in FRAMEWORK_PERMISSIONS:
        return Permission(FRAMEWORK_PERMISSIONS[name])
    return None


@dataclass(frozen=True)
class Principal:
    person: Person | None
    via: str | None  # "session", "token" or None (anonymous)
    session: WebSession | None

    @property
    def grants(self) -> list[Grant] | None:
        return list(self.person.grants) if self.person else None

    def actor(self, request: Request) -> Actor:
        address = client_address(request)
        if self.person is None:
            return Actor(None, "anonyme", address)
        suffix = " (jeton)" if self.via == "token" else ""
        return Actor(self.person.id, self.person.email + suffix, address)


def person_of(request: Request) -> Person:
    """The logged-in person; routes that call this declare a permission needing one."""
    who = principal(request)
    if who.person is None:
        raise NotAuthenticated(_("Log in to do this."))
    return who.person


def asker(request: Request) -> Asker:
    """Who acts, for the needs flow: the audit actor, the person and their grants."""
    person = person_of(request)
    return Asker(principal(request).actor(request), person.id, person.display_name, person.grants)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "inconnue"


def platform_of(request: Request) -> Platform:
    platform: Platform = request.app.state.platform
    return platform


def principal(request: Request) -> Principal:
    cached = getattr(request.state, "principal", None)
    if isinstance(cached, Principal):
        return cached
    platform = platform_of(request)
    found = Principal(None, None, None)
    authorization = request.headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        person = accounts.person_for_token(platform, authorization[7:].strip())
        if person is None:
            raise NotAuthenticated(_("This API token is unknown, revoked or disabled."))
        found = Principal(person, "token", None)
    else:
        web_session = sessions.find_session(platform, request.cookies.get(SESSION_COOKIE))
        if web_session is not None:
            person = None
            if web_session.person_id is not None:
                candidate = accounts.get_person(platform, web_session.person_id)
                person = candidate if candidate.is_active else None
            found = Principal(person, "session" if person else None, web_session)
    request.state.principal = found
    return found


def allowed(request: Request, key: str, target: str | None = None) -> bool:
    """The policy's answer for the person asking, about *target* (a territory code)."""
    rule = POLICY[key]
    who = principal(request)
    if rule.audience is not Audience.SCOPED:
        return decide(rule, who.grants)
    platform = platform_of(request)
    return decide(rule, who.grants, target, lambda code: territories.ancestor_codes(platform, code))


def allowed_territories(request: Request, key: str, *levels: Level) -> list[tuple[str, str]]:
    """(code, name) of the territories of *levels* where the asker holds scoped *key*."""
    grants = principal(request).grants
    if not grants:
        return []
    return territories.covered(platform_of(request), grants, POLICY[key].roles, levels)


async def _submitted_csrf(request: Request) -> str:
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        try:
            form = await request.form()
        except Exception:  # a malformed body is refused below like a missing token
            return ""
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else ""
    return ""


def _cross_site(request: Request) -> bool:
    """Whether the browser marks the request as started by another site: by
    Sec-Fetch-Site, or, from browsers that do not send it, by an Origin naming another
    host than the one asked (the rule of Go's CrossOriginProtection)."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site not in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None:
        return False  # not a browser, or one too old to say: the token still decides
    return urlsplit(origin).netloc.lower() != request.headers.get("host", "").lower()


async def _check_csrf(request: Request, who: Principal, declared: Permission) -> None:
    """An unsafe request made with cookies carries its session's CSRF token, or, for the
    login form, the double-submit token of its login cookie."""
    expected = [who.session.csrf_token] if who.session else []
    if declared.login_form:
        if _cross_site(request):
            raise Forbidden(
                _(
                    "This login form was sent from another site: open the login "
                    "page of the platform and try again."
                )
            )
        expected.append(request.cookies.get(LOGIN_COOKIE, ""))
    submitted = await _submitted_csrf(request)
    # Compare with every candidate (no early exit) so the time taken tells nothing.
    matches = [
        secrets.compare_digest(token.encode(), submitted.encode()) for token in expected if token
    ]
    if not submitted or not any(matches):
        raise Forbidden(
            _("Missing or invalid security token (CSRF): reload the page and try again.")
        )


def _identify(request: Request) -> tuple[int, Principal]:
    """The request's memo ticket (the database's change counter, read once per request
    before anything else), then who is asking."""
    ticket = platform_of(request).observe()
    return ticket, principal(request)


async def authorize(request: Request) -> None:
    """Every database lookup runs in the thread pool, never on the event loop; only the
    CSRF token of a form is read here (an asynchronous read of the body, which the view
    then finds already parsed)."""
    route = request.scope.get("route")
    declared = route_permission(route)
    if declared is None:
        raise Forbidden(_("No access rule is declared for this address."))
    ticket, who = await run_in_threadpool(_identify, request)
    # Held in the request's own context, which the threads running its view copy.
    platform_of(request).memo.hold(ticket)
    if request.method in UNSAFE and who.via != "token":
        await _check_csrf(request, who, declared)
    if (
        who.via == "session"
        and who.person is not None
        and who.person.must_change_password
        and declared.key != "session.login"
        and request.url.path != PASSWORD_CHANGE_PATH
    ):
        if request.method == "GET" and not request.url.path.startswith("/api/"):
            raise PasswordChangeRequired()
        raise Forbidden(_("Change your temporary password first."))
    target = request.path_params.get(declared.target) if declared.target else None
    if POLICY[declared.key].audience is Audience.SCOPED:
        permitted = await run_in_threadpool(allowed, request, declared.key, target)
    else:
        permitted = allowed(request, declared.key, target)  # the grants alone decide
    if permitted:
        return
    if who.person is None:
        if request.method == "GET" and not request.url.path.startswith("/api/"):
            raise LoginRequired(request.url.path)
        raise NotAuthenticated(_("Log in to do this."))
    raise Forbidden(_("Your roles do not allow this here."))


class LoginRequired(UserError):
    """A page for logged-in people, asked for anonymously: go and log in first."""

    http_status = 303

    def __init__(self, path: str) -> None:
        super().__init__(_("Log in to see this page."))
        self.location = "/connexion?suivant=" + quote(path)

    def response(self) -> RedirectResponse:
        return RedirectResponse(self.location, status_code=303)


PASSWORD_CHANGE_PATH = "/compte/nouveau-mot-de-passe"


class PasswordChangeRequired(LoginRequired):
    """A temporary password is changed before anything else: every page leads there."""

    def __init__(self) -> None:
        UserError.__init__(self, _("Change your temporary password first."))
        self.location = PASSWORD_CHANGE_PATH


def set_session_cookie(request: Request, response: Any, web_session: WebSession) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        web_session.secret,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
        max_age=int(sessions.LIFETIME.total_seconds()),
    )


def begin_session(request: Request, person: Person, method: str, target: str) -> Any:
    """A new session for *person* (any earlier one is dropped), then go to *target*."""
    actor = Actor(person.id, person.email, client_address(request))
    new = sessions.login(
        platform_of(request),
        request.cookies.get(SESSION_COOKIE),
        person.id,
        person.credential_generation,
        actor,
        method,
    )
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(request, response, new)
    response.delete_cookie(LOGIN_COOKIE, path="/connexion")
    return response


def renew_session(request: Request, person: Person) -> None:
    """Go on with a new session under *person*'s new credential generation (after one's own
    password change ended every session); the page rendered next sets its cookie."""
    renewed = sessions.renew(
        platform_of(request),
        request.cookies.get(SESSION_COOKIE),
        person.id,
        person.credential_generation,
    )
    request.state.principal = Principal(person, "session", renewed)
    request.state.new_session = renewed


def login_form_token(request: Request) -> str:
    """The login form's CSRF token: the one of the visitor's login cookie if any (several
    tabs share it), else a new one; :func:`set_login_cookie` sends it back."""
    current = request.cookies.get(LOGIN_COOKIE, "")
    return (
        current if 32 <= len(current) <= 64 and current.isascii() else (secrets.token_urlsafe(32))
    )


def set_login_cookie(request: Request, response: Any, token: str, path: str = "/connexion") -> None:
    """HttpOnly, SameSite=Strict (never sent by a request another site starts), Secure over
    HTTPS, only for the login path (or the first administrator's), and short-lived."""
    response.set_cookie(
        LOGIN_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path=path,
        max_age=int(LOGIN_COOKIE_LIFETIME.total_seconds()),
    )


def ensure_session(request: Request) -> WebSession:
    """The visitor's session, opened if needed: only for a flow that must keep state on
    the server before login (the OpenID Connect start)."""
    who = principal(request)
    if who.session is not None:
        return who.session
    opened = sessions.open_session(platform_of(request))
    request.state.principal = Principal(who.person, who.via, opened)
    request.state.new_session = opened
    return opened


CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _value in headers}
                headers.extend(h for h in SECURITY_HEADERS if h[0] not in present)
                if scope.get("scheme") == "https":
                    headers.append((b"strict-transport-security", b"max-age=31536000"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)
