"""OLS action plans (art. 18.2) and the IWPL's compilation for the Forum (art. 27.3, 24)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from maillage.domain.access import Role
from maillage.domain.action_plans import ActionStatus, PlanKind
from maillage.domain.concertation import MemberSector
from maillage.domain.needs import NeedState, Outcome
from maillage.domain.territory import Level
from maillage.i18n import gettext as _
from maillage.services import action_plans, fields, needs
from maillage.services.action_plans import ActionDraft
from maillage.services.needs import Compilation, RegisterFilter
from maillage.web import charts
from maillage.web.params import (
    DayText,
    FormText,
    FormVersion,
    RecordId,
    ShortText,
    TerritoryCode,
    Text,
    Title,
)
from maillage.web.pdf import pdf_response
from maillage.web.security import (
    allowed,
    allowed_territories,
    asker,
    permission,
    platform_of,
    principal,
)
from maillage.web.templating import render_page

router = APIRouter(include_in_schema=False)


@router.get("/plans")
@permission("plan.read")
def plans_page(request: Request) -> Any:
    platform = platform_of(request)
    return render_page(
        request,
        "plans.html",
        plans=action_plans.list_plans(platform),
        manageable=allowed_territories(request, "plan.manage", Level.OLS),
        kinds=list(PlanKind),
        this_year=date.today().year,
    )


class PlanForm(BaseModel):
    title: Title
    kind: str = Field(max_length=16)
    first_year: int = Field(ge=1900, le=2200)
    last_year: int | None = Field(None, ge=1900, le=2200)
    summary: Text = ""


@router.post("/plans/{code}")
@permission("plan.manage", target="code")
def plan_create(
    request: Request,
    code: TerritoryCode,
    form: Annotated[PlanForm, Form()],
) -> Any:
    plan_id = action_plans.create_plan(
        platform_of(request),
        principal(request).actor(request),
        code,
        form.title,
        form.kind,
        form.first_year,
        form.last_year,
        form.summary,
    )
    return RedirectResponse(f"/plans/{code}/{plan_id}", status_code=303)


@router.get("/plans/{code}/{plan_id}")
@permission("plan.read")
def plan_page(request: Request, code: TerritoryCode, plan_id: RecordId) -> Any:
    platform = platform_of(request)
    plan = action_plans.get_plan(platform, plan_id, code)
    manager = allowed(request, "plan.manage", code)
    candidates = (
        needs.register(platform, RegisterFilter(states=(NeedState.CONSOLIDATED,), territory=code))
        if manager
        else []
    )
    return render_page(
        request,
        "plan.html",
        plan=plan,
        manager=manager,
        candidates=candidates,
        statuses=list(ActionStatus),
        member_sectors=list(MemberSector),
    )


@router.post("/plans/{code}/{plan_id}/objectifs")
@permission("plan.manage", target="code")
def objective_add(
    request: Request,
    code: TerritoryCode,
    plan_id: RecordId,
    title: ShortText,
    description: FormText = "",
) -> Any:
    action_plans.add_objective(
        platform_of(request), principal(request).actor(request), plan_id, code, title, description
    )
    return RedirectResponse(f"/plans/{code}/{plan_id}#objectifs", status_code=303)


@router.post("/plans/{code}/{plan_id}/partenaires")
@permission("plan.manage", target="code")
def partner_add(
    request: Request,
    code: TerritoryCode,
    plan_id: RecordId,
    name: ShortText,
    sector: Annotated[str, Form(max_length=32)],
) -> Any:
    action_plans.add_partner(
        platform_of(request), principal(request).actor(request), plan_id, code, name, sector
    )
    return RedirectResponse(f"/plans/{code}/{plan_id}#partenaires", status_code=303)


class ActionForm(BaseModel):
    objective_id: RecordId
    title: Title
    description: Text = ""
    resources: Text = ""
    deadline: DayText = ""
    status: str = Field(ActionStatus.PLANNED.value, max_length=16)
    partner_ids: list[RecordId] = Field(default_factory=list, max_length=200)
    need_ids: list[RecordId] = Field(default_factory=list, max_length=200)

    def draft(self) -> ActionDraft:
        return ActionDraft(
            self.objective_id,
            self.title,
            self.description,
            self.resources,
            fields.day(self.deadline, _("deadline")),
            self.status,
            tuple(self.partner_ids),
            tuple(self.need_ids),
        )


@router.post("/plans/{code}/{plan_id}/actions")
@permission("plan.manage", target="code")
def action_add(
    request: Request,
    code: TerritoryCode,
    plan_id: RecordId,
    form: Annotated[ActionForm, Form()],
) -> Any:
    action_plans.add_action(platform_of(request), asker(request), plan_id, code, form.draft())
    return RedirectResponse(f"/plans/{code}/{plan_id}#objectifs", status_code=303)


@router.post("/plans/{code}/{plan_id}/actions/{action_id}/statut")
@permission("plan.manage", target="code")
def action_status(
    request: Request,
    code: TerritoryCode,
    plan_id: RecordId,
    action_id: RecordId,
    status: Annotated[str, Form(max_length=16)],
    version: FormVersion,
) -> Any:
    action_plans.set_action_status(
        platform_of(request),
        principal(request).actor(request),
        plan_id,
        code,
        action_id,
        status,
        version,
    )
    return RedirectResponse(f"/plans/{code}/{plan_id}#objectifs", status_code=303)


@router.post("/plans/{code}/{plan_id}/transmission")
@permission("plan.manage", target="code")
def plan_transmit(
    request: Request, code: TerritoryCode, plan_id: RecordId, reason: FormText = ""
) -> Any:
    action_plans.transmit(platform_of(request), asker(request), plan_id, code, reason)
    return RedirectResponse(f"/plans/{code}/{plan_id}", status_code=303)


def _file_name(plan: action_plans.PlanView) -> str:
    """ASCII only: a header cannot carry the en dash of « 2026–2028 »."""
    return f"plan-{plan.code}-{plan.first_year}-{plan.last_year}"


@router.get("/plans/{code}/{plan_id}/csv")
@permission("plan.read")
def plan_csv(request: Request, code: TerritoryCode, plan_id: RecordId) -> Response:
    plan = action_plans.get_plan(platform_of(request), plan_id, code)
    return Response(
        action_plans.to_csv(plan),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{_file_name(plan)}.csv"'},
    )


@router.get("/plans/{code}/{plan_id}/pdf")
@permission("plan.read")
def plan_pdf(request: Request, code: TerritoryCode, plan_id: RecordId) -> Response:
    plan = action_plans.get_plan(platform_of(request), plan_id, code)
    return pdf_response(request, "plan_pdf.html", f"{_file_name(plan)}.pdf", plan=plan)


def _heat_map(found: Compilation) -> Any:
    table = found.heat_map
    counts = {key: cell.needs for key, cell in table.cells.items()}
    people = {key: cell.population for key, cell in table.cells.items()}
    return charts.heat_map(
        [(code, found.ols_names.get(code, code)) for code in table.rows],
        [(t, found.theme_names.get(t, t)) for t in table.columns],
        counts,
        people,
    )


@router.get("/compilation")
@permission("need.read")
def compilation_page(request: Request) -> Any:
    found = needs.compilation(platform_of(request))
    person = principal(request).person
    roles = {g.role for g in person.grants} if person else set()
    return render_page(
        request,
        "compilation.html",
        c=found,
        heat_svg=_heat_map(found),
        can_compile=Role.IWPL_ANALYST in roles,
        can_answer=Role.FORUM_MEMBER in roles,
        NeedState=NeedState,
        outcomes=list(Outcome),
    )


@router.post("/compilation/compiler")
@permission("need.act")
def compile_all(request: Request) -> Any:
    """The IWPL compiles every transmitted need at once (each step recorded)."""
    needs.compile_transmitted(platform_of(request), asker(request))
    return RedirectResponse("/compilation", status_code=303)


@router.get("/compilation/pdf")
@permission("need.read")
def compilation_pdf(request: Request) -> Response:
    found = needs.compilation(platform_of(request))
    return pdf_response(
        request,
        "compilation_pdf.html",
        f"compilation-besoins-{found.compiled_on}.pdf",
        c=found,
        heat_svg=_heat_map(found),
        NeedState=NeedState,
    )
