"""A page's form is one model (issue 19.2): a view takes the request, the address's parts
and that model, not one parameter per field; a page and the API that write the same thing
declare its fields once."""

from __future__ import annotations

import inspect

from fastapi.routing import APIRoute

from maillage.web.api.needs_api import MoveFields, MoveIn, NeedFields, NeedIn
from maillage.web.api.schemas import ObservationFields, ObservationIn
from maillage.web.app import create_app
from maillage.web.views.needs_pages import NeedForm
from maillage.web.views.profile_pages import ObservationForm

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
MOST_PARAMETERS = 6  # the request, up to four parts of the address, one form


def test_form_views_take_one_model_rather_than_a_parameter_per_field(shared_platform):
    app = create_app(shared_platform)
    crowded = [
        f"{sorted(route.methods)[0]} {route.path}: {len(parameters)}"
        for route in app.routes
        if isinstance(route, APIRoute) and route.methods & WRITES
        for parameters in [inspect.signature(route.endpoint).parameters]
        if len(parameters) > MOST_PARAMETERS
    ]
    assert crowded == []


def test_a_page_and_the_api_writing_the_same_thing_share_its_fields():
    for shared, body, form in (
        (NeedFields, NeedIn, NeedForm),
        (MoveFields, MoveIn, MoveFields),
        (ObservationFields, ObservationIn, ObservationForm),
    ):
        assert issubclass(body, shared) and issubclass(form, shared)
        assert set(shared.model_fields) <= set(body.model_fields) & set(form.model_fields)
        assert body.model_config.get("extra") == "forbid"  # JSON: unknown fields refused
        assert form.model_config.get("extra") != "forbid"  # forms also carry the CSRF token
