"""The FastAPI application factory."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from maillage import __version__
from maillage.services.platform import Platform
from maillage.settings import Settings
from maillage.web import errors
from maillage.web.api import v1
from maillage.web.i18n import LanguageMiddleware
from maillage.web.templating import make_templates
from maillage.web.views import pages

STATIC = Path(__file__).parent / "static"


def create_app(platform: Platform | None = None) -> FastAPI:
    platform = platform or Platform.open(Settings.from_env())
    app = FastAPI(
        title="maillage API",
        version=__version__,
        description="Territoires de la première ligne social-santé en Wallonie "
        "(communes, bassins de vie, OLS) et leurs données de référence.",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.platform = platform
    app.state.templates = make_templates()
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(v1.router)
    app.include_router(pages.router)
    errors.install(app)
    app.add_middleware(LanguageMiddleware, default=platform.settings.language)
    return app
