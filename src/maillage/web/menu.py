"""The main menu: seven groups by job, each entry shown only to a reader who may open it.

Whether a reader may open an address is asked of the route that answers it: its declared
permission and, for a scoped one, the territory in its path, through the same
``allowed`` that ``authorize`` enforces. So no page links to a page its reader may not
open, whatever the policy table says tomorrow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.routing import iter_route_contexts
from starlette.routing import compile_path

from maillage.i18n import gettext as _
from maillage.web.security import Permission, allowed, route_permission


@dataclass(frozen=True)
class Entry:
    label: str
    href: str
    current: bool = False


@dataclass(frozen=True)
class Group:
    label: str
    entries: list[Entry]

    @property
    def current(self) -> bool:
        return any(e.current for e in self.entries)


def _groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """The menu as written, before filtering: at most seven groups, by job."""
    return [
        (
            _("Territories"),
            [
                (_("Map"), "/"),
                (_("OLS territories"), "/territoires?niveau=ols"),
                (_("Bassins de vie"), "/territoires?niveau=bassin"),
                (_("Communes"), "/territoires?niveau=commune"),
                (_("Zonings"), "/decoupages"),
                (_("Drafts of bassin changes"), "/revisions-bassins"),
                (_("Layers"), "/couches"),
            ],
        ),
        (
            _("Offer"),
            [
                (_("Directory"), "/repertoire"),
                (_("Add a service"), "/repertoire/services/nouveau"),
                (_("Coverage"), "/repertoire/couverture"),
                (_("Directory quality"), "/repertoire/qualite"),
                (_("Import directory files"), "/repertoire/envoi"),
                (_("Access"), "/acces"),
                (_("Orientation line"), "/orientation"),
            ],
        ),
        (
            _("Population health"),
            [
                (_("Profiles"), "/profils"),
                (_("Load indicator values"), "/indicateurs/envoi"),
            ],
        ),
        (
            _("Needs & concertation"),
            [
                (_("Needs register"), "/besoins"),
                (_("My needs"), "/mes-besoins"),
                (_("Concertation"), "/concertation"),
                (_("Action plans"), "/plans"),
                (_("Compilation of needs"), "/compilation"),
            ],
        ),
        (
            _("Learning"),
            [
                (_("Learning projects"), "/projets"),
                (_("Learning network"), "/apprentissage"),
                (_("Performance"), "/performance"),
                (_("Roadmap"), "/feuille-de-route"),
            ],
        ),
        (
            _("Governance"),
            [
                (_("Architecture"), "/architecture"),
                (_("Budget"), "/allocation"),
                (_("Data sources"), "/sources"),
                (_("API"), "/api/v1/docs"),
            ],
        ),
        (
            _("Administration"),
            [
                (_("People"), "/admin/personnes"),
                (_("Audit trail"), "/admin/journal"),
            ],
        ),
    ]


RouteTable = list[tuple[re.Pattern[str], Permission]]


def _route_table(app: FastAPI) -> RouteTable:
    """(path pattern, permission) of every GET route, built once per application."""
    table: RouteTable | None = getattr(app.state, "menu_routes", None)
    if table is None:
        table = []
        for route in iter_route_contexts(app.routes):
            declared = route_permission(route)
            if declared is not None and route.path and "GET" in (route.methods or ()):
                table.append((compile_path(route.path)[0], declared))
        app.state.menu_routes = table
    return table


def can_open(request: Request, href: str) -> bool:
    """Whether the reader may open the local address *href* (a GET the application
    answers and the policy allows them)."""
    path = urlsplit(href).path
    for pattern, declared in _route_table(request.app):
        match = pattern.match(path)
        if match is None:
            continue
        target = match.groupdict().get(declared.target) if declared.target else None
        return allowed(request, declared.key, target)
    return False


def _is_current(href: str, request: Request) -> bool:
    wanted = urlsplit(href)
    if wanted.path != request.url.path:
        return False
    return not wanted.query or wanted.query in request.url.query


def menu_for(request: Request) -> list[Group]:
    """The menu the reader may use, with the current page marked; empty groups dropped."""
    groups = []
    for label, entries in _groups():
        kept = [
            Entry(name, href, _is_current(href, request))
            for name, href in entries
            if can_open(request, href)
        ]
        if kept:
            groups.append(Group(label, kept))
    return groups


def visible(request: Request, links: list[Any]) -> list[Any]:
    """The links (anything with an ``href``) the reader may open."""
    return [link for link in links if can_open(request, link.href)]
