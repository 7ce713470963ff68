"""``maillage access compute``: floating-catchment accessibility on an analyst's own files.

The contract (benchmarks and analysts rely on it):
``--demand D.csv`` (id,x,y,population[,need_weight]) ``--supply S.csv`` (id,x,y,capacity)
``[--cost C.csv]`` (demand_id,supply_id,cost_km) ``--method 2sfca|e2sfca --radius-km R
[--weights "5:1,10:0.68,15:0.22"] --out OUT.csv`` → ``id,access`` in the demand file's
order. ``--timings`` prints one JSON line on standard error.
"""

from __future__ import annotations

import json
import resource
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from maillage.cli.common import out
from maillage.domain.numbers import spreadsheet_number
from maillage.errors import DataFileError, Problem
from maillage.i18n import gettext as _

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from maillage.analysis.accessibility import Decay

DEFAULT_STEPS = "5:1,10:0.68,15:0.22"


@click.group()
def access() -> None:
    """Spatial accessibility (2SFCA, E2SFCA) from files."""


@access.command("compute")
@click.option(
    "--demand",
    "demand_path",
    type=click.Path(path_type=Path),
    required=True,
    help="CSV id,x,y,population[,need_weight] (x, y in metres, projected CRS).",
)
@click.option(
    "--supply",
    "supply_path",
    type=click.Path(path_type=Path),
    required=True,
    help="CSV id,x,y,capacity (same CRS).",
)
@click.option(
    "--cost",
    "cost_path",
    type=click.Path(path_type=Path),
    help="CSV demand_id,supply_id,cost_km: replaces straight-line distances.",
)
@click.option("--method", type=click.Choice(["2sfca", "e2sfca"]), required=True)
@click.option(
    "--radius-km",
    type=click.FloatRange(min=0, min_open=True),
    required=True,
    help="Catchment: pairs farther than this are ignored.",
)
@click.option(
    "--weights",
    "weights_text",
    help=f"E2SFCA step weights “bound_km:weight,…” (default {DEFAULT_STEPS}).",
)
@click.option(
    "--decay",
    help="E2SFCA continuous decay instead of steps: gaussian:SIGMA_KM, "
    "exponential:BETA_PER_KM or gravity:SCALE:ALPHA[:MIN_KM].",
)
@click.option("--out", "out_path", type=click.Path(path_type=Path), required=True)
@click.option("--timings", is_flag=True, help="One JSON line of timings on standard error.")
def access_compute(
    demand_path: Path,
    supply_path: Path,
    cost_path: Path | None,
    method: str,
    radius_km: float,
    weights_text: str | None,
    decay: str | None,
    out_path: Path,
    timings: bool,
) -> None:
    """Capacity per inhabitant for each demand point (PySAL access definitions)."""
    import numpy as np

    from maillage.analysis import accessibility as engine
    from maillage.tabular import numeric_tables

    chosen = _decay(method, weights_text, decay)
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
    write_s = time.perf_counter() - written
    if timings:
        peak_mb = _peak_rss_mb()
        click.echo(
            json.dumps(
                {
                    "read_s": round(read_s, 4),
                    "pairs_s": round(result.timings.pairs_s, 4),
                    "compute_s": round(result.timings.compute_s, 4),
                    "write_s": round(write_s, 4),
                    "pairs": result.timings.pairs,
                    "peak_rss_mb": round(peak_mb, 1),
                }
            ),
            err=True,
        )
    reached = int(np.count_nonzero(result.access))
    out.print(
        _(
            "{count} demand points written to {file} ({reached} reach at least one "
            "supply point; {pairs} pairs within {radius} km)."
        ).format(
            count=len(result.access),
            file=out_path,
            reached=reached,
            pairs=result.timings.pairs,
            radius=radius_km,
        ),
        markup=False,
    )


def _peak_rss_mb() -> float:
    """This process's peak resident memory.

    Linux's ``ru_maxrss`` survives ``exec`` (a child started by a big parent reports the
    parent's peak); ``VmHWM`` belongs to this process image only.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _decay(method: str, weights_text: str | None, decay: str | None) -> Decay | None:
    from maillage.analysis import accessibility as engine

    if method == "2sfca":
        if weights_text or decay:
            raise click.UsageError(_("--weights and --decay go with --method e2sfca."))
        return None
    if weights_text and decay:
        raise click.UsageError(_("Give --weights or --decay, not both."))
    try:
        if decay:
            kind, _sep, rest = decay.partition(":")
            numbers = [spreadsheet_number(v) for v in rest.split(":")] if rest else []
            if kind == "gaussian" and len(numbers) == 1 and numbers[0] > 0:
                return engine.GaussianDecay(numbers[0])
            if kind == "exponential" and len(numbers) == 1 and numbers[0] >= 0:
                return engine.ExponentialDecay(numbers[0])
            if kind == "gravity" and len(numbers) in (2, 3):
                return engine.GravityDecay(*numbers)
            raise ValueError(decay)
        return engine.StepDecay.parse(weights_text or DEFAULT_STEPS)
    except ValueError as error:
        option = "--decay" if decay else "--weights"
        raise click.BadParameter(
            _("not understood: {value}").format(value=decay or weights_text), param_hint=option
        ) from error


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
