"""The ``maillage`` command: parses, calls one service function, presents the outcome.

User errors are printed on one line (``erreur : …``) with the exit code of their type;
there is no traceback for them. Subcommands are imported when called, and the database is
opened only by those that need it, so that ``maillage access compute`` starts fast.
"""

from __future__ import annotations

import importlib
import sys
from gettext import gettext as click_gettext
from typing import Any, NamedTuple

import click

from maillage.cli.common import PlatformHandle, err
from maillage.errors import UserError
from maillage.i18n import gettext as _
from maillage.i18n import set_language


class Entry(NamedTuple):
    target: str  # "module:attribute" of the click command, imported when called
    summary: str  # the first line of its docstring, for ``maillage --help``


# ``maillage --help`` lists the commands from here, without importing them (importing them
# all took seconds); tests/cli/test_main.py checks each summary against its command.
COMMANDS = {
    "init": Entry(
        "maillage.cli.core:init",
        "Create the database, load the reference data and the demo zoning.",
    ),
    "serve": Entry("maillage.cli.core:serve", "Serve the web application."),
    "zoning": Entry(
        "maillage.cli.core:zoning", "Zonings: commune → bassin de vie → OLS assignments."
    ),
    "territory": Entry("maillage.cli.core:territory", "Territories of the active zoning."),
    "user": Entry("maillage.cli.core:user", "Accounts and their roles."),
    "token": Entry("maillage.cli.core:token", "API tokens for machine clients."),
    "directory": Entry(
        "maillage.cli.directory:directory", "The directory of services (cadastre de l'offre)."
    ),
    "indicators": Entry(
        "maillage.cli.indicators:indicators", "Indicators of population health management."
    ),
    "access": Entry(
        "maillage.cli.access:access", "Spatial accessibility (2SFCA, E2SFCA) from files."
    ),
    "layer": Entry(
        "maillage.cli.layers:layer",
        "Territorial layers of existing structures (cercles de MG, RML, CCSAD…).",
    ),
    "sectors": Entry(
        "maillage.cli.sectors:sectors",
        "Statbel statistical sectors (to split a commune between bassins).",
    ),
    "allocation": Entry(
        "maillage.cli.allocation:allocation",
        "Budget simulations (computed proposals — not official).",
    ),
}


class MaillageGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, _sep, name = COMMANDS[cmd_name].target.partition(":")
        command = getattr(importlib.import_module(module), name)
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name].summary) for name in self.list_commands(ctx)]
        # click's own heading, in click's own catalogue like "Usage" and "Options"
        with formatter.section(click_gettext("Commands")):
            formatter.write_dl(rows)

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
