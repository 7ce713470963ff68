"""Conditional answers: a document sent with its version tag (ETag) is not sent again to
a client that already holds that version (304 Not Modified)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request, Response
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

# Kept by the browser but asked again each time: the tag says whether it is still current.
REVALIDATE = "private, no-cache"


def holds(request: Request, tag: str) -> bool:
    """Whether the client's If-None-Match names *tag* (weak comparison, as for a GET)."""
    wanted = request.headers.get("if-none-match", "")
    if wanted.strip() == "*":
        return True
    bare = tag.removeprefix("W/")
    return any(t.strip().removeprefix("W/") == bare for t in wanted.split(","))


def tagged_json(request: Request, tag: str | None, build: Callable[[], Any]) -> Response:
    """*build()*'s JSON with its tag, or a bodiless 304 when the client holds it; without
    a tag (the version could not be read) the answer is not kept at all."""
    if tag is None:
        return JSONResponse(build(), headers={"Cache-Control": "no-store"})
    headers = {"ETag": tag, "Cache-Control": REVALIDATE}
    if holds(request, tag):
        return Response(status_code=304, headers=headers)
    return JSONResponse(build(), headers=headers)


class StaticAssets(StaticFiles):
    """The vendored scripts, styles and images, with their ETag (Starlette's) and a short
    lifetime: kept an hour, then revalidated, so an upgrade is seen within the hour."""

    def file_response(self, *args: Any, **kwargs: Any) -> Response:
        response = super().file_response(*args, **kwargs)
        response.headers.setdefault("Cache-Control", "public, max-age=3600")
        return response
