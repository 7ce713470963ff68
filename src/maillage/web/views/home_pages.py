"""« Mon espace »: where login lands; what the person has to do now, per role and territory."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from maillage.services import home
from maillage.web.menu import visible
from maillage.web.security import permission, person_of, platform_of
from maillage.web.templating import render_page

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def reader_home(request: Request) -> home.Home:
    """The reader's dashboard, keeping only the links they may open."""
    found = home.home(platform_of(request), person_of(request).id)
    panels = [
        replace(p, tasks=visible(request, p.tasks), links=visible(request, p.links))
        for p in found.panels
    ]
    return replace(found, panels=panels)


@router.get("/mon-espace")
@permission("account.self")
def my_space(request: Request) -> Any:
    return render_page(request, "my_space.html", home=reader_home(request))
