"""Diversity of a concertation space: sectors present against expected, attendance."""

from __future__ import annotations

from datetime import date

import pytest

from maillage.domain.concertation import (
    EXPECTED,
    Attendance,
    Member,
    MemberSector,
    SpaceKind,
    diversity,
    parse_sectors,
)
from maillage.errors import UserError

S = MemberSector


def test_missing_and_unexpected_sectors_are_named():
    members = [
        Member(1, "Cercle MG", S.HEALTH),
        Member(2, "CPAS", S.CPAS),
        Member(3, "Hôpital", S.HOSPITAL),
        Member(4, "Ancien SSM", S.MENTAL_HEALTH, active=False),
    ]
    found = diversity(members, [], EXPECTED[SpaceKind.BASSIN])
    assert found.present == {S.HEALTH: 1, S.CPAS: 1, S.HOSPITAL: 1}
    assert S.MENTAL_HEALTH in found.missing  # a member who left does not count
    assert found.unexpected == (S.HOSPITAL,)
    assert found.coverage == pytest.approx(2 / 7)


def test_participation_is_counted_per_meeting_oldest_first():
    members = [
        Member(1, "MG", S.HEALTH),
        Member(2, "CPAS", S.CPAS),
        Member(3, "Usagers", S.PATIENTS_CITIZENS),
    ]
    meetings = [
        Attendance(date(2026, 3, 1), frozenset({1, 2, 3})),
        Attendance(date(2026, 1, 1), frozenset({1, 2})),
    ]
    found = diversity(members, meetings, [S.HEALTH])
    assert [p.held_on.month for p in found.participation] == [1, 3]
    assert [p.attendees for p in found.participation] == [2, 3]
    assert found.participation[0].rate == pytest.approx(2 / 3)
    assert found.participation[0].by_sector == {S.HEALTH: 1, S.CPAS: 1}
    assert found.never_attended == ()
    alone = diversity(members, meetings[1:], [S.HEALTH])
    assert alone.never_attended == (S.PATIENTS_CITIZENS,)


def test_sectors_are_parsed_and_unknown_ones_refused():
    assert parse_sectors(["cpas", "", "cpas", "health"]) == (S.CPAS, S.HEALTH)
    with pytest.raises(UserError, match="astrologie"):
        parse_sectors(["astrologie"])
