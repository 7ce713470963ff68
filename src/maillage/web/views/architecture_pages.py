"""The reform's architecture (structures, flows, analysis, diagrams) and the roadmap.

The architecture, its analysis and the roadmap's scenarios are public: they come from a
public document and the decree. Editing structures and flows is a regional task (IWPL,
administration); each OLS records its own trajectory.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from maillage.domain.access import Role
from maillage.domain.architecture import DEFAULT_SIMILARITY, FlowKind, InstitutionLevel
from maillage.domain.roadmap import Choice, StepStatus
from maillage.errors import InvalidInput, NotFound
from maillage.i18n import gettext as _
from maillage.services import architecture, roadmap
from maillage.services.architecture import FlowDraft, StructureDraft
from maillage.services.fields import day, decimal
from maillage.services.roadmap import StepDraft
from maillage.web import diagrams
from maillage.web.params import (
    ChoiceText,
    DayText,
    FormVersion,
    RecordId,
    TerritoryCode,
    Text,
    Title,
    Version,
    VersionOrNew,
)
from maillage.web.security import allowed, permission, platform_of, principal
from maillage.web.templating import render_page

router = APIRouter(include_in_schema=False)

StructureCode = Annotated[str, Path(max_length=32, pattern=r"^[a-z][a-z0-9_]*$")]
StepCode = Annotated[str, Path(max_length=8, pattern=r"^[0-9.]+$")]
QueryCode = Annotated[str, Query(max_length=32)]
QueryText = Annotated[str, Query(max_length=32)]
STEP_FIELD = "etape-"


def kind_of(value: str) -> FlowKind | None:
    """``flux=`` in links: a kind, or empty / ``tous`` for all flows together."""
    if value in ("", "tous"):
        return None
    try:
        return FlowKind(value)
    except ValueError:
        raise InvalidInput(_("Unknown kind of flow: {value}").format(value=value)) from None


def threshold_of(value: str) -> float:
    """The similarity threshold as typed: a percentage (80) or a share (0,8); the service
    checks its range."""
    number = decimal(value, _("similarity threshold"))
    if number is None:
        return DEFAULT_SIMILARITY
    return number / 100 if number > 1 else number


def _link(kind: FlowKind | None, on: date | None, threshold: str) -> Callable[[str], str]:
    def link(code: str) -> str:
        query = {"flux": kind.value if kind else "tous", "focus": code}
        if on:
            query["date"] = on.isoformat()
        if threshold:
            query["seuil"] = threshold
        return f"/architecture?{urlencode(query)}#diagramme"

    return link


@router.get("/architecture")
@permission("public.read")
def architecture_page(
    request: Request,
    flux: QueryText = "tous",
    focus: QueryCode = "",
    date_: Annotated[str, Query(alias="date", max_length=10)] = "",
    seuil: QueryText = "",
    de: QueryCode = "",
    vers: QueryCode = "",
    chemin: QueryText = "tous",
) -> Any:
    platform = platform_of(request)
    snap = architecture.snapshot(platform)
    found = snap.architecture
    kind = kind_of(flux)
    on = day(date_, _("date")) or date.today()
    threshold = threshold_of(seuil)
    if focus:
        found.structure(focus)
    reading = architecture.analyse(platform, on, threshold)
    route_kind = kind_of(chemin)
    routes = architecture.routes(platform, de, vers, route_kind) if de and vers else ()
    focus_flows = [f for f in found.flows_of(kind) if focus in (f.source, f.target)]
    return render_page(
        request,
        "architecture.html",
        architecture=found,
        kinds=list(FlowKind),
        kind=kind,
        focus=focus,
        focus_flows=focus_flows,
        on=on,
        seuil=seuil,
        threshold_percent=round(threshold * 100),
        reading=reading,
        kind_reading=reading.of(kind),
        diagram=diagrams.diagram(
            found, kind, focus or None, _link(kind, on if date_ else None, seuil)
        ),
        levels=list(InstitutionLevel),
        de=de,
        vers=vers,
        route_kind=route_kind,
        routes=routes,
        source=architecture.SOURCE,
        manager=allowed(request, "architecture.manage"),
    )


@router.get("/architecture/diagramme.svg")
@permission("public.read")
def diagram_svg(request: Request, flux: QueryText = "tous", focus: QueryCode = "") -> Any:
    found = architecture.current(platform_of(request))
    kind = kind_of(flux)
    if focus:
        found.structure(focus)
    svg = diagrams.diagram(found, kind, focus or None)
    name = f"architecture-{kind.value if kind else 'tous'}.svg"
    return Response(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + str(svg),
        media_type="image/svg+xml",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/architecture/export.json")
@permission("public.read")
def export_json(request: Request) -> Any:
    document = architecture.export_json(platform_of(request))
    return Response(
        json.dumps(document, ensure_ascii=False, indent=1),
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="architecture.json"'},
    )


@router.get("/architecture/export.graphml")
@permission("public.read")
def export_graphml(request: Request) -> Any:
    return Response(
        architecture.export_graphml(platform_of(request)),
        media_type="application/graphml+xml",
        headers={"Content-Disposition": 'attachment; filename="architecture.graphml"'},
    )


@router.get("/architecture/structures/{code}")
@permission("public.read")
def structure_page(request: Request, code: StructureCode) -> Any:
    platform = platform_of(request)
    snap = architecture.snapshot(platform)
    if code not in snap.architecture.by_code:
        raise NotFound(_("Unknown structure: {code}").format(code=code))
    structure = snap.architecture.by_code[code]
    manager = allowed(request, "architecture.manage")
    return render_page(
        request,
        "structure.html",
        architecture=snap.architecture,
        structure=structure,
        version=snap.structure_versions[code],
        flow_versions=snap.flow_versions,
        outgoing=[f for f in snap.architecture.flows if f.source == code],
        incoming=[f for f in snap.architecture.flows if f.target == code],
        kinds=list(FlowKind),
        levels=list(InstitutionLevel),
        manager=manager,
        reach=architecture.reach(platform, code),
        history=architecture.history(platform, code) if manager else [],
        diagram=diagrams.diagram(
            snap.architecture, None, code, lambda c: f"/architecture/structures/{c}"
        ),
    )


class StructureForm(BaseModel):
    """A structure as the add and edit forms send it."""

    name: Title
    level: ChoiceText
    short: str = Field("", max_length=60)
    in_decree: bool = False
    legal_basis: Text = ""
    missions: Text = ""
    composition: Text = ""
    source: Text = ""

    def draft(self) -> StructureDraft:
        return StructureDraft(**self.model_dump(include=set(StructureForm.model_fields)))


class StructureAdd(StructureForm):
    code: str = Field(max_length=32)


class StructureEdit(StructureForm):
    version: Version


@router.post("/architecture/structures")
@permission("architecture.manage")
def structure_add(request: Request, form: Annotated[StructureAdd, Form()]) -> Any:
    added = architecture.add_structure(
        platform_of(request), principal(request).actor(request), form.code, form.draft()
    )
    return RedirectResponse(f"/architecture/structures/{added}", status_code=303)


@router.post("/architecture/structures/{code}")
@permission("architecture.manage")
def structure_update(
    request: Request, code: StructureCode, form: Annotated[StructureEdit, Form()]
) -> Any:
    architecture.update_structure(
        platform_of(request), principal(request).actor(request), code, form.draft(), form.version
    )
    return RedirectResponse(f"/architecture/structures/{code}", status_code=303)


@router.post("/architecture/structures/{code}/supprimer")
@permission("architecture.manage")
def structure_remove(request: Request, code: StructureCode, version: FormVersion) -> Any:
    architecture.remove_structure(
        platform_of(request), principal(request).actor(request), code, version
    )
    return RedirectResponse("/architecture", status_code=303)


class FlowForm(BaseModel):
    """A flow as the add and edit forms send it."""

    kind: ChoiceText
    source: str = Field(max_length=32)
    target: str = Field(max_length=32)
    what: Text
    legal_basis: Text = ""
    frequency: str = Field("", max_length=60)
    available_from: DayText = ""
    timing_note: Text = ""
    reference: Text = ""

    def draft(self) -> FlowDraft:
        return FlowDraft(**self.model_dump(include=set(FlowForm.model_fields)))


class FlowEdit(FlowForm):
    version: Version


@router.post("/architecture/flux")
@permission("architecture.manage")
def flow_add(request: Request, form: Annotated[FlowForm, Form()]) -> Any:
    architecture.add_flow(platform_of(request), principal(request).actor(request), form.draft())
    return RedirectResponse(f"/architecture/structures/{form.source.strip()}#flux", status_code=303)


@router.post("/architecture/flux/{flow_id}")
@permission("architecture.manage")
def flow_update(request: Request, flow_id: RecordId, form: Annotated[FlowEdit, Form()]) -> Any:
    architecture.update_flow(
        platform_of(request), principal(request).actor(request), flow_id, form.draft(), form.version
    )
    return RedirectResponse(f"/architecture/structures/{form.source.strip()}#flux", status_code=303)


@router.post("/architecture/flux/{flow_id}/supprimer")
@permission("architecture.manage")
def flow_remove(
    request: Request,
    flow_id: RecordId,
    version: FormVersion,
    back: Annotated[str, Form(max_length=32, pattern=r"^[a-z0-9_]*$")] = "",
) -> Any:
    architecture.remove_flow(
        platform_of(request), principal(request).actor(request), flow_id, version
    )
    target = f"/architecture/structures/{back}#flux" if back else "/architecture"
    return RedirectResponse(target, status_code=303)


def builder_choices(request: Request) -> dict[str, str]:
    """The builder's ``etape-5.1=2`` fields; other query fields are not the builder's."""
    raw = {}
    for key, value in request.query_params.items():
        if key.startswith(STEP_FIELD):
            if len(key) > 16 or len(value) > 8:
                raise InvalidInput(_("Unknown roadmap step: {code}").format(code=key[:16]))
            raw[key.removeprefix(STEP_FIELD)] = value
    return raw


@router.get("/feuille-de-route")
@permission("public.read")
def roadmap_page(request: Request) -> Any:
    raw = builder_choices(request)
    evaluation = roadmap.evaluate_choices(raw)
    ols = None
    who = principal(request)
    if who.person is not None:
        ols = next(
            (g.scope for g in who.person.grants if g.role in (Role.OLS_TEAM, Role.OLS_GOVERNANCE)),
            None,
        )
    return render_page(
        request,
        "roadmap.html",
        roadmap=roadmap.roadmap(),
        evaluation=evaluation,
        choices=evaluation.choices,
        choice_values=list(Choice),
        field=STEP_FIELD,
        source=roadmap.SOURCE,
        own_ols=ols,
    )


@router.get("/feuille-de-route/comparaison")
@permission("roadmap.read")
def roadmap_comparison(request: Request) -> Any:
    return render_page(
        request,
        "roadmap_comparison.html",
        roadmap=roadmap.roadmap(),
        rows=roadmap.comparison(platform_of(request)),
    )


@router.get("/feuille-de-route/ols/{code}")
@permission("roadmap.read")
def roadmap_ols(request: Request, code: TerritoryCode) -> Any:
    found = roadmap.trajectory(platform_of(request), code)
    return render_page(
        request,
        "roadmap_ols.html",
        roadmap=roadmap.roadmap(),
        trajectory=found,
        evaluation=found.evaluation,
        statuses=list(StepStatus),
        choice_values=list(Choice),
        manager=allowed(request, "roadmap.manage", code),
    )


class StepForm(BaseModel):
    """An OLS's choice and progress on one step of the roadmap."""

    status: ChoiceText
    choice: ChoiceText = ""
    since: DayText = ""
    note: Text = ""
    version: VersionOrNew = 0


@router.post("/feuille-de-route/ols/{code}/etapes/{step}")
@permission("roadmap.manage", target="code")
def roadmap_record(
    request: Request,
    code: TerritoryCode,
    step: StepCode,
    form: Annotated[StepForm, Form()],
) -> Any:
    draft = StepDraft(**form.model_dump(exclude={"version"}))
    roadmap.record(
        platform_of(request), principal(request).actor(request), code, step, draft, form.version
    )
    return RedirectResponse(f"/feuille-de-route/ols/{code}#etape-{step}", status_code=303)
