"""Jinja2 environment: gettext for every string, French number formats."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from starlette.requests import Request

from maillage import __version__
from maillage.domain.directory import Cost
from maillage.i18n import (
    capitalise,
    current_language,
    format_date,
    format_datetime,
    format_decimal,
    format_integer,
    format_number,
    format_number_field,
    format_time,
    gettext,
    ngettext,
    offered_languages,
    weekday_name,
)

TEMPLATES = Path(__file__).parent / "templates"


def make_templates() -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=True, extensions=["jinja2.ext.i18n"]
    )
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["integer"] = format_integer
    env.filters["decimal"] = format_decimal
    env.filters["number"] = format_number
    env.filters["percent"] = lambda value, digits=1: format_decimal(100 * value, digits) + " %"
    env.globals["version"] = __version__
    env.globals["static"] = lambda path: f"/static/{path}?v={__version__}"
    env.globals["current_language"] = current_language
    env.globals["offered_languages"] = offered_languages
    env.filters["date_fr"] = format_date
    env.filters["datetime_fr"] = format_datetime
    env.filters["time_fr"] = format_time
    env.filters["number_field"] = format_number_field
    env.filters["service_marker"] = service_marker
    # Jinja's own capitalize lowers the rest: « Équipe opérationnelle d'ols ».
    env.filters["capitalize"] = lambda text: capitalise(str(text))
    env.globals["weekday_name"] = weekday_name
    env.globals["cost_label"] = lambda value: Cost(value).label
    return Jinja2Templates(env=env)


def render(
    templates: Jinja2Templates, request: Request, name: str, status_code: int = 200, **context: Any
) -> Any:
    """Render a page with who is asking and their CSRF token; set a new session's cookie."""
    from maillage.web.security import principal, set_session_cookie

    try:
        who = principal(request)
    except Exception:  # an error page about a bad token must still render
        who = None
    context.setdefault("user", who.person if who else None)
    context.setdefault("csrf_token", who.session.csrf_token if who and who.session else "")
    if "menu" not in context:
        from maillage.web.menu import menu_for

        try:
            context["menu"] = menu_for(request) if who is not None else []
        except Exception:  # an error page about a bad token must still render
            context["menu"] = []
    response = templates.TemplateResponse(request, name, context, status_code=status_code)
    new_session = getattr(request.state, "new_session", None)
    if new_session is not None:
        set_session_cookie(request, response, new_session)
    return response


def render_page(request: Request, name: str, status_code: int = 200, **context: Any) -> Any:
    """Render a page with the application's templates (see :func:`render`)."""
    return render(request.app.state.templates, request, name, status_code=status_code, **context)


def service_marker(hit: dict[str, Any]) -> dict[str, Any]:
    """What the map script needs of a service (read from a data attribute, no inline JS)."""
    return {
        "id": hit["id"],
        "name": hit["name"],
        "lat": hit["latitude"],
        "lon": hit["longitude"],
        "demo": hit["is_demo"],
        "commune": hit["commune"] or "",
        "distance": hit["distance_km"],
    }
