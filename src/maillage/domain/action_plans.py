"""OLS action plans: objectives, actions tied to consolidated needs, committed partners.

Art. 18.2 asks each OLS to consolidate the uncovered needs of its bassins into an action
plan sent to the IWPL and the Forum. The BOOST evaluation asked that every partner commit
to at least one action: a plan states who does what, with which resources, by when.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from maillage.errors import InvalidInput
from maillage.i18n import gettext as _


class PlanKind(StrEnum):
    YEARLY = "yearly"
    MULTI_YEAR = "multi_year"

    @property
    def label(self) -> str:
        return {PlanKind.YEARLY: _("yearly"), PlanKind.MULTI_YEAR: _("multi-year")}[self]


class ActionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    POSTPONED = "postponed"
    ABANDONED = "abandoned"

    @property
    def label(self) -> str:
        return {
            ActionStatus.PLANNED: _("planned"),
            ActionStatus.IN_PROGRESS: _("under way"),
            ActionStatus.DONE: _("done"),
            ActionStatus.POSTPONED: _("postponed"),
            ActionStatus.ABANDONED: _("abandoned"),
        }[self]


def period(kind: PlanKind, first_year: int, last_year: int) -> tuple[int, int]:
    """The years a plan covers; a yearly plan covers one, a multi-year one two to six."""
    if not 2024 <= first_year <= 2100:
        raise InvalidInput(
            _("A plan starts between 2024 and 2100: {value}").format(value=first_year)
        )
    if kind is PlanKind.YEARLY:
        return first_year, first_year
    if not first_year < last_year <= first_year + 5:
        raise InvalidInput(_("A multi-year plan ends one to five years after it starts."))
    return first_year, last_year


@dataclass(frozen=True)
class PlannedAction:
    id: int
    title: str
    partners: frozenset[int]
    deadline: date | None
    status: ActionStatus


def partners_without_action(partners: Iterable[int], actions: Sequence[PlannedAction]) -> list[int]:
    """Partners who have not committed to any action yet (BOOST: each commits to one)."""
    committed = {p for action in actions for p in action.partners}
    return [p for p in partners if p not in committed]


def overdue(actions: Sequence[PlannedAction], today: date) -> list[PlannedAction]:
    """Actions past their deadline and neither done nor abandoned."""
    return [
        a
        for a in actions
        if a.deadline is not None
        and a.deadline < today
        and a.status not in (ActionStatus.DONE, ActionStatus.ABANDONED)
    ]
