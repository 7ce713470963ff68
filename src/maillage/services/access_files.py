"""Floating-catchment accessibility on an analyst's own files (``maillage access compute``).

Demand, supply and optional cost tables are read and checked whole before any
computation; the result is written as ``id,access`` in the demand file's order. The
timings of each part are returned because the benchmarks compare them with PySAL's.
Heavy libraries are imported when a computation runs, so that the command starts fast.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from maillage.domain.numbers import spreadsheet_number
from maillage.errors import DataFileError, Problem
from maillage.i18n import gettext as _

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from maillage.analysis.accessibility import Decay

DEFAULT_STEPS = "5:1,10:0.68,15:0.22"


@dataclass(frozen=True)
class FileAccess:
    """What was written, and how long each part took."""

    points: int  # demand points written
    reached: int  # of which reach at least one supply point
    pairs: int  # demand-supply pairs within the radius
    read_s: float
    pairs_s: float
    compute_s: float
    write_s: float


def decay(steps: str | None, continuous: str | None) -> Decay:
    """The E2SFCA decay: *continuous* when given (``gaussian:SIGMA_KM``,
    ``exponential:BETA_PER_KM``, ``gravity:SCALE:ALPHA[:MIN_KM]``), otherwise the step
    weights ``bound_km:weight,…`` (the default steps without either).

    Raises ValueError for text it does not understand.
    """
    from maillage.analysis import accessibility as engine

    if continuous:
        kind, _sep, rest = continuous.partition(":")
        numbers = [spreadsheet_number(v) for v in rest.split(":")] if rest else []
        if kind == "gaussian" and len(numbers) == 1 and numbers[0] > 0:
            return engine.GaussianDecay(numbers[0])
        if kind == "exponential" and len(numbers) == 1 and numbers[0] >= 0:
            return engine.ExponentialDecay(numbers[0])
        if kind == "gravity" and len(numbers) in (2, 3):
            return engine.GravityDecay(*numbers)
        raise ValueError(continuous)
    return engine.StepDecay.parse(steps or DEFAULT_STEPS)


def compute(
    demand_path: Path,
    supply_path: Path,
    cost_path: Path | None,
    radius_km: float,
    chosen: Decay | None,
    out_path: Path,
) -> FileAccess:
    """Capacity per inhabitant for each demand point (PySAL access definitions); 2SFCA
    without *chosen* decay. Straight-line distances unless a cost file is given."""
    import numpy as np

    from maillage.analysis import accessibility as engine
    from maillage.tabular import numeric_tables

    started = time.perf_counter()
    with_xy = ("x", "y") if cost_path is None else ()
    demand = numeric_tables.read(
        demand_path,
        ["id"],
        [*with_xy, "population"],
        non_negative=["population", "need_weight"],
        unique="id",
        optional=["need_weight"],
    )
    need = demand.numbers.get("need_weight")
    supply = numeric_tables.read(
        supply_path, ["id"], [*with_xy, "capacity"], non_negative=["capacity"], unique="id"
    )
    population = demand.numbers["population"]
    if need is not None:
        population = population * need
    if cost_path is not None:
        pairs = numeric_tables.read(
            cost_path, ["demand_id", "supply_id"], ["cost_km"], non_negative=["cost_km"]
        )
        demand_index = _positions(pairs.ids["demand_id"], demand.ids["id"], pairs.name, "demand_id")
        supply_index = _positions(pairs.ids["supply_id"], supply.ids["id"], pairs.name, "supply_id")
        read_s = time.perf_counter() - started
        result = engine.from_pairs(
            population,
            supply.numbers["capacity"],
            demand_index,
            supply_index,
            pairs.numbers["cost_km"],
            radius_km,
            chosen,
        )
    else:
        read_s = time.perf_counter() - started
        result = engine.from_coordinates(
            engine.Points(demand.numbers["x"], demand.numbers["y"], population),
            engine.Points(supply.numbers["x"], supply.numbers["y"], supply.numbers["capacity"]),
            radius_km,
            chosen,
        )
    written = time.perf_counter()
    numeric_tables.write(out_path, demand.ids["id"], result.access, ("id", "access"))
    return FileAccess(
        points=len(result.access),
        reached=int(np.count_nonzero(result.access)),
        pairs=result.timings.pairs,
        read_s=read_s,
        pairs_s=result.timings.pairs_s,
        compute_s=result.timings.compute_s,
        write_s=time.perf_counter() - written,
    )


def _positions(
    wanted: NDArray[Any], known: NDArray[Any], file: str, field: str
) -> NDArray[np.int64]:
    """Row positions of *wanted* ids among *known* ones; unknown ids are located faults."""
    import numpy as np
    import pandas as pd

    positions = pd.Index(known).get_indexer(wanted)
    unknown = np.flatnonzero(positions < 0)
    if len(unknown):
        raise DataFileError(
            [
                Problem(
                    file,
                    int(row) + 2,
                    field,
                    str(wanted[row]),
                    _("unknown id (not in the demand or supply file)"),
                )
                for row in unknown[:20]
            ]
        )
    result: NDArray[np.int64] = positions.astype(np.int64)
    return result
