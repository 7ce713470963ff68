"""Territory profiles at 50 indicators × 261 communes × 5 periods: computation, page, PDF.

Run: ``.venv/bin/python benchmarks/profiles.py [--requests 200] [--pdfs 10]``

What it does, in one run:
1. ``maillage init`` on a throw-away SQLite file (real reference data and demo zoning);
2. replaces the indicator catalogue by 50 synthetic indicators (labelled as demonstration
   data) with numerators and denominators for the 261 communes over 5 periods, i.e.
   65,250 stored values, loaded through the same code path as ``maillage indicators load``;
3. times, in a fresh process state each time, the computation of every indicator for every
   territory of every level (communes, 85 bassins, 10 OLS, the region) and period, with
   aggregation, intervals and comparisons: 89,250 estimates;
4. serves the file with ``maillage serve`` and requests profile pages of random
   territories of every level (one client, keep-alive, after a warm-up), then PDFs of
   bassin profiles.

Targets of issue 5: full computation < 2 s, profile page p95 < 150 ms, PDF < 5 s.
"""

from __future__ import annotations

import argparse
import os
import platform as host
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from common import Timing, free_port, memory_gib, print_table, serving

from maillage.domain.indicators import Indicator, Kind, Polarity
from maillage.reference.indicator_catalogue import CatalogueEntry
from maillage.services import indicator_loading, indicators
from maillage.services.platform import Platform
from maillage.settings import Settings
from maillage.store import territories as store
from maillage.store.indicator_tables import IndicatorRow

BIN = Path(sys.executable).parent
INDICATORS = 50
PERIODS = ("2019", "2020", "2021", "2022", "2023")


def synthetic_catalogue(platform: Platform) -> int:
    """50 demonstration indicators × 5 periods × every commune; returns the values stored."""
    rng = random.Random(5)
    with platform.reading() as session:
        populations = store.population_totals(session, 2022)
    entries = []
    for number in range(INDICATORS):
        kind = (Kind.PROPORTION, Kind.RATE, Kind.COUNT, Kind.MEAN)[number % 4]
        indicator = Indicator(
            f"banc-{number:02d}",
            f"Indicateur synthétique {number:02d} (banc d'essai)",
            "Valeurs aléatoires pour mesurer les temps de calcul.",
            kind,
            (Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER, Polarity.NEUTRAL)[number % 3],
            unit="%" if kind is Kind.PROPORTION else "",
            multiplier=100 if kind in (Kind.PROPORTION, Kind.RATE) else 1,
            source="Données de démonstration",
            licence="CC0",
            theme=f"banc-{number % 5}",
            is_demo=True,
        )
        rate = rng.uniform(0.001, 0.3)
        rows = []
        line = 2
        for period in PERIODS:
            for code, population in populations.items():
                numerator = float(round(population * rate * rng.uniform(0.7, 1.3)))
                rows.append(
                    (
                        line,
                        {
                            "refnis": code,
                            "period": period,
                            "numerator": str(numerator),
                            "denominator": str(population),
                        },
                    )
                )
                line += 1
        entries.append(CatalogueEntry(indicator, rows, "banc"))
    with platform.transaction() as session:
        for row in list(session.query(IndicatorRow)):
            session.delete(row)
        session.flush()
        reports = indicator_loading.load_catalogue(platform, session, entries)
    return sum(r.values for r in reports)


def time_computation(settings: Settings, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        platform = Platform.open(settings)  # nothing memoised: a server's first request
        try:
            started = time.perf_counter()
            count = indicators.compute_all(platform)
            samples.append(time.perf_counter() - started)
        finally:
            platform.close()
    print(f"estimates per computation: {count:,}", file=sys.stderr)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--pdfs", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5, help="Timed full computations.")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="maillage-bench-profiles-"))
    database = work / "maillage.sqlite3"
    env = dict(
        os.environ, MAILLAGE_DATA_DIR=str(work), MAILLAGE_DATABASE_URL=f"sqlite:///{database}"
    )
    subprocess.run([str(BIN / "maillage"), "init"], env=env, check=True, stdout=subprocess.DEVNULL)
    settings = Settings.from_env(env)
    platform = Platform.open(settings)
    try:
        stored = synthetic_catalogue(platform)
    finally:
        platform.close()
    print(f"catalogue ready: {INDICATORS} indicators, {stored:,} commune values", file=sys.stderr)
    computation = time_computation(settings, args.runs)

    with sqlite3.connect(database) as db:
        codes = [r[0] for r in db.execute("SELECT refnis FROM commune")]
        zoned = [
            (r[0], r[1])
            for r in db.execute(
                "SELECT b.code, 'bassin' FROM bassin b JOIN zoning z ON z.id = b.zoning_id "
                "WHERE z.is_active UNION ALL SELECT o.code, 'ols' FROM ols o "
                "JOIN zoning z ON z.id = o.zoning_id WHERE z.is_active"
            )
        ]
    bassins = [code for code, level in zoned if level == "bassin"]
    targets = codes + [code for code, _level in zoned] + ["03000"]
    port = free_port()
    ours = f"http://127.0.0.1:{port}"
    rng = random.Random(7)
    with (
        serving(
            [str(BIN / "maillage"), "serve", "--port", str(port)], env, ours + "/api/v1/taxonomy"
        ),
        httpx.Client(base_url=ours, timeout=60) as client,
    ):
        started = time.perf_counter()
        first = client.get("/profils/03000")
        cold = (time.perf_counter() - started) * 1000
        first.raise_for_status()
        for _ in range(20):
            client.get(f"/profils/{rng.choice(targets)}").raise_for_status()
        pages, sizes = [], []
        for _ in range(args.requests):
            code = rng.choice(targets)
            started = time.perf_counter()
            response = client.get(f"/profils/{code}")
            pages.append((time.perf_counter() - started) * 1000)
            response.raise_for_status()
            sizes.append(len(response.content) // 1024)
        pdfs, pdf_sizes = [], []
        for code in [*rng.sample(bassins, args.pdfs), "03000"]:
            started = time.perf_counter()
            response = client.get(f"/profils/{code}/pdf")
            pdfs.append((time.perf_counter() - started) * 1000)
            response.raise_for_status()
            pdf_sizes.append(len(response.content) // 1024)
    shutil.rmtree(work, ignore_errors=True)

    ms = [s * 1000 for s in computation]
    rows = [
        ("measure", "unit", "count", "p50 ms", "p95 ms", "max ms", "mean size"),
        (
            "full computation (89,250 estimates)",
            "in-process",
            str(len(ms)),
            f"{statistics.median(ms):.0f}",
            "",
            f"{max(ms):.0f}",
            "",
        ),
        ("first profile page (computes all)", "HTTP", "1", f"{cold:.0f}", "", "", ""),
    ]
    page_timing = Timing("profile page, random territory", "HTTP", pages, sizes)
    pdf_timing = Timing("profile PDF (10 bassins + region)", "HTTP", pdfs, pdf_sizes)
    for timing in (page_timing, pdf_timing):
        row = timing.row()
        rows.append((row[0], row[1], row[2], row[3], row[4], row[5], f"{row[6]} KiB"))
    print(
        f"\nTerritory profiles — {INDICATORS} indicators × {len(codes)} communes × "
        f"{len(PERIODS)} periods, SQLite, one uvicorn worker, keep-alive client"
    )
    print(
        f"machine: {os.cpu_count()} cores, {memory_gib():.0f} GiB, {host.platform()}, "
        f"Python {host.python_version()}, SQLite {sqlite3.sqlite_version}\n"
    )
    print_table(rows)
    verdicts = [
        ("full computation < 2 s", max(ms) < 2000),
        ("profile page p95 < 150 ms", page_timing.p95 < 150),
        ("PDF < 5 s", max(pdfs) < 5000),
    ]
    print("\n" + "; ".join(f"{name}: {'met' if ok else 'NOT met'}" for name, ok in verdicts))


if __name__ == "__main__":
    main()
