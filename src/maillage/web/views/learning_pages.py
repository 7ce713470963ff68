"""Projects, their PDSA cycles and journal (roadmap step 5), and the learning network.

A project's team (``learning.manage`` on its bassin or OLS) edits it and reads its whole
journal; other members read the project and the entries its team chose to share.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from maillage.domain.concertation import MemberSector
from maillage.domain.control_charts import ChartKind
from maillage.domain.learning import (
    STAGES,
    Decision,
    Descriptor,
    EntryKind,
    Expectation,
    HypothesisStatus,
    InnovationKind,
    Programme,
    Scale,
)
from maillage.domain.needs import NeedState
from maillage.domain.territory import Level
from maillage.errors import NotFound
from maillage.i18n import format_date
from maillage.i18n import gettext as _
from maillage.services import indicators, learning, needs, territories
from maillage.services.fields import day, decimal
from maillage.services.learning import CycleFields, EntryDraft, MeasureView, ProjectDraft
from maillage.services.needs import RegisterFilter
from maillage.web import charts
from maillage.web.params import (
    ChoiceText,
    DayText,
    FormChoice,
    FormId,
    FormText,
    FormVersion,
    RecordId,
    ShortText,
    TerritoryCode,
    Text,
    Title,
    Version,
)
from maillage.web.security import (
    allowed,
    allowed_territories,
    permission,
    platform_of,
    principal,
)
from maillage.web.templating import render_page

router = APIRouter(include_in_schema=False)

Filter = Annotated[str, Query(max_length=200)]


def chart_of(measure: MeasureView, prediction: float | None = None) -> Any:
    if measure.chart is None:
        return None
    if prediction is not None and measure.kind is ChartKind.P:
        prediction /= 100  # typed in percent, as the chart shows proportions
    return charts.control_chart(
        measure.chart,
        [format_date(p.day) if p.day else p.label for p in measure.points],
        measure.unit,
        prediction,
        measure.cycle_starts,
    )


@router.get("/projets")
@permission("learning.read")
def projects_page(
    request: Request,
    territoire: Annotated[str, Query(max_length=24)] = "",
    programme: Annotated[str, Query(max_length=24)] = "",
    q: Filter = "",
    creer: Annotated[str, Query(max_length=24)] = "",
) -> Any:
    platform = platform_of(request)
    manageable = allowed_territories(request, "learning.manage", Level.OLS, Level.BASSIN)
    return render_page(
        request,
        "projects.html",
        projects=learning.list_projects(platform, territoire, programme, q),
        manageable=manageable,
        programmes=list(Programme),
        creating=next((m for m in manageable if m[0] == creer), None),
        ols=territories.list_territories(platform, Level.OLS).items,
        territoire=territoire,
        programme=programme,
        q=q,
        scales=list(Scale),
        innovations=list(InnovationKind),
        descriptors=list(Descriptor),
    )


class ProjectForm(BaseModel):
    """The project form, shared by creation and editing."""

    title: Title
    programme: ChoiceText
    summary: Text = ""
    policy_context: Text = ""
    scale: ChoiceText = Scale.SMALL.value
    scale_note: Text = ""
    innovation_kind: ChoiceText = InnovationKind.INCREMENTAL.value
    innovation: Text = ""
    knowledge: Text = ""
    special_status: Text = ""
    actor_network: Text = ""
    started_on: DayText = ""
    shared: bool = False
    practice: Text = ""

    def draft(self, code: str) -> ProjectDraft:
        fields = self.model_dump(exclude={"started_on", "version"})
        return ProjectDraft(code=code, started_on=day(self.started_on, _("start")), **fields)


class ProjectEdit(ProjectForm):
    version: Version


@router.post("/projets/{code}")
@permission("learning.manage", target="code")
def project_create(
    request: Request, code: TerritoryCode, form: Annotated[ProjectForm, Form()]
) -> Any:
    project_id = learning.create_project(
        platform_of(request), principal(request).actor(request), form.draft(code)
    )
    return RedirectResponse(f"/projets/{code}/{project_id}", status_code=303)


@router.get("/projets/{code}/{project_id}")
@permission("learning.read")
def project_page(
    request: Request,
    code: TerritoryCode,
    project_id: RecordId,
    q: Filter = "",
    attendu: Annotated[str, Query(max_length=16)] = "",
) -> Any:
    platform = platform_of(request)
    team = allowed(request, "learning.manage", code)
    project = learning.get_project(
        platform, project_id, code, private=team, query=q, expectation=attendu
    )
    candidates = (
        needs.register(
            platform, RegisterFilter(territory=project.summary.ols_code, include_merged=False)
        )
        if team
        else []
    )
    linked = {n.id for n in project.needs}
    return render_page(
        request,
        "project.html",
        p=project,
        team=team,
        q=q,
        attendu=attendu,
        charts={m.id: chart_of(m) for m in project.measures},
        candidates=[n for n in candidates if n.id not in linked],
        indicators=indicators.list_indicators(platform) if team else [],
        chart_kinds=list(ChartKind),
        sectors=list(MemberSector),
        statuses=list(HypothesisStatus),
        kinds=list(EntryKind),
        expectations=list(Expectation),
        programmes=list(Programme),
        scales=list(Scale),
        innovations=list(InnovationKind),
        descriptors=list(Descriptor),
        NeedState=NeedState,
        today=date.today(),
    )


@router.post("/projets/{code}/{project_id}")
@permission("learning.manage", target="code")
def project_update(
    request: Request,
    code: TerritoryCode,
    project_id: RecordId,
    form: Annotated[ProjectEdit, Form()],
) -> Any:
    learning.update_project(
        platform_of(request),
        principal(request).actor(request),
        project_id,
        form.draft(code),
        form.version,
    )
    return RedirectResponse(f"/projets/{code}/{project_id}", status_code=303)


@router.post("/projets/{code}/{project_id}/partenaires")
@permission("learning.manage", target="code")
def partner_add(
    request: Request,
    code: TerritoryCode,
    project_id: RecordId,
    name: ShortText,
    sector: FormChoice,
    contribution: FormText = "",
) -> Any:
    learning.add_partner(
        platform_of(request),
        principal(request).actor(request),
        project_id,
        code,
        name,
        sector,
        contribution,
    )
    return RedirectResponse(f"/projets/{code}/{project_id}#partenaires", status_code=303)


@router.post("/projets/{code}/{project_id}/hypotheses")
@permission("learning.manage", target="code")
def hypothesis_add(
    request: Request,
    code: TerritoryCode,
    project_id: RecordId,
    if_: Annotated[str, Form(alias="if", max_length=4000)],
    then: FormText,
    because: FormText,
) -> Any:
    learning.add_hypothesis(
        platform_of(request),
        principal(request).actor(request),
        project_id,
        code,
        if_,
        then,
        because,
    )
    return RedirectResponse(f"/projets/{code}/{project_id}#theorie", status_code=303)


@router.post("/projets/{code}/{project_id}/hypotheses/{hypothesis_id}/statut")
@permission("learning.manage", target="code")
def hypothesis_status(
    request: Request,
    code: TerritoryCode,
    project_id: RecordId,
    hypothesis_id: RecordId,
    status: FormChoice,
    version: FormVersion,
) -> Any:
    learning.set_hypothesis_status(
        platform_of(request),
        principal(request).actor(request),
        project_id,
        code,
        hypothesis_id,
        status,
        version,
    )
    return RedirectResponse(f"/projets/{code}/{project_id}#theorie", status_code=303)


@router.post("/projets/{code}/{project_id}/besoins")
@permission("learning.manage", target="code")
def need_link(request: Request, code: TerritoryCode, project_id: RecordId, need_id: FormId) -> Any:
    learning.link_need(
        platform_of(request), principal(request).actor(request), project_id, code, need_id
    )
    return RedirectResponse(f"/projets/{code}/{project_id}#besoins", status_code=303)


class MeasureForm(BaseModel):
    name: Title
    chart: ChoiceText
    unit: str = Field("", max_length=40)
    indicator_id: str = Field("", max_length=64)


@router.post("/projets/{code}/{project_id}/mesures")
@permission("learning.manage", target="code")
def measure_add(
    request: Request,
    code: TerritoryCode,
    project_id: RecordId,
    form: Annotated[MeasureForm, Form()],
) -> Any:
    learning.add_measure(
        platform_of(request),
        principal(request).actor(request),
        project_id,
        code,
        form.name,
        form.chart,
        form.unit,
        form.indicator_id,
    )
    return RedirectResponse(f"/projets/{code}/{project_id}#mesures", status_code=303)


class PointsForm(BaseModel):
    """Observations pasted from a spreadsheet, one per line."""

    points: str = Field(max_length=40_000)
    cycle_id: RecordId | None = None
    back: str = Field("", max_length=10)


@router.post("/projets/{code}/{project_id}/mesures/{measure_id}/points")
@permission("learning.manage", target="code")
def points_add(
    request: Request,
    code: TerritoryCode,
    project_id: RecordId,
    measure_id: RecordId,
    form: Annotated[PointsForm, Form()],
) -> Any:
    learning.add_points(
        platform_of(request),
        principal(request).actor(request),
        project_id,
        code,
        measure_id,
        form.points,
        form.cycle_id,
    )
    where = (
        f"/projets/{code}/{project_id}/cycles/{form.cycle_id}"
        if form.back == "cycle" and form.cycle_id
        else f"/projets/{code}/{project_id}"
    )
    return RedirectResponse(f"{where}#mesure-{measure_id}", status_code=303)


@router.post("/projets/{code}/{project_id}/mesures/{measure_id}/points/{point_id}/retrait")
@permission("learning.manage", target="code")
def point_withdraw(
    request: Request,
    code: TerritoryCode,
    project_id: RecordId,
    measure_id: RecordId,
    point_id: RecordId,
) -> Any:
    learning.withdraw_point(
        platform_of(request),
        principal(request).actor(request),
        project_id,
        code,
        measure_id,
        point_id,
    )
    return RedirectResponse(f"/projets/{code}/{project_id}#mesure-{measure_id}", status_code=303)


class CycleForm(BaseModel):
    """A cycle's record as its forms send it: the Plan fields to start, every stage after."""

    objective: Text = ""
    hypothesis: Text = ""
    hypothesis_id: RecordId | None = None
    prediction: Text = ""
    predicted_value: str = Field("", max_length=32)
    measure_ids: list[RecordId] = Field(default_factory=list, max_length=50)
    done_what: Text = ""
    done_from: DayText = ""
    done_to: DayText = ""
    done_by: Text = ""
    study: Text = ""
    decision: str = Field("", max_length=8)
    act_notes: Text = ""

    def fields(self) -> CycleFields:
        return CycleFields(
            self.objective,
            self.hypothesis,
            self.hypothesis_id,
            self.prediction,
            decimal(self.predicted_value, _("predicted value")),
            tuple(self.measure_ids),
            self.done_what,
            day(self.done_from, _("from")),
            day(self.done_to, _("to")),
            self.done_by,
            self.study,
            self.decision,
            self.act_notes,
        )


class CycleEdit(CycleForm):
    version: Version
    move_on: bool = False


@router.post("/projets/{code}/{project_id}/cycles")
@permission("learning.manage", target="code")
def cycle_start(
    request: Request, code: TerritoryCode, project_id: RecordId, form: Annotated[CycleForm, Form()]
) -> Any:
    cycle_id = learning.start_cycle(
        platform_of(request), principal(request).actor(request), project_id, code, form.fields()
    )
    return RedirectResponse(f"/projets/{code}/{project_id}/cycles/{cycle_id}", status_code=303)


@router.get("/projets/{code}/{project_id}/cycles/{cycle_id}")
@permission("learning.read")
def cycle_page(
    request: Request, code: TerritoryCode, project_id: RecordId, cycle_id: RecordId
) -> Any:
    platform = platform_of(request)
    team = allowed(request, "learning.manage", code)
    project = learning.get_project(platform, project_id, code, private=team)
    cycle = next((c for c in project.cycles if c.id == cycle_id), None)
    if cycle is None:
        raise NotFound(_("Unknown cycle: {id}").format(id=cycle_id))
    measures = [m for m in project.measures if m.id in cycle.measure_ids] or project.measures
    return render_page(
        request,
        "cycle.html",
        p=project,
        c=cycle,
        team=team,
        measures=measures,
        charts={m.id: chart_of(m, cycle.predicted_value) for m in measures},
        decisions=list(Decision),
        stages=STAGES,
    )


@router.post("/projets/{code}/{project_id}/cycles/{cycle_id}")
@permission("learning.manage", target="code")
def cycle_update(
    request: Request,
    code: TerritoryCode,
    project_id: RecordId,
    cycle_id: RecordId,
    form: Annotated[CycleEdit, Form()],
) -> Any:
    learning.update_cycle(
        platform_of(request),
        principal(request).actor(request),
        project_id,
        code,
        cycle_id,
        form.fields(),
        form.version,
        form.move_on,
    )
    return RedirectResponse(f"/projets/{code}/{project_id}/cycles/{cycle_id}", status_code=303)


class EntryForm(BaseModel):
    text: Text
    kind: ChoiceText
    expectation: ChoiceText
    written_on: DayText = ""
    participants: Text = ""
    shared: bool = False

    def draft(self) -> EntryDraft:
        fields = self.model_dump(exclude={"written_on"})
        return EntryDraft(written_on=day(self.written_on, _("date")), **fields)


@router.post("/projets/{code}/{project_id}/journal")
@permission("learning.manage", target="code")
def entry_add(
    request: Request,
    code: TerritoryCode,
    project_id: RecordId,
    form: Annotated[EntryForm, Form()],
) -> Any:
    person = principal(request).person
    learning.add_entry(
        platform_of(request),
        principal(request).actor(request),
        project_id,
        code,
        form.draft(),
        person.display_name if person else "",
    )
    return RedirectResponse(f"/projets/{code}/{project_id}#journal", status_code=303)


@router.post("/projets/{code}/{project_id}/journal/{entry_id}/partage")
@permission("learning.manage", target="code")
def entry_share(
    request: Request,
    code: TerritoryCode,
    project_id: RecordId,
    entry_id: RecordId,
    version: FormVersion,
    shared: Annotated[str, Form(max_length=3)] = "",
) -> Any:
    learning.share_entry(
        platform_of(request),
        principal(request).actor(request),
        project_id,
        code,
        entry_id,
        shared == "on",
        version,
    )
    return RedirectResponse(f"/projets/{code}/{project_id}#journal", status_code=303)


@router.get("/apprentissage")
@permission("learning.read")
def network_page(request: Request, q: Filter = "") -> Any:
    return render_page(
        request,
        "learning_network.html",
        network=learning.learning_network(platform_of(request), q),
        q=q,
    )
