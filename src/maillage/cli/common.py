"""What every command shares: the consoles, progress bars and the platform."""

from __future__ import annotations

import getpass
from collections.abc import Callable

import click
from rich.console import Console
from rich.progress import Progress

from maillage.services.platform import Platform
from maillage.store.audit import Actor

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


class BarProgress:
    """Rich progress bars for long work (hidden when output is not a terminal)."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress

    def task(self, label: str, total: int) -> Callable[[int], None]:
        task_id = self._progress.add_task(label, total=total)
        return lambda advance: self._progress.advance(task_id, advance)


def _platform(ctx: click.Context) -> Platform:
    platform: Platform = ctx.obj
    return platform


def cli_actor() -> Actor:
    return Actor(None, f"cli:{getpass.getuser()}", "local")
