"""What the benchmarks share: a server in a subprocess, timings and the machine's size."""

from __future__ import annotations

import socket
import statistics
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx


@dataclass
class Timing:
    name: str
    server: str
    samples: list[float]
    results: list[int]

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.samples, n=100, method="inclusive")[94]

    def row(self) -> tuple[str, ...]:
        return (
            self.name,
            self.server,
            str(len(self.samples)),
            f"{statistics.median(self.samples):.1f}",
            f"{self.p95:.1f}",
            f"{max(self.samples):.1f}",
            f"{statistics.mean(self.results):.0f}",
        )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited early: {url}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"server did not answer in time: {url}")


@contextmanager
def serving(command: list[str], env: dict[str, str], probe: str) -> Iterator[None]:
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_until_up(probe, process)
        yield
    finally:
        process.terminate()
        process.wait(timeout=20)


def memory_gib() -> float:
    with open("/proc/meminfo") as meminfo:
        kib = int(meminfo.readline().split()[1])
    return kib / 1024 / 1024


def print_table(rows: list[tuple[str, ...]], left: int = 2) -> None:
    """A plain-text table: the first row is the header, the first *left* columns text."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for index, row in enumerate(rows):
        print(
            "  ".join(
                cell.ljust(w) if i < left else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if index == 0:
            print("  ".join("-" * w for w in widths))
