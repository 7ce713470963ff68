"""Optional login through a regional OpenID Connect provider (authorization code + PKCE).

Configured by the ``MAILLAGE_OIDC_*`` settings; absent settings leave only local accounts.
An identity logs into an existing account (matched by subject, or by verified e-mail the
first time); nobody gets an account just by having an identity.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

import httpx2
from authlib.integrations.httpx_client import OAuth2Client
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from maillage.domain.actors import Actor
from maillage.errors import BadCredentials, NotFound
from maillage.i18n import gettext as _
from maillage.services import accounts, sessions
from maillage.settings import Settings
from maillage.web.security import (
    SESSION_COOKIE,
    begin_session,
    client_address,
    ensure_session,
    permission,
    platform_of,
    set_session_cookie,
)

router = APIRouter(include_in_schema=False)
CALLBACK = "/connexion/oidc/retour"


@dataclass
class OidcClient:
    issuer: str
    client_id: str
    client_secret: str
    label: str
    _metadata: dict[str, Any] = field(default_factory=dict)
    _keys: KeySet | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> OidcClient | None:
        if not (settings.oidc_issuer and settings.oidc_client_id):
            return None
        return cls(
            settings.oidc_issuer.rstrip("/"),
            settings.oidc_client_id,
            settings.oidc_client_secret,
            settings.oidc_label,
        )

    def metadata(self) -> dict[str, Any]:
        if not self._metadata:
            response = httpx2.get(self.issuer + "/.well-known/openid-configuration", timeout=10)
            response.raise_for_status()
            self._metadata = response.json()
        return self._metadata

    def keys(self) -> KeySet:
        if self._keys is None:
            response = httpx2.get(self.metadata()["jwks_uri"], timeout=10)
            response.raise_for_status()
            self._keys = KeySet.import_key_set(response.json())
        return self._keys

    def client(self, redirect_uri: str) -> OAuth2Client:
        return OAuth2Client(
            self.client_id,
            self.client_secret,
            scope="openid email profile",
            redirect_uri=redirect_uri,
            code_challenge_method="S256",
            timeout=10,
        )

    def claims(self, id_token: str, nonce: str) -> dict[str, Any]:
        token = jwt.decode(id_token, self.keys())
        registry = jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": self.metadata().get("issuer", self.issuer)},
            aud={"essential": True, "value": self.client_id},
            sub={"essential": True},
            nonce={"essential": True, "value": nonce},
        )
        registry.validate(token.claims)
        return dict(token.claims)


def _provider(request: Request) -> OidcClient:
    provider = request.app.state.oidc
    if not isinstance(provider, OidcClient):
        raise NotFound(_("Login through an identity provider is not configured."))
    return provider


@router.get("/connexion/oidc")
@permission("session.login")
def start(request: Request) -> Any:
    provider = _provider(request)
    web_session = ensure_session(request)
    state, nonce = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    verifier = secrets.token_urlsafe(48)
    with provider.client(str(request.url_for("oidc_callback"))) as client:
        url, _state = client.create_authorization_url(
            provider.metadata()["authorization_endpoint"],
            state=state,
            nonce=nonce,
            code_verifier=verifier,
        )
    sessions.set_session_data(
        platform_of(request),
        web_session.secret,
        {"oidc": {"state": state, "nonce": nonce, "verifier": verifier}},
    )
    response = RedirectResponse(url, status_code=303)
    new_session = getattr(request.state, "new_session", None)
    if new_session is not None:
        set_session_cookie(request, response, new_session)
    return response


@router.get(CALLBACK, name="oidc_callback")
@permission("session.login")
def callback(request: Request, code: str = "", state: str = "") -> Any:
    provider = _provider(request)
    platform = platform_of(request)
    secret = request.cookies.get(SESSION_COOKIE) or ""
    pending = sessions.session_data(platform, secret).get("oidc")
    if not isinstance(pending, dict) or not state or state != pending.get("state"):
        raise BadCredentials(_("This login attempt expired or was not started here."))
    try:
        with provider.client(str(request.url_for("oidc_callback"))) as client:
            token = client.fetch_token(
                provider.metadata()["token_endpoint"],
                code=code,
                code_verifier=str(pending["verifier"]),
            )
        claims = provider.claims(str(token["id_token"]), str(pending["nonce"]))
    except (httpx2.HTTPError, JoseError, KeyError, ValueError) as error:
        raise BadCredentials(
            _("The identity provider's answer was refused: {reason}").format(
                reason=type(error).__name__
            )
        ) from error
    email = claims.get("email") if claims.get("email_verified") else None
    actor = Actor(None, f"oidc:{claims['sub']}", client_address(request))
    person = accounts.person_for_identity(platform, actor, str(claims["sub"]), email)
    return begin_session(request, person, "oidc", "/mon-espace")
