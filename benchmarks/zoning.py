"""Bassins de vie drawn from the 261 Walloon communes: maillage beside PySAL spopt max-p.

Run: ``.venv/bin/python benchmarks/zoning.py [--runs 3]``

Both work on the same data: the rook-contiguity graph of the real commune boundaries
(Lambert 2008; Comines-Warneton bridged to its nearest neighbour), populations of 2022.
maillage's ``bounded_regions`` grows contiguous zones within [10,000, 60,000] inhabitants
towards 30,000; spopt's ``MaxPHeuristic`` maximises the number of contiguous regions with
at least 10,000 inhabitants each, grouping similar communes (share of 80+ and income per
inhabitant, standardised). The table reports each partition's quality with the same
measures (``maillage.analysis.zoning_quality``) and the time each took.
"""

from __future__ import annotations

import argparse
import json
import os
import platform as host
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
from common import memory_gib, print_table

from maillage.analysis import zoning_quality
from maillage.analysis.contiguity import contiguity_graph
from maillage.analysis.geometry import from_geojson, to_lambert
from maillage.analysis.regionalisation import Unit, bounded_regions
from maillage.domain.territory import Bounds
from maillage.services import indicators, setup
from maillage.services.platform import Platform
from maillage.settings import Settings
from maillage.store import territories as store

BOUNDS = Bounds(minimum=10_000, maximum=60_000, target=30_000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="maillage-bench-zoning-"))
    settings = Settings.from_env({"MAILLAGE_DATA_DIR": str(work)})
    platform = Platform.open(settings)
    setup.initialise(platform)
    with platform.reading() as session:
        communes = store.communes(session)
        populations = store.population_totals(session, 2022)
        projected = {
            c.refnis: to_lambert(from_geojson(json.loads(c.geometry)))
            for c in communes
            if c.geometry
        }
    attributes = {}
    for indicator_id in ("pop-80plus-pct", "revenu-par-habitant"):
        table = indicators.values(platform, indicator_id, public=False)
        attributes[indicator_id] = {t.code: e.value for t, e in table.rows if e}
    platform.close()
    codes = sorted(projected)
    started = time.perf_counter()
    graph = contiguity_graph(projected)
    graph_s = time.perf_counter() - started
    units = {
        c: Unit(c, populations[c], projected[c].centroid.x, projected[c].centroid.y) for c in codes
    }

    ours_times, ours = [], []
    for _ in range(args.runs):
        started = time.perf_counter()
        ours = bounded_regions(graph, units, BOUNDS)
        ours_times.append(time.perf_counter() - started)

    import geopandas as gpd
    import libpysal
    from spopt.region import MaxPHeuristic

    frame = gpd.GeoDataFrame(
        {
            "code": codes,
            "population": [populations[c] for c in codes],
            **{name: [values.get(c, np.nan) for c in codes] for name, values in attributes.items()},
        },
        geometry=[projected[c] for c in codes],
        crs="EPSG:3812",
    )
    for name in attributes:
        column = frame[name]
        frame[name] = (column - column.mean()) / column.std()
    neighbours = {i: [codes.index(n) for n in graph.neighbors(c)] for i, c in enumerate(codes)}
    weights = libpysal.weights.W(neighbours, silence_warnings=True)
    theirs_times, labels = [], None
    for run in range(args.runs):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            started = time.perf_counter()
            model = MaxPHeuristic(
                frame,
                weights,
                list(attributes),
                "population",
                BOUNDS.minimum,
                top_n=2,
                max_iterations_construction=99,
            )
            np.random.seed(run)
            model.solve()
            theirs_times.append(time.perf_counter() - started)
        labels = model.labels_
    assert labels is not None
    theirs: dict[int, set[str]] = {}
    for code, label in zip(codes, labels, strict=True):
        theirs.setdefault(int(label), set()).add(code)

    def quality(zones: list) -> zoning_quality.Quality:
        return zoning_quality.quality(zones, projected, populations, graph, BOUNDS)

    q_ours, q_theirs = quality([set(z) for z in ours]), quality(list(theirs.values()))
    header = (
        "method",
        "zones",
        "pop min",
        "pop max",
        "CV",
        "outside 10k–60k",
        "non contiguous",
        "compactness",
        "median s",
    )
    rows = [header]
    for name, q, times in (
        ("maillage bounded_regions", q_ours, ours_times),
        ("spopt MaxPHeuristic (max-p)", q_theirs, theirs_times),
    ):
        rows.append(
            (
                name,
                str(q.zones),
                f"{q.population_min:,}",
                f"{q.population_max:,}",
                f"{q.population_cv:.2f}",
                f"{q.outside_bounds} ({q.single_commune_above_maximum} single)",
                str(q.non_contiguous),
                f"{q.compactness:.3f}",
                f"{statistics.median(times):.3f}",
            )
        )
    print(
        f"\nBassins de vie from {len(codes)} communes (contiguity graph built in "
        f"{graph_s:.1f} s, shared by both)"
    )
    print(
        f"machine: {os.cpu_count()} cores, {memory_gib():.0f} GiB, {host.platform()}, "
        f"Python {host.python_version()}\n"
    )
    print_table(rows, left=1)
    print(
        "\nmax-p has no maximum population: it maximises the number of regions above the "
        "floor and groups similar communes, so its zones are compared on the same "
        "measures, not on its own objective.",
        file=sys.stdout,
    )


if __name__ == "__main__":
    main()
