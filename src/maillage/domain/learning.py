"""Projects as learning cycles: theory of change, PDSA cycles and a reflective journal.

Roadmap step 5 (seed 000) asks OLS to become learning organisations: plan, experiment,
evaluate developmentally, adjust, and start again. The 2015–2022 pilot projects were
judged on inclusion counts alone (seed 003); here a project states its hypotheses
("if … then … because …"), is described by the six descriptors of a pilot project, runs
chained Plan–Do–Study–Act cycles, and keeps a journal where what happened is tagged
*expected* or *unexpected* — never success or failure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from maillage.domain.directory import has_words
from maillage.errors import Conflict, InvalidInput
from maillage.i18n import gettext as _


class Programme(StrEnum):
    """What a project carries out: the interfederal programmes and the functions of seed 004."""

    FIRST_1000_DAYS = "first_1000_days"
    VULNERABLE_PEOPLE = "vulnerable_people"
    CHILDHOOD_OBESITY = "childhood_obesity"
    CASE_MANAGER = "case_manager"
    HOSPITAL_REFERENT = "hospital_referent"
    TASK_SHARING = "task_sharing"
    LOCAL = "local"

    @property
    def label(self) -> str:
        return {
            Programme.FIRST_1000_DAYS: _("first 1,000 days (perinatal programme)"),
            Programme.VULNERABLE_PEOPLE: _("vulnerable people (interfederal programme)"),
            Programme.CHILDHOOD_OBESITY: _("childhood and adolescent obesity"),
            Programme.CASE_MANAGER: _("case-manager function"),
            Programme.HOSPITAL_REFERENT: _("hospital referent function"),
            Programme.TASK_SHARING: _("task sharing"),
            Programme.LOCAL: _("local initiative"),
        }[self]


class Scale(StrEnum):
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"
    FULL = "full"

    @property
    def label(self) -> str:
        return {
            Scale.SMALL: _("small scale"),
            Scale.MEDIUM: _("medium scale"),
            Scale.LARGE: _("large scale"),
            Scale.FULL: _("real (full) scale"),
        }[self]


class InnovationKind(StrEnum):
    INCREMENTAL = "incremental"
    RADICAL = "radical"

    @property
    def label(self) -> str:
        return {
            InnovationKind.INCREMENTAL: _("incremental"),
            InnovationKind.RADICAL: _("radical (disruptive)"),
        }[self]


class Descriptor(StrEnum):
    """The six descriptors of a pilot project (seed 003)."""

    POLICY_CONTEXT = "policy_context"
    SCALE = "scale"
    INNOVATION = "innovation"
    KNOWLEDGE = "knowledge"
    SPECIAL_STATUS = "special_status"
    ACTOR_NETWORK = "actor_network"

    @property
    def label(self) -> str:
        return {
            Descriptor.POLICY_CONTEXT: _("relation to policy and local context"),
            Descriptor.SCALE: _("scale"),
            Descriptor.INNOVATION: _("innovation"),
            Descriptor.KNOWLEDGE: _("knowledge orientation"),
            Descriptor.SPECIAL_STATUS: _("special status"),
            Descriptor.ACTOR_NETWORK: _("actor network"),
        }[self]

    @property
    def question(self) -> str:
        """The question seed 003 asks of every pilot project under this descriptor."""
        return {
            Descriptor.POLICY_CONTEXT: _(
                "Which policies and which local context (time, place, events) shape the project?"
            ),
            Descriptor.SCALE: _(
                "At what scale and for how long is it tried, and how reversible are its actions?"
            ),
            Descriptor.INNOVATION: _(
                "What innovation is tried in real conditions, incremental or radical?"
            ),
            Descriptor.KNOWLEDGE: _(
                "What knowledge does the project want to produce, beyond counts?"
            ),
            Descriptor.SPECIAL_STATUS: _(
                "What flexibility, resources or right to error does its pilot status give?"
            ),
            Descriptor.ACTOR_NETWORK: _(
                "Which actors form its collective actor, and with what style of governance?"
            ),
        }[self]


class HypothesisStatus(StrEnum):
    OPEN = "open"
    SUPPORTED = "supported"
    REVISED = "revised"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return {
            HypothesisStatus.OPEN: _("being tested"),
            HypothesisStatus.SUPPORTED: _("supported so far"),
            HypothesisStatus.REVISED: _("reformulated"),
            HypothesisStatus.DROPPED: _("set aside"),
        }[self]


@dataclass(frozen=True)
class Hypothesis:
    """One link of a theory of change: if we do this, then that follows, because …"""

    if_: str
    then: str
    because: str

    def sentence(self) -> str:
        return _("If {if_}, then {then}, because {because}.").format(
            if_=self.if_.rstrip(" ."),
            then=self.then.rstrip(" ."),
            because=self.because.rstrip(" ."),
        )


class Stage(StrEnum):
    PLAN = "plan"
    DO = "do"
    STUDY = "study"
    ACT = "act"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        # Distinct messages: « Plan » alone already means an OLS action plan.
        return {
            Stage.PLAN: _("Plan (PDSA stage)"),
            Stage.DO: _("Do (PDSA stage)"),
            Stage.STUDY: _("Study (PDSA stage)"),
            Stage.ACT: _("Act (PDSA stage)"),
            Stage.CLOSED: _("closed"),
        }[self]


STAGES = (Stage.PLAN, Stage.DO, Stage.STUDY, Stage.ACT)


class Decision(StrEnum):
    ADOPT = "adopt"
    ADAPT = "adapt"
    ABANDON = "abandon"

    @property
    def label(self) -> str:
        return {
            Decision.ADOPT: _("adopt"),
            Decision.ADAPT: _("adapt"),
            Decision.ABANDON: _("abandon"),
        }[self]


# What each stage must hold before the cycle moves on: the record is the learning.
REQUIRED: Mapping[Stage, tuple[str, ...]] = {
    Stage.PLAN: ("objective", "prediction"),
    Stage.DO: ("done_what",),
    Stage.STUDY: ("study",),
    Stage.ACT: ("decision",),
}


def advance(stage: Stage, filled: Mapping[str, str]) -> Stage:
    """The stage after *stage* once its required fields are filled, else a clear refusal."""
    if stage is Stage.CLOSED:
        raise Conflict(_("This cycle is closed; start the next cycle instead."))
    missing = [name for name in REQUIRED[stage] if not filled.get(name, "").strip()]
    if missing:
        raise InvalidInput(
            _("Before leaving the « {stage} » stage, fill in: {fields}").format(
                stage=stage.label, fields=", ".join(FIELD_LABELS[name]() for name in missing)
            )
        )
    following = STAGES.index(stage) + 1
    return STAGES[following] if following < len(STAGES) else Stage.CLOSED


FIELD_LABELS = {
    "objective": lambda: _("objective"),
    "prediction": lambda: _("prediction"),
    "done_what": lambda: _("what was done"),
    "study": lambda: _("what the data say against the prediction"),
    "decision": lambda: _("decision (adopt, adapt or abandon)"),
}


@dataclass(frozen=True)
class CycleStub:
    number: int
    stage: Stage


def next_number(cycles: Sequence[CycleStub]) -> int:
    """Cycles are chained: a new one starts only once the previous one has acted."""
    open_ = [c.number for c in cycles if c.stage is not Stage.CLOSED]
    if open_:
        raise Conflict(
            _(
                "Cycle {number} is still open: finish its Act stage before starting the next one."
            ).format(number=open_[0])
        )
    return max((c.number for c in cycles), default=0) + 1


class Expectation(StrEnum):
    """Seed 003 replaces success and failure by expected and unexpected."""

    EXPECTED = "expected"
    UNEXPECTED = "unexpected"

    @property
    def label(self) -> str:
        return {Expectation.EXPECTED: _("expected"), Expectation.UNEXPECTED: _("unexpected")}[self]


class EntryKind(StrEnum):
    EMERGED = "emerged"
    CONTEXT = "context"
    SURPRISE = "surprise"
    DECISION = "decision"
    PRACTICE = "practice"

    @property
    def label(self) -> str:
        return {
            EntryKind.EMERGED: _("what emerged"),
            EntryKind.CONTEXT: _("change in the context"),
            EntryKind.SURPRISE: _("surprise"),
            EntryKind.DECISION: _("decision"),
            EntryKind.PRACTICE: _("practice or tool worth sharing"),
        }[self]


@dataclass(frozen=True)
class JournalEntry:
    id: int
    text: str
    participants: str
    kind: EntryKind
    expectation: Expectation


def matches(entry: JournalEntry, query: str) -> bool:
    """Every word of *query* starts a word of the entry, ignoring case and accents."""
    return has_words(
        query, entry.text, entry.participants, entry.kind.label, entry.expectation.label
    )
