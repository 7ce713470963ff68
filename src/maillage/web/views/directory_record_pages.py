"""Pages: a directory record created or edited in a form, its location set on a map.

The twins are in ``web/api/directory_records_api.py``. A refusal is shown next to its
field; a stale edit (someone saved since the form was opened) changes nothing and says so.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import Field

from maillage.domain.directory import Cost, ServiceStatus
from maillage.errors import Forbidden, StaleVersion
from maillage.services import directory_records as records
from maillage.web.api.directory_api import ServiceId
from maillage.web.api.directory_records_api import RecordTexts
from maillage.web.params import Version
from maillage.web.security import asker, permission, platform_of
from maillage.web.templating import render_page
from maillage.web.views.directory_pages import LANGUAGES, choices

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

Typed = Annotated[str, Field(max_length=4000)]


class RecordForm(RecordTexts):
    """The form's fields: the API's texts, and numbers, hours and lists as people type them.
    A name left empty reaches the service, which says so next to the field."""

    name: Annotated[str, Field(max_length=300)] = ""
    organization: Annotated[str, Field(max_length=300)] = ""

    terms: list[Annotated[str, Field(max_length=64)]] = Field(default_factory=list, max_length=60)
    languages: list[Annotated[str, Field(max_length=8)]] = Field(
        default_factory=list, max_length=20
    )
    phones: Typed = ""
    minimum_age: Annotated[str, Field(max_length=16)] = ""
    maximum_age: Annotated[str, Field(max_length=16)] = ""
    openings: Typed = ""
    latitude: Annotated[str, Field(max_length=32)] = ""
    longitude: Annotated[str, Field(max_length=32)] = ""
    version: Version | None = None

    def record_fields(self) -> records.RecordFields:
        return records.RecordFields(
            **self.model_dump(exclude={"version", "terms", "languages"}),
            terms=tuple(self.terms),
            languages=tuple(self.languages),
        )


def _form_page(
    request: Request,
    given: records.RecordFields,
    *,
    service_id: str | None = None,
    version: int | None = None,
    problems: dict[str, str] | None = None,
    stale: str = "",
    status_code: int = 200,
) -> Any:
    return render_page(
        request,
        "service_form.html",
        status_code=status_code,
        record=given,
        service_id=service_id,
        version=version,
        problems=problems or {},
        stale=stale,
        statuses=list(ServiceStatus),
        costs=list(Cost),
        all_languages=LANGUAGES,
        **choices(platform_of(request)),
    )


@router.get("/repertoire/services/nouveau")
@permission("directory.edit")
def new_record_page(request: Request) -> Any:
    return _form_page(request, records.RecordFields(name="", organization=""))


@router.post("/repertoire/services/nouveau")
@permission("directory.edit")
def create_record(request: Request, form: Annotated[RecordForm, Form()]) -> Any:
    given = form.record_fields()
    try:
        saved = records.create(platform_of(request), asker(request), given)
    except records.FieldProblems as refused:
        return _form_page(request, given, problems=refused.problems, status_code=400)
    except Forbidden as refused:
        return _form_page(request, given, problems={"latitude": str(refused)}, status_code=403)
    return RedirectResponse(f"/repertoire/services/{saved.id}", status_code=303)


@router.get("/repertoire/services/{service_id}/modifier")
@permission("directory.edit")
def edit_record_page(request: Request, service_id: ServiceId) -> Any:
    found = records.editable(platform_of(request), service_id)
    return _form_page(request, found.fields, service_id=service_id, version=found.version)


@router.post("/repertoire/services/{service_id}/modifier")
@permission("directory.edit")
def update_record(
    request: Request, service_id: ServiceId, form: Annotated[RecordForm, Form()]
) -> Any:
    given = form.record_fields()
    version = form.version or 0

    def again(status_code: int, problems: dict[str, str] | None = None, stale: str = "") -> Any:
        return _form_page(
            request,
            given,
            service_id=service_id,
            version=version,
            problems=problems,
            stale=stale,
            status_code=status_code,
        )

    try:
        records.update(platform_of(request), asker(request), service_id, version, given)
    except records.FieldProblems as refused:
        return again(400, refused.problems)
    except StaleVersion as stale:
        return again(409, stale=str(stale))
    except Forbidden as refused:
        return again(403, {"latitude": str(refused)})
    return RedirectResponse(f"/repertoire/services/{service_id}", status_code=303)
