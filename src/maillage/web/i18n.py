"""Which language a request is answered in: ?lang=, then the cookie, then the browser."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from maillage.i18n import language, offered_languages

LANGUAGE_COOKIE = "maillage_lang"


def negotiate(query: str, cookie: str | None, accept: str, default: str) -> str:
    offered = offered_languages()
    for part in query.split("&"):
        key, _, value = part.partition("=")
        if key == "lang" and value in offered:
            return value
    if cookie in offered:
        return str(cookie)
    for item in accept.split(","):
        tag = item.split(";")[0].strip().lower()[:2]
        if tag in offered:
            return tag
    return default


class LanguageMiddleware:
    def __init__(self, app: ASGIApp, default: str) -> None:
        self.app = app
        self.default = default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        cookies = {}
        for chunk in headers.get("cookie", "").split(";"):
            name, _, value = chunk.strip().partition("=")
            cookies[name] = value
        chosen = negotiate(
            scope.get("query_string", b"").decode("latin-1"),
            cookies.get(LANGUAGE_COOKIE),
            headers.get("accept-language", ""),
            self.default,
        )
        scope.setdefault("state", {})["language"] = chosen
        with language(chosen):
            await self.app(scope, receive, send)
