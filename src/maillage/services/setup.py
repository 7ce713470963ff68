"""``maillage init``: schema, real reference data with provenance, and the demo zoning."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from maillage.analysis.geometry import from_geojson, simplify_for_map, to_geojson
from maillage.i18n import gettext as _
from maillage.reference import directory_data, loaders
from maillage.reference.indicator_catalogue import INCOME_PER_RESIDENT, reference_catalogue
from maillage.reference.sources import (
    BOUNDARIES_2025,
    COMMUNES_2019,
    COMMUNES_2025,
    SOURCES,
    DataSource,
)
from maillage.services import (
    architecture,
    coverage,
    demo_flow,
    demo_learning,
    directory,
    indicator_loading,
    indicators,
)
from maillage.services.platform import Platform, Progress, SilentProgress
from maillage.services.zonings import compute_proposal
from maillage.store import directory as directory_store
from maillage.store import territories as store
from maillage.store.database import migrate
from maillage.store.directory_tables import TaxonomyTermRow
from maillage.store.indicator_tables import IndicatorRow
from maillage.store.models import (
    AdminAreaRow,
    CommuneCodeChangeRow,
    CommuneRow,
    DataSourceRow,
    PopulationRow,
)


@dataclass(frozen=True)
class InitReport:
    communes: int
    population_rows: int
    zoning: str | None
    already_loaded: bool
    services: int = 0


def initialise(platform: Platform, progress: Progress | None = None) -> InitReport:
    """Bring the database to the current schema and load what is missing, in one transaction."""
    progress = progress or SilentProgress()
    migrate(platform.engine)
    with platform.transaction() as session:
        already = store.reference_loaded(session)
        population_rows = 0
        if not already:
            session.add_all(_source_row(s) for s in SOURCES)
            session.flush()
            communes, areas = loaders.walloon_communes()
            for kind in ("region", "province", "arrondissement"):
                session.add_all(
                    AdminAreaRow(
                        refnis=a.refnis,
                        kind=a.kind,
                        name_fr=a.name_fr,
                        name_nl=a.name_nl,
                        parent_refnis=a.parent,
                        source_key=COMMUNES_2025.key,
                    )
                    for a in areas
                    if a.kind == kind
                )
                session.flush()
            boundaries = {b.refnis: b for b in loaders.boundaries()}
            advance = progress.task(_("Loading communes and boundaries"), len(communes))
            for record in communes:
                boundary = boundaries.get(record.refnis)
                geometry = json.dumps(boundary.geometry) if boundary else None
                map_geometry = (
                    json.dumps(to_geojson(simplify_for_map(from_geojson(boundary.geometry))))
                    if boundary
                    else None
                )
                session.add(
                    CommuneRow(
                        refnis=record.refnis,
                        name_fr=record.name_fr,
                        name_nl=record.name_nl,
                        name_de=record.name_de,
                        arrondissement_refnis=record.arrondissement,
                        province_refnis=record.province,
                        german_speaking=record.german_speaking,
                        names_derived=record.names_derived,
                        area_km2=boundary.area_km2 if boundary else None,
                        geometry=geometry,
                        map_geometry=map_geometry,
                        source_key=COMMUNES_2025.key,
                        geometry_source_key=BOUNDARIES_2025.key if boundary else None,
                    )
                )
                advance(1)
            session.flush()
            session.add_all(
                CommuneCodeChangeRow(
                    old_refnis=c.old,
                    new_refnis=c.new,
                    effective=c.effective,
                    reason=c.reason,
                    source_key=COMMUNES_2019.key,
                )
                for c in loaders.code_changes()
            )
            records = loaders.population()
            advance = progress.task(_("Loading population figures"), len(records))
            for start in range(0, len(records), 2000):
                chunk = records[start : start + 2000]
                session.add_all(
                    PopulationRow(
                        refnis=p.refnis,
                        year=p.year,
                        sex=p.sex,
                        age_band=p.age_band,
                        count=p.count,
                        source_key=p.source,
                    )
                    for p in chunk
                )
                session.flush()
                advance(len(chunk))
            population_rows = len(records)
        zoning_name = None
        if not store.zonings(session):
            zoning_name = compute_proposal(session, progress).name
        if not directory_store.terms(session):
            session.add_all(
                TaxonomyTermRow(
                    code=t["code"],
                    parent_code=t["parent"] or None,
                    kind=t["kind"],
                    name_fr=t["name_fr"],
                    name_nl=t["name_nl"],
                    name_de=t["name_de"],
                    description_fr=t["description_fr"],
                )
                for t in sorted(directory_data.taxonomy(), key=lambda t: t["kind"] != "sector")
            )
            session.flush()
        services_loaded = 0
        if not directory_store.source_rows(session):
            services_loaded = _load_directory(platform, session, progress)
        known_sources = set(store.source_keys(session))
        session.add_all(_source_row(s) for s in SOURCES if s.key not in known_sources)
        session.flush()
        if session.get(IndicatorRow, INCOME_PER_RESIDENT.id) is None:
            indicator_loading.load_catalogue(platform, session, reference_catalogue(), progress)
        report = InitReport(
            communes=len(store.commune_names(session)),
            population_rows=population_rows,
            zoning=zoning_name,
            already_loaded=already,
            services=services_loaded,
        )
    if not any(s.indicator.theme == "offre" for s in indicators.list_indicators(platform)):
        coverage.refresh_offer_indicators(platform)
    architecture.seed(platform)
    demo_flow.seed(platform)
    demo_learning.seed(platform)
    return report


def _source_row(source: DataSource) -> DataSourceRow:
    return DataSourceRow(
        key=source.key,
        title=source.title,
        publisher=source.publisher,
        licence=source.licence,
        year=source.year,
        origin=source.origin,
        note=source.note,
        loaded_at=datetime.now(UTC),
    )


def _load_directory(platform: Platform, session: Session, progress: Progress) -> int:
    """Real pharmacies and hospital sites, then labelled demonstration services."""
    communes = store.communes(session)
    shapes = {c.refnis: from_geojson(json.loads(c.geometry)) for c in communes if c.geometry}
    year = max(store.population_years(session))
    batches = [
        directory_data.pharmacies(),
        directory_data.hospitals(),
        directory_data.demo(
            {c.refnis: c.name_fr for c in communes},
            store.population_totals(session, year),
            shapes,
            {c.refnis for c in communes if c.german_speaking},
        ),
    ]
    advance = progress.task(
        _("Loading the directory of the offer"), sum(len(b.services) for b in batches)
    )
    directory.save_batches(platform, session, batches, advance)
    total = sum(len(b.services) for b in batches)
    return total
