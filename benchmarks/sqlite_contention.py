"""Writers competing for one SQLite file: big CLI imports beside API writers and two servers.

    .venv/bin/python benchmarks/sqlite_contention.py [--rows 60000] [--writers 20]
        [--servers 2] [--seconds 60] [--keep DIR]

Builds a throw-away database (``maillage init``), two directory files in the CSV template
(``--rows`` services each), then, at the same time: ``--servers`` ``maillage serve``
processes on the same file, ``--writers`` API clients that each edit a bassin's sheet
(PUT, versioned) and add observations (POST) for ``--seconds``, and the two imports as
``maillage directory import`` subprocesses. Prints what every request and both imports
ended with: a write is either done, or refused with 409 (someone else changed it) or 503
(the database stayed busy); a 500 or a traceback is a failure, and the script exits 1.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path

import httpx
from common import free_port, print_table, wait_until_up

MAILLAGE = [sys.executable, "-m", "maillage"]


def environment(data_dir: Path) -> dict[str, str]:
    return {**os.environ, "MAILLAGE_DATA_DIR": str(data_dir), "MAILLAGE_DATABASE_URL": ""}


def directory_file(path: Path, rows: int, prefix: str) -> None:
    from maillage.formats.csv_template import COLUMNS

    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, delimiter=";")
        writer.writeheader()
        for n in range(rows):
            writer.writerow(
                {
                    **{c: "" for c in COLUMNS},
                    "identifiant": f"{prefix}-{n}",
                    "organisation": f"Asbl {prefix} {n % 500}",
                    "service": f"Permanence {prefix} {n}",
                    "types": "service-social",
                    "adresse": f"Rue {n}",
                    "code_postal": "5000",
                    "commune": "Namur",
                    "latitude": f"{50.40 + (n % 900) / 9000:.5f}",
                    "longitude": f"{4.80 + (n % 700) / 7000:.5f}",
                    "cout": "gratuit",
                }
            )


def writers_token(env: dict[str, str]) -> tuple[str, list[str]]:
    """A token of an account in the operational team of every OLS, and the bassin codes."""
    from maillage.domain.access import Role
    from maillage.domain.actors import Actor
    from maillage.domain.territory import Level
    from maillage.services import accounts, territories
    from maillage.services.platform import Platform
    from maillage.settings import Settings

    platform = Platform.open(Settings.from_env(env))
    actor = Actor.system("benchmark")
    person = accounts.create_person(platform, actor, "equipes@example.be", "Équipes", None)
    for ols, _parent in territories.list_territories(platform, Level.OLS).items:
        accounts.grant(platform, actor, person.id, Role.OLS_TEAM, ols.code, Level.OLS)
    secret = accounts.create_token(platform, actor, person.id, "banc d'essai")[1]
    bassins = [b.code for b, _parent in territories.list_territories(platform, Level.BASSIN).items]
    platform.close()
    return secret, bassins


class Tally:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: Counter[str] = Counter()
        self.latencies: list[float] = []
        self.failures: list[str] = []

    def add(self, kind: str, status: int | str, seconds: float, body: str) -> None:
        with self.lock:
            self.statuses[f"{kind} {status}"] += 1
            self.latencies.append(seconds * 1000)
            if status not in (200, 201, 409, 503):
                self.failures.append(f"{kind} {status}: {body[:200]}")


def writer(base: str, secret: str, bassin: str, until: float, tally: Tally) -> None:
    headers = {"Authorization": f"Bearer {secret}"}
    with httpx.Client(base_url=base, headers=headers, timeout=120) as client:
        n = 0
        while time.monotonic() < until:
            n += 1
            started = time.monotonic()
            try:
                if n % 2:
                    version = client.get(f"/api/v1/territories/{bassin}/sheet").json()["version"]
                    started = time.monotonic()
                    answer = client.put(
                        f"/api/v1/territories/{bassin}/sheet",
                        json={"version": version, "presentation": f"Présentation {n}"},
                    )
                    kind = "PUT sheet"
                else:
                    answer = client.post(
                        f"/api/v1/territories/{bassin}/observations",
                        json={
                            "text": f"Observation {n}",
                            "observed_on": date.today().isoformat(),
                            "origin": "field",
                        },
                    )
                    kind = "POST observation"
            except httpx.HTTPError as error:
                tally.add("request", type(error).__name__, time.monotonic() - started, "")
                continue
            tally.add(kind, answer.status_code, time.monotonic() - started, answer.text)
            if answer.status_code == 503 and "retry-after" not in answer.headers:
                tally.failures.append("503 without Retry-After")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=60_000)
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="maillage-contention-"))
    work.mkdir(parents=True, exist_ok=True)
    env = environment(work)
    subprocess.run([*MAILLAGE, "init"], env=env, check=True, capture_output=True)
    secret, bassins = writers_token(env)
    files = [work / "import-a.csv", work / "import-b.csv"]
    for prefix, path in zip("ab", files, strict=True):
        directory_file(path, args.rows, prefix)
    ports = [free_port() for _ in range(args.servers)]
    servers = [
        subprocess.Popen(
            [*MAILLAGE, "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for port in ports
    ]
    try:
        for port, server in zip(ports, servers, strict=True):
            wait_until_up(f"http://127.0.0.1:{port}/api/v1/zonings", server)
        tally = Tally()
        until = time.monotonic() + args.seconds
        threads = [
            threading.Thread(
                target=writer,
                args=(
                    f"http://127.0.0.1:{ports[i % len(ports)]}",
                    secret,
                    bassins[i % len(bassins)],
                    until,
                    tally,
                ),
            )
            for i in range(args.writers)
        ]
        for thread in threads:
            thread.start()
        time.sleep(1)
        started = time.monotonic()
        imports = [
            subprocess.Popen(
                [*MAILLAGE, "directory", "import", str(path), "--source", path.stem],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for path in files
        ]
        outcomes = [(p.communicate(), p.returncode, time.monotonic() - started) for p in imports]
        for thread in threads:
            thread.join()
    finally:
        for server in servers:
            server.terminate()
        server_errors = []
        for server in servers:
            _out, err = server.communicate(timeout=30)
            server_errors += [
                line
                for line in err.decode(errors="replace").splitlines()
                if "Traceback" in line or " 500 " in line
            ]
    rows = [("what", "count")]
    rows += [(key, str(count)) for key, count in sorted(tally.statuses.items())]
    print(
        f"\n{args.writers} API writers on {args.servers} server processes for "
        f"{args.seconds:.0f} s, two imports of {args.rows:,} services, one SQLite file "
        f"({os.cpu_count()} cores)\n"
    )
    print_table(rows, left=1)
    latencies = sorted(tally.latencies)
    print(
        f"\nwrite latency ms: p50 {statistics.median(latencies):.0f}, p95 "
        f"{statistics.quantiles(latencies, n=100)[94]:.0f}, max {latencies[-1]:.0f}"
    )
    failed = bool(tally.failures or server_errors)
    for (out, err), code, seconds in outcomes:
        last = (out.strip().splitlines() or [""])[-1] if code == 0 else err.strip()[-300:]
        print(f"import: exit {code} after {seconds:.1f} s — {last}")
        failed |= code not in (0, 9) or "Traceback" in err
    for failure in (tally.failures + server_errors)[:20]:
        print("FAILURE:", failure)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
