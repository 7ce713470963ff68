"""``maillage indicators``: the indicator catalogue, loading values and computing them."""

from __future__ import annotations

from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from maillage.cli.common import BarProgress, cli_actor, err, out, platform_of
from maillage.domain.indicators import Kind, Polarity
from maillage.domain.territory import Level
from maillage.i18n import format_decimal, format_integer
from maillage.i18n import gettext as _
from maillage.services import indicator_loading
from maillage.services import indicators as indicator_service


@click.group()
def indicators() -> None:
    """Indicators of population health management."""


@indicators.command("load")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--indicator", "indicator_id", required=True, help="Indicator id, e.g. diab-pct.")
@click.option(
    "--definition",
    type=click.Path(path_type=Path),
    help="YAML file defining the indicator (id, name, kind, polarity, unit, …).",
)
@click.option("--name", help="French name of the indicator.")
@click.option("--definition-text", "definition_text", help="French definition.")
@click.option("--unit", help="Unit shown beside values, e.g. “%” or “pour 10 000”.")
@click.option("--polarity", type=click.Choice([p.value for p in Polarity]))
@click.option("--kind", type=click.Choice([k.value for k in Kind]))
@click.option("--multiplier", type=float, help="100 for %, 10000 for “per 10,000”, …")
@click.option("--numerator", help="What the numerator counts.")
@click.option("--denominator", help="What the denominator counts.")
@click.option("--source", help="Who published the data.")
@click.option("--licence", help="Licence of the data.")
@click.option("--years", help="Years covered, as shown.")
@click.option("--caveats", help="What the figures cannot say.")
@click.option("--theme", help="Theme grouping the indicator in profiles.")
@click.pass_context
def indicators_load(
    ctx: click.Context,
    /,
    path: Path,
    indicator_id: str,
    definition: Path | None,
    definition_text: str | None,
    **options: str | float | None,
) -> None:
    """Load FILE (CSV or XLSX): refnis,period,numerator,denominator (or refnis,period,value).

    All or nothing: any faulty line refuses the whole file, and every fault is listed with
    its line, field and value.
    """
    platform = platform_of(ctx)
    if definition is not None:
        indicator = indicator_loading.definition_from_file(definition)
        if indicator.id != indicator_id:
            raise click.UsageError(
                _("The definition file is for {found}, not {wanted}.").format(
                    found=indicator.id, wanted=indicator_id
                )
            )
    else:
        indicator = indicator_loading.definition_from_options(
            platform, indicator_id, {**options, "definition": definition_text}
        )
    report = indicator_loading.load_file(platform, cli_actor(), path, indicator)
    for conversion in report.conversions:
        err.print(
            _("line {line}: code {old} converted to {new}").format(
                line=conversion.line, old=conversion.old, new=conversion.new
            ),
            markup=False,
        )
    out.print(
        (_("Indicator {id} created") if report.created else _("Indicator {id} updated")).format(
            id=indicator.id
        )
        + " — "
        + _("{count} values for {periods} ({replaced} earlier values replaced).").format(
            count=report.values, periods=", ".join(report.periods), replaced=report.replaced
        ),
        markup=False,
    )


@indicators.command("list")
@click.pass_context
def indicators_list(ctx: click.Context) -> None:
    """The catalogue: id, name, kind, polarity, periods, source."""
    table = Table(
        _("id"),
        _("name"),
        _("kind"),
        _("unit"),
        _("polarity"),
        _("periods"),
        _("territories"),
        _("source"),
    )
    for s in indicator_service.list_indicators(platform_of(ctx)):
        i = s.indicator
        periods = f"{s.periods[0]}…{s.periods[-1]}" if len(s.periods) > 2 else ", ".join(s.periods)
        name = i.name + (" " + _("(demonstration data)") if i.is_demo else "")
        table.add_row(
            i.id,
            name,
            i.kind.label,
            i.unit,
            i.polarity.label,
            periods,
            str(s.territories),
            i.source,
        )
    out.print(table)


@indicators.command("show")
@click.argument("indicator_id")
@click.option(
    "--level", type=click.Choice([lvl.value for lvl in Level]), default="bassin", show_default=True
)
@click.option("--period", help="Period (the latest when omitted).")
@click.option("--all-values", is_flag=True, help="Do not hide small numbers.")
@click.pass_context
def indicators_show(
    ctx: click.Context, indicator_id: str, level: str, period: str | None, all_values: bool
) -> None:
    """Values of one indicator for every territory of a level, with 95 % intervals."""
    result = indicator_service.values(
        platform_of(ctx), indicator_id, Level(level), period, public=not all_values
    )
    table = Table(
        _("code"),
        _("territory"),
        _("numerator"),
        _("denominator"),
        _("value"),
        _("95 % interval"),
        _("against the region"),
        title=f"{result.indicator.name} — {result.period}",
    )
    for territory, e in result.rows:
        if e is None:
            table.add_row(territory.code, territory.name, "", "", "—", "", "")
            continue
        value = _("suppressed") if e.suppressed else _number(e.value)
        interval = f"{_number(e.interval.low)} – {_number(e.interval.high)}" if e.interval else ""
        table.add_row(
            territory.code,
            territory.name,
            _number(e.numerator),
            _number(e.denominator),
            value,
            interval,
            e.comparison.label,
        )
    out.print(table)
    if result.region is not None:
        out.print(f"{result.region_name}: {_number(result.region.value)}", markup=False)
    if result.whole_region is not None:
        whole = result.whole_region
        out.print(f"{whole.name}: {_number(whole.estimate.value)}", markup=False)
    for note in sorted(set(result.notes.values())):  # territories holding a commune part
        codes = ", ".join(code for code, said in result.notes.items() if said == note)
        out.print(_("{codes}: {note}").format(codes=codes, note=note), markup=False)
    out.print(result.small_number_rule, markup=False)


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return format_integer(value) if float(value).is_integer() else format_decimal(value, 2)


@indicators.command("refresh-offer")
@click.pass_context
def indicators_refresh_offer(ctx: click.Context) -> None:
    """Recompute the offer indicators (services per 10,000 inhabitants) from the directory."""
    from maillage.services import coverage  # maps and classes: not for the other commands

    count = coverage.refresh_offer_indicators(platform_of(ctx), cli_actor())
    out.print(_("{count} offer indicators recomputed.").format(count=count))


@indicators.command("compute")
@click.pass_context
def indicators_compute(ctx: click.Context) -> None:
    """Compute every indicator for every territory and period (checks the whole catalogue)."""
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
    ) as bar:
        count = indicator_service.compute_all(platform_of(ctx), progress=BarProgress(bar))
    out.print(_("{count} values computed.").format(count=count))
