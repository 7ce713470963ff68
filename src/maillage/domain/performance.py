"""The quintuple-aim performance framework and the yearly self-assessment.

Roadmap step 9 (seed 000) contrasts a reductionist frame, whose objectives are chosen
because they are measurable, with a systemic one that accepts objectives not fully
measurable. Both kinds live here side by side: a measurable objective has an indicator
or a figure and a target; a narrative one says how progress will be recognised. The
BOOST report (seed 004) scores each aim from 1 to 5 every year, with how it was
implemented and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from maillage.domain.indicators import Polarity
from maillage.errors import InvalidInput
from maillage.i18n import gettext as _


class Aim(StrEnum):
    """The five aims, in the order of the BOOST report."""

    EXPERIENCE = "experience"
    POPULATION_HEALTH = "population_health"
    RESOURCE_USE = "resource_use"
    PROFESSIONAL_WELLBEING = "professional_wellbeing"
    EQUITY = "equity"

    @property
    def label(self) -> str:
        return {
            Aim.EXPERIENCE: _("experience of people"),
            Aim.POPULATION_HEALTH: _("population health"),
            Aim.RESOURCE_USE: _("use of resources"),
            Aim.PROFESSIONAL_WELLBEING: _("well-being of professionals"),
            Aim.EQUITY: _("equity"),
        }[self]

    @property
    def objective(self) -> str:
        """The aim as the BOOST report words it."""
        return {
            Aim.EXPERIENCE: _("Improve people's experience of care and support"),
            Aim.POPULATION_HEALTH: _("Improve health outcomes at population level"),
            Aim.RESOURCE_USE: _(
                "Obtain more value from the same resources through a more "
                "efficient use of what is available"
            ),
            Aim.PROFESSIONAL_WELLBEING: _(
                "Improve the well-being of health and social professionals"
            ),
            Aim.EQUITY: _("Improve equity in health and in the social sector"),
        }[self]


class ObjectiveKind(StrEnum):
    MEASURABLE = "measurable"
    NARRATIVE = "narrative"

    @property
    def label(self) -> str:
        return {
            ObjectiveKind.MEASURABLE: _("measurable"),
            ObjectiveKind.NARRATIVE: _("narrative (not fully measurable)"),
        }[self]


class Progress(StrEnum):
    MET = "met"
    NOT_YET = "not_yet"
    NO_DATA = "no_data"
    NARRATIVE = "narrative"

    @property
    def label(self) -> str:
        return {
            Progress.MET: _("target met"),
            Progress.NOT_YET: _("target not yet met"),
            Progress.NO_DATA: _("no value yet"),
            Progress.NARRATIVE: _("followed in words"),
        }[self]


class Direction(StrEnum):
    """Whether the target is a floor or a ceiling."""

    AT_LEAST = "at_least"
    AT_MOST = "at_most"

    @property
    def label(self) -> str:
        return {Direction.AT_LEAST: _("at least"), Direction.AT_MOST: _("at most")}[self]

    @classmethod
    def of(cls, polarity: Polarity) -> Direction:
        """The usual sense of a target on an indicator of this polarity."""
        return cls.AT_MOST if polarity is Polarity.LOWER_IS_BETTER else cls.AT_LEAST


def progress(
    kind: ObjectiveKind, value: float | None, target: float | None, direction: Direction
) -> Progress:
    """Where an objective stands against its target; narrative ones are not scored."""
    if kind is ObjectiveKind.NARRATIVE:
        return Progress.NARRATIVE
    if value is None or target is None:
        return Progress.NO_DATA
    if direction is Direction.AT_MOST:
        return Progress.MET if value <= target else Progress.NOT_YET
    return Progress.MET if value >= target else Progress.NOT_YET


SCORES = range(1, 6)


def validate_score(score: int) -> int:
    if score not in SCORES:
        raise InvalidInput(
            _("A self-assessment score goes from 1 to 5: {value}").format(value=score)
        )
    return score


@dataclass(frozen=True)
class Assessment:
    year: int
    aim: Aim
    score: int


def trend(assessments: Sequence[Assessment], aim: Aim) -> int | None:
    """Change of the score between the two latest years assessed (None with fewer)."""
    scores = sorted((a.year, a.score) for a in assessments if a.aim is aim)
    if len(scores) < 2:
        return None
    return scores[-1][1] - scores[-2][1]
