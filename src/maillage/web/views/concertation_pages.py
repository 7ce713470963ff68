"""Concertation spaces (art. 13.1, 18.3, 27): members, meetings, diversity, syntheses.

The public sees the spaces, the sectors they bring together and the syntheses published as
public; members see who sits there, the meeting records and internal syntheses; the
space's facilitators (in scope) keep the record and publish the one-page syntheses.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from markdown_it import MarkdownIt
from markupsafe import Markup
from pydantic import BaseModel, Field

from maillage.domain.concertation import MemberSector, SpaceKind
from maillage.domain.territory import REGION_CODE, Level
from maillage.errors import InvalidInput, NotFound
from maillage.i18n import gettext as _
from maillage.services import concertation, directory, fields, territories
from maillage.services.concertation import MeetingRecord, MeetingView, SpaceView
from maillage.web import charts
from maillage.web.params import DayText, FormVersion, RecordId, TerritoryCode, Title, Version
from maillage.web.pdf import pdf_response
from maillage.web.security import allowed, permission, platform_of, principal
from maillage.web.templating import render_page

router = APIRouter(include_in_schema=False)

LongText = Annotated[str, Field(max_length=8000)]
KIND_OF_LEVEL = {
    Level.BASSIN: SpaceKind.BASSIN,
    Level.OLS: SpaceKind.THEMATIC,
    Level.REGION: SpaceKind.REGIONAL,
}
# Raw HTML in a synthesis is shown as text: only Markdown structure is rendered.
MARKDOWN = MarkdownIt("commonmark", {"html": False})


def markdown(text: str) -> Markup:
    # html is disabled: any markup typed in the text comes out escaped.
    return Markup(MARKDOWN.render(text))


@router.get("/concertation")
@permission("public.read")
def spaces_page(
    request: Request,
    territoire: Annotated[str, Query(max_length=24, pattern=r"^[A-Za-z0-9_.-]*$")] = "",
) -> Any:
    platform = platform_of(request)
    spaces = concertation.list_spaces(platform, territoire)
    territory = None
    if territoire:
        level = territories.level_of(platform, territoire)
        if level is None:
            raise NotFound(_("Unknown territory: {code}").format(code=territoire))
        territory = (territoire, KIND_OF_LEVEL.get(level))
    can_create = (
        territory is not None
        and territory[1] is not None
        and allowed(request, "concertation.manage", territoire)
    )
    ols = territories.list_territories(platform, Level.OLS)
    bassins = territories.list_territories(platform, Level.BASSIN)
    return render_page(
        request,
        "concertation.html",
        spaces=spaces,
        territoire=territoire,
        territory_kind=territory[1] if territory else None,
        can_create=can_create,
        sectors=directory.sectors(platform),
        member_sectors=list(MemberSector),
        ols=ols.items,
        bassins=bassins.items,
        region=REGION_CODE,
    )


class SpaceForm(BaseModel):
    name: Title
    theme: str = Field("", max_length=64)
    description: LongText = ""
    expected: list[str] = Field(default_factory=list, max_length=20)


@router.post("/concertation/{code}/espaces")
@permission("concertation.manage", target="code")
def space_create(
    request: Request,
    code: TerritoryCode,
    form: Annotated[SpaceForm, Form()],
) -> Any:
    platform = platform_of(request)
    level = territories.level_of(platform, code)
    kind = KIND_OF_LEVEL.get(level) if level else None
    if kind is None:
        raise InvalidInput(_("Concertation spaces belong to a bassin, an OLS or the region."))
    space_id = concertation.create_space(
        platform,
        principal(request).actor(request),
        code,
        kind.value,
        form.name,
        form.theme,
        form.expected,
        form.description,
    )
    return RedirectResponse(f"/concertation/{code}/{space_id}", status_code=303)


def _visible_meetings(request: Request, space: SpaceView, manager: bool) -> list[MeetingView]:
    if manager:
        return space.meetings
    internal = allowed(request, "concertation.read_internal")
    return [m for m in space.meetings if m.published and (m.synthesis_public or internal)]


@router.get("/concertation/{code}/{space_id}")
@permission("public.read")
def space_page(request: Request, code: TerritoryCode, space_id: RecordId) -> Any:
    space = concertation.get_space(platform_of(request), space_id, code)
    manager = allowed(request, "concertation.manage", code)
    chart = (
        charts.participation(
            [
                (p.held_on.strftime("%d/%m/%y"), p.attendees, p.members)
                for p in space.diversity.participation
            ]
        )
        if space.diversity
        else ""
    )
    return render_page(
        request,
        "space.html",
        space=space,
        manager=manager,
        participation_svg=chart,
        internal=manager or allowed(request, "concertation.read_internal"),
        meetings=_visible_meetings(request, space, manager),
        member_sectors=list(MemberSector),
        today=date.today().isoformat(),
    )


@router.post("/concertation/{code}/{space_id}/membres")
@permission("concertation.manage", target="code")
def member_add(
    request: Request,
    code: TerritoryCode,
    space_id: RecordId,
    name: Annotated[str, Form(max_length=200)],
    sector: Annotated[str, Form(max_length=32)],
) -> Any:
    concertation.add_member(
        platform_of(request), principal(request).actor(request), space_id, code, name, sector
    )
    return RedirectResponse(f"/concertation/{code}/{space_id}#membres", status_code=303)


@router.post("/concertation/{code}/{space_id}/membres/{member_id}")
@permission("concertation.manage", target="code")
def member_active(
    request: Request,
    code: TerritoryCode,
    space_id: RecordId,
    member_id: RecordId,
    version: FormVersion,
    active: Annotated[str, Form(max_length=1)] = "",
) -> Any:
    concertation.set_member_active(
        platform_of(request),
        principal(request).actor(request),
        space_id,
        code,
        member_id,
        bool(active),
        version,
    )
    return RedirectResponse(f"/concertation/{code}/{space_id}#membres", status_code=303)


class MeetingForm(BaseModel):
    held_on: DayText
    title: Title = ""
    agenda: LongText = ""
    notes: LongText = ""
    decisions: LongText = ""
    proposals: LongText = ""
    guests: int = Field(0, ge=0, le=1000)
    attendees: list[RecordId] = Field(default_factory=list, max_length=500)

    def record(self) -> MeetingRecord:
        fields_ = self.model_dump(exclude={"held_on", "attendees"})
        return MeetingRecord(
            held_on=fields.required_day(self.held_on, _("date")),
            attendee_ids=tuple(self.attendees),
            **fields_,
        )


@router.post("/concertation/{code}/{space_id}/reunions")
@permission("concertation.manage", target="code")
def meeting_add(
    request: Request,
    code: TerritoryCode,
    space_id: RecordId,
    form: Annotated[MeetingForm, Form()],
) -> Any:
    meeting_id = concertation.add_meeting(
        platform_of(request), principal(request).actor(request), space_id, code, form.record()
    )
    return RedirectResponse(
        f"/concertation/{code}/{space_id}/reunions/{meeting_id}", status_code=303
    )


def _meeting(
    request: Request, code: str, space_id: int, meeting_id: int, record: bool
) -> tuple[SpaceView, MeetingView, bool]:
    """The meeting if the person may see it: its record needs membership, a draft needs a
    facilitator, an internal synthesis a member; otherwise it does not exist for them."""
    space, meeting = concertation.get_meeting(platform_of(request), space_id, meeting_id, code)
    manager = allowed(request, "concertation.manage", code)
    internal = allowed(request, "concertation.read_internal")
    visible = (
        manager
        or (internal and (record or meeting.published))
        or (not record and meeting.published and meeting.synthesis_public)
    )
    if not visible:
        raise NotFound(_("Unknown meeting: {id}").format(id=meeting_id))
    return space, meeting, manager


@router.get("/concertation/{code}/{space_id}/reunions/{meeting_id}")
@permission("public.read")
def meeting_page(
    request: Request, code: TerritoryCode, space_id: RecordId, meeting_id: RecordId
) -> Any:
    try:
        space, meeting, manager = _meeting(request, code, space_id, meeting_id, record=True)
    except NotFound:
        # Not a member: the published public synthesis is all there is to see.
        _meeting(request, code, space_id, meeting_id, record=False)
        return RedirectResponse(
            f"/concertation/{code}/{space_id}/reunions/{meeting_id}/synthese", status_code=303
        )
    bassin = code if territories.level_of(platform_of(request), code) is Level.BASSIN else ""
    return render_page(
        request,
        "meeting.html",
        space=space,
        meeting=meeting,
        manager=manager,
        bassin=bassin,
        rendered=markdown(meeting.synthesis),
    )


class SynthesisForm(BaseModel):
    synthesis: LongText
    version: Version
    public: str = Field("", max_length=1)
    publish: str = Field("", max_length=1)


@router.post("/concertation/{code}/{space_id}/reunions/{meeting_id}/synthese")
@permission("concertation.manage", target="code")
def synthesis_save(
    request: Request,
    code: TerritoryCode,
    space_id: RecordId,
    meeting_id: RecordId,
    form: Annotated[SynthesisForm, Form()],
) -> Any:
    concertation.edit_synthesis(
        platform_of(request),
        principal(request).actor(request),
        space_id,
        code,
        meeting_id,
        form.synthesis,
        bool(form.public),
        bool(form.publish),
        form.version,
    )
    return RedirectResponse(
        f"/concertation/{code}/{space_id}/reunions/{meeting_id}", status_code=303
    )


@router.get("/concertation/{code}/{space_id}/reunions/{meeting_id}/synthese")
@permission("public.read")
def synthesis_page(
    request: Request, code: TerritoryCode, space_id: RecordId, meeting_id: RecordId
) -> Any:
    space, meeting, _manager = _meeting(request, code, space_id, meeting_id, record=False)
    return render_page(
        request,
        "synthesis.html",
        space=space,
        meeting=meeting,
        rendered=markdown(meeting.synthesis),
        interactive=True,
    )


@router.get("/concertation/{code}/{space_id}/reunions/{meeting_id}/synthese/pdf")
@permission("public.read")
def synthesis_pdf(
    request: Request, code: TerritoryCode, space_id: RecordId, meeting_id: RecordId
) -> Response:
    space, meeting, _manager = _meeting(request, code, space_id, meeting_id, record=False)
    return pdf_response(
        request,
        "synthesis.html",
        f"synthese-{meeting.held_on}.pdf",
        space=space,
        meeting=meeting,
        rendered=markdown(meeting.synthesis),
    )
