"""The ``maillage`` command: parses, calls one service function, presents the outcome.

User errors are printed on one line (``erreur : …``) with the exit code of their type;
there is no traceback for them. Subcommands are imported when called, and the database is
opened only by those that need it, so that ``maillage access compute`` starts fast.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from maillage.cli.common import PlatformHandle, err
from maillage.errors import UserError
from maillage.i18n import gettext as _
from maillage.i18n import set_language

COMMANDS = {
    "init": "maillage.cli.core:init",
    "serve": "maillage.cli.core:serve",
    "zoning": "maillage.cli.core:zoning",
    "territory": "maillage.cli.core:territory",
    "user": "maillage.cli.core:user",
    "token": "maillage.cli.core:token",
    "directory": "maillage.cli.directory:directory",
    "indicators": "maillage.cli.indicators:indicators",
    "access": "maillage.cli.access:access",
    "allocation": "maillage.cli.allocation:allocation",
}


class MaillageGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, _sep, name = COMMANDS[cmd_name].partition(":")
        command = getattr(importlib.import_module(module), name)
        assert isinstance(command, click.Command)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UserError as error:
            for line in str(error).splitlines():
                err.print(_("error: {message}").format(message=line), markup=False)
            sys.exit(error.exit_code)


@click.group(cls=MaillageGroup)
@click.pass_context
def main(ctx: click.Context) -> None:
    """maillage — territoires et première ligne social-santé en Wallonie."""
    from maillage.settings import Settings  # pydantic: not for ``maillage --help``

    settings = Settings.from_env()  # a malformed value: InvalidSetting, one line, exit 10
    set_language(settings.language)
    handle = PlatformHandle(settings)
    ctx.obj = handle
    ctx.call_on_close(handle.close)
