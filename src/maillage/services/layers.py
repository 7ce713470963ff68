"""Territorial layers of existing structures: import, list, export, delete, overlap, map.

A layer is read and checked whole before the write transaction opens; a file with any
fault writes nothing. Replacing a layer of the same name is asked for explicitly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from maillage.analysis.geometry import dissolve, from_geojson, to_geojson
from maillage.analysis.overlap import overlap
from maillage.domain.actors import Actor
from maillage.domain.layers import (
    LAYER_COLUMNS,
    LayerConversion,
    LayerKind,
    Overlap,
    read_layer,
)
from maillage.domain.territory import Level
from maillage.errors import Conflict, InvalidInput, NotFound, ProblemList
from maillage.i18n import gettext as _
from maillage.services.platform import Platform
from maillage.services.territories import zoning_hierarchy
from maillage.services.zonings import ZoningSummary, summarise
from maillage.store import layers as store
from maillage.store import territories as territory_store
from maillage.store.layers import LayerRow
from maillage.tabular import spreadsheet, xlsx_reader

OVERLAP_LEVELS = (Level.BASSIN, Level.OLS)
OVERLAP_COLUMNS = (
    "structure_code",
    "structure_name",
    "territory_code",
    "territory_name",
    "population",
    "share_of_territory",
    "share_of_structure",
)


@dataclass(frozen=True)
class LayerSummary:
    id: int
    name: str
    kind: LayerKind
    source: str
    imported_at: datetime
    imported_by: str
    is_demo: bool
    structures: int

    @property
    def kind_label(self) -> str:
        return self.kind.label


@dataclass(frozen=True)
class LayerImport:
    layer: LayerSummary
    conversions: list[LayerConversion]
    replaced: bool
    outside_reform: list[str]  # German-language communes covered (outside every OLS)


@dataclass(frozen=True)
class LayerOverlap:
    layer: LayerSummary
    level: Level
    zoning: ZoningSummary
    population_year: int
    overlap: Overlap


def _summary(row: LayerRow, structures: int) -> LayerSummary:
    return LayerSummary(
        row.id,
        row.name,
        LayerKind(row.kind),
        row.source,
        row.imported_at,
        row.imported_by,
        row.is_demo,
        structures,
    )


def _resolve(session: Session, ref: str) -> LayerRow:
    row = store.layer_by_ref(session, ref)
    if row is None:
        raise NotFound(_("No layer “{ref}”.").format(ref=ref))
    return row


def list_layers(platform: Platform) -> list[LayerSummary]:
    with platform.reading() as session:
        counts = store.structure_counts(session)
        return [_summary(row, counts.get(row.id, 0)) for row in store.layers(session)]


def get_layer(platform: Platform, ref: str) -> LayerSummary:
    with platform.reading() as session:
        row = _resolve(session, ref)
        return _summary(row, store.structure_counts(session).get(row.id, 0))


def import_layer(
    platform: Platform,
    path: Path,
    *,
    name: str,
    kind: LayerKind,
    replace: bool = False,
    actor: Actor | None = None,
    is_demo: bool = False,
) -> LayerImport:
    """Read, check and store a layer file (``structure_code,structure_name,refnis``; CSV,
    or the first sheet of an ``.xlsx`` workbook).

    Old commune codes are converted as for zonings; German-language communes are taken
    (the structures cover them) and listed, since no OLS includes them.
    """
    name = name.strip()
    if not 0 < len(name) <= 200:
        raise InvalidInput(_("A layer needs a name of 1 to 200 characters."))
    with platform.reading() as session:
        if not replace:
            _refuse_taken(session, name)
        communes = territory_store.commune_names(session)
        code_changes = territory_store.code_changes(session)
        german = {c.refnis for c in territory_store.communes(session) if c.german_speaking}
    problems = ProblemList()
    with xlsx_reader.open_table(path, LAYER_COLUMNS, problems=problems) as table:
        reading = read_layer(
            ((row.line, row.values) for row in table.rows()),
            file=table.name,
            communes=communes,
            code_changes=code_changes,
            problems=problems,
        )
    problems.raise_if_any()
    source = xlsx_reader.provenance(table, path.name)
    with platform.transaction(actor) as session:
        existing = store.layer_by_ref(session, name)
        if existing is not None and existing.name != name:
            existing = None  # *name* read as an id: only a layer of that name is replaced
        if existing is not None:
            if not replace:
                _refuse_taken(session, name)
            session.delete(existing)
            session.flush()
        row = LayerRow(
            name=name,
            kind=kind.value,
            source=source,
            imported_at=datetime.now(UTC),
            imported_by=(actor or Actor.system()).label,
            is_demo=is_demo,
        )
        session.add(row)
        session.flush()
        store.add_structures(session, row, reading.structures, reading.members)
        covered = {c for refs in reading.members.values() for c in refs}
        return LayerImport(
            _summary(row, len(reading.structures)),
            reading.conversions,
            existing is not None,
            sorted(covered & german),
        )


def _refuse_taken(session: Session, name: str) -> None:
    found = store.layer_by_ref(session, name)
    if found is not None and found.name == name:
        raise Conflict(
            _("A layer named “{name}” already exists; ask to replace it.").format(name=name)
        )


def delete_layer(platform: Platform, ref: str, actor: Actor | None = None) -> LayerSummary:
    with platform.transaction(actor) as session:
        row = _resolve(session, ref)
        summary = _summary(row, len(row.structures))
        session.delete(row)
        session.flush()
        return summary


def export_layer(platform: Platform, ref: str) -> tuple[LayerSummary, str]:
    """The layer in its import format (UTF-8, comma): importing it again gives it back."""
    with platform.reading() as session:
        row = _resolve(session, ref)
        rows = store.members(session, row.id)
        summary = _summary(row, len({code for code, _n, _r in rows}))
    return summary, spreadsheet.csv_text([LAYER_COLUMNS, *rows])


def structures_of(session: Session, layer_id: int) -> tuple[dict[str, str], dict[str, list[str]]]:
    names: dict[str, str] = {}
    members: dict[str, list[str]] = {}
    for code, name, refnis in store.members(session, layer_id):
        names[code] = name
        members.setdefault(code, []).append(refnis)
    return names, members


def _level(level: Level) -> Level:
    if level not in OVERLAP_LEVELS:
        raise InvalidInput(_("The overlap is computed for bassins or OLS territories."))
    return level


def layer_overlap(
    platform: Platform, ref: str, level: Level, zoning_ref: str | None = None
) -> LayerOverlap:
    """Which structures of a layer cover each bassin or OLS of a zoning, and how much."""
    level = _level(level)
    with platform.reading() as session:
        row = _resolve(session, ref)
        names, members = structures_of(session, row.id)
        zoning, year, tree = zoning_hierarchy(platform, session, zoning_ref, None)
        populations = territory_store.population_totals(session, year)
        summary = _summary(row, len(names))
        zoning_summary = summarise(zoning)
    territories = {t.code: tree.communes_of(t.code) for t in tree.at_level(level)}
    territory_names = {t.code: t.name for t in tree.at_level(level)}
    found = overlap(members, territories, populations, names, territory_names)
    return LayerOverlap(summary, level, zoning_summary, year, found)


def overlap_csv(
    platform: Platform, ref: str, level: Level, zoning_ref: str | None = None, excel: bool = True
) -> tuple[LayerOverlap, bytes]:
    """The overlap rows as CSV (Excel-CSV by default: shares with a decimal comma)."""
    found = layer_overlap(platform, ref, level, zoning_ref)
    rows = [
        [
            r.structure_code,
            r.structure_name,
            r.territory_code,
            r.territory_name,
            r.population,
            round(r.share_of_territory, 6),
            round(r.share_of_structure, 6),
        ]
        for r in found.overlap.rows
    ]
    return found, spreadsheet.csv_bytes([OVERLAP_COLUMNS, *rows], excel=excel)


def layer_map(
    platform: Platform, ref: str, level: Level, zoning_ref: str | None = None
) -> dict[str, Any]:
    """GeoJSON of the layer's structures (dissolved communes) and the zones' outlines."""
    level = _level(level)
    with platform.reading() as session:
        row = _resolve(session, ref)
        zoning, _year, _tree = zoning_hierarchy(platform, session, zoning_ref, None)
        layer_id, zoning_id = row.id, zoning.id
        zones = (
            territory_store.bassin_rows(session, zoning_id)
            if level is Level.BASSIN
            else territory_store.ols_rows(session, zoning_id)
        )
        outlines = [
            {
                "type": "Feature",
                "geometry": json.loads(z.geometry),
                "properties": {"code": z.code, "name": z.name},
            }
            for z in zones
            if z.geometry
        ]

        def build() -> list[dict[str, Any]]:
            names, members = structures_of(session, layer_id)
            shapes = {
                c.refnis: from_geojson(json.loads(c.map_geometry))
                for c in territory_store.communes(session)
                if c.map_geometry
            }
            return [
                {
                    "type": "Feature",
                    "geometry": to_geojson(dissolve(shapes[c] for c in refs if c in shapes)),
                    "properties": {"code": code, "name": names[code], "index": index},
                }
                for index, (code, refs) in enumerate(sorted(members.items()))
            ]

        structures = platform.remember(("layer-map", layer_id), build)
        return {
            "layer": {"id": row.id, "name": row.name, "kind": row.kind, "is_demo": row.is_demo},
            "structures": {"type": "FeatureCollection", "features": structures},
            "territories": {"type": "FeatureCollection", "features": outlines},
        }
