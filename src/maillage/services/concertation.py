"""Concertation spaces, their members and meetings, and each meeting's one-page synthesis.

A synthesis is drafted from the meeting record, edited by the space's facilitators and
published, public or internal; once published it no longer changes (a correction is a new
meeting note, not a silent rewrite of what people already read).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from maillage.domain.actors import Actor
from maillage.domain.concertation import (
    EXPECTED,
    Attendance,
    Diversity,
    Member,
    MemberSector,
    SpaceKind,
    diversity,
    parse_sector,
    parse_sectors,
)
from maillage.domain.hierarchy import Hierarchy
from maillage.domain.territory import REGION_CODE, Level
from maillage.errors import Conflict, InvalidInput, NotFound
from maillage.i18n import format_date, ngettext
from maillage.i18n import gettext as _
from maillage.services import directory
from maillage.services.fields import bounded_text, joined
from maillage.services.platform import Platform
from maillage.services.territories import zoning_hierarchy
from maillage.services.versioning import guarded_update, owned_row
from maillage.store import links
from maillage.store.needs_tables import (
    ConcertationMemberRow,
    ConcertationSpaceRow,
    MeetingAttendeeRow,
    MeetingRow,
)

MAX_TEXT = 8000
SPACE_LEVEL = {
    SpaceKind.BASSIN: Level.BASSIN,
    SpaceKind.THEMATIC: Level.OLS,
    SpaceKind.REGIONAL: Level.REGION,
}


@dataclass(frozen=True)
class MemberView:
    id: int
    name: str
    sector: MemberSector
    active: bool
    version: int


@dataclass(frozen=True)
class MeetingView:
    id: int
    space_id: int
    held_on: date
    title: str
    agenda: str
    notes: str
    decisions: str
    proposals: str
    attendees: list[MemberView]
    guests: int
    synthesis: str
    synthesis_public: bool
    published_at: datetime | None
    is_demo: bool
    version: int

    @property
    def published(self) -> bool:
        return self.published_at is not None


@dataclass
class SpaceView:
    id: int
    name: str
    kind: SpaceKind
    code: str
    territory_name: str
    theme: str
    theme_name: str
    expected: tuple[MemberSector, ...]
    description: str
    is_demo: bool
    version: int
    members: list[MemberView] = field(default_factory=list)
    meetings: list[MeetingView] = field(default_factory=list)  # newest first
    meeting_count: int = 0
    member_count: int = 0
    diversity: Diversity | None = None


def create_space(
    platform: Platform,
    actor: Actor,
    code: str,
    kind: str,
    name: str,
    theme: str = "",
    expected: list[str] | None = None,
    description: str = "",
    is_demo: bool = False,
) -> int:
    try:
        kind_ = SpaceKind(kind)
    except ValueError as error:
        raise InvalidInput(_("Unknown kind of space: {value}").format(value=kind)) from error
    name = bounded_text(name, _("name"), 200, required=True)
    expected_ = parse_sectors(expected or []) or EXPECTED[kind_]
    with platform.transaction(actor) as session:
        zoning, _year, tree = zoning_hierarchy(platform, session, None, None)
        if code not in tree or tree.get(code).level is not SPACE_LEVEL[kind_]:
            raise InvalidInput(
                _("A {kind} belongs to a territory of level « {level} ».").format(
                    kind=kind_.label, level=SPACE_LEVEL[kind_].label
                )
            )
        if theme and theme not in directory.sector_codes(platform, session):
            raise InvalidInput(_("Choose a theme from the taxonomy: {value}").format(value=theme))
        row = ConcertationSpaceRow(
            name=name,
            kind=kind_.value,
            code=code,
            zoning_id=None if code == REGION_CODE else zoning.id,
            theme=theme,
            expected_sectors=joined(s.value for s in expected_),
            description=bounded_text(description, _("description"), MAX_TEXT),
            is_demo=is_demo,
            created_at=datetime.now(UTC),
        )
        session.add(row)
        session.flush()
        return row.id


def _space_row(session: Session, space_id: int, code: str | None) -> ConcertationSpaceRow:
    row = session.get(ConcertationSpaceRow, space_id)
    if row is None or (code is not None and row.code != code):
        raise NotFound(_("Unknown concertation space: {id}").format(id=space_id))
    return row


def list_spaces(platform: Platform, territory: str = "") -> list[SpaceView]:
    """Spaces of the active zoning (and regional ones), in a territory and those it holds."""
    with platform.reading() as session:
        zoning, _year, tree = zoning_hierarchy(platform, session, None, None)
        query = select(ConcertationSpaceRow).where(
            (ConcertationSpaceRow.zoning_id == zoning.id) | ConcertationSpaceRow.zoning_id.is_(None)
        )
        if territory and territory in tree:
            codes = {territory, *(t.code for t in tree.descendants(territory))}
            query = query.where(ConcertationSpaceRow.code.in_(codes))
        rows = list(
            session.scalars(query.order_by(ConcertationSpaceRow.code, ConcertationSpaceRow.name))
        )
        counts = {
            space: int(n)
            for space, n in session.execute(
                select(MeetingRow.space_id, func.count()).group_by(MeetingRow.space_id)
            )
        }
        members = {
            space: int(n)
            for space, n in session.execute(
                select(ConcertationMemberRow.space_id, func.count())
                .where(ConcertationMemberRow.active.is_(True))
                .group_by(ConcertationMemberRow.space_id)
            )
        }
        names = directory.term_names(platform, session)
        views = []
        for row in rows:
            view = _space(row, tree, names)
            view.meeting_count = counts.get(row.id, 0)
            view.member_count = members.get(row.id, 0)
            views.append(view)
        return views


def _space(row: ConcertationSpaceRow, tree: Hierarchy, names: Mapping[str, str]) -> SpaceView:
    return SpaceView(
        row.id,
        row.name,
        SpaceKind(row.kind),
        row.code,
        tree.get(row.code).name if row.code in tree else row.code,
        row.theme,
        names.get(row.theme, row.theme),
        parse_sectors(row.expected_sectors.split(",")),
        row.description,
        row.is_demo,
        row.version,
    )


def _member(row: ConcertationMemberRow) -> MemberView:
    return MemberView(row.id, row.name, MemberSector(row.sector), row.active, row.version)


def _meeting(
    row: MeetingRow, members: Mapping[int, MemberView], attendees: list[int]
) -> MeetingView:
    """*attendees* are members of the meeting's space (checked when it was recorded)."""
    return MeetingView(
        row.id,
        row.space_id,
        row.held_on,
        row.title,
        row.agenda,
        row.notes,
        row.decisions,
        row.proposals,
        [members[i] for i in attendees],
        row.guests,
        row.synthesis,
        row.synthesis_public,
        row.published_at,
        row.is_demo,
        row.version,
    )


def get_space(platform: Platform, space_id: int, code: str | None = None) -> SpaceView:
    """A space with its members, meetings (newest first) and diversity view."""
    with platform.reading() as session:
        row = _space_row(session, space_id, code)
        view = _space(
            row,
            zoning_hierarchy(platform, session, None, None)[2],
            directory.term_names(platform, session),
        )
        member_rows = list(
            session.scalars(
                select(ConcertationMemberRow)
                .where(ConcertationMemberRow.space_id == space_id)
                .order_by(ConcertationMemberRow.sector, ConcertationMemberRow.name)
            )
        )
        view.members = [_member(m) for m in member_rows]
        view.member_count = sum(m.active for m in view.members)
        by_id = {m.id: m for m in view.members}
        meeting_rows = list(
            session.scalars(
                select(MeetingRow)
                .where(MeetingRow.space_id == space_id)
                .order_by(MeetingRow.held_on.desc(), MeetingRow.id.desc())
            )
        )
        present = links.targets(session, MeetingAttendeeRow, (m.id for m in meeting_rows))
        view.meetings = [_meeting(m, by_id, present.get(m.id, [])) for m in meeting_rows]
        view.meeting_count = len(view.meetings)
        view.diversity = diversity(
            [Member(m.id, m.name, m.sector, m.active) for m in view.members],
            [Attendance(m.held_on, frozenset(a.id for a in m.attendees)) for m in view.meetings],
            view.expected,
        )
        return view


def add_member(
    platform: Platform, actor: Actor, space_id: int, code: str, name: str, sector: str
) -> int:
    name = bounded_text(name, _("name"), 200, required=True)
    sector_ = parse_sector(sector)
    with platform.transaction(actor) as session:
        _space_row(session, space_id, code)
        row = ConcertationMemberRow(space_id=space_id, name=name, sector=sector_.value, active=True)
        session.add(row)
        session.flush()
        return row.id


def set_member_active(
    platform: Platform,
    actor: Actor,
    space_id: int,
    code: str,
    member_id: int,
    active: bool,
    version: int,
) -> None:
    def load(session: Session) -> ConcertationMemberRow:
        _space_row(session, space_id, code)
        return owned_row(
            session,
            ConcertationMemberRow,
            member_id,
            "space_id",
            space_id,
            _("Unknown member: {id}"),
        )

    def apply(session: Session, row: ConcertationMemberRow) -> None:
        row.active = active

    guarded_update(platform, actor, load, version, apply)


@dataclass(frozen=True)
class MeetingRecord:
    held_on: date
    title: str = ""
    agenda: str = ""
    notes: str = ""
    decisions: str = ""
    proposals: str = ""
    attendee_ids: tuple[int, ...] = ()
    guests: int = 0


def add_meeting(
    platform: Platform,
    actor: Actor,
    space_id: int,
    code: str,
    record: MeetingRecord,
    is_demo: bool = False,
) -> int:
    """Record a meeting; its synthesis is drafted from the record, not yet published."""
    if record.held_on > date.today():
        raise InvalidInput(_("A meeting is recorded once it has taken place."))
    if not 0 <= record.guests <= 1000:
        raise InvalidInput(_("Guests: a number between 0 and 1,000."))
    fields = {
        name: bounded_text(getattr(record, name), label, MAX_TEXT)
        for name, label in (
            ("agenda", _("agenda")),
            ("notes", _("notes")),
            ("decisions", _("decisions")),
            ("proposals", _("proposals to the OLS governance")),
        )
    }
    title = bounded_text(record.title, _("title"), 200)
    with platform.transaction(actor) as session:
        space = _space_row(session, space_id, code)
        members = {
            m.id: _member(m)
            for m in session.scalars(
                select(ConcertationMemberRow).where(ConcertationMemberRow.space_id == space_id)
            )
        }
        not_members = _("Attendees must be members of the space: {ids}")
        unknown = [i for i in record.attendee_ids if i not in members]
        if unknown:
            raise InvalidInput(not_members.format(ids=", ".join(map(str, unknown))))
        attendees = list(dict.fromkeys(record.attendee_ids))
        row = MeetingRow(
            space_id=space_id,
            held_on=record.held_on,
            title=title,
            guests=record.guests,
            synthesis_public=False,
            is_demo=is_demo,
            **fields,
        )
        row.synthesis = draft_synthesis(space.name, _meeting(row, members, attendees))
        session.add(row)
        session.flush()
        links.replace(session, MeetingAttendeeRow, row.id, attendees, unknown=not_members)
        return row.id


def draft_synthesis(space_name: str, meeting: MeetingView) -> str:
    """The synthesis a facilitator starts from: the record, in short Markdown sections."""

    def section(title: str, body: str) -> str:
        return f"## {title}\n\n{body.strip()}\n" if body.strip() else ""

    sectors = sorted({m.sector.label for m in meeting.attendees})
    who = _("{count} members present ({sectors})").format(
        count=len(meeting.attendees), sectors=", ".join(sectors) or "—"
    )
    if meeting.guests:
        who += ", " + ngettext("{count} guest", "{count} guests", meeting.guests).format(
            count=meeting.guests
        )
    parts = [
        f"{space_name} — {format_date(meeting.held_on)}"
        + (f" — {meeting.title}" if meeting.title else ""),
        "",
        who + ".",
        "",
        section(_("Agenda"), meeting.agenda),
        section(_("What was said"), meeting.notes),
        section(_("Decisions"), meeting.decisions),
        section(_("Proposals to the OLS governance"), meeting.proposals),
    ]
    return "\n".join(p for p in parts if p is not None).strip() + "\n"


def get_meeting(
    platform: Platform, space_id: int, meeting_id: int, code: str | None = None
) -> tuple[SpaceView, MeetingView]:
    space = get_space(platform, space_id, code)
    for meeting in space.meetings:
        if meeting.id == meeting_id:
            return space, meeting
    raise NotFound(_("Unknown meeting: {id}").format(id=meeting_id))


def edit_synthesis(
    platform: Platform,
    actor: Actor,
    space_id: int,
    code: str,
    meeting_id: int,
    text: str,
    public: bool,
    publish: bool,
    version: int,
) -> None:
    """Change the draft (and its audience); *publish* freezes it."""
    text = bounded_text(text, _("synthesis"), MAX_TEXT, required=True)

    def load(session: Session) -> MeetingRow:
        _space_row(session, space_id, code)
        return owned_row(
            session, MeetingRow, meeting_id, "space_id", space_id, _("Unknown meeting: {id}")
        )

    def apply(session: Session, row: MeetingRow) -> None:
        if row.published_at is not None:
            raise Conflict(_("This synthesis is published: it no longer changes."))
        row.synthesis = text
        row.synthesis_public = public
        if publish:
            row.published_at = datetime.now(UTC)

    guarded_update(platform, actor, load, version, apply)


def meetings_of_bassin(platform: Platform, bassin: str) -> list[tuple[int, str]]:
    """Meetings a need of *bassin* may come from: its spaces and its OLS's, newest first."""
    with platform.reading() as session:
        _zoning, _year, tree = zoning_hierarchy(platform, session, None, None)
        codes = [bassin, *(t.code for t in tree.ancestors(bassin))] if bassin in tree else []
        found = session.execute(
            select(MeetingRow.id, MeetingRow.held_on, MeetingRow.title, ConcertationSpaceRow.name)
            .join(ConcertationSpaceRow, ConcertationSpaceRow.id == MeetingRow.space_id)
            .where(ConcertationSpaceRow.code.in_(codes))
            .order_by(MeetingRow.held_on.desc())
            .limit(50)
        ).all()
        return [
            (id_, f"{format_date(held_on)} — {space}" + (f" — {title}" if title else ""))
            for id_, held_on, title, space in found
        ]
