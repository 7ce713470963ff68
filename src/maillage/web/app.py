"""The FastAPI application factory."""

from __future__ import annotations

from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.middleware.gzip import GZipMiddleware

from maillage import __version__
from maillage.services.platform import Platform
from maillage.settings import Settings
from maillage.web import errors, oidc
from maillage.web.api import (
    accounts_api,
    analysis_api,
    architecture_api,
    bassin_drafts_api,
    directory_api,
    directory_records_api,
    home_api,
    indicators_api,
    layers_api,
    learning_api,
    needs_api,
    uploads_api,
    v1,
)
from maillage.web.caching import StaticAssets
from maillage.web.forwarded import ForwardedHeadersMiddleware
from maillage.web.i18n import LanguageMiddleware
from maillage.web.security import SecurityHeadersMiddleware, authorize
from maillage.web.templating import make_templates
from maillage.web.views import (
    account,
    admin,
    analysis_pages,
    architecture_pages,
    auth,
    bassin_draft_pages,
    concertation_pages,
    directory_pages,
    directory_record_pages,
    directory_upload_pages,
    first_run_pages,
    home_pages,
    indicator_upload_pages,
    layer_pages,
    learning_pages,
    needs_pages,
    pages,
    performance_pages,
    plan_pages,
    profile_pages,
    sector_pages,
    zoning_proposal_pages,
    zoning_upload_pages,
)

STATIC = Path(__file__).parent / "static"
COMPRESS_FROM = 1024  # bytes: below this, gzip's header costs more than it saves
COMPRESS_LEVEL = 6  # zlib's default: level 9 gains ~2 % for twice the time (a 16 MB export)


def create_app(platform: Platform | None = None) -> FastAPI:
    platform = platform or Platform.open(Settings.from_env())
    app = FastAPI(
        title="maillage API",
        version=__version__,
        description="Territoires de la première ligne social-santé en Wallonie "
        "(communes, bassins de vie, OLS), leurs données de référence, les comptes et le "
        "journal d'audit. Requêtes non sûres avec la session du navigateur : en-tête "
        "X-CSRF-Token (voir /api/v1/me) ; clients machines : Authorization: Bearer <jeton>.",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(authorize)],
    )
    app.state.platform = platform
    app.state.templates = make_templates()
    app.state.oidc = oidc.OidcClient.from_settings(platform.settings)
    app.mount("/static", StaticAssets(directory=STATIC), name="static")
    for router in (
        v1.router,
        directory_api.router,
        directory_records_api.router,
        indicators_api.router,
        accounts_api.router,
        home_api.router,
        pages.router,
        directory_record_pages.router,  # before /repertoire/services/{id}
        directory_pages.router,
        profile_pages.router,
        analysis_pages.router,
        analysis_api.router,
        needs_api.router,
        needs_pages.router,
        concertation_pages.router,
        plan_pages.router,
        learning_api.router,
        learning_pages.router,
        performance_pages.router,
        architecture_api.router,
        architecture_pages.router,
        layers_api.router,
        layer_pages.router,
        sector_pages.router,
        bassin_drafts_api.router,
        bassin_draft_pages.router,
        zoning_upload_pages.router,
        uploads_api.router,
        indicator_upload_pages.router,
        directory_upload_pages.router,
        zoning_proposal_pages.router,
        auth.router,
        first_run_pages.router,
        home_pages.router,
        account.router,
        admin.router,
        oidc.router,
    ):
        app.include_router(router)
    errors.install(app)
    # From the innermost: the language of the request, then the answer to any error the
    # handlers left (so that it too goes through), then the security headers of every answer.
    app.add_middleware(LanguageMiddleware, default=platform.settings.language)
    app.add_middleware(errors.ErrorAnswers, default_language=platform.settings.language)
    app.add_middleware(SecurityHeadersMiddleware)
    # Answers of 1 KB or more compressed for clients that accept gzip (the map, pages).
    app.add_middleware(GZipMiddleware, minimum_size=COMPRESS_FROM, compresslevel=COMPRESS_LEVEL)
    # Outermost: everything inside sees the client and scheme a trusted proxy reported.
    app.add_middleware(ForwardedHeadersMiddleware, trusted=platform.settings.trusted_proxies)
    return app
