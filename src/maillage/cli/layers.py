"""``maillage layer``: territorial layers of existing structures and their overlap."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from maillage.cli.common import cli_actor, err, out, platform_of
from maillage.domain.layers import LayerKind
from maillage.domain.territory import Level
from maillage.i18n import format_decimal, format_integer
from maillage.i18n import gettext as _
from maillage.services import layers


@click.group()
def layer() -> None:
    """Territorial layers of existing structures (cercles de MG, RML, CCSAD…)."""


@layer.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--name", required=True, help="Name of the layer.")
@click.option(
    "--kind",
    required=True,
    type=click.Choice([k.value for k in LayerKind]),
    help="Kind of structure.",
)
@click.option("--replace", is_flag=True, help="Replace the layer of that name if it exists.")
@click.pass_context
def layer_import(ctx: click.Context, file: Path, name: str, kind: str, replace: bool) -> None:
    """Import a layer (columns structure_code,structure_name,refnis)."""
    result = layers.import_layer(
        platform_of(ctx), file, name=name, kind=LayerKind(kind), replace=replace, actor=cli_actor()
    )
    for conversion in result.conversions:
        out.print(
            _("line {line}: code {old} converted to {new} (current geography)").format(
                line=conversion.line, old=conversion.old, new=conversion.new
            )
        )
    if result.outside_reform:
        err.print(
            _(
                "note: {count} German-language communes are covered ({codes}); they belong "
                "to no OLS and are left out of the overlap analysis."
            ).format(count=len(result.outside_reform), codes=", ".join(result.outside_reform)),
            markup=False,
        )
    found = result.layer
    message = (
        _("Layer “{name}” replaced (#{id}): {count} structures.")
        if result.replaced
        else _("Layer “{name}” imported (#{id}): {count} structures.")
    )
    out.print(message.format(name=found.name, id=found.id, count=found.structures), markup=False)


@layer.command("list")
@click.pass_context
def layer_list(ctx: click.Context) -> None:
    """List the layers."""
    table = Table(_("id"), _("name"), _("kind"), _("structures"), _("imported"), _("source"))
    for found in layers.list_layers(platform_of(ctx)):
        name = found.name + (" — " + _("demonstration data") if found.is_demo else "")
        table.add_row(
            str(found.id),
            name,
            found.kind_label,
            str(found.structures),
            found.imported_at.date().isoformat(),
            found.source,
        )
    out.print(table)


@layer.command("export")
@click.argument("layer_ref")
@click.option("-o", "--out", "out_path", type=click.Path(path_type=Path), help="File.")
@click.pass_context
def layer_export(ctx: click.Context, layer_ref: str, out_path: Path | None) -> None:
    """Export a layer (id or name) in the import format (default: stdout)."""
    _found, text = layers.export_layer(platform_of(ctx), layer_ref)
    if out_path:
        out_path.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@layer.command("delete")
@click.argument("layer_ref")
@click.pass_context
def layer_delete(ctx: click.Context, layer_ref: str) -> None:
    """Delete a layer (id or name) and its structures."""
    found = layers.delete_layer(platform_of(ctx), layer_ref, actor=cli_actor())
    out.print(_("Layer “{name}” deleted.").format(name=found.name), markup=False)


@layer.command("overlap")
@click.argument("layer_ref")
@click.option(
    "--level",
    type=click.Choice([Level.BASSIN.value, Level.OLS.value]),
    default=Level.BASSIN.value,
    show_default=True,
)
@click.option("--zoning", "zoning_ref", help="Zoning id or name (default: the active one).")
@click.option("-o", "--out", "out_path", type=click.Path(path_type=Path), help="CSV file.")
@click.pass_context
def layer_overlap(
    ctx: click.Context, layer_ref: str, level: str, zoning_ref: str | None, out_path: Path | None
) -> None:
    """How a layer's structures lie over the bassins or OLS of a zoning."""
    platform = platform_of(ctx)
    if out_path:
        _found, data = layers.overlap_csv(platform, layer_ref, Level(level), zoning_ref)
        out_path.write_bytes(data)
        return
    found = layers.layer_overlap(platform, layer_ref, Level(level), zoning_ref)
    table = Table(
        _("structure"),
        _("territory"),
        _("population"),
        _("share of the territory"),
        _("share of the structure"),
        title=f"{found.layer.name} × {found.zoning.name}",
    )
    for row in found.overlap.rows:
        table.add_row(
            f"{row.structure_code} {row.structure_name}",
            f"{row.territory_code} {row.territory_name}",
            format_integer(row.population),
            format_decimal(100 * row.share_of_territory) + " %",
            format_decimal(100 * row.share_of_structure) + " %",
        )
    out.print(table)
    c = found.overlap.congruence
    out.print(
        _(
            "{single} territories covered by exactly one structure, {several} by several, "
            "{none} not covered; {whole} structures inside one territory, {split} split "
            "across territories."
        ).format(
            single=len(c.territories_single),
            several=len(c.territories_multiple),
            none=len(c.territories_uncovered),
            whole=len(c.structures_whole),
            split=len(c.structures_split),
        ),
        markup=False,
    )
