"""Indicators of population health management: catalogue, values, aggregation, benchmarks.

Values of bassins, OLS and the region are computed from commune numerators and
denominators, never by averaging rates: a bassin of a large and a small commune is not the
mean of their two rates. Benchmarks follow the public-health profiles: a territory is
"better", "similar" or "worse" than a comparator when its 95 % interval lies entirely on one
side of the comparator's value, read through the indicator's polarity.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from maillage.domain import intervals
from maillage.domain.intervals import Interval
from maillage.domain.numbers import spreadsheet_number
from maillage.domain.zoning import CodeConversion
from maillage.errors import Problem, ProblemList
from maillage.i18n import gettext as _

INDICATOR_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
PERIOD = re.compile(r"^[0-9]{4}(-[0-9]{4}|-Q[1-4]|-[0-9]{2})?$")
AGE_BAND = re.compile(r"^[0-9]{1,3}(-[0-9]{1,3}|\+)$")
DEFAULT_SMALL_NUMBER = 5


class Polarity(StrEnum):
    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"
    NEUTRAL = "neutral"

    @property
    def label(self) -> str:
        return {
            Polarity.HIGHER_IS_BETTER: _("higher is better"),
            Polarity.LOWER_IS_BETTER: _("lower is better"),
            Polarity.NEUTRAL: _("neither higher nor lower is better"),
        }[self]


class Kind(StrEnum):
    PROPORTION = "proportion"  # numerator within denominator, shown × multiplier (e.g. %)
    RATE = "rate"  # events per person-years, × multiplier (e.g. per 10,000)
    COUNT = "count"  # a number of people or things; aggregated by sum
    MEAN = "mean"  # sum / number (e.g. income per return); no interval without variance
    RATIO = "ratio"  # one quantity against another (density, dependency ratio, growth)

    @property
    def label(self) -> str:
        return {
            Kind.PROPORTION: _("proportion"),
            Kind.RATE: _("rate"),
            Kind.COUNT: _("count"),
            Kind.MEAN: _("mean"),
            Kind.RATIO: _("ratio"),
        }[self]

    @property
    def signed(self) -> bool:
        """Whether numerators may be negative (a change, a balance), so no interval applies."""
        return self is Kind.MEAN or self is Kind.RATIO


class Comparison(StrEnum):
    BETTER = "better"
    SIMILAR = "similar"
    WORSE = "worse"
    NOT_COMPARED = "not_compared"

    @property
    def label(self) -> str:
        return {
            Comparison.BETTER: _("better"),
            Comparison.SIMILAR: _("similar"),
            Comparison.WORSE: _("worse"),
            Comparison.NOT_COMPARED: _("not compared"),
        }[self]


class Direction(StrEnum):
    """Where the territory's interval lies against the comparator, whatever the polarity."""

    HIGHER = "higher"
    SIMILAR = "similar"
    LOWER = "lower"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Indicator:
    """A catalogue entry: what is measured, how, from where, with which caveats."""

    id: str
    name: str
    definition: str
    kind: Kind
    polarity: Polarity
    unit: str = ""
    multiplier: float = 1.0  # 100 for %, 10_000 for "per 10,000"
    numerator: str = ""
    denominator: str = ""
    source: str = ""
    licence: str = ""
    years: str = ""
    level: str = "commune"  # the level at which the data exist
    caveats: str = ""
    theme: str = ""
    is_demo: bool = False
    # False for counts of things (services), where small numbers reveal nobody.
    small_numbers_apply: bool = True
    # Age band → weight: set for rates loaded per age band, standardised by the direct
    # method against this population (stated wherever the indicator is shown).
    standard_population: tuple[tuple[str, float], ...] = ()
    standard_name: str = ""

    @property
    def age_standardised(self) -> bool:
        return bool(self.standard_population)

    def __post_init__(self) -> None:
        if not INDICATOR_ID.match(self.id):
            raise ValueError(
                _(
                    "An indicator id uses lower-case letters, digits, '-', '_' "
                    "or '.' (at most 64): {id}"
                ).format(id=self.id)
            )
        if self.multiplier <= 0:
            raise ValueError(_("The multiplier must be positive."))


@dataclass(frozen=True, slots=True)  # a value file may hold hundreds of thousands
class Observation:
    """One value of an indicator for a territory and a period, as loaded or aggregated."""

    code: str
    period: str
    numerator: float | None = None
    denominator: float | None = None
    value: float | None = None  # only when no numerator/denominator is known
    age_band: str = ""  # set for age-specific values (age-standardised indicators)

    def __post_init__(self) -> None:
        if self.numerator is None and self.value is None:
            raise ValueError(_("A value needs a numerator or a value."))
        if self.denominator is not None and self.denominator <= 0:
            raise ValueError(_("A denominator must be positive."))


@dataclass(frozen=True)
class Estimate:
    """A value ready to show: the figure, its interval and how it compares."""

    code: str
    period: str
    numerator: float | None
    denominator: float | None
    value: float | None
    interval: Interval | None
    suppressed: bool = False
    comparison: Comparison = Comparison.NOT_COMPARED
    direction: Direction = Direction.UNKNOWN
    parent_comparison: Comparison = Comparison.NOT_COMPARED


def validate_period(period: str) -> str:
    period = period.strip()
    if not PERIOD.match(period):
        raise ValueError(
            _("A period looks like 2024, 2022-2024, 2024-Q1 or 2024-03: {period}").format(
                period=period
            )
        )
    return period


def estimate(indicator: Indicator, observation: Observation) -> Estimate:
    """The value and its 95 % interval, by the method suited to the indicator's kind."""
    numerator, denominator = observation.numerator, observation.denominator
    value, interval = observation.value, None
    if numerator is not None and numerator < 0 and not indicator.kind.signed:
        raise ValueError(_("A numerator cannot be negative."))
    if numerator is not None:
        if indicator.kind is Kind.PROPORTION and denominator:
            if numerator > denominator:
                raise ValueError(
                    _(
                        "A proportion's numerator exceeds its denominator ({code}, {period})."
                    ).format(code=observation.code, period=observation.period)
                )
            value = numerator / denominator * indicator.multiplier
            interval = intervals.wilson(numerator, denominator).scaled(indicator.multiplier)
        elif indicator.kind is Kind.RATE and denominator:
            value = numerator / denominator * indicator.multiplier
            interval = intervals.rate(numerator, denominator, indicator.multiplier)
        elif indicator.kind is Kind.COUNT:
            value = numerator * indicator.multiplier
            interval = intervals.poisson(numerator).scaled(indicator.multiplier)
        elif denominator:
            value = numerator / denominator * indicator.multiplier
        else:
            value = numerator * indicator.multiplier
    return Estimate(observation.code, observation.period, numerator, denominator, value, interval)


def standardise(indicator: Indicator, observations: Iterable[Observation]) -> list[Estimate]:
    """Age-standardised estimates (direct method) from age-specific observations.

    Observations of one code and period are grouped by age band; bands where the territory
    has no population are left out and the remaining weights renormalised (stated in the
    method notes). Returns one estimate per code and period, numerator and denominator
    being the totals over bands.
    """
    weights = dict(indicator.standard_population)
    grouped: dict[tuple[str, str], dict[str, Observation]] = {}
    for o in observations:
        grouped.setdefault((o.code, o.period), {})[o.age_band] = o
    out: list[Estimate] = []
    for (code, period), bands in grouped.items():
        used = [b for b in weights if b in bands and (bands[b].denominator or 0) > 0]
        if not used:
            continue
        events = [bands[b].numerator or 0.0 for b in used]
        populations = [bands[b].denominator or 0.0 for b in used]
        found = intervals.direct_standardisation(
            events, populations, [weights[b] for b in used], per=indicator.multiplier
        )
        out.append(
            Estimate(code, period, sum(events), sum(populations), found.value, found.interval)
        )
    return out


def estimates(indicator: Indicator, observations: Iterable[Observation]) -> dict[str, Estimate]:
    """Each code's estimate: standardised when the indicator is, crude otherwise."""
    if indicator.age_standardised:
        return {e.code: e for e in standardise(indicator, observations)}
    return {o.code: estimate(indicator, o) for o in observations}


def aggregate(
    observations: Iterable[Observation],
    members: Mapping[str, Iterable[str]],
) -> tuple[list[Observation], dict[str, list[str]]]:
    """Observations of parent territories from their communes' numerators and denominators.

    *members* maps each parent code to its commune codes. A parent gets a value for a period
    only when every one of its communes has one with a numerator (and a denominator when the
    communes have one); otherwise it is left out and the missing communes are reported, so
    a partial sum is never shown as the territory's value. Value-only series (no
    numerator) cannot be aggregated and are left out.
    """
    by_key: dict[tuple[str, str, str], Observation] = {
        (o.code, o.period, o.age_band): o for o in observations
    }
    slices = sorted({(period, band) for _code, period, band in by_key})
    given: dict[str, set[str]] = {}
    for code, period, _band in by_key:
        given.setdefault(period, set()).add(code)
    out: list[Observation] = []
    missing: dict[str, list[str]] = {}
    for parent, communes in members.items():
        codes = list(communes)
        for period, band in slices:
            rows = [by_key.get((c, period, band)) for c in codes]
            if band:
                # A commune without any row for the period is missing; one without this
                # age band has no one of that age there (nothing to add).
                absent = [c for c in codes if c not in given[period]]
            else:
                absent = [
                    c for c, r in zip(codes, rows, strict=True) if r is None or r.numerator is None
                ]
            if absent:
                if len(absent) < len(codes):
                    missing.setdefault(f"{parent}|{period}", absent)
                continue
            present = [r for r in rows if r is not None and r.numerator is not None]
            numerator = sum(r.numerator or 0.0 for r in present)
            with_denominator = [r.denominator for r in present if r.denominator is not None]
            if with_denominator and len(with_denominator) != len(present):
                missing.setdefault(
                    f"{parent}|{period}", [r.code for r in present if r.denominator is None]
                )
                continue
            denominator = sum(with_denominator) if with_denominator else None
            out.append(Observation(parent, period, numerator, denominator, age_band=band))
    return out, missing


def compare(
    indicator: Indicator, territory: Estimate, comparator: Estimate | None
) -> tuple[Comparison, Direction]:
    """Better / similar / worse than the comparator's value, read through the polarity."""
    if (
        comparator is None
        or comparator.value is None
        or territory.interval is None
        or territory.suppressed
    ):
        return Comparison.NOT_COMPARED, Direction.UNKNOWN
    if territory.interval.low > comparator.value:
        direction = Direction.HIGHER
    elif territory.interval.high < comparator.value:
        direction = Direction.LOWER
    else:
        direction = Direction.SIMILAR
    if indicator.polarity is Polarity.NEUTRAL:
        return Comparison.NOT_COMPARED, direction
    if direction is Direction.SIMILAR:
        return Comparison.SIMILAR, direction
    higher_is_better = indicator.polarity is Polarity.HIGHER_IS_BETTER
    better = (direction is Direction.HIGHER) == higher_is_better
    return (Comparison.BETTER if better else Comparison.WORSE), direction


@dataclass(frozen=True)
class SmallNumbers:
    """Values resting on fewer than *threshold* events are not shown in public views."""

    threshold: int = DEFAULT_SMALL_NUMBER

    def applies(self, indicator: Indicator, estimate_: Estimate) -> bool:
        if (
            indicator.kind.signed
            or not indicator.small_numbers_apply
            or estimate_.numerator is None
        ):
            return False
        if 0 < estimate_.numerator < self.threshold:
            return True
        return (
            indicator.kind is Kind.PROPORTION
            and estimate_.denominator is not None
            and estimate_.denominator < self.threshold
        )

    def rule(self) -> str:
        return _(
            "Values based on 1 to {n} events (or on a population under {m}) are not "
            "shown publicly, to protect the people concerned; they still count in the "
            "totals of larger territories."
        ).format(n=self.threshold - 1, m=self.threshold)


def benchmark(
    indicator: Indicator,
    observations: Iterable[Observation],
    parents: Mapping[str, str | None],
    region: str,
    small_numbers: SmallNumbers | None = None,
) -> dict[str, Estimate]:
    """Estimates of every territory of one period, compared with the region and the parent.

    *parents* maps each code to its parent code (None for the region). With
    *small_numbers*, values under its threshold are suppressed (public views).
    """
    raw = estimates(indicator, observations)
    out: dict[str, Estimate] = {}
    for code, est in raw.items():
        hidden = small_numbers is not None and small_numbers.applies(indicator, est)
        shown = _hidden(est) if hidden else est
        comparison, direction = compare(indicator, shown, raw.get(region))
        parent = parents.get(code)
        parent_comparison = compare(indicator, shown, raw.get(parent) if parent else None)[0]
        out[code] = Estimate(
            shown.code,
            shown.period,
            shown.numerator,
            shown.denominator,
            shown.value,
            shown.interval,
            hidden,
            comparison if code != region else Comparison.NOT_COMPARED,
            direction if code != region else Direction.UNKNOWN,
            parent_comparison,
        )
    return out


def _hidden(est: Estimate) -> Estimate:
    return Estimate(est.code, est.period, None, None, None, None, True)


@dataclass(frozen=True)
class ValuesReading:
    observations: list[Observation]
    problems: ProblemList
    conversions: list[CodeConversion]


def needs_denominator(kind: Kind) -> bool:
    """A proportion or a rate means nothing without what it is taken of."""
    return kind is Kind.PROPORTION or kind is Kind.RATE


def column_problems(indicator: Indicator, columns: Collection[str], file: str) -> list[Problem]:
    """The columns a value file of *indicator* lacks, each named at line 1."""
    problems: list[Problem] = []
    if not {"refnis", "code"} & set(columns):
        problems.append(
            Problem(file, 1, "refnis", None, _("missing column (expected refnis or code)"))
        )
    if "period" not in columns:
        problems.append(Problem(file, 1, "period", None, _("missing column")))
    if needs_denominator(indicator.kind):
        problems.extend(
            Problem(
                file,
                1,
                column,
                None,
                _("missing column: a {kind} needs numerator and denominator columns").format(
                    kind=indicator.kind.label
                ),
            )
            for column in ("numerator", "denominator")
            if column not in columns
        )
    elif not {"numerator", "value"} & set(columns):
        problems.append(
            Problem(
                file,
                1,
                "numerator",
                None,
                _("missing column (expected numerator and denominator, or value)"),
            )
        )
    return problems


def read_values(
    rows: Iterable[tuple[int, Mapping[str, str]]],
    *,
    file: str,
    indicator: Indicator,
    codes: set[str],
    code_changes: Mapping[str, str],
    problems: ProblemList | None = None,
    max_kept: int | None = None,
) -> ValuesReading:
    """Rows ``refnis|code, period, numerator, denominator`` or ``…, value`` into observations.

    *codes* are the territory codes values may be given for (communes, zones, region);
    older commune codes are converted, and communes merged since are summed when they
    carry numerators (a value alone cannot be summed, so it is refused). Every number is
    finite (``nan`` and ``inf`` are faults, never dropped lines); a proportion or a rate
    needs a numerator and a denominator on every line. Faults go to *problems*; once there
    is one, observations are no longer kept (the file will be refused), only their keys
    to find repeated lines, and no more than *max_kept* of them.
    """
    problems = problems if problems is not None else ProblemList()
    conversions: list[CodeConversion] = []
    # (code, period, age band) -> first line, observation (None once refused), converted
    found: dict[tuple[str, str, str], tuple[int, Observation | None, bool]] = {}
    old_codes: dict[tuple[str, str, str], int] = {}  # the same for older codes as written
    canonical = {code: code for code in codes}  # one string per code, not one per line
    both = needs_denominator(indicator.kind)

    def fail(line: int, column: str, value: str, expected: str) -> None:
        if problems.full:
            problems.count += 1
        else:
            problems.add(Problem(file, line, column, value, expected))

    # Translated once: a file may repeat the same fault on millions of lines.
    unknown = _(
        "unknown territory code (expected a Walloon commune REFNIS, a bassin, an OLS or 03000)"
    )
    not_finite = _("expected a finite number")

    for line, row in rows:
        column = "refnis" if "refnis" in row else "code"
        code = row.get(column, "").strip()
        converted = False
        if code not in codes:
            if code in code_changes:
                converted = True
            else:
                fail(line, column, code, unknown)
                continue
        try:
            period = validate_period(row.get("period", ""))
        except ValueError as error:
            fail(line, "period", row.get("period", ""), str(error))
            continue
        numbers: dict[str, float | None] = {}
        readable = True
        for name in ("numerator", "denominator", "value"):
            text = row.get(name, "").strip()
            try:
                numbers[name] = spreadsheet_number(text) if text else None
            except ValueError:
                fail(line, name, text, not_finite)
                readable = False
        if not readable:
            continue
        if both and (numbers["numerator"] is None or numbers["denominator"] is None):
            name = "numerator" if numbers["numerator"] is None else "denominator"
            fail(
                line,
                name,
                "",
                _("a {kind} needs a numerator and a denominator on every line").format(
                    kind=indicator.kind.label
                ),
            )
            continue
        band = row.get("age_band", "").strip()
        if band and not AGE_BAND.match(band):
            fail(line, "age_band", band, _("an age band looks like 00-09, 65-74 or 85+"))
            continue
        if band and (numbers["numerator"] is None or numbers["denominator"] is None):
            fail(
                line,
                "numerator",
                row.get("numerator", ""),
                _("age-specific rows need a numerator and a denominator"),
            )
            continue
        try:
            observation = Observation(
                code,
                period,
                numbers["numerator"],
                numbers["denominator"],
                None if numbers["numerator"] is not None else numbers["value"],
                band,
            )
            estimate(indicator, observation)
        except ValueError as error:
            name = "numerator" if numbers["numerator"] is not None else "value"
            fail(line, name, row.get(name, ""), str(error))
            continue
        code = canonical.get(code_changes[code] if converted else code, code)
        period, band = sys.intern(period), sys.intern(band)
        if converted:
            observation = replace(observation, code=code)
        key = (code, period, band)
        if converted:
            written = (row.get(column, "").strip(), period, band)
            if written in old_codes:
                fail(
                    line,
                    column,
                    written[0],
                    _("already given on line {line} for {period}").format(
                        line=old_codes[written], period=period
                    ),
                )
                continue
            if max_kept is None or len(old_codes) < max_kept:
                old_codes[written] = line
        if key in found:
            first_line, earlier, earlier_converted = found[key]
            if not (converted or earlier_converted):
                fail(
                    line,
                    column,
                    code,
                    _("already given on line {line} for {period}").format(
                        line=first_line, period=period
                    ),
                )
                continue
            if earlier is not None and (earlier.numerator is None or observation.numerator is None):
                fail(
                    line,
                    "value",
                    row.get("value", ""),
                    _("communes merged since cannot be summed without a numerator"),
                )
                continue
            if earlier is not None and not problems:
                denominator = (
                    None
                    if earlier.denominator is None or observation.denominator is None
                    else earlier.denominator + observation.denominator
                )
                observation = Observation(
                    code,
                    period,
                    (earlier.numerator or 0.0) + (observation.numerator or 0.0),
                    denominator,
                    age_band=band,
                )
        elif max_kept is not None and len(found) >= max_kept:
            continue
        first_line = found[key][0] if key in found else line
        found[key] = (first_line, None if problems else observation, converted)
        if converted and not problems:
            conversions.append(CodeConversion(line, row.get(column, "").strip(), code))
    observations = [] if problems else [o for _l, o, _c in found.values() if o is not None]
    return ValuesReading(observations, problems, conversions)
