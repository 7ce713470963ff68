"""Action plans: periods, partners without an action (BOOST), overdue actions."""

from __future__ import annotations

from datetime import date

import pytest

from maillage.domain.action_plans import (
    ActionStatus,
    PlanKind,
    PlannedAction,
    overdue,
    partners_without_action,
    period,
)
from maillage.errors import UserError


def test_periods_of_yearly_and_multi_year_plans():
    assert period(PlanKind.YEARLY, 2026, 2030) == (2026, 2026)
    assert period(PlanKind.MULTI_YEAR, 2026, 2030) == (2026, 2030)
    for first, last in ((2026, 2026), (2026, 2032), (2026, 2025)):
        with pytest.raises(UserError):
            period(PlanKind.MULTI_YEAR, first, last)
    with pytest.raises(UserError):
        period(PlanKind.YEARLY, 1999, 1999)


def test_partners_without_action_and_overdue_actions():
    actions = [
        PlannedAction(1, "Garde", frozenset({10}), date(2026, 1, 31), ActionStatus.IN_PROGRESS),
        PlannedAction(2, "Cartographie", frozenset({10, 11}), date(2026, 1, 31), ActionStatus.DONE),
        PlannedAction(3, "Formation", frozenset(), None, ActionStatus.PLANNED),
    ]
    assert partners_without_action([10, 11, 12], actions) == [12]
    assert [a.id for a in overdue(actions, date(2026, 2, 1))] == [1]
    assert overdue(actions, date(2026, 1, 31)) == []
