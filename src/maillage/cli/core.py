"""The platform's own commands: initialise, serve, zonings, territories, people, tokens."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from maillage.cli.common import BarProgress, cli_actor, err, out, platform_of
from maillage.domain.access import Role
from maillage.domain.actors import Actor
from maillage.domain.territory import Level, ZoningKind
from maillage.i18n import format_integer
from maillage.i18n import gettext as _
from maillage.ids import MAX_ID, MIN_ID
from maillage.services import accounts, territories, zoning_comparison, zoning_upload, zonings


@click.command()
@click.pass_context
def init(ctx: click.Context) -> None:
    """Create the database, load the reference data and the demo zoning."""
    from maillage.services import setup  # the reference data: not for other commands

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        report = setup.initialise(platform_of(ctx), BarProgress(bar))
    if report.already_loaded:
        out.print(
            _("Reference data already loaded ({count} communes).").format(count=report.communes)
        )
    else:
        out.print(
            _("{count} communes and {rows} population figures loaded.").format(
                count=report.communes, rows=report.population_rows
            )
        )
    if report.zoning:
        out.print(
            _("Demo zoning installed: {name} (computed proposal — not official).").format(
                name=report.zoning
            )
        )
    if report.services:
        out.print(
            _(
                "Directory: {count} services loaded (real pharmacies and hospital sites, "
                "and labelled demonstration data)."
            ).format(count=report.services)
        )


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), help="Default: MAILLAGE_PORT (8000).")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int | None) -> None:
    """Serve the web application.

    While no administrator exists, a one-time link that creates the first one is printed.
    """
    import uvicorn

    from maillage.services import first_run
    from maillage.web.app import create_app

    # Web requests wait for a lock as long as a person would, not as long as a batch job.
    platform = platform_of(ctx, batch=False)
    port = port or platform.settings.port
    address = (
        platform.settings.public_url
        if host in ("0.0.0.0", "::")
        else f"http://{'[' + host + ']' if ':' in host else host}:{port}"
    )
    out.print(_("maillage answers at {address}/").format(address=address))
    secret = first_run.issue_link(platform)
    if secret is not None:
        out.print(
            _(
                "No administrator yet. Open this one-time link (valid 24 hours) to create "
                "the first one: {link}"
            ).format(link=address + first_run.PATH + secret)
        )
    uvicorn.run(create_app(platform), host=host, port=port, **SERVER_OPTIONS)


# uvicorn believes X-Forwarded-For from 127.0.0.1 by default; the application decides
# that itself (MAILLAGE_TRUSTED_PROXIES, see ``web/forwarded.py``), so uvicorn's is off.
SERVER_OPTIONS: dict[str, Any] = {
    "log_level": "info",
    "proxy_headers": False,
    "forwarded_allow_ips": "",
}


@click.group()
def zoning() -> None:
    """Zonings: commune → bassin de vie → OLS assignments."""


@zoning.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--name", required=True, help="Name of the new zoning.")
@click.option(
    "--valid-from",
    "valid_from",
    required=True,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="YYYY-MM-DD",
)
@click.option(
    "--kind",
    default=ZoningKind.DRAFT.value,
    show_default=True,
    type=click.Choice([k.value for k in ZoningKind if k != ZoningKind.PROPOSAL]),
    help="official: the Government's composition; draft: a working version.",
)
@click.option("--activate", is_flag=True, help="Make it the active zoning.")
@click.option("--dry-run", is_flag=True, help="Check and preview the file; store nothing.")
@click.pass_context
def zoning_import(
    ctx: click.Context,
    file: Path,
    name: str,
    valid_from: Any,
    kind: str,
    activate: bool,
    dry_run: bool,
) -> None:
    """Import a zoning, CSV or XLSX (columns refnis,bassin_code,bassin_name,ols_code,ols_name)."""
    if dry_run:
        _print_preview(
            zoning_upload.preview_zoning(
                platform_of(ctx),
                file,
                name=name,
                valid_from=valid_from.date(),
                kind=ZoningKind(kind),
            )
        )
        return
    result = zonings.import_zoning(
        platform_of(ctx),
        file,
        name=name,
        valid_from=valid_from.date(),
        kind=ZoningKind(kind),
        activate_it=activate,
        actor=_actor(),
    )
    for conversion in result.conversions:
        out.print(
            _("line {line}: code {old} converted to {new} (current geography)").format(
                line=conversion.line, old=conversion.old, new=conversion.new
            )
        )
    for warning in result.warnings:
        err.print(_("warning: {message}").format(message=warning))
    z = result.zoning
    out.print(
        _("Zoning “{name}” imported (#{id}): {bassins} bassins, {ols} OLS.").format(
            name=z.name, id=z.id, bassins=z.bassins, ols=z.ols
        )
    )


def _print_preview(found: zoning_upload.ZoningPreview) -> None:
    low, high = found.bassin_population
    ols_low, ols_high = found.ols_population
    out.print(
        _(
            "{communes} communes, {bassins} bassins ({low}–{high} inhabitants), "
            "{ols} OLS ({ols_low}–{ols_high} inhabitants); nothing stored."
        ).format(
            communes=found.communes,
            bassins=found.bassins,
            low=format_integer(low),
            high=format_integer(high),
            ols=found.ols,
            ols_low=format_integer(ols_low),
            ols_high=format_integer(ols_high),
        )
    )
    for code, _bassin_name in found.non_contiguous:
        err.print(
            _("warning: {message}").format(
                message=_("Bassin {code} is not contiguous.").format(code=code)
            )
        )
    if found.active is not None:
        out.print(
            _("{count} communes move ({people} inhabitants)").format(
                count=len(found.moves), people=format_integer(found.moved_population)
            )
        )
        for move in found.moves:
            commune = found.commune_names.get(move.commune, move.commune)
            out.print(f"  {commune}: {move.before} → {move.after}")


@zoning.command("export")
@click.argument("zoning_ref", required=False)
@click.option("--out", "out_path", type=click.Path(path_type=Path), help="File (default: stdout).")
@click.pass_context
def zoning_export(ctx: click.Context, zoning_ref: str | None, out_path: Path | None) -> None:
    """Export a zoning (default: the active one) in the import format."""
    text = zonings.export_zoning(platform_of(ctx), zoning_ref)
    if out_path:
        out_path.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@zoning.command("list")
@click.pass_context
def zoning_list(ctx: click.Context) -> None:
    """List the zonings."""
    table = Table(
        _("id"), _("name"), _("status"), _("valid from"), _("bassins"), _("OLS"), _("active")
    )
    for z in zonings.list_zonings(platform_of(ctx)):
        table.add_row(
            str(z.id),
            z.name,
            z.label,
            z.valid_from.isoformat(),
            str(z.bassins),
            str(z.ols),
            "✓" if z.is_active else "",
        )
    out.print(table)


@zoning.command("propose")
@click.option("--name", required=True, help="Name of the proposal.")
@click.option(
    "--min",
    "minimum",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="Smallest bassin population.",
)
@click.option(
    "--max",
    "maximum",
    type=click.IntRange(min=1),
    default=60_000,
    show_default=True,
    help="Largest bassin population (a larger commune stays whole).",
)
@click.option(
    "--target",
    type=click.IntRange(min=1),
    default=30_000,
    show_default=True,
    help="Population bassins grow towards.",
)
@click.option("--ols", "ols_count", type=click.IntRange(1, 30), default=10, show_default=True)
@click.option(
    "--respect-arrondissements",
    is_flag=True,
    help="Bassins never cross an arrondissement border (OLS never cross provinces).",
)
@click.option(
    "--respect-layer",
    "respect_layer",
    help="Layer (id or name) whose structures no bassin splits.",
)
@click.pass_context
def zoning_propose(
    ctx: click.Context,
    name: str,
    minimum: int,
    maximum: int,
    target: int,
    ols_count: int,
    respect_arrondissements: bool,
    respect_layer: str | None,
) -> None:
    """Compute a zoning proposal (computed — not official) and report its quality."""
    from maillage.domain.territory import Bounds

    try:
        bounds = Bounds(minimum, maximum, target)
    except ValueError as error:
        raise click.UsageError(_("Bounds must satisfy min ≤ target ≤ max.")) from error
    platform = platform_of(ctx)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        found = zonings.propose(
            platform,
            cli_actor(),
            name,
            bounds,
            ols_count,
            respect_arrondissements,
            BarProgress(bar),
            respect_layer,
        )
    quality = found.report.get("bassin_quality", {})
    out.print(
        _("Proposal {name} (#{id}) stored, not active — {label}.").format(
            name=found.name, id=found.id, label=found.label
        ),
        markup=False,
    )
    out.print(
        _(
            "{zones} bassins of {low} to {high} inhabitants; {outside} outside the "
            "bounds ({single} single communes above the maximum); {broken} not "
            "contiguous; mean compactness {compactness}."
        ).format(
            zones=quality.get("zones"),
            low=format_integer(quality.get("population_min", 0)),
            high=format_integer(quality.get("population_max", 0)),
            outside=quality.get("outside_bounds"),
            single=quality.get("single_commune_above_maximum"),
            broken=quality.get("non_contiguous"),
            compactness=f"{quality.get('compactness', 0):.3f}",
        ),
        markup=False,
    )


@zoning.command("compare")
@click.argument("candidate")
@click.argument("reference", required=False)
@click.pass_context
def zoning_compare(ctx: click.Context, candidate: str, reference: str | None) -> None:
    """Communes that change bassin between REFERENCE (default: active) and CANDIDATE."""
    found = zoning_comparison.compare(platform_of(ctx), candidate, reference)
    table = Table(
        _("commune"),
        _("from"),
        _("to"),
        _("population"),
        title=_("{count} communes move ({people} inhabitants)").format(
            count=len(found.moves), people=format_integer(found.moved_population)
        ),
    )
    for move in found.moves:
        table.add_row(
            found.commune_names.get(move.commune, move.commune),
            found.reference_names.get(move.before, move.before),
            move.after,
            format_integer(move.population),
        )
    out.print(table)


@zoning.command("activate")
@click.argument("zoning_ref")
@click.pass_context
def zoning_activate(ctx: click.Context, zoning_ref: str) -> None:
    """Make a zoning the active one."""
    z = zonings.activate(platform_of(ctx), zoning_ref, actor=_actor())
    out.print(_("Active zoning: {name} ({label}).").format(name=z.name, label=z.label))


@click.group()
def territory() -> None:
    """Territories of the active zoning."""


@territory.command("show")
@click.argument("code")
@click.option("--zoning", "zoning_ref", help="Zoning id or name (default: the active one).")
@click.pass_context
def territory_show(ctx: click.Context, code: str, zoning_ref: str | None) -> None:
    """Show a territory: population, parents and composition."""
    detail = territories.territory_detail(platform_of(ctx), code, zoning_ref)
    t = detail.territory
    out.print(f"[bold]{t.name}[/bold] ({t.level.label} {t.code})")
    if detail.ancestors:
        out.print(" › ".join(f"{a.name} ({a.code})" for a in detail.ancestors))
    out.print(
        _("Population on 1 January {year}: {population}").format(
            year=detail.population_year, population=format_integer(t.population)
        )
    )
    out.print(
        _("Zoning: {name} — {label}").format(name=detail.zoning.name, label=detail.zoning.label)
    )
    if detail.children:
        child_level = t.level.child
        table = Table(_("code"), child_level.label if child_level else "", _("population"))
        for child in detail.children:
            table.add_row(child.code, child.name, format_integer(child.population))
        out.print(table)


def _actor() -> Actor:
    return cli_actor()


def _level(ctx: click.Context, scope: str) -> Level | None:
    return territories.level_of(platform_of(ctx), scope)


@click.group()
def user() -> None:
    """Accounts and their roles."""


@user.command("add")
@click.argument("email")
@click.option("--name", "display_name", required=True, help="Display name.")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from standard input (else one is generated).",
)
@click.pass_context
def user_add(ctx: click.Context, email: str, display_name: str, password_stdin: bool) -> None:
    """Create an account."""
    platform = platform_of(ctx)
    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    person = accounts.create_person(platform, _actor(), email, display_name, password)
    out.print(_("Account {email} created (#{id}).").format(email=person.email, id=person.id))
    if password is None:
        generated = accounts.reset_password(platform, _actor(), person.id)
        out.print(_("Temporary password (shown once): {password}").format(password=generated))


@user.command("list")
@click.pass_context
def user_list(ctx: click.Context) -> None:
    """List the accounts and their roles."""
    table = Table(_("id"), _("e-mail"), _("name"), _("roles"), _("status"))
    for p in accounts.list_people(platform_of(ctx)):
        roles = ", ".join(f"{g.role.value}@{g.scope}" for g in p.grants)
        table.add_row(
            str(p.id), p.email, p.display_name, roles, _("active") if p.is_active else _("disabled")
        )
    out.print(table)


@user.command("disable")
@click.argument("email")
@click.pass_context
def user_disable(ctx: click.Context, email: str) -> None:
    """Disable an account (its sessions end, its tokens stop working)."""
    platform = platform_of(ctx)
    person = accounts.get_person(platform, email)
    accounts.update_person(platform, _actor(), person.id, person.version, is_active=False)
    out.print(_("Account {email} disabled.").format(email=person.email))


@user.command("grant")
@click.argument("email")
@click.argument("role", type=click.Choice([r.value for r in Role]))
@click.argument("scope")
@click.pass_context
def user_grant(ctx: click.Context, email: str, role: str, scope: str) -> None:
    """Give ROLE on SCOPE (a bassin code, an OLS code or 03000 for the region)."""
    person = accounts.grant(
        platform_of(ctx), _actor(), email, Role(role), scope, _level(ctx, scope)
    )
    out.print(
        _("{email}: {role} on {scope}.").format(
            email=person.email, role=Role(role).label, scope=scope
        )
    )


@user.command("revoke")
@click.argument("email")
@click.argument("role", type=click.Choice([r.value for r in Role]))
@click.argument("scope")
@click.pass_context
def user_revoke(ctx: click.Context, email: str, role: str, scope: str) -> None:
    """Take ROLE on SCOPE away."""
    person = accounts.revoke(platform_of(ctx), _actor(), email, Role(role), scope)
    out.print(_("{email}: role removed.").format(email=person.email))


@user.command("reset-password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the new password from stdin.")
@click.pass_context
def user_reset_password(ctx: click.Context, email: str, password_stdin: bool) -> None:
    """Set a new password (generated unless read from standard input); the person's
    browser sessions end, API tokens stay."""
    platform = platform_of(ctx)
    if password_stdin:
        accounts.set_password(platform, _actor(), email, sys.stdin.readline().rstrip("\n"))
        out.print(_("Password changed."))
    else:
        generated = accounts.reset_password(platform, _actor(), email)
        out.print(_("Temporary password (shown once): {password}").format(password=generated))


@click.group()
def token() -> None:
    """API tokens for machine clients."""


@token.command("create")
@click.argument("email")
@click.option("--name", required=True, help="What the token is for.")
@click.pass_context
def token_create(ctx: click.Context, email: str, name: str) -> None:
    """Create a token acting with EMAIL's roles; the secret is printed once."""
    created, secret = accounts.create_token(platform_of(ctx), _actor(), email, name)
    err.print(
        _("Token #{id} “{name}” created; keep this secret, it is not stored:").format(
            id=created.id, name=created.name
        )
    )
    click.echo(secret)


@token.command("revoke")
@click.argument("token_id", type=click.IntRange(MIN_ID, MAX_ID))
@click.pass_context
def token_revoke(ctx: click.Context, token_id: int) -> None:
    """Revoke a token by its number."""
    revoked = accounts.revoke_token(platform_of(ctx), _actor(), token_id)
    out.print(_("Token #{id} revoked.").format(id=revoked.id))
