"""``maillage allocation``: share a budget between territories, or apply the 2025 OLS rule."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from maillage.cli.common import out, platform_of
from maillage.domain.territory import Level
from maillage.i18n import format_decimal, format_integer
from maillage.i18n import gettext as _


@click.group()
def allocation() -> None:
    """Budget simulations (computed proposals — not official)."""


@allocation.command("compare")
@click.option("--budget", type=click.FloatRange(min=0), required=True, help="Euros.")
@click.option("--level", type=click.Choice(["ols", "bassin"]), default="ols", show_default=True)
@click.option(
    "--need",
    default="pop-80plus-pct:1,revenu-par-habitant:1",
    show_default=True,
    help="Need index: indicator:weight, separated by commas.",
)
@click.option(
    "--floor",
    type=click.FloatRange(0, 1),
    default=0.3,
    show_default=True,
    help="Share of the budget given as an equal floor (floor + need method).",
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(path_type=Path),
    help="Also write the table as CSV (for Excel).",
)
@click.pass_context
def allocation_compare(
    ctx: click.Context, budget: float, level: str, need: str, floor: float, out_path: Path | None
) -> None:
    """Equal per inhabitant, by need-weighted population, and floor + need, side by side."""
    from maillage.domain.allocation import Method
    from maillage.services import allocation as service

    result = service.compare(
        platform_of(ctx), round(budget * 100), Level(level), service.parse_weights(need), floor
    )
    table = Table(
        _("code"),
        _("territory"),
        _("population"),
        _("need index"),
        *(m.label for m in Method),
        *([_("2025 OLS rule")] if result.rule else []),
        title=_("computed proposal — not official"),
    )
    for row in result.rows:
        table.add_row(
            row.code,
            row.name,
            format_integer(row.population),
            format_decimal(row.need, 3),
            *(format_decimal(row.cents[m] / 100, 2) for m in Method),
            *([format_decimal((row.rule_cents or 0) / 100, 2)] if result.rule else []),
        )
    table.add_row(
        "",
        _("Total"),
        format_integer(sum(r.population for r in result.rows)),
        "",
        *(format_decimal(result.total(m) / 100, 2) for m in Method),
        *([format_decimal(result.rule_total_cents / 100, 2)] if result.rule else []),
    )
    out.print(table)
    if out_path is not None:
        out_path.write_bytes(service.to_csv(result))
        out.print(_("Written to {file}.").format(file=out_path), markup=False)
