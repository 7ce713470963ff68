"""Zonings: import, export, listing, activation and the computed proposal."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from shapely.geometry.base import BaseGeometry
from sqlalchemy.orm import Session

from maillage.analysis import proposal, zoning_quality
from maillage.analysis.contiguity import contiguity_graph, is_contiguous
from maillage.analysis.geometry import dissolve, from_geojson, to_geojson, to_lambert
from maillage.analysis.overlap import linked_groups
from maillage.domain.actors import Actor
from maillage.domain.layers import LayerKind
from maillage.domain.territory import Assignment, Bounds, Zone, ZoningKind, ZoningPlan
from maillage.domain.zoning import (
    SECTOR_COLUMN,
    ZONING_COLUMNS,
    CodeConversion,
    ZoningReading,
    read_zoning,
)
from maillage.errors import (
    Conflict,
    DataFileError,
    InvalidInput,
    NotFound,
    Problem,
    ProblemList,
    UnknownZoning,
)
from maillage.i18n import elide, format_date
from maillage.i18n import gettext as _
from maillage.services import sectors
from maillage.services.platform import Platform, Progress, SilentProgress
from maillage.store import layers as layer_store
from maillage.store import sectors as sector_store
from maillage.store import territories as store
from maillage.store.layers import LayerRow
from maillage.store.models import BassinRow, OlsRow, ZoningAssignmentRow, ZoningRow
from maillage.store.sector_tables import ZoningSectorRow
from maillage.tabular import spreadsheet, xlsx_reader

PROPOSAL_NAME = "Proposition calculée 2025"


@dataclass(frozen=True)
class ZoningSummary:
    id: int
    name: str
    kind: ZoningKind
    valid_from: date
    is_active: bool
    bassins: int
    ols: int
    method: str
    provenance: str
    report: dict[str, Any]

    @property
    def is_official(self) -> bool:
        return self.kind is ZoningKind.OFFICIAL

    @property
    def label(self) -> str:
        """How the zoning must be labelled wherever it is shown."""
        return zoning_label(self.kind)


def zoning_label(kind: ZoningKind) -> str:
    return {
        ZoningKind.OFFICIAL: _("official composition (loaded by a user)"),
        ZoningKind.PROPOSAL: _("computed proposal — not official"),
        ZoningKind.DRAFT: _("working draft — not official"),
    }[kind]


@dataclass(frozen=True)
class ImportResult:
    zoning: ZoningSummary
    conversions: list[CodeConversion]
    warnings: list[str]


def summarise(row: ZoningRow) -> ZoningSummary:
    return ZoningSummary(
        id=row.id,
        name=row.name,
        kind=ZoningKind(row.kind),
        valid_from=row.valid_from,
        is_active=row.is_active,
        bassins=len(row.bassins),
        ols=len(row.ols_zones),
        method=row.method,
        provenance=row.provenance,
        report=dict(row.report or {}),
    )


def resolve(session: Session, ref: str | None) -> ZoningRow:
    """The zoning named or numbered *ref*, or the active one when *ref* is empty."""
    if ref:
        row = store.zoning_by_ref(session, ref)
        if row is None:
            raise UnknownZoning(ref)
        return row
    row = store.active_zoning(session)
    if row is None:
        raise UnknownZoning(_("(no active zoning)"))
    return row


def list_zonings(platform: Platform) -> list[ZoningSummary]:
    with platform.reading() as session:
        return [summarise(row) for row in store.zonings(session)]


def get_zoning(platform: Platform, ref: str | None = None) -> ZoningSummary:
    with platform.reading() as session:
        return summarise(resolve(session, ref))


def activate(platform: Platform, ref: str, actor: Actor | None = None) -> ZoningSummary:
    with platform.transaction(actor) as session:
        row = resolve(session, ref)
        for other in store.zonings(session):
            other.is_active = other.id == row.id
        session.flush()
        return summarise(row)


def read_zoning_file(
    platform: Platform,
    path: Path,
    *,
    name: str,
    valid_from: date,
    kind: ZoningKind = ZoningKind.DRAFT,
) -> tuple[ZoningReading, str]:
    """Read and check a zoning file (CSV, or the first sheet of an XLSX workbook) against
    the reference data; the plan read and its provenance. Nothing is written."""
    with platform.reading() as session:
        _refuse_taken(session, name)
        communes = store.reform_commune_names(session)
        outside = set(store.outside_reform(session))
        code_changes = store.code_changes(session)
        known_sectors = sector_store.sector_communes(session)
    problems = ProblemList()
    with xlsx_reader.open_table(path, ZONING_COLUMNS, problems=problems) as table:
        reading = read_zoning(
            ((row.line, row.values) for row in table.rows()),
            file=table.name,
            name=name,
            kind=kind,
            valid_from=valid_from,
            method=_("Imported from {file}").format(file=path.name),
            communes=communes,
            code_changes=code_changes,
            problems=problems,
            outside=outside,
            sectors=known_sectors,
        )
    provenance = xlsx_reader.provenance(table, path.name)
    return reading, provenance


def import_zoning(
    platform: Platform,
    path: Path,
    *,
    name: str,
    valid_from: date,
    kind: ZoningKind = ZoningKind.DRAFT,
    activate_it: bool = False,
    actor: Actor | None = None,
) -> ImportResult:
    """Read, check and store a zoning file in one transaction; refuse it whole on any fault.

    The file is read and checked before the write transaction opens (it holds the write
    lock only for storing), against reference data read beforehand.
    """
    reading, provenance = read_zoning_file(
        platform, path, name=name, valid_from=valid_from, kind=kind
    )
    with platform.transaction(actor) as session:
        _refuse_taken(session, name)
        row, warnings = store_plan(session, reading.plan, provenance, {})
        if activate_it:
            for other in store.zonings(session):
                other.is_active = other.id == row.id
        session.flush()
        return ImportResult(summarise(row), reading.conversions, warnings)


def _refuse_taken(session: Session, name: str) -> None:
    if store.zoning_by_ref(session, name) is not None:
        raise Conflict(_("A zoning named “{name}” already exists.").format(name=name))


def zone_populations(
    plan: ZoningPlan, populations: Mapping[str, int], split: sectors.SplitLayout
) -> tuple[dict[str, int], dict[str, int]]:
    """Inhabitants of each bassin and each OLS of *plan*: whole communes counted whole, a
    split commune for the part its sectors put in each bassin (*split*)."""
    split_communes = plan.split_communes()
    bassin_pop = {
        code: sum(populations.get(r, 0) for r in refs if r not in split_communes)
        + split.populations.get(code, 0)
        for code, refs in plan.bassin_members().items()
    }
    ols_pop: dict[str, int] = {}
    for bassin_code, ols_code in plan.ols_of_bassin().items():
        ols_pop[ols_code] = ols_pop.get(ols_code, 0) + bassin_pop[bassin_code]
    return bassin_pop, ols_pop


def store_plan(
    session: Session,
    plan: ZoningPlan,
    provenance: str,
    report: dict[str, Any],
    progress: Progress | None = None,
) -> tuple[ZoningRow, list[str]]:
    """Write a validated plan with dissolved outlines; return it and contiguity warnings."""
    progress = progress or SilentProgress()
    communes = {c.refnis: c for c in store.communes(session)}
    populations = store.population_totals(session, max(store.population_years(session)))
    geometries = {
        code: from_geojson(json.loads(row.geometry))
        for code, row in communes.items()
        if row.geometry
    }
    projected = {code: to_lambert(g) for code, g in geometries.items()}
    graph = contiguity_graph(projected)
    members = plan.bassin_members()
    scattered = sorted(
        code for code, refnis in members.items() if not is_contiguous(graph, set(refnis))
    )
    warnings = [_("Bassin {code} is not contiguous.").format(code=code) for code in scattered]
    split = sectors.split_layout(session, plan, populations)
    split_communes = plan.split_communes()
    whole = {code: [r for r in refs if r not in split_communes] for code, refs in members.items()}
    bassin_pop, ols_pop = zone_populations(plan, populations, split)
    report = {
        **report,
        "bassin_population": [min(bassin_pop.values()), max(bassin_pop.values())],
        "ols_population": [min(ols_pop.values()), max(ols_pop.values())],
        "bassin_count": len(members),
        "ols_count": len(ols_pop),
        "non_contiguous_bassins": scattered,
        "bridges": [[a, b, d["gap_m"]] for a, b, d in graph.edges(data=True) if d["bridge"]],
    }
    row = ZoningRow(
        name=plan.name,
        kind=plan.kind.value,
        valid_from=plan.valid_from,
        method=plan.method,
        provenance=provenance,
        is_active=False,
        created_at=datetime.now(UTC),
        report=report,
    )
    session.add(row)
    session.flush()
    advance = progress.task(_("Drawing zone outlines"), len(plan.ols()) + len(members))
    ols_rows: dict[str, OlsRow] = {}
    ols_members: dict[str, list[str]] = {}
    for assignment in plan.assignments:
        ols_members.setdefault(assignment.ols.code, []).append(assignment.refnis)
    for part in plan.sector_assignments:
        ols_members.setdefault(part.ols.code, []).append(part.sector_code)
    shapes = {**geometries, **split.shapes}
    for code, zone in sorted(plan.ols().items()):
        ols_rows[code] = OlsRow(
            zoning_id=row.id,
            code=code,
            name=zone.name,
            geometry=_outline(shapes, ols_members[code]),
        )
        session.add(ols_rows[code])
        advance(1)
    session.flush()
    bassin_rows: dict[str, BassinRow] = {}
    ols_of = plan.ols_of_bassin()
    for code, zone in sorted(plan.bassins().items()):
        bassin_rows[code] = BassinRow(
            zoning_id=row.id,
            ols_id=ols_rows[ols_of[code]].id,
            code=code,
            name=zone.name,
            geometry=_outline(shapes, whole[code] + split.sectors.get(code, [])),
        )
        session.add(bassin_rows[code])
        advance(1)
    session.flush()
    session.add_all(
        ZoningAssignmentRow(
            zoning_id=row.id, refnis=a.refnis, bassin_id=bassin_rows[a.bassin.code].id
        )
        for a in plan.assignments
    )
    session.add_all(
        ZoningSectorRow(
            zoning_id=row.id,
            sector_code=a.sector_code,
            refnis=a.refnis,
            bassin_id=bassin_rows[a.bassin.code].id,
        )
        for a in plan.sector_assignments
    )
    session.flush()
    return row, warnings


def _outline(geometries: dict[str, BaseGeometry], members: list[str]) -> str | None:
    shapes = [geometries[m] for m in members if m in geometries]
    if not shapes:
        return None
    return json.dumps(to_geojson(dissolve(shapes).simplify(0.0004, preserve_topology=True)))


def export_zoning(platform: Platform, ref: str | None = None) -> str:
    """The zoning as the import format (UTF-8, comma), one row per whole commune, and
    one per sector of a split commune (then with the ``sector_code`` column)."""
    with platform.reading() as session:
        row = resolve(session, ref)
        assigned = store.assignments(session, row.id)
        split = sector_store.zoning_sectors(session, row.id)
    rows = [
        [refnis, bassin.code, bassin.name, ols.code, ols.name]
        for refnis, (bassin, ols) in sorted(assigned.items())
    ]
    if not split:
        return spreadsheet.csv_text([ZONING_COLUMNS, *rows])
    rows.extend(
        [s.refnis, s.bassin.code, s.bassin.name, s.ols.code, s.ols.name, s.sector_code]
        for s in split
    )
    return spreadsheet.csv_text(
        [(*ZONING_COLUMNS, SECTOR_COLUMN), *(r + [""] * (6 - len(r)) for r in rows)]
    )


def compute_proposal(
    session: Session,
    progress: Progress | None = None,
    activate_it: bool = True,
    name: str = PROPOSAL_NAME,
    bounds: Bounds = proposal.DEFAULT_BASSIN_BOUNDS,
    ols_count: int = proposal.DEFAULT_OLS_COUNT,
    respect_arrondissements: bool = False,
    respect_layer: str | None = None,
) -> ZoningRow:
    """Compute and store a zoning proposal (the demo zoning with the defaults).

    See ``maillage.analysis.proposal``; the report states its quality (zones, population
    range and spread, zones outside the bounds, contiguity, compactness). With
    *respect_layer* (a layer's id or name), communes linked by a structure of that layer
    are never split between bassins.
    """
    if respect_layer and respect_arrondissements:
        raise InvalidInput(_("Respect either the arrondissements or a layer, not both."))
    year = max(store.population_years(session))
    populations = store.population_totals(session, year)
    communes = store.communes(session, reform_only=True)
    projected = {
        c.refnis: to_lambert(from_geojson(json.loads(c.geometry))) for c in communes if c.geometry
    }
    missing = [c.refnis for c in communes if not c.geometry]
    if missing:
        raise DataFileError(
            [
                Problem(
                    "boundaries",
                    None,
                    "refnis",
                    ", ".join(missing),
                    _("communes without a boundary"),
                )
            ]
        )
    names = {c.refnis: c.name_fr for c in communes}
    provinces = {c.refnis: c.province_refnis for c in communes}
    arrondissements = (
        {c.refnis: c.arrondissement_refnis for c in communes} if respect_arrondissements else None
    )
    layer, together = _layer_groups(session, respect_layer) if respect_layer else (None, None)
    try:
        result = proposal.propose(
            projected, populations, provinces, ols_count, bounds, arrondissements, together
        )
    except ValueError as error:
        if layer is None:
            raise
        raise InvalidInput(
            _(
                "The structures of the layer “{layer}” link the communes of a province into "
                "fewer groups than the OLS territories it must hold ({count} in all): ask "
                "for fewer OLS territories, or respect another layer."
            ).format(layer=layer.name, count=ols_count)
        ) from error
    graph = contiguity_graph(projected)
    bassin_quality = zoning_quality.quality(
        [b for o in result for b in o.bassins], projected, populations, graph, bounds
    )
    ols_quality = zoning_quality.quality(
        [o.communes for o in result], projected, populations, graph
    )
    assignments: list[Assignment] = []
    ordered = sorted(result, key=lambda o: (o.province, -sum(populations[c] for c in o.communes)))
    bassin_number = 0
    for ols_number, ols in enumerate(ordered, start=1):
        main = max(ols.communes, key=lambda c: (populations[c], c))
        ols_zone = Zone(f"OLS-{ols_number:02d}", f"Zone calculée {ols_number} ({names[main]})")
        for bassin in ols.bassins:
            bassin_number += 1
            main = max(bassin, key=lambda c: (populations[c], c))
            zone = Zone(f"BV-{bassin_number:03d}", "Bassin calculé " + elide("de", names[main]))
            assignments.extend(Assignment(code, zone, ols_zone) for code in sorted(bassin))
    method = _(
        "Computed by maillage from the {year} population and the boundaries of the {communes} "
        "communes of the French-language region (the nine German-language communes are "
        "outside the reform): OLS "
        "seats shared between provinces by largest remainder ({count} zones), contiguous "
        "zones of balanced population within each province, then bassins de vie of "
        "{low}–{high} inhabitants (grown towards {target}) made of whole contiguous "
        "communes. A commune above {high} inhabitants is a bassin on its own, never split. "
        "Comines-Warneton, an exclave, is linked to its nearest Walloon commune."
    ).format(
        year=year,
        communes=len(communes),
        count=ols_count,
        low=bounds.minimum,
        high=bounds.maximum,
        target=bounds.target,
    )
    if respect_arrondissements:
        method += " " + _("Bassins do not cross arrondissement borders.")
    if layer is not None:
        method += " " + _(
            "Communes sharing a structure of the layer “{layer}” ({kind}) are never split "
            "between bassins or OLS territories."
        ).format(layer=layer.name, kind=LayerKind(layer.kind).label)
    plan = ZoningPlan(name, ZoningKind.PROPOSAL, date(2025, 1, 1), method, tuple(assignments))
    row, _warnings = store_plan(
        session,
        plan,
        _("Computed by maillage on {day}").format(day=format_date(date.today())),
        {
            "population_year": year,
            "bounds": [bounds.minimum, bounds.maximum, bounds.target],
            "respect_arrondissements": respect_arrondissements,
            "respect_layer": layer.name if layer is not None else None,
            "bassin_quality": bassin_quality.as_report(),
            "ols_quality": ols_quality.as_report(),
        },
        progress,
    )
    if activate_it:
        for other in store.zonings(session):
            other.is_active = other.id == row.id
    return row


def propose(
    platform: Platform,
    actor: Actor | None,
    name: str,
    bounds: Bounds,
    ols_count: int = proposal.DEFAULT_OLS_COUNT,
    respect_arrondissements: bool = False,
    progress: Progress | None = None,
    respect_layer: str | None = None,
) -> ZoningSummary:
    """Compute a zoning proposal with the given rules and store it (not activated)."""
    name = name.strip()
    if not name or len(name) > 200:
        raise DataFileError(
            [Problem("--name", None, "name", name, _("a name of 1 to 200 characters"))]
        )
    if not 1 <= ols_count <= 30:
        raise DataFileError(
            [Problem("--ols", None, "ols", str(ols_count), _("between 1 and 30 OLS territories"))]
        )
    with platform.transaction(actor) as session:
        if store.zoning_by_ref(session, name) is not None:
            raise Conflict(_("A zoning named {name} already exists.").format(name=name))
        row = compute_proposal(
            session,
            progress,
            False,
            name,
            bounds,
            ols_count,
            respect_arrondissements,
            respect_layer,
        )
        return summarise(row)


def _layer_groups(session: Session, ref: str) -> tuple[LayerRow, dict[str, str]]:
    """A layer and its communes grouped as a proposal respecting it keeps them."""
    row = layer_store.layer_by_ref(session, ref)
    if row is None:
        raise NotFound(_("No layer “{ref}”.").format(ref=ref))
    members: dict[str, list[str]] = {}
    for code, _name, refnis in layer_store.members(session, row.id):
        members.setdefault(code, []).append(refnis)
    return row, linked_groups(members)
