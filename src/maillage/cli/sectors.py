"""``maillage sectors``: Statbel statistical sectors, to split large communes into bassins."""

from __future__ import annotations

from pathlib import Path

import click

from maillage.cli.common import cli_actor, out, platform_of
from maillage.i18n import format_integer
from maillage.i18n import gettext as _


@click.group()
def sectors() -> None:
    """Statbel statistical sectors (to split a commune between bassins)."""


@sectors.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--population",
    "population_file",
    type=click.Path(path_type=Path),
    help="Statbel's population by sector (CD_SECTOR and TOTAL columns).",
)
@click.option(
    "--year",
    type=click.IntRange(1990, 2100),
    help="Year (1 January) of the sectors' population.",
)
@click.pass_context
def sectors_import(
    ctx: click.Context, file: Path, population_file: Path | None, year: int | None
) -> None:
    """Import the sectors of a Statbel boundaries file (GeoJSON, Lambert 72 or WGS84)."""
    from maillage.services import sectors as service

    result = service.import_sectors(
        platform_of(ctx), file, population_file, year=year, actor=cli_actor()
    )
    out.print(
        _(
            "{count} Walloon sectors imported ({known} with a population); "
            "{skipped} sectors of other regions left out."
        ).format(
            count=format_integer(result.sectors),
            known=format_integer(result.with_population),
            skipped=format_integer(result.skipped),
        )
    )
