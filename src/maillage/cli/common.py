"""What every command shares: the consoles, progress bars and the platform."""

from __future__ import annotations

import getpass
from collections.abc import Callable
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.progress import Progress

if TYPE_CHECKING:
    from maillage.domain.actors import Actor
    from maillage.services.platform import Platform
    from maillage.settings import Settings

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


class BarProgress:
    """Rich progress bars for long work (hidden when output is not a terminal)."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress

    def task(self, label: str, total: int) -> Callable[[int], None]:
        task_id = self._progress.add_task(label, total=total)
        return lambda advance: self._progress.advance(task_id, advance)


class PlatformHandle:
    """The platform, opened by the first command that needs the database."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._platform: Platform | None = None

    def get(self, batch: bool = True) -> Platform:
        """The platform; commands are batch jobs (they wait for locks), a server is not.

        A command reads the database's change counter once, as it opens it (a server does
        at every request)."""
        if self._platform is None:
            from maillage.services.platform import Platform

            self._platform = Platform.open(self.settings, batch=batch)
            if batch:
                self._platform.observe()
        return self._platform

    def close(self) -> None:
        if self._platform is not None:
            self._platform.close()


def platform_of(ctx: click.Context, batch: bool = True) -> Platform:
    """The platform of the running command, opened on first use (see ``PlatformHandle``)."""
    handle: PlatformHandle = ctx.find_root().obj
    return handle.get(batch)


def cli_actor() -> Actor:
    from maillage.domain.actors import Actor

    return Actor(None, f"cli:{getpass.getuser()}", "local")
