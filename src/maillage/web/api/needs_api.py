"""``/api/v1/needs``, the IWPL compilation, concertation spaces and action plans."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import AliasPath, BaseModel, BeforeValidator, ConfigDict, Field

from maillage.domain.needs import Action, NeedOrigin, NeedState, Outcome, Urgency
from maillage.services import action_plans, concertation, needs
from maillage.services.needs import Move, NewNeed, RegisterFilter, StepView
from maillage.web.api import schemas
from maillage.web.params import RecordId, TerritoryCode, Version
from maillage.web.security import asker, permission, platform_of

router = APIRouter(
    prefix="/api/v1",
    tags=["needs"],
    responses={
        400: {"model": schemas.ErrorOut},
        404: {"model": schemas.ErrorOut},
        422: {"model": schemas.ErrorOut},
        409: {"model": schemas.ErrorOut},
    },
)


class NeedOut(BaseModel):
    """A need as the API shows it: read from the service's ``NeedView`` (attributes of the
    same name; the bassin and OLS codes under shorter names)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    bassin: str = Field(validation_alias="code")
    bassin_name: str
    ols: str = Field(validation_alias="ols_code")
    title: str
    description: str
    theme: str
    population: str
    population_count: int | None
    urgency: Urgency
    origin: NeedOrigin
    meeting_id: int | None
    indicator_ids: list[str] = Field(description="Hard evidence: indicators of the profiles.")
    observation_ids: list[int] = Field(description="Warm evidence: field observations.")
    orientation_terms: list[str]
    state: NeedState
    merged_into: int | None
    merged_from: Annotated[list[int], BeforeValidator(lambda needs: [n.id for n in needs])]
    outcome: Outcome | None = Field(
        validation_alias=AliasPath("visible_answer", 0),
        description="The Forum's answer this need's raiser sees "
        "(its own, or that of the need it was merged into).",
    )
    answer: str = Field(validation_alias=AliasPath("visible_answer", 1))
    answered_through: int = Field(validation_alias=AliasPath("visible_answer", 2))
    raised_by: str
    is_demo: bool
    version: int
    created_at: datetime
    history: list[StepView] = Field(
        description="The raising, then each step (action None for the raising itself)."
    )


class NeedFields(BaseModel):
    """What raising a need writes, declared once for the JSON body and the page's form."""

    bassin: str = Field(max_length=24)
    title: str = Field(max_length=200)
    theme: str = Field(max_length=64, description="A sector code of the taxonomy.")
    description: str = Field("", max_length=4000)
    population: str = Field("", max_length=4000)
    meeting_id: RecordId | None = None
    indicator_ids: list[str] = Field(default_factory=list, max_length=40)
    observation_ids: list[RecordId] = Field(default_factory=list, max_length=40)
    orientation_terms: list[str] = Field(default_factory=list, max_length=40)

    def new_need(self, urgency: str, origin: str, population_count: int | None) -> NewNeed:
        """The service's request; blank choices of a list (an empty select) are none."""
        return NewNeed(
            bassin=self.bassin,
            title=self.title,
            theme=self.theme,
            urgency=urgency,
            description=self.description,
            population=self.population,
            population_count=population_count,
            origin=origin,
            meeting_id=self.meeting_id,
            indicator_ids=tuple(i for i in self.indicator_ids if i),
            observation_ids=tuple(self.observation_ids),
            orientation_terms=tuple(t for t in self.orientation_terms if t),
        )


class NeedIn(NeedFields):
    model_config = ConfigDict(extra="forbid")
    urgency: Urgency = Urgency.MEDIUM
    population_count: int | None = Field(None, ge=0, le=10_000_000)
    origin: NeedOrigin = NeedOrigin.ACTOR


class MoveFields(BaseModel):
    """One step of a need's life, declared once for the JSON body and the page's form."""

    action: Action
    version: Version
    reason: str = Field("", max_length=4000)
    into: RecordId | None = Field(None, description="For merge: the consolidated need.")
    outcome: Outcome | None = Field(None, description="For answer.")

    def move(self) -> Move:
        return Move(self.action, self.version, self.reason, self.into, self.outcome)


class MoveIn(MoveFields):
    model_config = ConfigDict(extra="forbid")


@router.get("/needs", response_model=list[NeedOut])
@permission("need.read")
def list_needs(
    request: Request,
    state: Annotated[list[NeedState] | None, Query()] = None,
    theme: Annotated[str, Query(max_length=64)] = "",
    territory: Annotated[str, Query(max_length=24)] = "",
) -> list[NeedOut]:
    """The needs register of the active zoning, newest first."""
    found = needs.register(
        platform_of(request),
        RegisterFilter(states=tuple(state or ()), theme=theme, territory=territory),
    )
    return [NeedOut.model_validate(n) for n in found]


@router.post("/needs", response_model=NeedOut, status_code=201)
@permission("need.raise")
def create_need(request: Request, body: NeedIn) -> NeedOut:
    """Raise a need in a bassin within one's scope."""
    platform = platform_of(request)
    new = body.new_need(body.urgency.value, body.origin.value, body.population_count)
    need_id = needs.raise_need(platform, asker(request), new)
    return NeedOut.model_validate(needs.get(platform, need_id))


@router.get("/needs/{need_id}", response_model=NeedOut)
@permission("need.read")
def get_need(request: Request, need_id: RecordId) -> NeedOut:
    return NeedOut.model_validate(needs.get(platform_of(request), need_id))


@router.post("/needs/{need_id}/transitions", response_model=NeedOut)
@permission("need.act")
def move_need(request: Request, need_id: RecordId, body: MoveIn) -> NeedOut:
    """One step of the need's life; refused (409) when the state machine does not allow it
    or when the version is stale."""
    platform = platform_of(request)
    needs.act(platform, asker(request), need_id, body.move())
    return NeedOut.model_validate(needs.get(platform, need_id))


class HeatCellOut(BaseModel):
    ols: str
    theme: str
    needs: int
    population: int
    needs_without_population: int
    need_ids: list[int]


class CompilationOut(BaseModel):
    compiled_on: str
    ols: dict[str, str]
    themes: dict[str, str]
    cells: list[HeatCellOut]
    needs: list[NeedOut]


@router.get("/compilation", response_model=CompilationOut)
@permission("need.read")
def get_compilation(request: Request) -> CompilationOut:
    """Transmitted needs across the OLS per theme: the heat map the Forum reads."""
    found = needs.compilation(platform_of(request))
    return CompilationOut(
        compiled_on=found.compiled_on.isoformat(),
        ols=found.ols_names,
        themes=found.theme_names,
        cells=[
            HeatCellOut(
                ols=ols,
                theme=theme,
                needs=c.needs,
                population=c.population,
                needs_without_population=c.unknown_population,
                need_ids=c.need_ids,
            )
            for (ols, theme), c in sorted(found.heat_map.cells.items())
        ],
        needs=[NeedOut.model_validate(n) for n in found.needs],
    )


class SpaceOut(BaseModel):
    id: int
    name: str
    kind: str
    territory: str
    theme: str
    active_members: int
    meetings: int
    is_demo: bool


@router.get("/concertation-spaces", response_model=list[SpaceOut])
@permission("public.read")
def list_spaces(
    request: Request, territory: Annotated[str, Query(max_length=24)] = ""
) -> list[SpaceOut]:
    return [
        SpaceOut(
            id=s.id,
            name=s.name,
            kind=s.kind.value,
            territory=s.code,
            theme=s.theme,
            active_members=s.member_count,
            meetings=s.meeting_count,
            is_demo=s.is_demo,
        )
        for s in concertation.list_spaces(platform_of(request), territory)
    ]


class PlanActionOut(BaseModel):
    id: int
    objective: str
    title: str
    status: str
    deadline: str | None
    resources: str
    partners: list[str]
    need_ids: list[int]
    overdue: bool


class PlanOut(BaseModel):
    id: int
    ols: str
    title: str
    kind: str
    first_year: int
    last_year: int
    partners_without_action: list[str]
    actions: list[PlanActionOut]


@router.get("/action-plans/{code}/{plan_id}", response_model=PlanOut)
@permission("plan.read")
def get_plan(request: Request, code: TerritoryCode, plan_id: RecordId) -> PlanOut:
    plan = action_plans.get_plan(platform_of(request), plan_id, code)
    return PlanOut(
        id=plan.id,
        ols=plan.code,
        title=plan.title,
        kind=plan.kind.value,
        first_year=plan.first_year,
        last_year=plan.last_year,
        partners_without_action=[p.name for p in plan.uncommitted],
        actions=[
            PlanActionOut(
                id=a.id,
                objective=o.title,
                title=a.title,
                status=a.status.value,
                deadline=a.deadline.isoformat() if a.deadline else None,
                resources=a.resources,
                partners=[p.name for p in a.partners],
                need_ids=[n.id for n in a.needs],
                overdue=a.overdue,
            )
            for o in plan.objectives
            for a in o.actions
        ],
    )
