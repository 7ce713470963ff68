"""``/api/v1/projects`` (cycles, measures with their signals, shared journal) and the
IWPL's ``/api/v1/performance`` comparison."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from maillage.domain.control_charts import ChartKind, Rule
from maillage.domain.learning import (
    Decision,
    EntryKind,
    Expectation,
    HypothesisStatus,
    Programme,
    Stage,
)
from maillage.domain.performance import Aim
from maillage.services import learning, performance
from maillage.services.learning import ProjectSummary
from maillage.web.api import schemas
from maillage.web.params import RecordId
from maillage.web.security import allowed, permission, platform_of

router = APIRouter(
    prefix="/api/v1",
    tags=["learning"],
    responses={
        400: {"model": schemas.ErrorOut},
        404: {"model": schemas.ErrorOut},
        422: {"model": schemas.ErrorOut},
    },
)


class ProjectSummaryOut(BaseModel):
    id: int
    territory: str = Field(description="The bassin or OLS code the project belongs to.")
    ols: str
    title: str
    programme: Programme
    cycles: int
    open_stage: Stage | None
    shared: bool
    practice: str
    is_demo: bool


def _summary(p: ProjectSummary) -> ProjectSummaryOut:
    return ProjectSummaryOut(
        id=p.id,
        territory=p.code,
        ols=p.ols_code,
        title=p.title,
        programme=p.programme,
        cycles=p.cycles,
        open_stage=p.current,
        shared=p.shared,
        practice=p.practice,
        is_demo=p.is_demo,
    )


class HypothesisOut(BaseModel):
    sentence: str = Field(description="« If …, then …, because … ».")
    status: HypothesisStatus


class SignalOut(BaseModel):
    rule: Rule
    points: list[int] = Field(description="1-based positions of the points taking part.")


class MeasureOut(BaseModel):
    id: int
    name: str
    unit: str
    chart: ChartKind
    source: str
    labels: list[str]
    values: list[float]
    centre: float | None
    upper: list[float | None]
    lower: list[float | None]
    signals: list[SignalOut]
    rules: str = Field(description="The rule set read on the chart, and its source.")


class CycleOut(BaseModel):
    number: int
    stage: Stage
    objective: str
    hypothesis: str
    prediction: str
    done_what: str
    study: str
    decision: Decision | None
    act_notes: str
    started_on: date
    closed_on: date | None


class EntryOut(BaseModel):
    written_on: date
    kind: EntryKind
    expectation: Expectation
    text: str
    participants: str
    shared: bool


class ProjectOut(ProjectSummaryOut):
    descriptors: dict[str, str]
    hypotheses: list[HypothesisOut]
    cycles_detail: list[CycleOut]
    measures: list[MeasureOut]
    journal: list[EntryOut] = Field(
        description="Shared entries, and all entries for the project's team."
    )
    needs: list[int]


@router.get("/projects", response_model=list[ProjectSummaryOut])
@permission("learning.read")
def projects(
    request: Request,
    territory: Annotated[str, Query(max_length=24)] = "",
    programme: Annotated[str, Query(max_length=24)] = "",
) -> list[ProjectSummaryOut]:
    return [_summary(p) for p in learning.list_projects(platform_of(request), territory, programme)]


@router.get("/projects/{project_id}", response_model=ProjectOut)
@permission("learning.read")
def project(request: Request, project_id: RecordId) -> ProjectOut:
    platform = platform_of(request)
    code = learning.territory_of(platform, project_id)
    found = learning.get_project(
        platform, project_id, private=allowed(request, "learning.manage", code)
    )
    measures = []
    for m in found.measures:
        chart = m.chart
        measures.append(
            MeasureOut(
                id=m.id,
                name=m.name,
                unit=m.unit,
                chart=m.kind,
                source=m.source,
                labels=[p.label for p in m.points],
                values=list(chart.values) if chart else [p.value for p in m.points],
                centre=chart.centre if chart else None,
                upper=list(chart.upper) if chart else [],
                lower=list(chart.lower) if chart else [],
                signals=[
                    SignalOut(rule=s.rule, points=[i + 1 for i in s.indices]) for s in chart.signals
                ]
                if chart
                else [],
                rules=f"{chart.rules.describe()} {chart.rules.source}" if chart else "",
            )
        )
    return ProjectOut(
        **_summary(found.summary).model_dump(),
        descriptors={d.value: text for d, text in found.descriptors.items()},
        hypotheses=[
            HypothesisOut(sentence=h.hypothesis.sentence(), status=h.status)
            for h in found.hypotheses
        ],
        cycles_detail=[
            CycleOut(
                number=c.number,
                stage=c.stage,
                objective=c.objective,
                hypothesis=c.hypothesis,
                prediction=c.prediction,
                done_what=c.done_what,
                study=c.study,
                decision=c.decision,
                act_notes=c.act_notes,
                started_on=c.started_on,
                closed_on=c.closed_on,
            )
            for c in found.cycles
        ],
        measures=measures,
        journal=[
            EntryOut(
                written_on=e.written_on,
                kind=e.kind,
                expectation=e.expectation,
                text=e.text,
                participants=e.participants,
                shared=e.shared,
            )
            for e in found.journal
        ],
        needs=[n.id for n in found.needs],
    )


class AimCellOut(BaseModel):
    score: int | None = Field(description="Self-assessment from 1 to 5, as declared.")
    objectives: int
    narrative_objectives: int
    targets_met: int


class ComparisonOut(BaseModel):
    ols: str
    name: str
    aims: dict[Aim, AimCellOut]


@router.get("/performance", response_model=list[ComparisonOut])
@permission("learning.read")
def comparison(
    request: Request, year: Annotated[int, Query(ge=2024, le=2100)]
) -> list[ComparisonOut]:
    return [
        ComparisonOut(
            ols=r.code,
            name=r.name,
            aims={
                aim: AimCellOut(
                    score=c.score,
                    objectives=c.objectives,
                    narrative_objectives=c.narrative,
                    targets_met=c.met,
                )
                for aim, c in r.cells.items()
            },
        )
        for r in performance.comparison(platform_of(request), year)
    ]
