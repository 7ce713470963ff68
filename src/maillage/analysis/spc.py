"""Run charts and control charts for improvement teams learning in PDSA cycles.

A team plots a measure over time and asks whether a change made a difference: the rules
below tell a signal (special-cause variation) from the noise every process has. Run charts
follow Perla, Provost & Murray (2011); XmR and p-charts follow NHS England's "Making Data
Count" (2019) and Provost & Murray, *The Health Care Data Guide* (2011).

Conventions:

- Centre line: the median of *all* points for a run chart, the mean of all points for an
  XmR chart, Σ numerators / Σ denominators for a p-chart. Limits too are computed on all
  points shown; there is no frozen baseline.
- Limits: XmR, mean ± 2.66 × mean moving range (Wheeler); when the mean moving range is 0
  the limits equal the centre. p-chart, p̄ ± 3·√(p̄(1 − p̄)/nᵢ) for each point, clamped to
  [0, 1].
- Shift: a maximal run of consecutive points strictly on one side of the centre line.
  Points exactly on the line neither break nor count toward a run and are left out of the
  signal. A run is a signal from ``shift`` counted points on (6 for run charts, 7 for SPC).
- Trend: consecutive points all rising or all falling. When successive points share a
  value only the first counts; the repeats neither make nor break the trend and are left
  out of the signal. A trend of *k* points is *k* − 1 strict steps; signals start at
  ``trend`` points (5 for run charts, 6 for SPC). The turning point belongs to both the
  rising and the falling trend that meet there.
- Beyond limits: a point strictly above its upper or strictly below its lower limit; a
  point on a limit is not beyond.

Centres and limits are compared with the points in exact rational arithmetic (floats
convert exactly to fractions), so that a point on the median or on a limit is recognised
as such and the signals do not move when every value is shifted or scaled.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from itertools import pairwise

from maillage.domain.control_charts import (
    Chart,
    ChartKind,
    Rule,
    Signal,
    rules_for,
)
from maillage.errors import InvalidInput
from maillage.i18n import gettext as _

MINIMUM_POINTS = 2
WHEELER = Fraction("2.66")  # 3 / d2 with d2 = 1.128 for moving ranges of two points
SIGMAS = 3


# Rules on exact values -------------------------------------------------------------------


def _shifts(values: Sequence[Fraction], centre: Fraction, length: int) -> list[tuple[int, ...]]:
    runs: list[tuple[int, ...]] = []
    run: list[int] = []
    side = 0
    for index, value in enumerate(values):
        here = (value > centre) - (value < centre)
        if here == 0:
            continue  # on the centre line: neither counts nor breaks
        if here != side:
            if len(run) >= length:
                runs.append(tuple(run))
            run, side = [], here
        run.append(index)
    if len(run) >= length:
        runs.append(tuple(run))
    return runs


def _trends(values: Sequence[Fraction], length: int) -> list[tuple[int, ...]]:
    counted = [i for i, value in enumerate(values) if i == 0 or value != values[i - 1]]
    found: list[tuple[int, ...]] = []
    start = 0  # position in `counted` where the current monotone stretch begins
    for k in range(1, len(counted) + 1):
        ends = k == len(counted) or (
            k >= 2
            and (values[counted[k]] > values[counted[k - 1]])
            != (values[counted[k - 1]] > values[counted[k - 2]])
        )
        if ends:
            if k - start >= length:
                found.append(tuple(counted[start:k]))
            start = k - 1  # the turning point also opens the next trend
    return found


def _outside(
    values: Sequence[Fraction], centre: Fraction, reach_squared: Sequence[Fraction]
) -> list[int]:
    """Points farther from the centre than their limit: (v − c)² > reach², exactly."""
    return [
        i
        for i, (value, reach) in enumerate(zip(values, reach_squared, strict=True))
        if (value - centre) ** 2 > reach
    ]


# Public rules on floats ------------------------------------------------------------------


def shifts(values: Sequence[float], centre: float, length: int) -> list[tuple[int, ...]]:
    """Indices of each run of at least *length* points on one side of *centre*."""
    return _shifts(_exact(values), Fraction(centre), length)


def trends(values: Sequence[float], length: int) -> list[tuple[int, ...]]:
    """Indices of each maximal rising or falling trend of at least *length* points."""
    return _trends(_exact(values), length)


def beyond(
    values: Sequence[float], upper: Sequence[float | None], lower: Sequence[float | None]
) -> list[int]:
    """Indices of the points strictly above their upper or below their lower limit."""
    return [
        i
        for i, (value, high, low) in enumerate(zip(values, upper, lower, strict=True))
        if (high is not None and value > high) or (low is not None and value < low)
    ]


# Charts ----------------------------------------------------------------------------------


def run_chart(values: Sequence[float]) -> Chart:
    """Median of all points as centre line, no limits; shifts and trends only."""
    exact = _exact(values)
    _enough(exact)
    ordered = sorted(exact)
    middle = len(ordered) // 2
    centre = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    none: tuple[float | None, ...] = (None,) * len(exact)
    return _chart(ChartKind.RUN, exact, centre, none, none, [])


def xmr_chart(values: Sequence[float]) -> Chart:
    """Individuals chart: mean ± 2.66 × mean moving range, the same limits for every point."""
    exact = _exact(values)
    _enough(exact)
    centre = sum(exact, Fraction(0)) / len(exact)
    moving = sum((abs(b - a) for a, b in pairwise(exact)), Fraction(0))
    reach = WHEELER * moving / (len(exact) - 1)
    upper: tuple[float | None, ...] = (float(centre + reach),) * len(exact)
    lower: tuple[float | None, ...] = (float(centre - reach),) * len(exact)
    beyond_limits = _outside(exact, centre, [reach * reach] * len(exact))
    return _chart(ChartKind.XMR, exact, centre, upper, lower, beyond_limits)


def p_chart(numerators: Sequence[int], denominators: Sequence[int]) -> Chart:
    """Proportion chart: p̄ = Σ numerators / Σ denominators, 3-sigma limits per point."""
    if len(numerators) != len(denominators):
        raise InvalidInput(
            _(
                "Numerators and denominators differ in length: {numerators} and {denominators}."
            ).format(numerators=len(numerators), denominators=len(denominators))
        )
    counts, sizes = _exact(numerators), _exact(denominators)
    _enough(counts)
    for position, (count, size) in enumerate(zip(counts, sizes, strict=True), start=1):
        if size <= 0:
            raise InvalidInput(
                _("Point {position}: the denominator must be positive; got {value}.").format(
                    position=position, value=denominators[position - 1]
                )
            )
        if not 0 <= count <= size:
            raise InvalidInput(
                _(
                    "Point {position}: the numerator must lie between 0 and the "
                    "denominator ({denominator}); got {value}."
                ).format(
                    position=position,
                    denominator=denominators[position - 1],
                    value=numerators[position - 1],
                )
            )
    centre = sum(counts, Fraction(0)) / sum(sizes, Fraction(0))
    proportions = [count / size for count, size in zip(counts, sizes, strict=True)]
    variance = [SIGMAS**2 * centre * (1 - centre) / size for size in sizes]
    upper: list[float | None] = []
    lower: list[float | None] = []
    for spread in variance:
        reach = math.sqrt(spread)
        upper.append(min(1.0, float(centre) + reach))
        lower.append(max(0.0, float(centre) - reach))
    beyond_limits = _outside(proportions, centre, variance)
    return _chart(ChartKind.P, proportions, centre, tuple(upper), tuple(lower), beyond_limits)


def chart(
    kind: ChartKind, values: Sequence[float], denominators: Sequence[int] | None = None
) -> Chart:
    """The chart of *kind*; for a p-chart *values* are the numerators (whole counts).

    *denominators* are used by p-charts only.
    """
    if kind is ChartKind.RUN:
        return run_chart(values)
    if kind is ChartKind.XMR:
        return xmr_chart(values)
    if denominators is None:
        raise InvalidInput(_("A p-chart needs a denominator for each point."))
    counts: list[int] = []
    for position, value in enumerate(_exact(values), start=1):
        if value.denominator != 1:
            raise InvalidInput(
                _("Point {position}: a count must be a whole number; got {value}.").format(
                    position=position, value=values[position - 1]
                )
            )
        counts.append(value.numerator)
    return p_chart(counts, denominators)


def _exact(values: Sequence[float]) -> list[Fraction]:
    """The values as fractions, refusing the non-finite ones by position (1-based)."""
    exact: list[Fraction] = []
    for position, value in enumerate(values, start=1):
        if not math.isfinite(value):
            raise InvalidInput(
                _("Point {position} is not a finite number: {value}.").format(
                    position=position, value=value
                )
            )
        exact.append(Fraction(value))
    return exact


def _enough(values: Sequence[Fraction]) -> None:
    if len(values) < MINIMUM_POINTS:
        raise InvalidInput(
            _("A chart needs at least {minimum} points; got {count}.").format(
                minimum=MINIMUM_POINTS, count=len(values)
            )
        )


def _chart(
    kind: ChartKind,
    values: Sequence[Fraction],
    centre: Fraction,
    upper: tuple[float | None, ...],
    lower: tuple[float | None, ...],
    beyond_limits: Sequence[int],
) -> Chart:
    rules = rules_for(kind)
    signals = [Signal(Rule.SHIFT, run) for run in _shifts(values, centre, rules.shift)]
    signals += [Signal(Rule.TREND, run) for run in _trends(values, rules.trend)]
    if rules.limits:
        signals += [Signal(Rule.BEYOND_LIMITS, (index,)) for index in beyond_limits]
    order = list(Rule)
    signals.sort(key=lambda signal: (signal.indices[0], order.index(signal.rule)))
    return Chart(
        kind,
        rules,
        tuple(float(value) for value in values),
        float(centre),
        upper,
        lower,
        tuple(signals),
    )
