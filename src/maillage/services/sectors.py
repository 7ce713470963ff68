"""Statbel statistical sectors: import, and what a split commune brings to a zoning.

The boundaries file is read feature by feature, never whole in memory, twice: first to
find every fault without holding the write lock, then, if clean, to write it in one
transaction (a file with any fault writes nothing).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from shapely.geometry.base import BaseGeometry
from sqlalchemy.orm import Session

from maillage.analysis.geometry import belgian_crs, from_geojson, to_geojson, to_wgs84
from maillage.domain.actors import Actor
from maillage.domain.sectors import (
    POPULATION_FIELDS,
    SECTOR_FIELDS,
    Sector,
    SectorReader,
    apportion,
)
from maillage.domain.territory import ZoningPlan
from maillage.errors import Problem, ProblemList
from maillage.formats import json_stream
from maillage.i18n import gettext as _
from maillage.services.platform import Platform
from maillage.store import sectors as store
from maillage.store import territories as territory_store
from maillage.store.models import DataSourceRow
from maillage.store.sector_tables import StatisticalSectorRow
from maillage.tabular import csv_reader

if TYPE_CHECKING:
    from maillage.services.territories import Source

SOURCE_KEY = "statbel-sectors"
BATCH = 500


@dataclass(frozen=True)
class SectorImport:
    sectors: int  # Walloon sectors stored (new or updated)
    with_population: int
    skipped: int  # sectors of communes outside Wallonia, left out
    year: int | None


def import_sectors(
    platform: Platform,
    boundaries: Path,
    populations: Path | None = None,
    *,
    year: int | None = None,
    actor: Actor | None = None,
) -> SectorImport:
    """Store the Walloon sectors of a Statbel boundaries file (GeoJSON), with their
    population from the file's own attribute or from Statbel's population-by-sector
    table. A sector already known is updated (zonings keep pointing at it)."""
    problems = ProblemList()
    with platform.reading() as session:
        communes = {r: r for r in territory_store.commune_names(session)}
        communes.update(territory_store.code_changes(session))
    counts = _populations(populations, problems) if populations else {}
    problems.raise_if_any()
    # First pass, outside any transaction: every fault, located, before the write lock.
    reader = SectorReader(str(boundaries), communes, problems, {})
    for _sector in _read(boundaries, reader):
        pass
    if not reader.seen and not problems:
        problems.add(
            Problem(str(boundaries), None, None, None, _("no sector of a Walloon commune found"))
        )
    problems.raise_if_any()
    # Second pass: the clean file written in one transaction, a batch at a time.
    writer = SectorReader(str(boundaries), communes, ProblemList(), {})
    stored = with_population = 0
    with platform.transaction(actor) as session:
        _record_source(session, boundaries, populations, year)
        for sector, geometry in _read(boundaries, writer):
            population = counts.get(sector.code, sector.population)
            session.merge(
                StatisticalSectorRow(
                    code=sector.code,
                    refnis=sector.refnis,
                    name_fr=sector.name_fr,
                    name_nl=sector.name_nl,
                    population=population,
                    population_year=year if population is not None else None,
                    geometry=geometry,
                    source_key=SOURCE_KEY,
                )
            )
            stored += 1
            with_population += population is not None
            if stored % BATCH == 0:
                session.flush()
                session.expunge_all()
        writer.problems.raise_if_any()  # the file changed between the two passes
    return SectorImport(stored, with_population, reader.skipped, year)


@dataclass(frozen=True)
class SectorSummary:
    """What statistical sectors are loaded, for the page and the API that show it."""

    sectors: int
    communes: int  # communes covered by at least one sector
    with_population: int
    population: int  # inhabitants of the sectors with a population
    population_years: list[int]
    source: Source | None  # the provenance record of the last import


def sector_summary(platform: Platform) -> SectorSummary:
    # territories imports this module (through zonings): read provenance the same way late.
    from maillage.services.territories import sources_of

    with platform.reading() as session:
        count, communes, counted, people, years = store.sector_totals(session)
        found = sources_of(session, [SOURCE_KEY])
    return SectorSummary(count, communes, counted, people, years, found[0] if found else None)


def _read(boundaries: Path, reader: SectorReader) -> Iterator[tuple[Sector, str | None]]:
    """The file's Walloon sectors, checked, each with its outline as WGS84 GeoJSON text."""
    for where, record in json_stream.records(boundaries, reader.problems, "features"):
        sector = reader.feature(where, record)
        if sector is None or reader.problems:
            continue
        geometry = None
        if sector.geometry is not None:
            try:
                shape = from_geojson(sector.geometry)
            except (ValueError, TypeError, AttributeError, IndexError, KeyError):
                reader.fail(where, "geometry", None, _("not a readable GeoJSON geometry"))
                continue
            geometry = json.dumps(to_geojson(to_wgs84(shape, belgian_crs(shape))))
        yield sector, geometry


def _populations(path: Path, problems: ProblemList) -> dict[str, int]:
    """Sector code → inhabitants, from Statbel's population-by-sector table."""
    counts: dict[str, int] = {}
    reader = SectorReader(str(path), {}, problems, {})
    with csv_reader.open_csv(path, problems=problems) as table:
        columns = {c.upper() for c in table.columns}
        for needed in (SECTOR_FIELDS, POPULATION_FIELDS):
            if not columns & set(needed):
                problems.add(Problem(str(path), 1, needed[0], None, _("missing column")))
        if problems:
            return {}
        for row in table.rows():
            code_field = next(k for k in row.values if k.upper() in SECTOR_FIELDS)
            code = row.values[code_field].strip().upper()
            if code in reader.seen:
                reader.fail(
                    row.line,
                    code_field,
                    code,
                    _("this sector is already on line {first}").format(first=reader.seen[code]),
                )
                continue
            reader.seen[code] = row.line
            count = reader.population(row.line, row.values)
            if count is not None:
                counts[code] = count
    return counts


def _record_source(
    session: Session, boundaries: Path, populations: Path | None, year: int | None
) -> None:
    files = boundaries.name + (f", {populations.name}" if populations else "")
    session.merge(
        DataSourceRow(
            key=SOURCE_KEY,
            title="Secteurs statistiques (limites et population par secteur)",
            publisher="Statbel (Direction générale Statistique)",
            licence="Données ouvertes Statbel (attribution)",
            year=str(year) if year else "",
            origin=_("Files {files}, imported on {day}").format(
                files=files, day=datetime.now(UTC).date().isoformat()
            ),
            note="",
            loaded_at=datetime.now(UTC),
        )
    )
    session.flush()


# --- split communes in a zoning ------------------------------------------------------------


@dataclass(frozen=True)
class SplitLayout:
    """What the split communes of a plan add to each bassin."""

    populations: dict[str, int]  # bassin code → inhabitants of its commune parts
    sectors: dict[str, list[str]]  # bassin code → its sectors of split communes
    shapes: dict[str, BaseGeometry]  # sector code → outline (WGS84)


def split_layout(session: Session, plan: ZoningPlan, populations: Mapping[str, int]) -> SplitLayout:
    """Each bassin's share of its split communes: their population apportioned by sector
    populations (largest remainder, so the parts add up to the commune) and their sectors."""
    if not plan.sector_assignments:
        return SplitLayout({}, {}, {})
    weights = store.sector_populations(session)
    pieces: dict[str, dict[str, int]] = {}
    sectors: dict[str, list[str]] = {}
    for a in plan.sector_assignments:
        found = pieces.setdefault(a.refnis, {})
        found[a.bassin.code] = found.get(a.bassin.code, 0) + weights.get(a.sector_code, 0)
        sectors.setdefault(a.bassin.code, []).append(a.sector_code)
    added: dict[str, int] = {}
    for refnis, by_bassin in pieces.items():
        for bassin, count in apportion(populations.get(refnis, 0), by_bassin).items():
            added[bassin] = added.get(bassin, 0) + count
    shapes = {
        row.code: from_geojson(json.loads(row.geometry))
        for row in store.sectors_of(session, sorted(pieces))
        if row.geometry
    }
    return SplitLayout(added, sectors, shapes)
