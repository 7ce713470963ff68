"""What a run chart or control chart is: its kinds, the rules that read it, and a drawn chart.

Pages, exports and learning measures speak of these; ``analysis/spc.py`` computes a chart's
centre, limits and signals (its module text states the conventions and their sources).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from maillage.i18n import gettext as _


class ChartKind(StrEnum):
    RUN = "run"
    XMR = "xmr"
    P = "p"

    @property
    def label(self) -> str:
        return {
            ChartKind.RUN: _("run chart"),
            ChartKind.XMR: _("XmR chart (individuals)"),
            ChartKind.P: _("p-chart (proportions)"),
        }[self]


class Rule(StrEnum):
    SHIFT = "shift"
    TREND = "trend"
    BEYOND_LIMITS = "beyond_limits"

    @property
    def label(self) -> str:
        return {
            Rule.SHIFT: _("shift"),
            Rule.TREND: _("trend"),
            Rule.BEYOND_LIMITS: _("beyond a limit"),
        }[self]


@dataclass(frozen=True)
class RuleSet:
    """The rules a chart is read with, and where they come from (to cite on the page)."""

    name: str
    source: str
    shift: int
    trend: int
    limits: bool

    def describe(self) -> str:
        if self.limits:
            text = _(
                "Shift: {shift} or more consecutive points on the same side of the centre "
                "line; trend: {trend} or more consecutive points all rising or all "
                "falling; a point beyond a control limit."
            )
        else:
            text = _(
                "Shift: {shift} or more consecutive points on the same side of the centre "
                "line; trend: {trend} or more consecutive points all rising or all "
                "falling."
            )
        return text.format(shift=self.shift, trend=self.trend)


RUN_CHART_RULES = RuleSet(
    name="Perla, Provost & Murray (2011) run chart rules",
    source="Perla RJ, Provost LP, Murray SK. The run chart: a simple analytical tool for "
    "learning from variation in healthcare processes. BMJ Qual Saf 2011;20:46–51.",
    shift=6,
    trend=5,
    limits=False,
)
SPC_RULES = RuleSet(
    name="NHS England & NHS Improvement, Making Data Count (2019) SPC rules",
    source='NHS England & NHS Improvement, "Making Data Count" (2019; SPC rules), with '
    "Wheeler's XmR constant 2.66 and the p-chart 3-sigma limits (Montgomery / Provost "
    "& Murray, The Health Care Data Guide, 2011).",
    shift=7,
    trend=6,
    limits=True,
)


def rules_for(kind: ChartKind) -> RuleSet:
    return RUN_CHART_RULES if kind is ChartKind.RUN else SPC_RULES


@dataclass(frozen=True)
class Signal:
    rule: Rule
    indices: tuple[int, ...]  # every point taking part, 0-based


@dataclass(frozen=True)
class Chart:
    kind: ChartKind
    rules: RuleSet
    values: tuple[float, ...]  # plotted values (proportions for a p-chart)
    centre: float
    upper: tuple[float | None, ...]  # per point; None without limits
    lower: tuple[float | None, ...]
    signals: tuple[Signal, ...]

    @property
    def flagged(self) -> frozenset[int]:
        return frozenset(index for signal in self.signals for index in signal.indices)

    def rules_at(self, index: int) -> tuple[Rule, ...]:
        """The rules that flag one point, each once, in the order of ``Rule``."""
        found = {signal.rule for signal in self.signals if index in signal.indices}
        return tuple(rule for rule in Rule if rule in found)
