"""Directory search latency through the HTTP API at 50,000 services, beside Datasette.

Run: ``.venv/bin/python benchmarks/directory_search.py [--services 50000] [--requests 200]``

What it does, in one run:
1. ``maillage init`` on a throw-away SQLite file (real reference data, demo directory);
2. adds synthetic services (a source labelled as demonstration data, generated like the
   demo content but denser) until the directory holds ``--services`` services;
3. serves that file with ``maillage serve`` and, side by side, with Datasette using the
   same FTS5 index for its full-text search;
4. sends the five typical queries of the orientation line and of facilitators over HTTP,
   one client, keep-alive, after a warm-up, with varied parameters; prints p50/p95/max.

The target of issue 4 is p95 < 50 ms for every maillage query on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform as host
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from common import Timing, free_port, memory_gib, print_table, serving

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
WORDS = (
    "pharmacie",
    "médecin",
    "infirmier",
    "kiné",
    "maison médicale",
    "cpas",
    "santé mentale",
    "planning familial",
    "aide familles",
    "dentiste",
    "hopital",
    "sage-femme",
    "maison de repos",
    "psychologue",
    "soins palliatifs",
    "aînés",
)
TYPES = (
    "medecin-generaliste",
    "pharmacie",
    "infirmier-domicile",
    "kinesitherapeute",
    "maison-medicale",
    "cpas",
    "service-sante-mentale",
    "dentiste",
)
NEEDS = (
    ("medecin-generaliste",),
    ("infirmier-domicile", "aide-familles-aines"),
    ("cpas",),
    ("service-sante-mentale", "psychologue-premiere-ligne"),
    ("pharmacie",),
    ("maison-medicale", "service-social"),
)


def fill_directory(env: dict[str, str], target: int) -> tuple[int, str]:
    """Add labelled synthetic services up to *target*; return the count and a token."""
    os.environ.update(env)
    from sqlalchemy import func, select

    from maillage.analysis.geometry import from_geojson
    from maillage.domain.access import Role
    from maillage.domain.actors import Actor
    from maillage.domain.directory import DirectorySource
    from maillage.domain.territory import Level
    from maillage.reference import directory_data
    from maillage.services import accounts, directory
    from maillage.services.platform import Platform
    from maillage.settings import Settings
    from maillage.store import territories as territory_store
    from maillage.store.directory_tables import ServiceRow

    source = DirectorySource(
        key="bench-synthetic",
        name="Services synthétiques du banc d'essai (non officiels)",
        licence="CC0 (contenu fictif)",
        attribution="Données fictives — banc d'essai",
        is_demo=True,
    )
    platform = Platform.open(Settings.from_env())
    actor = Actor(None, "benchmark", "local")
    with platform.transaction(actor) as session:
        existing = session.scalar(select(func.count()).select_from(ServiceRow)) or 0
        communes = territory_store.communes(session)
        year = max(territory_store.population_years(session))
        populations = territory_store.population_totals(session, year)
        batch = directory_data.demo(
            {c.refnis: c.name_fr for c in communes},
            populations,
            {c.refnis: from_geojson(json.loads(c.geometry)) for c in communes if c.geometry},
            {c.refnis for c in communes if c.german_speaking},
            seed=7,
            scale=14.0,
            source=source,
        )
        wanted = target - existing
        if len(batch.services) < wanted:
            raise SystemExit(f"the generator gave {len(batch.services)}, {wanted} wanted")
        random.Random(7).shuffle(batch.services)
        del batch.services[wanted:]
        kept = {s.organization_id for s in batch.services}
        batch.organizations = [o for o in batch.organizations if o.id in kept]
        places = {i for s in batch.services for i in s.location_ids}
        batch.locations = [loc for loc in batch.locations if loc.id in places]
        directory.save_batches(platform, session, [batch])
        total = session.scalar(select(func.count()).select_from(ServiceRow)) or 0
    operator = accounts.create_person(platform, actor, "bench@example.be", "Banc d'essai")
    accounts.grant(platform, actor, operator.id, Role.ORIENTATION_OPERATOR, "03000", Level.REGION)
    _token, secret = accounts.create_token(platform, actor, operator.id, "benchmark")
    platform.close()
    return total, secret


def measure(
    client: httpx.Client,
    name: str,
    server: str,
    make: Callable[[random.Random], tuple[str, dict[str, object]]],
    count: Callable[[dict[str, object]], int],
    requests: int,
    headers: dict[str, str] | None = None,
) -> Timing:
    rng = random.Random(name)
    for _ in range(20):
        path, params = make(rng)
        response = client.get(path, params=params, headers=headers)
        if response.status_code != 200:
            raise SystemExit(f"{server} {name}: {response.status_code} {response.text[:300]}")
    samples, results = [], []
    for _ in range(requests):
        path, params = make(rng)
        started = time.perf_counter()
        response = client.get(path, params=params, headers=headers)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{server} {name}: {response.status_code} {response.text[:300]}")
        samples.append(elapsed)
        results.append(count(response.json()))
    return Timing(name, server, samples, results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--keep",
        type=Path,
        help="Keep the prepared database in this folder "
        "and reuse it on the next run (it is not deleted).",
    )
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="maillage-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    database = work / "maillage.sqlite3"
    env = dict(
        os.environ, MAILLAGE_DATA_DIR=str(work), MAILLAGE_DATABASE_URL=f"sqlite:///{database}"
    )
    started = time.monotonic()
    prepared = work / "prepared.json"
    if args.keep and prepared.exists():
        total, token = json.loads(prepared.read_text())
    else:
        database.unlink(missing_ok=True)
        subprocess.run(
            [str(BIN / "maillage"), "init"], env=env, check=True, stdout=subprocess.DEVNULL
        )
        total, token = fill_directory(env, args.services)
        prepared.write_text(json.dumps([total, token]))
    print(
        f"directory ready: {total:,} services in {time.monotonic() - started:.0f} s ({database})",
        file=sys.stderr,
    )
    with sqlite3.connect(database) as db:
        communes = [r[0] for r in db.execute("SELECT refnis FROM commune ORDER BY refnis")]
        bassins = [
            r[0]
            for r in db.execute(
                "SELECT b.code FROM bassin b JOIN zoning z ON z.id = b.zoning_id WHERE z.is_active"
            )
        ]
    maillage_port, datasette_port = free_port(), free_port()
    metadata = work / "datasette.json"
    metadata.write_text(
        json.dumps(
            {
                "databases": {
                    "maillage": {
                        "tables": {
                            "directory_service": {
                                "fts_table": "directory_service_fts",
                                "fts_pk": "seq",
                            }
                        }
                    }
                }
            }
        )
    )
    ours = f"http://127.0.0.1:{maillage_port}"
    theirs = f"http://127.0.0.1:{datasette_port}"
    bearer = {"Authorization": f"Bearer {token}"}
    page_total: Callable[[dict[str, object]], int] = lambda body: int(body["total"])  # noqa: E731

    def text(rng: random.Random) -> tuple[str, dict[str, object]]:
        return "/api/v1/services", {"q": rng.choice(WORDS)}

    def text_type(rng: random.Random) -> tuple[str, dict[str, object]]:
        return "/api/v1/services", {"q": rng.choice(WORDS[:8]), "type": rng.choice(TYPES)}

    def near(rng: random.Random) -> tuple[str, dict[str, object]]:
        return "/api/v1/services", {"near_commune": rng.choice(communes), "radius_km": 10}

    def type_territory(rng: random.Random) -> tuple[str, dict[str, object]]:
        territory = rng.choice(bassins) if rng.random() < 0.5 else rng.choice(communes)
        return "/api/v1/services", {"type": rng.choice(TYPES), "territory": territory}

    def orientation(rng: random.Random) -> tuple[str, dict[str, object]]:
        return "/api/v1/orientation/suggestions", {
            "need": list(rng.choice(NEEDS)),
            "commune": rng.choice(communes),
            "language": rng.choice(("fr", "fr", "nl", "de")),
            "mobility": rng.choice(("car", "transport", "walking", "home")),
        }

    def datasette_text(rng: random.Random) -> tuple[str, dict[str, object]]:
        return "/maillage/directory_service.json", {
            "_search": rng.choice(WORDS),
            "_size": 20,
            "_shape": "objects",
        }

    timings = []
    with (
        serving(
            [str(BIN / "maillage"), "serve", "--port", str(maillage_port)],
            env,
            ours + "/api/v1/taxonomy",
        ),
        httpx.Client(base_url=ours, timeout=30) as client,
    ):
        timings.append(measure(client, "text", "maillage", text, page_total, args.requests))
        timings.append(
            measure(client, "text + type", "maillage", text_type, page_total, args.requests)
        )
        timings.append(
            measure(client, "near a commune, 10 km", "maillage", near, page_total, args.requests)
        )
        timings.append(
            measure(
                client, "type + territory", "maillage", type_territory, page_total, args.requests
            )
        )
        timings.append(
            measure(
                client,
                "orientation",
                "maillage",
                orientation,
                lambda body: len(body["matches"]),
                args.requests,
                bearer,
            )
        )
    # The very same file, after maillage has stopped (its WAL is checkpointed on close).
    command = [
        str(BIN / "datasette"),
        "serve",
        str(database),
        "--port",
        str(datasette_port),
        "--metadata",
        str(metadata),
        "--setting",
        "sql_time_limit_ms",
        "5000",
        # Like maillage, Datasette counts the matches; it would also suggest facets.
        "--setting",
        "suggest_facets",
        "off",
    ]
    with (
        serving(command, env, theirs + "/-/versions.json"),
        httpx.Client(base_url=theirs, timeout=30) as client,
    ):
        timings.append(
            measure(
                client,
                "text",
                "Datasette (FTS5)",
                datasette_text,
                lambda body: int(body["filtered_table_rows_count"]),
                args.requests,
            )
        )
    header = ("query", "server", "requests", "p50 ms", "p95 ms", "max ms", "mean total")
    rows = [header] + [t.row() for t in timings]
    print(
        f"\nDirectory search at {total:,} services — SQLite, one uvicorn worker, "
        f"keep-alive client, {args.requests} requests per query after 20 warm-up"
    )
    print(
        f"machine: {os.cpu_count()} cores, {memory_gib():.0f} GiB, {host.platform()}, "
        f"Python {host.python_version()}, SQLite {sqlite3.sqlite_version}\n"
    )
    print_table(rows)
    worst = max(t.p95 for t in timings[:5])
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"\ntarget p95 < 50 ms: {'met' if worst < 50 else 'NOT met'} "
        f"(worst maillage p95 {worst:.1f} ms)"
    )


if __name__ == "__main__":
    main()
