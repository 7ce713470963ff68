"""The quintuple-aim framework (roadmap step 9), self-assessments and activity reports.

Every member reads an OLS's dashboard, the IWPL's comparison and the reports; the OLS's
team and governance edit its objectives, scores and narratives.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from maillage.domain.performance import Aim, Direction, ObjectiveKind
from maillage.i18n import gettext as _
from maillage.services import activity_report, indicators, performance
from maillage.services.fields import decimal, whole
from maillage.services.performance import AssessmentDraft, ObjectiveDraft
from maillage.web import charts
from maillage.web.params import (
    ChoiceText,
    FormVersion,
    RecordId,
    TerritoryCode,
    Text,
    Title,
    Version,
)
from maillage.web.pdf import pdf_response
from maillage.web.security import allowed, permission, platform_of, principal
from maillage.web.templating import render_page

router = APIRouter(include_in_schema=False)

Year = Annotated[int, Form(ge=1900, le=2200)]
NumberText = Annotated[str, Field(max_length=32)]
PathYear = Annotated[int, Path(ge=2024, le=2100)]
SectionKey = Annotated[str, Path(max_length=32, pattern=r"^[a-z_]+$")]


@router.get("/performance")
@permission("learning.read")
def comparison_page(
    request: Request, annee: Annotated[int | None, Query(ge=2024, le=2100)] = None
) -> Any:
    year = annee or date.today().year
    rows = performance.comparison(platform_of(request), year)
    return render_page(
        request,
        "performance.html",
        rows=rows,
        aims=list(Aim),
        year=year,
        years=range(2024, date.today().year + 2),
    )


@router.get("/performance/{code}")
@permission("learning.read")
def dashboard_page(request: Request, code: TerritoryCode) -> Any:
    platform = platform_of(request)
    board = performance.dashboard(platform, code)
    manager = allowed(request, "performance.manage", code)
    series = {view.aim.label: [(a.year, a.score) for a in view.assessments] for view in board.aims}
    return render_page(
        request,
        "performance_ols.html",
        board=board,
        manager=manager,
        trend_svg=charts.score_trends(series),
        aims=list(Aim),
        kinds=list(ObjectiveKind),
        directions=list(Direction),
        this_year=date.today().year,
        indicators=indicators.list_indicators(platform) if manager else [],
        reports=activity_report.reports_of(platform, code),
    )


class ObjectiveForm(BaseModel):
    """An objective as the add and edit forms send it (numbers as typed, read below)."""

    aim: ChoiceText
    title: Title
    kind: ChoiceText
    indicator_id: str = Field("", max_length=64)
    target: NumberText = ""
    direction: ChoiceText = ""
    target_year: NumberText = ""
    current_value: NumberText = ""
    narrative: Text = ""
    progress_note: Text = ""

    def draft(self) -> ObjectiveDraft:
        return ObjectiveDraft(
            self.aim,
            self.title,
            self.kind,
            self.indicator_id,
            decimal(self.target, _("target")),
            self.direction,
            whole(self.target_year, _("target year"), 1900, 2200),
            decimal(self.current_value, _("current value")),
            self.narrative,
            self.progress_note,
        )


class ObjectiveEdit(ObjectiveForm):
    version: Version


@router.post("/performance/{code}/objectifs")
@permission("performance.manage", target="code")
def objective_add(
    request: Request, code: TerritoryCode, form: Annotated[ObjectiveForm, Form()]
) -> Any:
    performance.add_objective(
        platform_of(request), principal(request).actor(request), code, form.draft()
    )
    return RedirectResponse(f"/performance/{code}#aim-{form.aim}", status_code=303)


@router.post("/performance/{code}/objectifs/{objective_id}")
@permission("performance.manage", target="code")
def objective_update(
    request: Request,
    code: TerritoryCode,
    objective_id: RecordId,
    form: Annotated[ObjectiveEdit, Form()],
) -> Any:
    performance.update_objective(
        platform_of(request),
        principal(request).actor(request),
        code,
        objective_id,
        form.draft(),
        form.version,
    )
    return RedirectResponse(f"/performance/{code}#aim-{form.aim}", status_code=303)


class AssessmentForm(BaseModel):
    year: int = Field(ge=1900, le=2200)
    aim: ChoiceText
    score: int = Field(ge=1, le=5)
    implementation: Text = ""
    explanation: Text = ""
    version: Version | None = None


@router.post("/performance/{code}/autoevaluation")
@permission("performance.manage", target="code")
def assessment_save(
    request: Request,
    code: TerritoryCode,
    form: Annotated[AssessmentForm, Form()],
) -> Any:
    draft = AssessmentDraft(**form.model_dump(exclude={"version"}))
    performance.assess(
        platform_of(request), principal(request).actor(request), code, draft, form.version
    )
    return RedirectResponse(f"/performance/{code}#autoevaluation", status_code=303)


@router.post("/rapports/{code}")
@permission("performance.manage", target="code")
def report_open(request: Request, code: TerritoryCode, year: Year) -> Any:
    activity_report.open_report(platform_of(request), principal(request).actor(request), code, year)
    return RedirectResponse(f"/rapports/{code}/{year}", status_code=303)


@router.get("/rapports/{code}/{year}")
@permission("learning.read")
def report_page(request: Request, code: TerritoryCode, year: PathYear) -> Any:
    report = activity_report.build(platform_of(request), code, year)
    return render_page(
        request,
        "activity_report.html",
        report=report,
        code=code,
        manager=allowed(request, "performance.manage", code),
    )


@router.post("/rapports/{code}/{year}/sections/{key}")
@permission("performance.manage", target="code")
def narrative_save(
    request: Request,
    code: TerritoryCode,
    year: PathYear,
    key: SectionKey,
    version: FormVersion,
    text: Annotated[str, Form(max_length=20_000)] = "",
) -> Any:
    activity_report.edit_narrative(
        platform_of(request), principal(request).actor(request), code, year, key, text, version
    )
    return RedirectResponse(f"/rapports/{code}/{year}#section-{key}", status_code=303)


def _file_name(code: str, year: int) -> str:
    return f"rapport-activites-{code}-{year}"


@router.get("/rapports/{code}/{year}/pdf")
@permission("learning.read")
def report_pdf(request: Request, code: TerritoryCode, year: PathYear) -> Response:
    report = activity_report.build(platform_of(request), code, year)
    return pdf_response(
        request, "activity_report_pdf.html", f"{_file_name(code, year)}.pdf", report=report
    )


@router.get("/rapports/{code}/{year}/docx")
@permission("learning.read")
def report_docx(request: Request, code: TerritoryCode, year: PathYear) -> Response:
    return Response(
        activity_report.build_docx(platform_of(request), code, year),
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        headers={"Content-Disposition": f'attachment; filename="{_file_name(code, year)}.docx"'},
    )
