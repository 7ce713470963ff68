"""``/api/v1``: directory records written by people — create, replace, amend, verify.

The twins of the pages ``/repertoire/services/nouveau`` and ``…/{id}/modifier`` and of the
curators' « vérifié » button. An edit names the version it read, in the body or in an
``If-Match`` header; a stale one is a 409 saying what changed since.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Header, Request
from pydantic import BaseModel, ConfigDict, Field

from maillage.domain.directory import WEEKDAYS
from maillage.errors import InvalidInput
from maillage.i18n import gettext as _
from maillage.services import directory_records as records
from maillage.web.api import schemas
from maillage.web.api.directory_api import ServiceId
from maillage.web.params import Version
from maillage.web.security import asker, permission, platform_of

router = APIRouter(
    prefix="/api/v1",
    tags=["directory"],
    responses={
        400: {"model": schemas.ErrorOut},
        403: {"model": schemas.ErrorOut},
        404: {"model": schemas.ErrorOut},
        409: {"model": schemas.ErrorOut},
        422: {"model": schemas.ErrorOut},
    },
)

Short = Annotated[str, Field(max_length=300)]
Long = Annotated[str, Field(max_length=4000)]
Code = Annotated[str, Field(max_length=64)]
Clock = Annotated[str, Field(pattern=r"^\d{2}:\d{2}$", description="HH:MM")]


class RecordTexts(BaseModel):
    """The free-text fields of a record, declared once for the page's form and the API."""

    name: Short
    organization: Short
    description: Long = ""
    alternate_name: Short = ""
    status: Code = "active"
    email: Short = ""
    url: Long = ""
    eligibility_description: Long = ""
    fees_description: Long = ""
    cost: Code = "unknown"
    internal_note: Long = ""
    organization_website: Long = ""
    organization_email: Short = ""
    enterprise_number: Annotated[str, Field(max_length=20)] = ""
    address: Short = ""
    postal_code: Annotated[str, Field(max_length=16)] = ""
    city: Short = ""
    commune: Annotated[str, Field(max_length=5, description="REFNIS of the commune.")] = ""
    pmr_accessible: bool = False
    accessibility_note: Long = ""


class OpeningIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    weekday: int = Field(ge=0, le=6, description="0 = Monday.")
    opens: Clock
    closes: Clock


class RecordIn(RecordTexts):
    """A whole record (POST, PUT)."""

    model_config = ConfigDict(extra="forbid")

    terms: list[Code] = Field(max_length=20, description="Taxonomy codes of its types.")
    languages: list[Annotated[str, Field(max_length=3)]] = Field(
        default_factory=list, max_length=20
    )
    phones: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list, max_length=10)
    minimum_age: int | None = Field(None, ge=0, le=120)
    maximum_age: int | None = Field(None, ge=0, le=120)
    openings: list[OpeningIn] = Field(default_factory=list, max_length=40)
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    version: Version | None = Field(None, description="For an edit: the version read.")

    def record_fields(self) -> records.RecordFields:
        return records.RecordFields(
            **self.model_dump(include=set(RecordTexts.model_fields)),
            terms=tuple(self.terms),
            languages=tuple(self.languages),
            phones="\n".join(self.phones),
            minimum_age=_text(self.minimum_age),
            maximum_age=_text(self.maximum_age),
            openings="\n".join(
                f"{WEEKDAYS[o.weekday]} {o.opens}-{o.closes}" for o in self.openings
            ),
            latitude=_text(self.latitude),
            longitude=_text(self.longitude),
        )


def _text(value: float | None) -> str:
    return "" if value is None else str(value)


class RecordOut(BaseModel):
    id: str
    version: int
    awaiting_review: bool


class ReviewOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    awaiting_review: bool
    proposed_by: str
    verified_by: str
    last_verified: date | None


def version_named(body_version: int | None, if_match: str | None) -> int:
    """The version an edit was read at: the body's, else the ``If-Match`` header's."""
    if body_version is not None:
        return body_version
    found = re.fullmatch(r'\s*(?:W/)?"?(\d{1,18})"?\s*', if_match or "")
    if found is None:
        raise InvalidInput(_("Name the version you read: a version field or an If-Match header."))
    return int(found.group(1))


IfMatch = Annotated[str | None, Header(max_length=40, description="The version read.")]


@router.post("/services", response_model=RecordOut, status_code=201)
@permission("directory.edit")
def create_service(request: Request, body: RecordIn) -> RecordOut:
    """A new record in one's territory; a non-curator's awaits a curator's verification."""
    saved = records.create(platform_of(request), asker(request), body.record_fields())
    return RecordOut(id=saved.id, version=saved.version, awaiting_review=saved.awaiting_review)


@router.put("/services/{service_id}", response_model=RecordOut)
@permission("directory.edit")
def replace_service(
    request: Request, service_id: ServiceId, body: RecordIn, if_match: IfMatch = None
) -> RecordOut:
    """Replace a record read at a version; a stale version changes nothing (409)."""
    saved = records.update(
        platform_of(request),
        asker(request),
        service_id,
        version_named(body.version, if_match),
        body.record_fields(),
    )
    return RecordOut(id=saved.id, version=saved.version, awaiting_review=saved.awaiting_review)


class RecordPatch(BaseModel):
    """Some fields of a record; the others stay as they are."""

    model_config = ConfigDict(extra="forbid")

    name: Short | None = None
    organization: Short | None = None
    description: Long | None = None
    status: Code | None = None
    email: Short | None = None
    url: Long | None = None
    cost: Code | None = None
    fees_description: Long | None = None
    internal_note: Long | None = None
    address: Short | None = None
    postal_code: Annotated[str, Field(max_length=16)] | None = None
    city: Short | None = None
    terms: list[Code] | None = Field(None, max_length=20)
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    version: Version | None = None


@router.patch("/services/{service_id}", response_model=RecordOut)
@permission("directory.edit")
def amend_service(
    request: Request, service_id: ServiceId, body: RecordPatch, if_match: IfMatch = None
) -> RecordOut:
    """Change some fields of a record read at a version (409 when stale)."""
    platform = platform_of(request)
    version = version_named(body.version, if_match)
    current = records.editable(platform, service_id).fields
    given = body.model_dump(exclude_unset=True, exclude={"version"})
    for key in ("latitude", "longitude"):
        if key in given:
            given[key] = _text(given[key])
    if "terms" in given:
        given["terms"] = tuple(given["terms"] or ())
    saved = records.update(
        platform,
        asker(request),
        service_id,
        version,
        records.RecordFields(**{**current.__dict__, **given}),
    )
    return RecordOut(id=saved.id, version=saved.version, awaiting_review=saved.awaiting_review)


@router.post("/services/{service_id}/verify", response_model=ReviewOut)
@permission("directory.curate")
def verify_service(request: Request, service_id: ServiceId) -> ReviewOut:
    """A curator of the record's territory checked it with the service today."""
    review = records.verify(platform_of(request), asker(request), service_id)
    return ReviewOut.model_validate(review)


@router.get("/services/{service_id}/review", response_model=ReviewOut)
@permission("public.read")
def service_review(request: Request, service_id: ServiceId) -> ReviewOut:
    """Whether a record awaits verification, who verified it last and when."""
    return ReviewOut.model_validate(records.review(platform_of(request), service_id))


class EditableOut(BaseModel):
    """A record as its edit form shows it, with the version an edit must name."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    version: int
    awaiting_review: bool
    proposed_by: str
    verified_by: str
    last_verified: date | None
    fields: dict[str, str | bool | list[str]]


@router.get("/services/{service_id}/record", response_model=EditableOut)
@permission("directory.edit")
def editable_service(request: Request, service_id: ServiceId) -> EditableOut:
    """The twin of the edit page: the record's fields as typed, and its version."""
    found = records.editable(platform_of(request), service_id)
    return EditableOut(
        **{**found.__dict__, "fields": {k: _listed(v) for k, v in found.fields.__dict__.items()}}
    )


def _listed(value: str | bool | tuple[str, ...]) -> str | bool | list[str]:
    return list(value) if isinstance(value, tuple) else value
