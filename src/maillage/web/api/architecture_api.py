"""``/api/v1/architecture`` (structures, flows, analysis, routes) and ``/api/v1/roadmap``
(scenarios, trajectory evaluation, the OLS's recorded trajectories)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from maillage.domain.architecture import DEFAULT_SIMILARITY, FlowKind, InstitutionLevel
from maillage.domain.roadmap import Choice, Evaluation, Severity, StepStatus
from maillage.services import architecture, roadmap
from maillage.web.api import schemas
from maillage.web.security import permission, platform_of

router = APIRouter(
    prefix="/api/v1",
    tags=["architecture"],
    responses={
        400: {"model": schemas.ErrorOut},
        404: {"model": schemas.ErrorOut},
        422: {"model": schemas.ErrorOut},
    },
)


class StructureOut(BaseModel):
    code: str
    name: str
    short: str
    level: InstitutionLevel
    in_decree: bool = Field(description="Named by the decree's architecture.")
    legal_basis: str
    missions: list[str]
    composition: list[str] = Field(description="Member categories.")
    source: str
    version: int


class FlowOut(BaseModel):
    id: int
    kind: FlowKind
    source: str
    target: str
    what: str
    legal_basis: str
    frequency: str
    available_from: date | None = Field(description="When it exists in practice, if known.")
    timing_note: str
    reference: str = Field(description="The article or seed section grounding the flow.")
    version: int


class ArchitectureOut(BaseModel):
    title: str
    provenance: str
    structures: list[StructureOut]
    flows: list[FlowOut]


@router.get("/architecture", response_model=ArchitectureOut)
@permission("public.read")
def architecture_api(request: Request) -> ArchitectureOut:
    snap = architecture.snapshot(platform_of(request))
    found = snap.architecture
    return ArchitectureOut(
        title=found.title,
        provenance=found.provenance,
        structures=[
            StructureOut(
                code=s.code,
                name=s.name,
                short=s.short,
                level=s.level,
                in_decree=s.in_decree,
                legal_basis=s.legal_basis,
                missions=list(s.missions),
                composition=list(s.composition),
                source=s.source,
                version=snap.structure_versions[s.code],
            )
            for s in found.structures
        ],
        flows=[
            FlowOut(
                id=f.id,
                kind=f.kind,
                source=f.source,
                target=f.target,
                what=f.what,
                legal_basis=f.legal_basis,
                frequency=f.frequency,
                available_from=f.available_from,
                timing_note=f.timing_note,
                reference=f.reference,
                version=snap.flow_versions[f.id],
            )
            for f in found.flows
        ],
    )


class DegreeOut(BaseModel):
    structure: str
    incoming: int
    outgoing: int
    betweenness: float


class KindReadingOut(BaseModel):
    kind: FlowKind | None = Field(description="None: all flows together.")
    degrees: list[DegreeOut]
    isolated: list[str]
    pivots: list[str] = Field(description="Structures every bassin-to-macro path crosses.")
    cycles: list[list[str]]


class FindingOut(BaseModel):
    topic: str
    sentence: str
    structures: list[str]
    seed_point: int | None = Field(description="The seed 000 point of attention (1–10).")


class LikenessOut(BaseModel):
    first: str
    second: str
    similarity: float
    shared: list[str]


class AnalysisOut(BaseModel):
    on: date
    threshold: float
    per_kind: list[KindReadingOut]
    alike: list[LikenessOut]
    not_yet: list[int] = Field(description="Flows dated after *on*.")
    undated: list[int] = Field(description="Flows waiting for tools whose date is unknown.")
    findings: list[FindingOut]


@router.get("/architecture/analysis", response_model=AnalysisOut)
@permission("public.read")
def analysis_api(
    request: Request,
    on: date | None = None,
    threshold: Annotated[float, Query(gt=0, le=1)] = DEFAULT_SIMILARITY,
) -> AnalysisOut:
    when = on or date.today()
    reading = architecture.analyse(platform_of(request), when, threshold)
    return AnalysisOut(
        on=when,
        threshold=threshold,
        per_kind=[
            KindReadingOut(
                kind=r.kind,
                degrees=[
                    DegreeOut(
                        structure=d.code,
                        incoming=d.incoming,
                        outgoing=d.outgoing,
                        betweenness=d.betweenness,
                    )
                    for d in r.degrees
                ],
                isolated=list(r.isolated),
                pivots=list(r.pivots),
                cycles=[list(c) for c in r.cycles],
            )
            for r in reading.per_kind
        ],
        alike=[
            LikenessOut(
                first=a.first, second=a.second, similarity=a.similarity, shared=list(a.shared)
            )
            for a in reading.alike
        ],
        not_yet=[f.id for f in reading.timing.not_yet],
        undated=[f.id for f in reading.timing.undated],
        findings=[
            FindingOut(
                topic=f.topic,
                sentence=f.sentence,
                structures=list(f.structures),
                seed_point=f.point,
            )
            for f in reading.findings
        ],
    )


class RouteOut(BaseModel):
    structures: list[str]
    flows: list[int] = Field(description="One flow id per hop.")


@router.get("/architecture/routes", response_model=list[RouteOut])
@permission("public.read")
def routes_api(
    request: Request,
    source: Annotated[str, Query(max_length=32)],
    target: Annotated[str, Query(max_length=32)],
    kind: FlowKind | None = None,
) -> list[RouteOut]:
    return [
        RouteOut(structures=list(r.steps), flows=[f.id for f in r.flows])
        for r in architecture.routes(platform_of(request), source, target, kind)
    ]


class ScenarioOut(BaseModel):
    number: int
    title: str
    description: str
    hypotheses: list[str]
    risks: list[str]


class StepOut(BaseModel):
    code: str
    parent: str | None
    title: str
    summary: str
    hypotheses: list[str]
    scenarios: list[ScenarioOut]
    note: str


@router.get("/roadmap", response_model=list[StepOut])
@permission("public.read")
def roadmap_api(request: Request) -> list[StepOut]:
    return [
        StepOut(
            code=s.code,
            parent=s.parent,
            title=s.title,
            summary=s.summary,
            hypotheses=list(s.hypotheses),
            note=s.note,
            scenarios=[
                ScenarioOut(
                    number=c.number,
                    title=c.title,
                    description=c.description,
                    hypotheses=list(c.hypotheses),
                    risks=list(c.risks),
                )
                for c in s.scenarios
            ],
        )
        for s in roadmap.roadmap().steps
    ]


class FlagOut(BaseModel):
    severity: Severity
    when: str = Field(description="Step and scenario that call for the other, e.g. 7:1.")
    then: str
    chosen: Choice
    sentence: str
    quote: str = Field(description="The seed's sentence stating the link.")


class EvaluationOut(BaseModel):
    choices: dict[str, Choice]
    flags: list[FlagOut]
    risks: list[str]


def _evaluation(evaluation: Evaluation) -> EvaluationOut:
    found = roadmap.roadmap()
    return EvaluationOut(
        choices=dict(evaluation.choices),
        flags=[
            FlagOut(
                severity=f.severity,
                when=f"{f.rule.when[0]}:{f.rule.when[1].value}",
                then=f"{f.rule.then[0]}:{f.rule.then[1].value}",
                chosen=f.chosen,
                sentence=f.sentence(found),
                quote=f.rule.quote,
            )
            for f in evaluation.flags
        ],
        risks=[f"{r.step} ({r.scenario}) — {r.risk}" for r in evaluation.risks],
    )


@router.get("/roadmap/evaluation", response_model=EvaluationOut)
@permission("public.read")
def evaluation_api(
    request: Request,
    choices: Annotated[
        str,
        Query(
            max_length=400, description="step:choice pairs, comma-separated, e.g. 6:1,7:2,9.1:blend"
        ),
    ] = "",
) -> EvaluationOut:
    raw = {}
    for pair in filter(None, (p.strip() for p in choices.split(","))):
        step, _sep, value = pair.partition(":")
        raw[step] = value or "?"
    return _evaluation(roadmap.evaluate_choices(raw))


class StepProgressOut(BaseModel):
    step: str
    choice: Choice | None
    status: StepStatus
    since: date | None
    note: str


class TrajectoryOut(BaseModel):
    ols: str
    name: str
    steps: list[StepProgressOut]
    evaluation: EvaluationOut


@router.get("/roadmap/trajectories", response_model=list[TrajectoryOut])
@permission("roadmap.read")
def trajectories_api(request: Request) -> list[TrajectoryOut]:
    return [
        TrajectoryOut(
            ols=t.code,
            name=t.name,
            steps=[
                StepProgressOut(
                    step=p.step, choice=p.choice, status=p.status, since=p.since, note=p.note
                )
                for p in t.steps.values()
            ],
            evaluation=_evaluation(t.evaluation),
        )
        for t in roadmap.comparison(platform_of(request))
    ]
