"""The client's address and scheme, from ``X-Forwarded-*`` only when a trusted proxy says so.

Anyone can send ``X-Forwarded-For``. Believing it from every peer (or, as uvicorn does by
default, from 127.0.0.1, where a local reverse proxy or any local process may connect)
lets a client choose the address that the login limit counts and the audit trail
records. The application decides here, whatever ASGI server runs it: the headers are
honoured only when the TCP peer is in ``MAILLAGE_TRUSTED_PROXIES`` (empty by default),
and ``maillage serve`` turns uvicorn's own handling off.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from starlette.types import ASGIApp, Receive, Scope, Send

from maillage.settings import Network

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _address(text: str) -> Address | None:
    """An address as proxies write it (bare, or IPv6 in brackets), else None."""
    text = text.strip()
    if text.startswith("[") and "]" in text:
        text = text[1 : text.index("]")]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


class ForwardedHeadersMiddleware:
    """Rewrites the ASGI scope's client and scheme from a trusted proxy's headers."""

    def __init__(self, app: ASGIApp, trusted: Sequence[Network] = ()) -> None:
        self.app = app
        self.trusted = tuple(trusted)

    def trusts(self, address: Address | None) -> bool:
        return address is not None and any(address in network for network in self.trusted)

    def client(self, peer: str, forwarded_for: str) -> str:
        """Walk the hops from the nearest: the first one not a trusted proxy is the client.

        Hops left of it were written by the client itself and are ignored; an entry that
        is not an address stops the walk at the last proxy that could be believed.
        """
        client = peer
        for hop in reversed(forwarded_for.split(",")):
            address = _address(hop)
            if address is None:
                break
            client = str(address)
            if not self.trusts(address):
                break
        return client

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        peer = scope.get("client")
        if (
            self.trusted
            and scope["type"] in ("http", "websocket")
            and peer
            and self.trusts(_address(str(peer[0])))
        ):
            forwarded_for = [
                value.decode("latin-1")
                for name, value in scope["headers"]
                if name == b"x-forwarded-for"
            ]
            proto = [
                value.decode("latin-1")
                for name, value in scope["headers"]
                if name == b"x-forwarded-proto"
            ]
            if forwarded_for:
                scope = dict(scope, client=(self.client(str(peer[0]), ",".join(forwarded_for)), 0))
            if proto:
                scheme = proto[-1].split(",")[-1].strip().lower()
                if scheme in ("http", "https"):
                    if scope["type"] == "websocket":
                        scheme = scheme.replace("http", "ws")
                    scope = dict(scope, scheme=scheme)
        await self.app(scope, receive, send)
