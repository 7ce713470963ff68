"""The views of a project a page or the API shows: its summary, partners, theory of change,
measures with their charts, cycles, journal and linked needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from maillage.domain.concertation import MemberSector
from maillage.domain.control_charts import Chart, ChartKind
from maillage.domain.learning import (
    STAGES,
    Decision,
    Descriptor,
    EntryKind,
    Expectation,
    Hypothesis,
    HypothesisStatus,
    InnovationKind,
    Programme,
    Scale,
    Stage,
)
from maillage.domain.needs import NeedState
from maillage.domain.territory import Level


@dataclass(frozen=True)
class ProjectSummary:
    id: int
    code: str
    territory: str
    ols_code: str
    ols_name: str
    title: str
    programme: Programme
    cycles: int
    current: Stage | None  # stage of the open cycle, if any
    shared: bool
    practice: str
    is_demo: bool


@dataclass(frozen=True)
class PartnerView:
    id: int
    name: str
    sector: MemberSector
    contribution: str


@dataclass(frozen=True)
class HypothesisView:
    id: int
    hypothesis: Hypothesis
    status: HypothesisStatus
    version: int


@dataclass(frozen=True)
class PointView:
    id: int | None  # None for values read from an indicator
    label: str
    value: float
    denominator: int | None
    cycle: int | None  # cycle number
    note: str
    day: date | None = None  # the day a team measured it (its label is that day, ISO)


@dataclass(frozen=True)
class MeasureView:
    id: int
    name: str
    unit: str
    kind: ChartKind
    indicator_id: str | None
    source: str  # the indicator's name and source, or "entered by the team"
    points: list[PointView]
    chart: Chart | None  # None under two points, or when the points cannot be charted
    problem: str  # why there is no chart despite the points
    cycle_starts: list[tuple[int, str]]
    version: int


@dataclass(frozen=True)
class CycleView:
    id: int
    number: int
    stage: Stage
    objective: str
    hypothesis: str
    hypothesis_id: int | None
    prediction: str
    predicted_value: float | None
    measure_ids: list[int]
    done_what: str
    done_from: date | None
    done_to: date | None
    done_by: str
    study: str
    decision: Decision | None
    act_notes: str
    started_on: date
    closed_on: date | None
    version: int

    @property
    def stages_done(self) -> list[Stage]:
        if self.stage is Stage.CLOSED:
            return list(STAGES)
        return list(STAGES[: STAGES.index(self.stage)])


@dataclass(frozen=True)
class EntryView:
    id: int
    written_on: date
    kind: EntryKind
    expectation: Expectation
    text: str
    participants: str
    shared: bool
    author: str
    is_demo: bool
    version: int


@dataclass(frozen=True)
class LinkedNeed:
    id: int
    title: str
    state: NeedState


@dataclass
class ProjectView:
    summary: ProjectSummary
    level: Level
    programme: Programme
    descriptors: dict[Descriptor, str]
    scale: Scale
    scale_note: str
    innovation_kind: InnovationKind
    started_on: date | None
    summary_text: str
    version: int
    partners: list[PartnerView] = field(default_factory=list)
    hypotheses: list[HypothesisView] = field(default_factory=list)
    measures: list[MeasureView] = field(default_factory=list)
    cycles: list[CycleView] = field(default_factory=list)
    journal: list[EntryView] = field(default_factory=list)
    journal_hidden: int = 0  # entries of the team the reader may not see
    needs: list[LinkedNeed] = field(default_factory=list)

    @property
    def open_cycle(self) -> CycleView | None:
        return next((c for c in self.cycles if c.stage is not Stage.CLOSED), None)
