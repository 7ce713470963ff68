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
from pathlib import Path

import click

from maillage.cli.common import out
from maillage.i18n import gettext as _
from maillage.services.access_files import DEFAULT_STEPS


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
    from maillage.services import access_files

    if method == "2sfca" and (weights_text or decay):
        raise click.UsageError(_("--weights and --decay go with --method e2sfca."))
    if weights_text and decay:
        raise click.UsageError(_("Give --weights or --decay, not both."))
    chosen = None
    if method == "e2sfca":
        try:
            chosen = access_files.decay(weights_text, decay)
        except ValueError as error:
            raise click.BadParameter(
                _("not understood: {value}").format(value=decay or weights_text),
                param_hint="--decay" if decay else "--weights",
            ) from error
    found = access_files.compute(demand_path, supply_path, cost_path, radius_km, chosen, out_path)
    if timings:
        click.echo(
            json.dumps(
                {
                    "read_s": round(found.read_s, 4),
                    "pairs_s": round(found.pairs_s, 4),
                    "compute_s": round(found.compute_s, 4),
                    "write_s": round(found.write_s, 4),
                    "pairs": found.pairs,
                    "peak_rss_mb": round(_peak_rss_mb(), 1),
                }
            ),
            err=True,
        )
    out.print(
        _(
            "{count} demand points written to {file} ({reached} reach at least one "
            "supply point; {pairs} pairs within {radius} km)."
        ).format(
            count=found.points,
            file=out_path,
            reached=found.reached,
            pairs=found.pairs,
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
