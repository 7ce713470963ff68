"""``maillage directory``: import and export the cadastre de l'offre."""

from __future__ import annotations

from pathlib import Path

import click

from maillage.cli.common import cli_actor, err, out, platform_of
from maillage.i18n import gettext as _
from maillage.services import directory as directory_service


@click.group()
def directory() -> None:
    """The directory of services (cadastre de l'offre)."""


@directory.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="Import the valid records and write the refused ones with their reasons.",
)
@click.option(
    "--rejects",
    type=click.Path(path_type=Path),
    help="Where to write refused records (default: PATH.rejets.csv).",
)
@click.option("--source", "source_key", help="Stable key of the source (default: file name).")
@click.option("--source-name", help="Name of the source shown beside its records.")
@click.option("--licence", help="Licence of the data, e.g. “CC BY 4.0”.")
@click.option("--attribution", help="Attribution text to show with the records.")
@click.pass_context
def directory_import(
    ctx: click.Context,
    path: Path,
    skip_invalid: bool,
    rejects: Path | None,
    source_key: str | None,
    source_name: str | None,
    licence: str | None,
    attribution: str | None,
) -> None:
    """Import HSDS JSON, an HSDS tabular package (folder or zip) or the template (CSV, XLSX)."""
    source = directory_service.source_for(path, source_key, source_name, licence, attribution)
    report = directory_service.import_path(
        platform_of(ctx),
        path,
        skip_invalid=skip_invalid,
        rejects=rejects,
        source=source,
        actor=cli_actor(),
    )
    out.print(
        _("{created} services created, {updated} updated (source {source}).").format(
            created=report.created, updated=report.updated, source=report.source
        )
    )
    if report.refused:
        err.print(
            _("{count} records refused, written with their reasons to {file}.").format(
                count=report.refused, file=report.rejects_file
            ),
            markup=False,
        )


@directory.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(directory_service.EXPORT_FORMATS)),
    required=True,
    help="hsds-json, hsds-tabular (folder or .zip), fhir (R4 Bundle), "
    "csv, csv-excel (“;” and a UTF-8 BOM for Excel), xlsx or geojson.",
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(path_type=Path),
    required=True,
    help="File to write (a folder or a .zip for hsds-tabular).",
)
@click.option("--excel", is_flag=True, help="With csv: “;” separators and a UTF-8 BOM.")
@click.option("--without-demo", is_flag=True, help="Leave out demonstration records.")
@click.pass_context
def directory_export(
    ctx: click.Context, fmt: str, out_path: Path, excel: bool, without_demo: bool
) -> None:
    """Export every active service (internal notes are never exported)."""
    if fmt == "csv" and excel:
        fmt = "csv-excel"
    count = directory_service.export_to(
        platform_of(ctx), fmt, out_path, include_demo=not without_demo
    )
    out.print(
        _("{count} services written to {file}.").format(count=count, file=out_path), markup=False
    )
