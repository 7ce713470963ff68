"""Malformed files of 200 MB given to each importer: peak memory, errors printed, nothing stored.

Run: ``.venv/bin/python benchmarks/import_memory.py [--size-mb 200] [--only zoning,json]``

A throw-away SQLite database is initialised (``maillage init``) in a temporary folder; each
file shape is generated there, then imported through the command line in a child process
that records its peak resident memory (VmHWM of /proc/self/status) as it exits. The table
gives, per importer and shape: the size, the exit code, how many ``erreur`` lines were
printed, whether the last one counts the faults not shown, the peak memory, the time and
whether every table of the database kept its row count.
Acceptance (issue 18): peak under 500 MB, at most 50 error lines plus a count, exit 4,
nothing changed.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from common import print_table

WRAPPER = """
import atexit, os, sys
def _peak():
    with open("/proc/self/status") as status, open(os.environ["HWM_FILE"], "w") as out:
        out.write(next(l for l in status if l.startswith("VmHWM")).split()[1])
atexit.register(_peak)
from maillage.cli import main
main(sys.argv[1:], prog_name="maillage")
"""
MB = 1_000_000
ZONING_HEADER = "refnis,bassin_code,bassin_name,ols_code,ols_name\n"
VALUES_HEADER = "refnis,period,numerator,denominator\n"
TEMPLATE_HEADER = "identifiant;organisation;service;types;commune\n"

Writer = Callable[[Path, int], None]


def _fill(
    path: Path,
    size: int,
    head: str,
    line: Callable[[int], str],
    tail: str = "",
    encoding: str = "utf-8",
) -> None:
    """*head*, then lines until *size* bytes, then *tail*."""
    with path.open("w", encoding=encoding, newline="") as out:
        out.write(head)
        written, n = len(head.encode(encoding)), 0
        block: list[str] = []
        while written < size:
            text = line(n)
            block.append(text)
            written += 2 * len(text) if encoding == "utf-16" else len(text)
            n += 1
            if len(block) == 10_000:
                out.write("".join(block))
                block = []
        out.write("".join(block) + tail)


def _endless(path: Path, size: int, head: str, start: str) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(head + start)
        chunk = "x" * MB
        for _ in range(size // MB):
            out.write(chunk)


def _binary(path: Path, size: int) -> None:
    rng = random.Random(18)
    with path.open("wb") as out:
        for _ in range(size // MB):
            out.write(rng.randbytes(MB))


def zoning_shapes() -> dict[str, Writer]:
    valid = [f"{code},BV-{code},Bassin {code},OLS-1,Zone 1\n" for code in _communes()]
    return {
        "every line faulty": lambda p, s: _fill(
            p, s, ZONING_HEADER, lambda n: f"9{n % 10000:04d},B,Bassin,O,\n"
        ),
        "endless field": lambda p, s: _endless(p, s, ZONING_HEADER, "57081,"),
        "unclosed quote": lambda p, s: _fill(
            p, s, ZONING_HEADER + '57081,"BV-1,x\n', lambda n: f"{n},B,Bassin,O,Zone\n"
        ),
        "binary": _binary,
        "UTF-16": lambda p, s: _fill(
            p, s, ZONING_HEADER, lambda n: f"9{n % 10000:04d},B,Bassin,O,\n", encoding="utf-16"
        ),
        # One row per commune at most: the rest of the valid lines are blank (of spaces).
        "valid then a fault": lambda p, s: _fill(
            p, s, ZONING_HEADER + "".join(valid), lambda n: " " * 999 + "\n", "99999,B,B,O,O\n"
        ),
    }


def values_shapes() -> dict[str, Writer]:
    codes = _communes()

    def valid(n: int) -> str:
        year, month = 1000 + n // (len(codes) * 12), n // len(codes) % 12 + 1
        return f"{codes[n % len(codes)]},{year}-{month:02d},{n % 90},{100 + n % 7}\n"

    return {
        "every line faulty": lambda p, s: _fill(
            p, s, VALUES_HEADER, lambda n: f"57081,2024,nan,{n}\n"
        ),
        "endless field": lambda p, s: _endless(p, s, VALUES_HEADER, "57081,2024,"),
        "unclosed quote": lambda p, s: _fill(p, s, VALUES_HEADER + '57081,"2024,1,2\n', valid),
        "binary": _binary,
        "UTF-16": lambda p, s: _fill(
            p, s, VALUES_HEADER, lambda n: f"57081,2024,inf,{n}\n", encoding="utf-16"
        ),
        "valid then a fault": lambda p, s: _fill(p, s, VALUES_HEADER, valid, "57081,2024,1,0\n"),
    }


def template_shapes() -> dict[str, Writer]:
    def valid(n: int) -> str:
        return f"id-{n};Asbl {n % 500};Permanence {n};service-social;Namur\n"

    return {
        "every line faulty": lambda p, s: _fill(
            p, s, TEMPLATE_HEADER, lambda n: f"id-{n};A;S;plombier;Namur\n"
        ),
        "endless field": lambda p, s: _endless(p, s, TEMPLATE_HEADER, "id-1;Asbl;"),
        "unclosed quote": lambda p, s: _fill(p, s, TEMPLATE_HEADER + 'id-0;"Asbl;S\n', valid),
        "binary": _binary,
        "UTF-16": lambda p, s: _fill(
            p, s, TEMPLATE_HEADER, lambda n: f"id-{n};A;S;plombier;Namur\n", encoding="utf-16"
        ),
        "valid then a fault": lambda p, s: _fill(
            p, s, TEMPLATE_HEADER, valid, "id-x;A;S;plombier;Namur\n"
        ),
    }


def _service(n: int, bad: bool = False) -> str:
    status = "fermé" if bad else "active"
    return (
        f'{{"id": "{uuid.uuid5(uuid.NAMESPACE_URL, str(n))}", "name": "Permanence {n}", '
        f'"status": "{status}", '
        f'"url": "https://example.be/{n}", "description": "Accueil et orientation"}},\n'
    )


def json_shapes() -> dict[str, Writer]:
    return {
        "every record faulty": lambda p, s: _fill(
            p, s, "[\n", lambda n: _service(n, True), _service(0, True).rstrip(",\n") + "]"
        ),
        "endless field": lambda p, s: _endless(p, s, "", '[{"id": "a", "name": "'),
        "binary": _binary,
        "valid then a fault": lambda p, s: _fill(
            p, s, "[\n", _service, _service(0, True).rstrip(",\n") + "]"
        ),
    }


def package_shapes() -> dict[str, Writer]:
    def package(path: Path, size: int) -> None:
        rows = path.with_suffix(".services.csv")
        _fill(rows, size, "id,name,status\n", lambda n: f"svc-{n},Permanence {n},fermé\n")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(
                "datapackage.json", '{"resources": [{"name": "service", "path": "services.csv"}]}'
            )
            archive.write(rows, "services.csv")
        rows.unlink()

    def bomb(path: Path, size: int) -> None:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(
                "datapackage.json", '{"resources": [{"name": "service", "path": "services.csv"}]}'
            )
            with archive.open("services.csv", "w", force_zip64=True) as member:
                zeros = b"0" * MB
                for _ in range(5 * size // MB):
                    member.write(zeros)

    return {"every row faulty (.zip)": package, "zip bomb (5× size inflated)": bomb}


def _communes() -> list[str]:
    from maillage.reference.loaders import walloon_communes

    return sorted(c.refnis for c in walloon_communes()[0])


IMPORTERS: dict[str, tuple[str, Callable[[], dict[str, Writer]], Callable[[Path], list[str]]]] = {
    "zoning": (
        ".csv",
        zoning_shapes,
        lambda p: ["zoning", "import", str(p), "--name", p.stem, "--valid-from", "2026-01-01"],
    ),
    "indicators": (
        ".csv",
        values_shapes,
        lambda p: [
            "indicators",
            "load",
            str(p),
            "--indicator",
            "bench-pct",
            "--name",
            "Bench",
            "--kind",
            "proportion",
            "--polarity",
            "neutral",
        ],
    ),
    "directory csv": (".csv", template_shapes, lambda p: ["directory", "import", str(p)]),
    "directory json": (".json", json_shapes, lambda p: ["directory", "import", str(p)]),
    "directory zip": (".zip", package_shapes, lambda p: ["directory", "import", str(p)]),
}


def row_counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as connection:
        tables = [
            r[0] for r in connection.execute("select name from sqlite_master where type = 'table'")
        ]
        return {t: connection.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables}


def run(args: list[str], env: dict[str, str], work: Path) -> tuple[int, str, float, float]:
    hwm = work / "hwm.txt"
    hwm.unlink(missing_ok=True)
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, *args],
        env={**env, "HWM_FILE": str(hwm)},
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.monotonic() - started
    peak = int(hwm.read_text()) / 1024 if hwm.exists() else float("nan")
    return done.returncode, done.stderr, peak, seconds


def shapes(
    only: set[str] | None, chosen: set[str] | None
) -> Iterator[tuple[str, str, str, Writer]]:
    for importer, (suffix, make, _args) in IMPORTERS.items():
        if only and not any(word in importer for word in only):
            continue
        for shape, writer in make().items():
            if not chosen or any(word in shape for word in chosen):
                yield importer, suffix, shape, writer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--only", help="importers whose name holds one of these words")
    parser.add_argument("--shape", help="shapes whose name holds one of these words")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="maillage-bench-imports-"))
    env = {
        **os.environ,
        "MAILLAGE_DATA_DIR": str(work),
        "MAILLAGE_LANGUAGE": "fr",
        "MAILLAGE_DATABASE_URL": f"sqlite:///{work / 'maillage.sqlite3'}",
    }
    subprocess.run(
        [sys.executable, "-m", "maillage", "init"], env=env, check=True, capture_output=True
    )
    database = work / "maillage.sqlite3"
    size = options.size_mb * MB
    table = [
        (
            "importer",
            "shape",
            "MB",
            "exit",
            "error lines",
            "count line",
            "peak MB",
            "seconds",
            "unchanged",
        )
    ]
    only = set(options.only.split(",")) if options.only else None
    chosen = set(options.shape.split(",")) if options.shape else None
    try:
        for importer, suffix, shape, writer in shapes(only, chosen):
            path = work / f"{shape.split()[0]}-{len(table)}{suffix}"
            writer(path, size)
            before = row_counts(database)
            code, stderr, peak, seconds = run(IMPORTERS[importer][2](path), env, work)
            errors = [line for line in stderr.splitlines() if line.startswith("erreur")]
            counted = bool(errors) and "non affiché" in errors[-1]
            table.append(
                (
                    importer,
                    shape,
                    f"{path.stat().st_size / MB:.0f}",
                    str(code),
                    str(len(errors)),
                    "yes" if counted else "no",
                    f"{peak:.0f}",
                    f"{seconds:.1f}",
                    "yes" if row_counts(database) == before else "NO",
                )
            )
            if not errors:
                print(f"{importer} / {shape}: {stderr[-500:]}", file=sys.stderr)
            path.unlink()
            print_table(table)
            print(flush=True)
    finally:
        if not options.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
