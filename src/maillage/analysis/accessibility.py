"""Spatial accessibility by floating catchments: 2SFCA and enhanced 2SFCA (E2SFCA).

Definitions follow PySAL ``access`` (Luo & Wang 2003; Luo & Qi 2009; McGrail & Humphreys
2009) so that results are the same to rounding:

- step 1, for each supply point j: ``R_j = S_j / Σ_i P_i · W(d_ij)`` over the demand points
  i with ``d_ij ≤ radius``;
- step 2, for each demand point i: ``A_i = Σ_j R_j · W(d_ij)`` over the same pairs.

``W`` is 1 for 2SFCA, a decay for E2SFCA (steps, Gaussian, exponential, gravity). ``A_i``
is capacity per inhabitant. A supply point no demand can reach gets ``R_j = 0`` (PySAL
leaves it out); a demand point reaching no supply gets ``A_i = 0``.

From coordinates, pairs are never all held at once: demand points are grouped in square
cells, and for each cell only the supply points whose distance to the cell is within the
radius are compared with its demand points, in small dense blocks that stay in the
processor's cache. Both steps walk the cells again, so memory stays proportional to the
number of points, not of pairs, and every pair within the radius is counted exactly once.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from maillage.domain.numbers import spreadsheet_number

Floats = NDArray[np.float64]
Indices = NDArray[np.int64]


class Decay(Protocol):
    """Weight of a pair as a function of its cost (km)."""

    def of_km(self, cost_km: Floats) -> Floats: ...

    def of_squared_metres(self, d2: Floats) -> Floats: ...


@dataclass(frozen=True)
class NoDecay:
    """2SFCA: every pair within the catchment weighs 1."""

    def of_km(self, cost_km: Floats) -> Floats:
        return np.ones_like(cost_km)

    def of_squared_metres(self, d2: Floats) -> Floats:
        return np.ones_like(d2)


@dataclass(frozen=True)
class StepDecay:
    """Weights by distance bands: ``upper bound (km) → weight``, bounds included.

    Beyond the last bound the weight is 0, as in PySAL's ``weights.step_fn``.
    """

    steps: tuple[tuple[float, float], ...]

    def __post_init__(self) -> None:
        if not self.steps:
            raise ValueError("a step decay needs at least one step")
        if any(w < 0 for _b, w in self.steps) or any(b < 0 for b, _w in self.steps):
            raise ValueError("step bounds and weights must not be negative")

    @classmethod
    def parse(cls, text: str) -> StepDecay:
        """``"5:1,10:0.68,15:0.22"`` (upper bound in km : weight)."""
        steps = []
        for part in text.split(","):
            bound, sep, weight = part.strip().partition(":")
            if not sep:
                raise ValueError(f"expected bound:weight, got {part.strip()!r}")
            try:
                steps.append((spreadsheet_number(bound), spreadsheet_number(weight)))
            except ValueError as error:
                raise ValueError(f"expected numbers in {part.strip()!r}") from error
        if len({b for b, _w in steps}) != len(steps):
            raise ValueError("each bound may appear once")
        return cls(tuple(sorted(steps)))

    @property
    def reach_km(self) -> float:
        return max(b for b, _w in self.steps)

    @cached_property
    def _bounds(self) -> Floats:
        return np.array([b for b, _w in self.steps], dtype=float)

    @cached_property
    def _weights(self) -> Floats:
        """Weight of each band, then 0 beyond the last bound."""
        return np.array([w for _b, w in self.steps] + [0.0], dtype=float)

    @cached_property
    def _squared_bounds_m(self) -> Floats:
        result: Floats = (self._bounds * 1000.0) ** 2
        return result

    @cached_property
    def _by_bounds_within(self) -> Floats:
        # A pair within k of the n bounds lies in band n - k: entry k is its weight.
        result: Floats = np.r_[0.0, self._weights[:-1][::-1]]
        return result

    def of_km(self, cost_km: Floats) -> Floats:
        result: Floats = self._weights[np.searchsorted(self._bounds, cost_km, side="left")]
        return result

    def of_squared_metres(self, d2: Floats) -> Floats:
        # Counting the bounds a pair is within gives its band without a square root.
        band = np.zeros(d2.shape, dtype=np.uint8)
        for bound in self._squared_bounds_m:
            band += d2 <= bound
        result: Floats = self._by_bounds_within[band]
        return result


@dataclass(frozen=True)
class GaussianDecay:
    """``exp(-d² / 2σ²)`` with σ in km (PySAL ``weights.gaussian``)."""

    sigma_km: float

    def of_km(self, cost_km: Floats) -> Floats:
        result: Floats = np.exp(-cost_km * cost_km / (2 * self.sigma_km**2))
        return result

    def of_squared_metres(self, d2: Floats) -> Floats:
        return self.of_km(np.sqrt(d2) / 1000.0)


@dataclass(frozen=True)
class ExponentialDecay:
    """``exp(-β d)`` with β per km."""

    beta_per_km: float

    def of_km(self, cost_km: Floats) -> Floats:
        result: Floats = np.exp(-self.beta_per_km * cost_km)
        return result

    def of_squared_metres(self, d2: Floats) -> Floats:
        return self.of_km(np.sqrt(d2) / 1000.0)


@dataclass(frozen=True)
class GravityDecay:
    """``(max(d, min_dist) / scale) ^ alpha``, alpha negative (PySAL ``weights.gravity``)."""

    scale: float
    alpha: float
    min_dist_km: float = 0.0

    def of_km(self, cost_km: Floats) -> Floats:
        clipped = np.maximum(cost_km, self.min_dist_km) / self.scale
        with np.errstate(divide="ignore"):
            result: Floats = np.power(clipped, self.alpha)
        return result

    def of_squared_metres(self, d2: Floats) -> Floats:
        return self.of_km(np.sqrt(d2) / 1000.0)


@dataclass
class Timings:
    """Where the time went: neighbour search (pairs) and the catchment arithmetic."""

    pairs_s: float = 0.0
    compute_s: float = 0.0
    pairs: int = 0


@dataclass(frozen=True)
class Points:
    x: Floats
    y: Floats
    values: Floats  # population (demand) or capacity (supply)

    def __post_init__(self) -> None:
        if not len(self.x) == len(self.y) == len(self.values):
            raise ValueError("x, y and values must have the same length")


@dataclass
class Accessibility:
    access: Floats  # per demand point, capacity per inhabitant
    ratios: Floats  # per supply point, capacity per weighted inhabitant in reach (R_j)
    timings: Timings = field(default_factory=Timings)


def _ratios(capacity: Floats, reached: Floats) -> Floats:
    ratios = np.zeros_like(capacity, dtype=float)
    np.divide(capacity, reached, out=ratios, where=reached > 0)
    return ratios


def from_pairs(
    demand: Floats,
    supply: Floats,
    demand_index: Indices,
    supply_index: Indices,
    cost_km: Floats,
    radius_km: float,
    decay: Decay | None = None,
) -> Accessibility:
    """2SFCA / E2SFCA from a table of pairs (e.g. road travel costs computed elsewhere)."""
    timings = Timings()
    started = time.perf_counter()
    within = cost_km <= radius_km
    if not within.all():
        demand_index, supply_index, cost_km = (
            demand_index[within],
            supply_index[within],
            cost_km[within],
        )
    weights = (decay or NoDecay()).of_km(cost_km)
    reached = np.bincount(
        supply_index, weights=demand[demand_index] * weights, minlength=len(supply)
    ).astype(float)
    ratios = _ratios(supply, reached)
    access = np.bincount(
        demand_index, weights=ratios[supply_index] * weights, minlength=len(demand)
    )
    timings.compute_s = time.perf_counter() - started
    timings.pairs = len(cost_km)
    return Accessibility(access.astype(float), ratios, timings)


@dataclass(frozen=True)
class _Grid:
    """Points sorted by square cell (row-major) with the offset of each cell."""

    origin_x: float
    origin_y: float
    size: float
    columns: int
    rows: int
    order: Indices  # sorted position → original index
    starts: Indices  # cell number → first sorted position (length cells + 1)

    def cell_of(self, x: Floats, y: Floats) -> tuple[Indices, Indices]:
        column = np.clip(((x - self.origin_x) // self.size).astype(np.int64), 0, self.columns - 1)
        row = np.clip(((y - self.origin_y) // self.size).astype(np.int64), 0, self.rows - 1)
        return column, row


def _grid(
    x: Floats, y: Floats, origin_x: float, origin_y: float, size: float, columns: int, rows: int
) -> _Grid:
    shell = _Grid(
        origin_x, origin_y, size, columns, rows, np.empty(0, np.int64), np.empty(0, np.int64)
    )
    column, row = shell.cell_of(x, y)
    cell = row * columns + column
    order = np.argsort(cell, kind="stable").astype(np.int64)
    counts = np.bincount(cell, minlength=columns * rows)
    starts = np.r_[0, np.cumsum(counts)].astype(np.int64)
    return _Grid(origin_x, origin_y, size, columns, rows, order, starts)


def _blocks(
    demand: Points,
    supply: Points,
    radius_m: float,
    target_per_cell: int = 256,
    block_rows: int = 512,
) -> Iterator[tuple[Indices, Indices, Floats]]:
    """(demand indices, supply indices, squared distances) of small dense blocks.

    Every pair within the radius appears in exactly one block (pairs beyond it may appear
    too; callers give them weight 0).
    """
    if len(demand.x) == 0 or len(supply.x) == 0:
        return
    # scipy is loaded by the computations that use it, not by every page that imports this
    from scipy.spatial.distance import cdist

    xs = np.r_[demand.x, supply.x]
    ys = np.r_[demand.y, supply.y]
    min_x, max_x, min_y, max_y = xs.min(), xs.max(), ys.min(), ys.max()
    area = max((max_x - min_x) * (max_y - min_y), 1.0)
    # Cells holding a few hundred demand points keep blocks cache-sized.
    size = min(
        max(math.sqrt(area * target_per_cell / len(demand.x)), radius_m / 16, 1.0),
        max(radius_m, 1.0),
    )
    columns = int((max_x - min_x) // size) + 1
    rows = int((max_y - min_y) // size) + 1
    demand_grid = _grid(demand.x, demand.y, min_x, min_y, size, columns, rows)
    supply_grid = _grid(supply.x, supply.y, min_x, min_y, size, columns, rows)
    reach = math.ceil(radius_m / size)
    supply_xy = np.column_stack([supply.x, supply.y])
    demand_xy = np.column_stack([demand.x, demand.y])
    cells = np.flatnonzero(np.diff(demand_grid.starts))
    for cell in cells:
        row, column = divmod(int(cell), columns)
        first_row, last_row = max(0, row - reach), min(rows - 1, row + reach)
        first_col, last_col = max(0, column - reach), min(columns - 1, column + reach)
        pieces = [
            supply_grid.order[
                supply_grid.starts[r * columns + first_col] : supply_grid.starts[
                    r * columns + last_col + 1
                ]
            ]
            for r in range(first_row, last_row + 1)
        ]
        candidates = np.concatenate(pieces) if pieces else np.empty(0, np.int64)
        if len(candidates) == 0:
            continue
        # Keep the supply points within the radius of the cell's rectangle.
        left = min_x + column * size
        bottom = min_y + row * size
        cx = supply.x[candidates]
        cy = supply.y[candidates]
        gap_x = np.maximum(np.maximum(left - cx, cx - (left + size)), 0.0)
        gap_y = np.maximum(np.maximum(bottom - cy, cy - (bottom + size)), 0.0)
        near = candidates[gap_x * gap_x + gap_y * gap_y <= radius_m * radius_m]
        if len(near) == 0:
            continue
        members = demand_grid.order[demand_grid.starts[cell] : demand_grid.starts[cell + 1]]
        near_xy = supply_xy[near]
        for start in range(0, len(members), block_rows):
            rows_ = members[start : start + block_rows]
            yield rows_, near, cdist(demand_xy[rows_], near_xy, "sqeuclidean")


def _weighted_blocks(
    demand: Points, supply: Points, radius_km: float, decay: Decay, timings: Timings
) -> Iterator[tuple[Indices, Indices, Floats, int]]:
    """Blocks with each pair's weight (0 beyond the radius) and their count of pairs within
    it; the time spent finding blocks and weighing them is added to *timings*."""
    limit = (radius_km * 1000.0) ** 2
    clock = time.perf_counter()
    for rows, near, d2 in _blocks(demand, supply, radius_km * 1000.0):
        searched = time.perf_counter()
        timings.pairs_s += searched - clock
        inside = d2 <= limit
        weights = np.where(inside, decay.of_squared_metres(d2), 0.0)
        yield rows, near, weights, int(np.count_nonzero(inside))
        clock = time.perf_counter()
        timings.compute_s += clock - searched


def from_coordinates(
    demand: Points, supply: Points, radius_km: float, decay: Decay | None = None
) -> Accessibility:
    """2SFCA / E2SFCA from projected coordinates (metres), straight-line distances."""
    decay = decay or NoDecay()
    timings = Timings()
    # Step 1: weighted demand within reach of each supply point.
    reached = np.zeros(len(supply.x))
    for rows, near, weights, pairs in _weighted_blocks(demand, supply, radius_km, decay, timings):
        reached[near] += demand.values[rows] @ weights
        timings.pairs += pairs
    ratios = _ratios(supply.values, reached)
    # Step 2: the same pairs again, summing each reachable supply's ratio.
    access = np.zeros(len(demand.x))
    for rows, near, weights, _pairs in _weighted_blocks(demand, supply, radius_km, decay, timings):
        access[rows] = weights @ ratios[near]
    return Accessibility(access, ratios, timings)


def need_weighted(
    population: Floats,
    weights: Sequence[float] | None = None,
    shares: Sequence[Floats] | None = None,
) -> Floats:
    """Demand weighted by expected use: ``Σ_groups population × share_g × weight_g``.

    The idea behind France's APL: a point whose inhabitants are older or sicker asks more
    of the same supply. *shares* are each group's share of the population per point and
    *weights* its relative consumption (1 = average).
    """
    if not weights or not shares:
        return population.astype(float)
    if len(weights) != len(shares):
        raise ValueError("one weight per population group")
    factor = np.zeros_like(population, dtype=float)
    for share, weight in zip(shares, weights, strict=True):
        factor += share * weight
    result: Floats = population * factor
    return result
