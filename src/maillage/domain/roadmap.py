"""The roadmap of seed 000: nine steps, two polar scenarios each, and how they hang together.

The seed links scenarios across steps ("va de pair avec", "rejoint", "suit la même
logique que"): the first scenarios draw a rigid, siloed, linear trajectory, the second ones
a flexible, slow one unequal between territories, and the authors argue for a blend. A
trajectory picks scenario 1, 2 or a blend per step; the coherence rules below are the links
the seed states, each with its words, so that a flag can always be traced to the text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from maillage.errors import InvalidInput
from maillage.i18n import gettext as _


class Choice(StrEnum):
    FIRST = "1"
    SECOND = "2"
    BLEND = "blend"

    @property
    def label(self) -> str:
        return {
            Choice.FIRST: _("scenario 1"),
            Choice.SECOND: _("scenario 2"),
            Choice.BLEND: _("a blend of both"),
        }[self]


class StepStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"

    @property
    def label(self) -> str:
        return {
            StepStatus.NOT_STARTED: _("not started"),
            StepStatus.IN_PROGRESS: _("in progress"),
            StepStatus.DONE: _("done"),
        }[self]


@dataclass(frozen=True)
class Scenario:
    number: int
    title: str
    description: str
    hypotheses: tuple[str, ...] = ()
    risks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    code: str
    parent: str | None
    title: str
    summary: str
    hypotheses: tuple[str, ...]
    seed_section: str
    scenarios: tuple[Scenario, ...]
    note: str = ""

    @property
    def choosable(self) -> bool:
        return len(self.scenarios) == 2

    def scenario(self, number: int) -> Scenario:
        return next(s for s in self.scenarios if s.number == number)


@dataclass(frozen=True)
class Roadmap:
    steps: tuple[Step, ...]
    trajectory_risks: Mapping[str, tuple[str, ...]]
    source: Mapping[str, str]
    by_code: Mapping[str, Step] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_code", {s.code: s for s in self.steps})

    def step(self, code: str) -> Step:
        try:
            return self.by_code[code]
        except KeyError:
            raise InvalidInput(_("Unknown roadmap step: {code}").format(code=code)) from None

    @property
    def choosable(self) -> tuple[Step, ...]:
        """Steps or sub-steps with two scenarios: the choices a trajectory is made of."""
        return tuple(s for s in self.steps if s.choosable)

    @property
    def key_steps(self) -> tuple[Step, ...]:
        """The seed's numbered steps (nine); sub-steps such as 5.1 belong to theirs."""
        return tuple(s for s in self.steps if s.parent is None)


def roadmap_from(document: Mapping[str, Any]) -> Roadmap:
    steps = tuple(
        Step(
            code=str(s["code"]),
            parent=s.get("parent"),
            title=s["title"],
            summary=s["summary"],
            hypotheses=tuple(s.get("hypotheses") or ()),
            seed_section=s.get("seed_section", ""),
            scenarios=tuple(
                Scenario(
                    int(c["number"]),
                    c["title"],
                    c["description"],
                    tuple(c.get("hypotheses") or ()),
                    tuple(c.get("risks") or ()),
                )
                for c in s.get("scenarios") or ()
            ),
            note=s.get("note", ""),
        )
        for s in document["steps"]
    )
    risks = {k: tuple(v) for k, v in (document.get("trajectory_risks") or {}).items()}
    return Roadmap(steps, risks, dict(document.get("source") or {}))


@dataclass(frozen=True)
class Rule:
    """Choosing *when* at one step calls for *then* at another, in the seed's words."""

    when: tuple[str, Choice]
    then: tuple[str, Choice]
    quote: str  # the seed's sentence, in French as written
    section: str


RULES: tuple[Rule, ...] = (
    Rule(
        ("7", Choice.FIRST),
        ("6", Choice.FIRST),
        "Le premier scénario va de pair avec un modèle de gouvernance basé sur la "
        "coordination (le premier scénario de l'étape 6).",
        "Étape 7, scénario 1",
    ),
    Rule(
        ("7", Choice.SECOND),
        ("6", Choice.SECOND),
        "Le deuxième scénario va de pair avec un modèle de gouvernance basé sur la "
        "coopération (le second scénario de l'étape 6).",
        "Étape 7, scénario 2",
    ),
    Rule(
        ("6", Choice.FIRST),
        ("4", Choice.FIRST),
        "Ce scénario peut s'avérer suffisant lorsque le degré de différenciation est faible "
        "[…] lorsque les différents projets sont considérés comme des dossiers déconnectés "
        "les uns des autres (scénario 1 de l'étape 4).",
        "Étape 6, scénario 1",
    ),
    Rule(
        ("4", Choice.SECOND),
        ("6", Choice.SECOND),
        "Si les membres de l'OLS veulent mobiliser les différents projets dans le but de "
        "dynamiser les réseaux locaux […], la structure de gouvernance de l'OLS doit être un "
        "espace où les informations […] circulent et s'intègrent.",
        "Étape 6",
    ),
    Rule(
        ("5.1", Choice.FIRST),
        ("4", Choice.FIRST),
        "Ces interventions conçues de manière verticale […] rejoignent le scénario « Projets "
        "concrets comme des dossiers séparés » de l'étape 4.",
        "Étape 5.1, scénario 1",
    ),
    Rule(
        ("5.1", Choice.SECOND),
        ("4", Choice.SECOND),
        "Ce scénario […] rejoint donc le deuxième scénario de l'étape 4 « Projets concrets "
        "comme des opportunités systémiques ».",
        "Étape 5.1, scénario 2",
    ),
    Rule(
        ("5.3", Choice.FIRST),
        ("4", Choice.FIRST),
        "Ce scénario suit la même logique que le premier scénario de l'étape 4 « Projets "
        "concrets comme des dossiers séparés » et de l'étape 5.1 « Management populationnel "
        "prédictif ».",
        "Étape 5.3, scénario 1",
    ),
    Rule(
        ("5.3", Choice.FIRST),
        ("5.1", Choice.FIRST),
        "Ce scénario suit la même logique que le premier scénario de l'étape 4 « Projets "
        "concrets comme des dossiers séparés » et de l'étape 5.1 « Management populationnel "
        "prédictif ».",
        "Étape 5.3, scénario 1",
    ),
    Rule(
        ("9.1", Choice.FIRST),
        ("4", Choice.FIRST),
        "Ce scénario rejoint donc le scénario « Projets concrets comme des dossiers séparés » "
        "de l'étape 4.",
        "Étape 9, cadre de gestion du rendement, scénario 1",
    ),
    Rule(
        ("9.1", Choice.FIRST),
        ("5.1", Choice.FIRST),
        "Ces programmes et interventions sont désignés à l'aide de modèles prédictifs "
        "(scénario 1 de l'étape 5.1 « Management populationnel prédictif »).",
        "Étape 9, cadre de gestion du rendement, scénario 1",
    ),
    Rule(
        ("9.1", Choice.FIRST),
        ("5.3", Choice.FIRST),
        "Pour ce faire, ils sont évalués à l'aide d'une approche sommative (scénario 1 de "
        "l'étape 5.3).",
        "Étape 9, cadre de gestion du rendement, scénario 1",
    ),
    Rule(
        ("9.1", Choice.SECOND),
        ("4", Choice.SECOND),
        "Le système de santé se développe alors en mobilisant chaque projets / opportunités "
        "dans une logique transformative systémique (scénario 2 de l'étape 4).",
        "Étape 9, cadre de gestion du rendement, scénario 2",
    ),
    Rule(
        ("9.1", Choice.SECOND),
        ("5.3", Choice.SECOND),
        "Cela demande d'entrer dans un pilotage dynamique […] (scénario 2 de l'étape 5.3 "
        "« Evaluation développementale »).",
        "Étape 9, cadre de gestion du rendement, scénario 2",
    ),
    Rule(
        ("9.1", Choice.SECOND),
        ("5.1", Choice.SECOND),
        "Ces hypothèses et les actions permettant de les expérimenter sont définies à partir "
        "d'une analyse réflexive sur les différents territoires (scénario 2 de l'étape 5.1).",
        "Étape 9, cadre de gestion du rendement, scénario 2",
    ),
    Rule(
        ("8", Choice.FIRST),
        ("3", Choice.SECOND),
        "Il est envisagé comme la suite de l'accompagnement proposé dans le scénario « Cadre "
        "claire et appropriation » à l'étape 3.",
        "Étape 8, scénario 1",
    ),
)


class Severity(StrEnum):
    INCONSISTENT = "inconsistent"  # the other step took the opposite scenario
    WATCH = "watch"  # the other step blends: the tension is to be managed

    @property
    def label(self) -> str:
        return {Severity.INCONSISTENT: _("inconsistent"), Severity.WATCH: _("to watch")}[self]


@dataclass(frozen=True)
class Flag:
    rule: Rule
    severity: Severity
    chosen: Choice  # what the trajectory has at the rule's *then* step

    def sentence(self, roadmap: Roadmap) -> str:
        when_step, when_choice = self.rule.when
        then_step, then_choice = self.rule.then
        chosen = self.chosen.label
        if self.chosen is not Choice.BLEND:
            title = roadmap.step(then_step).scenario(int(self.chosen)).title
            chosen = f"{chosen} ({title})"
        return _(
            "Step {when} {when_choice} ({when_title}) goes with step {then} "
            "{then_choice} ({then_title}), but step {then} has {chosen}."
        ).format(
            when=when_step,
            when_choice=when_choice.label,
            when_title=roadmap.step(when_step).scenario(int(when_choice)).title,
            then=then_step,
            then_choice=then_choice.label,
            then_title=roadmap.step(then_step).scenario(int(then_choice)).title,
            chosen=chosen,
        )


@dataclass(frozen=True)
class RiskLine:
    step: str
    scenario: int
    title: str
    risk: str
    balanced: bool  # the step blends both scenarios: the risk is to be balanced


@dataclass(frozen=True)
class Evaluation:
    choices: Mapping[str, Choice]
    flags: tuple[Flag, ...]
    risks: tuple[RiskLine, ...]
    silent: tuple[tuple[str, int], ...]  # chosen scenarios the seed names no risk for
    leaning: Mapping[Choice, int]
    trajectory_risks: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def inconsistent(self) -> tuple[Flag, ...]:
        return tuple(f for f in self.flags if f.severity is Severity.INCONSISTENT)


def parse_choices(roadmap: Roadmap, raw: Mapping[str, str]) -> dict[str, Choice]:
    """Step code → choice; empty values mean "not chosen yet"; anything else is named."""
    choices: dict[str, Choice] = {}
    for code, value in raw.items():
        if not value:
            continue
        step = roadmap.step(code)
        if not step.choosable:
            raise InvalidInput(_("Step {code} offers no scenario to choose.").format(code=code))
        try:
            choices[code] = Choice(value)
        except ValueError:
            raise InvalidInput(
                _("Step {code}: unknown choice “{value}” (1, 2 or blend).").format(
                    code=code, value=value
                )
            ) from None
    return choices


def evaluate(
    roadmap: Roadmap, choices: Mapping[str, Choice], rules: Sequence[Rule] = RULES
) -> Evaluation:
    flags = []
    for rule in rules:
        when_step, when_choice = rule.when
        then_step, then_choice = rule.then
        if choices.get(when_step) is not when_choice:
            continue
        chosen = choices.get(then_step)
        if chosen is None or chosen is then_choice:
            continue
        severity = Severity.WATCH if chosen is Choice.BLEND else Severity.INCONSISTENT
        flags.append(Flag(rule, severity, chosen))
    risks: list[RiskLine] = []
    silent: list[tuple[str, int]] = []
    for step in roadmap.choosable:
        choice = choices.get(step.code)
        if choice is None:
            continue
        numbers = (1, 2) if choice is Choice.BLEND else (int(choice),)
        for number in numbers:
            scenario = step.scenario(number)
            if not scenario.risks:
                silent.append((step.code, number))
            risks.extend(
                RiskLine(step.code, number, scenario.title, risk, choice is Choice.BLEND)
                for risk in scenario.risks
            )
    leaning = {c: sum(1 for v in choices.values() if v is c) for c in Choice}
    named = []
    for choice in (Choice.FIRST, Choice.SECOND):
        if leaning[choice] or leaning[Choice.BLEND]:
            named.append((choice.value, roadmap.trajectory_risks.get(choice.value, ())))
    return Evaluation(
        dict(choices), tuple(flags), tuple(risks), tuple(silent), leaning, tuple(named)
    )


@dataclass(frozen=True)
class StepProgress:
    """What an OLS recorded for one step: its choice and how far it is."""

    step: str
    choice: Choice | None
    status: StepStatus
    since: date | None
    note: str
    version: int = 0
