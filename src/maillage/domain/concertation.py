"""Concertation spaces: who sits there, who should, and who actually comes.

The decree wants bassin actors to "concert and coordinate" (art. 13.1) and the OLS to
concert with services about the population's needs (art. 18.3). A space is only as good as
the sectors it brings together: the diversity view compares the sectors of its members
with those expected for its kind of space, and counts who came to each meeting.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from maillage.errors import InvalidInput
from maillage.i18n import gettext as _


class SpaceKind(StrEnum):
    BASSIN = "bassin"  # one per bassin de vie (art. 13)
    THEMATIC = "thematic"  # thematic space of an OLS (art. 18.3)
    REGIONAL = "regional"  # between OLS, supported by the IWPL (art. 27)

    @property
    def label(self) -> str:
        return {
            SpaceKind.BASSIN: _("bassin concertation space"),
            SpaceKind.THEMATIC: _("thematic OLS space"),
            SpaceKind.REGIONAL: _("regional space"),
        }[self]


class MemberSector(StrEnum):
    HEALTH = "health"
    SOCIAL = "social"
    MENTAL_HEALTH = "mental_health"
    PROMOTION = "promotion"
    PATIENTS_CITIZENS = "patients_citizens"
    CARERS = "carers"
    HOSPITAL = "hospital"
    CPAS = "cpas"
    HOME_CARE = "home_care"
    LOCAL_AUTHORITY = "local_authority"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            MemberSector.HEALTH: _("first-line health care"),
            MemberSector.SOCIAL: _("social"),
            MemberSector.MENTAL_HEALTH: _("mental health"),
            MemberSector.PROMOTION: _("health promotion and prevention"),
            MemberSector.PATIENTS_CITIZENS: _("patients and citizens"),
            MemberSector.CARERS: _("informal carers (aidants proches)"),
            MemberSector.HOSPITAL: _("hospital"),
            MemberSector.CPAS: _("CPAS"),
            MemberSector.HOME_CARE: _("home help and home care"),
            MemberSector.LOCAL_AUTHORITY: _("local authority"),
            MemberSector.OTHER: _("other"),
        }[self]


# Sectors a space of each kind is expected to bring together: the first-line actors the
# decree names for bassins (art. 13: health, social, home help, CPAS, citizens) and, from
# the seeds, mental health, promotion, carers and the hospital for wider spaces. A space
# may declare its own list instead.
EXPECTED: dict[SpaceKind, tuple[MemberSector, ...]] = {
    SpaceKind.BASSIN: (
        MemberSector.HEALTH,
        MemberSector.SOCIAL,
        MemberSector.MENTAL_HEALTH,
        MemberSector.HOME_CARE,
        MemberSector.CPAS,
        MemberSector.PATIENTS_CITIZENS,
        MemberSector.CARERS,
    ),
    SpaceKind.THEMATIC: (
        MemberSector.HEALTH,
        MemberSector.SOCIAL,
        MemberSector.MENTAL_HEALTH,
        MemberSector.PROMOTION,
        MemberSector.PATIENTS_CITIZENS,
        MemberSector.HOSPITAL,
    ),
    SpaceKind.REGIONAL: (
        MemberSector.HEALTH,
        MemberSector.SOCIAL,
        MemberSector.MENTAL_HEALTH,
        MemberSector.PROMOTION,
        MemberSector.PATIENTS_CITIZENS,
        MemberSector.CARERS,
        MemberSector.HOSPITAL,
        MemberSector.CPAS,
    ),
}


def parse_sectors(values: Iterable[str]) -> tuple[MemberSector, ...]:
    """Sectors from form or file values; an unknown one is an error naming it."""
    chosen: list[MemberSector] = []
    for value in values:
        value = value.strip()
        if not value:
            continue
        try:
            chosen.append(MemberSector(value))
        except ValueError as error:
            raise InvalidInput(_("Unknown sector: {value}").format(value=value)) from error
    return tuple(dict.fromkeys(chosen))


def parse_sector(value: str) -> MemberSector:
    """The one sector a member or a partner represents; it is required."""
    sectors = parse_sectors([value])
    if not sectors:
        raise InvalidInput(_("{field} is required.").format(field=_("sector")))
    return sectors[0]


@dataclass(frozen=True)
class Member:
    id: int
    name: str
    sector: MemberSector
    active: bool = True


@dataclass(frozen=True)
class Attendance:
    held_on: date
    present: frozenset[int]  # member ids


@dataclass(frozen=True)
class MeetingParticipation:
    held_on: date
    attendees: int
    members: int
    by_sector: dict[MemberSector, int]

    @property
    def rate(self) -> float | None:
        return self.attendees / self.members if self.members else None


@dataclass(frozen=True)
class Diversity:
    expected: tuple[MemberSector, ...]
    present: dict[MemberSector, int]  # active members per sector
    missing: tuple[MemberSector, ...]  # expected, no active member
    unexpected: tuple[MemberSector, ...]  # present although not expected
    participation: tuple[MeetingParticipation, ...]  # oldest first
    never_attended: tuple[MemberSector, ...]  # present among members, absent from meetings

    @property
    def coverage(self) -> float:
        """Share of expected sectors with at least one active member."""
        if not self.expected:
            return 1.0
        return (len(self.expected) - len(self.missing)) / len(self.expected)


def diversity(
    members: Sequence[Member], meetings: Sequence[Attendance], expected: Sequence[MemberSector]
) -> Diversity:
    """Which expected sectors sit in the space, and which come to its meetings."""
    active = [m for m in members if m.active]
    present = Counter(m.sector for m in active)
    by_id = {m.id: m for m in members}
    participation: list[MeetingParticipation] = []
    attended: set[MemberSector] = set()
    for meeting in sorted(meetings, key=lambda m: m.held_on):
        came = [by_id[i] for i in meeting.present if i in by_id]
        sectors = Counter(m.sector for m in came)
        attended.update(sectors)
        participation.append(
            MeetingParticipation(meeting.held_on, len(came), len(active), dict(sectors))
        )
    expected_ = tuple(dict.fromkeys(expected))
    return Diversity(
        expected=expected_,
        present=dict(present),
        missing=tuple(s for s in expected_ if present[s] == 0),
        unexpected=tuple(s for s in MemberSector if present[s] and s not in expected_),
        participation=tuple(participation),
        never_attended=tuple(
            s for s in MemberSector if present[s] and meetings and s not in attended
        ),
    )
