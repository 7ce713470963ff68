"""GET /api/v1/me/home: the JSON twin of « Mon espace »."""

from __future__ import annotations

from fastapi import APIRouter, Request

from maillage.services import home
from maillage.web.security import permission
from maillage.web.views.home_pages import reader_home

router = APIRouter(prefix="/api/v1", tags=["accounts"])


@router.get("/me/home", summary="What the logged-in person has to do now, per role")
@permission("account.self")
def my_home(request: Request) -> home.Home:
    return reader_home(request)
