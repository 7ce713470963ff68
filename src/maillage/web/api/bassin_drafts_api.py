"""``/api/v1/bassin-drafts``: the drafts of bassin changes, the twin of their pages."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from pydantic import AliasPath, BaseModel, ConfigDict, Field

from maillage.domain.bassin_drafts import DraftAction, DraftState, Edit, EditKind
from maillage.services import bassin_draft_views, bassin_drafts
from maillage.web.api import schemas
from maillage.web.params import RecordId, TerritoryCode, Version
from maillage.web.security import asker, permission, platform_of

router = APIRouter(
    prefix="/api/v1",
    tags=["bassin drafts"],
    responses={
        400: {"model": schemas.ErrorOut},
        403: {"model": schemas.ErrorOut},
        404: {"model": schemas.ErrorOut},
        409: {"model": schemas.ErrorOut},
        422: {"model": schemas.ErrorOut},
    },
)


class EditFields(BaseModel):
    """One edit of a draft, declared once for the page's form and the API's body."""

    kind: EditKind
    bassin: str = Field(max_length=24, description="The bassin acted on (move: destination).")
    commune: str = Field("", max_length=5, description="move: the commune moved.")
    communes: list[str] = Field(
        default_factory=list, max_length=400, description="split: the new bassin's communes."
    )
    other: str = Field("", max_length=24, description="merge: the bassin absorbed.")
    name: str = Field("", max_length=200, description="split, rename: the name.")
    version: Version

    def edit(self) -> Edit:
        communes = tuple(c for c in self.communes if c)
        return Edit(self.kind, self.bassin, self.commune, communes, self.other, self.name)


class EditIn(EditFields):
    model_config = ConfigDict(extra="forbid")


class StepFields(BaseModel):
    """A step of the workflow: the version it was based on and, to return it, why."""

    version: Version
    comment: str = Field("", max_length=4000)


class StepIn(StepFields):
    model_config = ConfigDict(extra="forbid")


class DraftSummaryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    ols_code: str
    state: DraftState
    created_by: str
    created_at: datetime
    updated_at: datetime
    base_zoning_id: int
    result_zoning_id: int | None
    version: int


class DraftBassinOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    name: str
    population: int
    communes: list[tuple[str, str]] = Field(description="(REFNIS code, name) of its communes.")
    contiguous: bool
    below_minimum: bool
    above_maximum: bool
    is_new: bool
    changed: bool


class MoveOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    commune: str
    before: str
    after: str


class RenameOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    before: str
    after: str


class DiffOut(BaseModel):
    """What the draft changes in the active zoning's bassins of this OLS."""

    model_config = ConfigDict(from_attributes=True)

    moves: list[MoveOut]
    created: list[str]
    removed: list[str]
    renamed: list[RenameOut]


class ReferenceOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str = Field(description="A bassin the draft removes.")
    successor: str = Field(description="The bassin its records point at once validated.")
    counts: dict[str, int]


class StepOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    action: DraftAction
    state_after: DraftState
    by: str
    role: str
    at: datetime
    detail: str
    reason: str


class DraftOut(BaseModel):
    """A draft with the checks every edit shows: populations, contiguity, bounds, diff."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    ols_code: str
    ols_name: str
    state: DraftState
    version: int
    created_by: str = Field(validation_alias=AliasPath("summary", "created_by"))
    created_at: datetime = Field(validation_alias=AliasPath("summary", "created_at"))
    base_zoning_id: int = Field(validation_alias=AliasPath("summary", "base_zoning_id"))
    result_zoning_id: int | None = Field(validation_alias=AliasPath("summary", "result_zoning_id"))
    base_is_active: bool
    comment: str
    population: int
    bounds: tuple[int, int] = Field(
        validation_alias="bound_pair", description="Population bounds of a bassin de vie."
    )
    bassins: list[DraftBassinOut]
    diff: DiffOut
    references: list[ReferenceOut]
    history: list[StepOut]


def _out(request: Request, code: str, draft_id: int) -> DraftOut:
    return DraftOut.model_validate(
        bassin_draft_views.get_draft(platform_of(request), code, draft_id)
    )


@router.get("/bassin-drafts", response_model=list[DraftSummaryOut])
@permission("bassin_draft.read")
def list_drafts(request: Request) -> list[DraftSummaryOut]:
    """Every draft, newest first."""
    return [
        DraftSummaryOut.model_validate(d)
        for d in bassin_draft_views.list_drafts(platform_of(request))
    ]


@router.post("/bassin-drafts/{code}", response_model=DraftOut, status_code=201)
@permission("bassin_draft.edit", target="code")
def start_draft(request: Request, code: TerritoryCode) -> DraftOut:
    """Start a draft of the bassins of OLS *code* from the active zoning."""
    draft_id = bassin_drafts.start(platform_of(request), asker(request), code)
    return _out(request, code, draft_id)


@router.get("/bassin-drafts/{code}/{draft_id}", response_model=DraftOut)
@permission("bassin_draft.read")
def get_draft(request: Request, code: TerritoryCode, draft_id: RecordId) -> DraftOut:
    return _out(request, code, draft_id)


@router.post("/bassin-drafts/{code}/{draft_id}/edits", response_model=DraftOut)
@permission("bassin_draft.edit", target="code")
def edit_draft(request: Request, code: TerritoryCode, draft_id: RecordId, body: EditIn) -> DraftOut:
    """Move a commune, split, merge or rename bassins; 409 when the version is stale or the
    draft is not being edited."""
    bassin_drafts.edit(
        platform_of(request), asker(request), code, draft_id, body.version, body.edit()
    )
    return _out(request, code, draft_id)


@router.post("/bassin-drafts/{code}/{draft_id}/submit", response_model=DraftOut)
@permission("bassin_draft.edit", target="code")
def submit_draft(
    request: Request, code: TerritoryCode, draft_id: RecordId, body: StepIn
) -> DraftOut:
    bassin_drafts.submit(platform_of(request), asker(request), code, draft_id, body.version)
    return _out(request, code, draft_id)


@router.post("/bassin-drafts/{code}/{draft_id}/return", response_model=DraftOut)
@permission("bassin_draft.validate")
def return_draft(
    request: Request, code: TerritoryCode, draft_id: RecordId, body: StepIn
) -> DraftOut:
    """Send a submitted draft back to its OLS with a comment (required)."""
    bassin_drafts.send_back(
        platform_of(request), asker(request), code, draft_id, body.version, body.comment
    )
    return _out(request, code, draft_id)


@router.post("/bassin-drafts/{code}/{draft_id}/validate", response_model=DraftOut)
@permission("bassin_draft.validate")
def validate_draft(
    request: Request, code: TerritoryCode, draft_id: RecordId, body: StepIn
) -> DraftOut:
    """Store and activate the new zoning; records of removed bassins are re-pointed."""
    bassin_drafts.validate(
        platform_of(request), asker(request), code, draft_id, body.version, body.comment
    )
    return _out(request, code, draft_id)
