"""Territories as people look them up: one code path for pages, API and CLI."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from maillage.analysis.geometry import dissolve, from_geojson, simplify_for_map, to_geojson
from maillage.domain.access import Grant, Role, covers
from maillage.domain.hierarchy import Hierarchy, Territory
from maillage.domain.territory import AGE_BANDS, Level, outside_reform_label
from maillage.reference.sources import (
    BOUNDARIES_2025,
    COMMUNES_2025,
    POPULATION_AGE_SEX,
    POPULATION_TOTALS,
)
from maillage.services.platform import Platform
from maillage.services.zonings import ZoningSummary, resolve, summarise
from maillage.store import sectors as sector_store
from maillage.store import territories as store
from maillage.store.models import PopulationRow, ZoningRow


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    publisher: str
    licence: str
    year: str
    origin: str
    note: str


@dataclass(frozen=True)
class PopulationBreakdown:
    year: int
    male: int | None
    female: int | None
    age_bands: list[tuple[str, int]]


@dataclass(frozen=True)
class TerritoryDetail:
    territory: Territory
    population_year: int
    zoning: ZoningSummary
    ancestors: list[Territory]
    children: list[Territory]
    commune_count: int
    share_of_region: float
    area_km2: float | None
    names: dict[str, str] = field(default_factory=dict)
    admin: dict[str, str] = field(default_factory=dict)
    german_speaking: bool = False
    in_reform: bool = True  # False for a German-language commune: in no bassin or OLS
    status: str = ""  # why a commune is outside the reform, as shown beside it
    population_trend: list[tuple[int, int]] = field(default_factory=list)
    breakdown: PopulationBreakdown | None = None
    sources: list[Source] = field(default_factory=list)


@dataclass(frozen=True)
class TerritoryList:
    level: Level
    population_year: int
    zoning: ZoningSummary
    items: list[tuple[Territory, Territory | None]]  # territory and its parent


def _year(platform: Platform, session: Session, year: int | None) -> int:
    years = store.population_years(session)
    wanted = year or platform.settings.population_year
    return wanted if wanted in years else max(years)


def hierarchy(session: Session, zoning_id: int, year: int) -> Hierarchy:
    split = sector_store.zoning_sectors(session, zoning_id)
    return Hierarchy(
        None,
        store.commune_names(session),
        store.assignments(session, zoning_id),
        store.population_totals(session, year),
        split,
        sector_store.sector_populations(session) if split else {},
    )


def zoning_hierarchy(
    platform: Platform, session: Session, zoning_ref: str | None, year: int | None
) -> tuple[ZoningRow, int, Hierarchy]:
    """The zoning asked for (the active one without *zoning_ref*), the population year
    (the latest without *year*) and the zoning's hierarchy, memoised per process.

    The one way services resolve "which zoning, which year": every territory page,
    indicator and export reads its communes, bassins and OLS through it.
    """
    zoning = resolve(session, zoning_ref)
    year = _year(platform, session, year)
    # A zoning's assignments never change once created (a new version is a new zoning).
    tree = platform.remember(
        ("hierarchy", zoning.id, year), lambda: hierarchy(session, zoning.id, year)
    )
    return zoning, year, tree


def list_territories(
    platform: Platform, level: Level, zoning_ref: str | None = None, year: int | None = None
) -> TerritoryList:
    with platform.reading() as session:
        zoning, year, tree = zoning_hierarchy(platform, session, zoning_ref, year)
        items = [(t, tree.parent(t.code)) for t in tree.at_level(level)]
        return TerritoryList(level, year, summarise(zoning), items)


def sources_of(session: Session, keys: list[str] | None = None) -> list[Source]:
    """Provenance records as pages show them (all of them without *keys*)."""
    return [
        Source(s.key, s.title, s.publisher, s.licence, s.year, s.origin, s.note)
        for s in store.sources(session, keys)
    ]


def territory_detail(
    platform: Platform, code: str, zoning_ref: str | None = None, year: int | None = None
) -> TerritoryDetail:
    with platform.reading() as session:
        zoning, year, tree = zoning_hierarchy(platform, session, zoning_ref, year)
        in_reform = code in tree or code not in store.outside_reform(session)
        if in_reform:
            territory = tree.get(code)
            communes = tree.communes_of(code)
            # A split commune counts for its share of inhabitants inside (1.0 when whole):
            # other years and the age structure are known for the whole commune only.
            shares = tree.commune_shares(code)
        else:
            # A German-language commune: shown with its data, in no zone of the reform.
            territory = Territory(
                code,
                Level.COMMUNE,
                store.commune_names(session)[code],
                store.population_totals(session, year).get(code, 0),
            )
            communes = [code]
            shares = {code: 1.0}
        region = tree.at_level(Level.REGION)[0]
        known_areas = store.commune_areas(session)
        areas = [
            known_areas[r] for r in communes if known_areas.get(r) is not None and shares[r] == 1.0
        ]
        trend = []
        for trend_year in store.population_years(session):
            totals = store.population_totals(session, trend_year)
            trend.append((trend_year, round(sum(totals.get(r, 0) * shares[r] for r in communes))))
        breakdown_rows = store.population_rows(session, communes, 2020)

        def weighted(rows: Iterable[PopulationRow]) -> int:
            return round(sum(r.count * shares[r.refnis] for r in rows))

        male = weighted(r for r in breakdown_rows if r.sex == "male" and r.age_band == "total")
        female = weighted(r for r in breakdown_rows if r.sex == "female" and r.age_band == "total")
        bands = [
            (band, weighted(r for r in breakdown_rows if r.age_band == band)) for band in AGE_BANDS
        ]
        breakdown = (
            PopulationBreakdown(2020, male or None, female or None, bands)
            if breakdown_rows
            else None
        )
        names: dict[str, str] = {}
        admin: dict[str, str] = {}
        german = False
        row = store.commune(session, code) if territory.level is Level.COMMUNE else None
        if row is not None:
            names = {"fr": row.name_fr, "nl": row.name_nl, "de": row.name_de}
            german = row.german_speaking
            for key, refnis in (
                ("province", row.province_refnis),
                ("arrondissement", row.arrondissement_refnis),
            ):
                area = store.admin_area(session, refnis)
                if area is not None:
                    admin[key] = area.name_fr
        sources = sources_of(
            session,
            [COMMUNES_2025.key, POPULATION_TOTALS.key, POPULATION_AGE_SEX.key, BOUNDARIES_2025.key],
        )
        return TerritoryDetail(
            territory=territory,
            population_year=year,
            zoning=summarise(zoning),
            ancestors=tree.ancestors(code) if in_reform else [],
            children=tree.children(code) if in_reform else [],
            commune_count=len(communes),
            share_of_region=territory.population / region.population
            if region.population and in_reform
            else 0,
            area_km2=round(sum(a for a in areas if a is not None), 2) if areas else None,
            names=names,
            admin=admin,
            german_speaking=german,
            in_reform=in_reform,
            status="" if in_reform else outside_reform_label(),
            population_trend=trend,
            breakdown=breakdown,
            sources=sources,
        )


AGE_STRUCTURE_YEAR = 2020  # the only year with 10-year age bands


def age_structure(platform: Platform, session: Session) -> dict[str, dict[str, int]]:
    """Inhabitants per 10-year age band of every commune (Statbel 2020), read once."""

    def build() -> dict[str, dict[str, int]]:
        found: dict[str, dict[str, int]] = {}
        for row in store.population_rows(
            session, list(store.commune_names(session)), AGE_STRUCTURE_YEAR
        ):
            if row.sex == "total" and row.age_band in AGE_BANDS:
                found.setdefault(row.refnis, {})[row.age_band] = row.count
        return found

    return platform.remember(("age-structure", AGE_STRUCTURE_YEAR), build)


def map_layers(platform: Platform, zoning_ref: str | None = None) -> dict[str, Any]:
    """GeoJSON for the overview map: communes with their bassin and OLS, zone outlines,
    and the German-language communes, drawn apart as outside the reform."""
    with platform.reading() as session:
        zoning, year, tree = zoning_hierarchy(platform, session, zoning_ref, None)
        ols_codes = [t.code for t in tree.at_level(Level.OLS)]
        communes = []
        outside = []
        populations = store.population_totals(session, year)
        for row in store.communes(session):
            if row.map_geometry is None:
                continue
            if row.refnis not in tree:
                if row.german_speaking:
                    outside.append(
                        {
                            "type": "Feature",
                            "geometry": json.loads(row.map_geometry),
                            "properties": {
                                "code": row.refnis,
                                "name": row.name_fr,
                                "population": populations.get(row.refnis, 0),
                                "status": "outside-reform",
                                "status_label": outside_reform_label(),
                            },
                        }
                    )
                continue
            if tree.parts_of(row.refnis):
                communes.extend(_part_features(session, tree, row.refnis, ols_codes))
                continue
            bassin = tree.ancestor_at(row.refnis, Level.BASSIN)
            ols = tree.ancestor_at(row.refnis, Level.OLS)
            communes.append(
                {
                    "type": "Feature",
                    "geometry": json.loads(row.map_geometry),
                    "properties": {
                        "code": row.refnis,
                        "name": row.name_fr,
                        "population": tree.get(row.refnis).population,
                        "bassin": bassin.code if bassin else None,
                        "bassin_name": bassin.name if bassin else None,
                        "ols": ols.code if ols else None,
                        "ols_name": ols.name if ols else None,
                        "ols_index": ols_codes.index(ols.code) if ols else None,
                    },
                }
            )
        outlines = {
            "bassins": [
                {
                    "type": "Feature",
                    "geometry": json.loads(b.geometry),
                    "properties": {"code": b.code, "name": b.name},
                }
                for b in store.bassin_rows(session, zoning.id)
                if b.geometry
            ],
            "ols": [
                {
                    "type": "Feature",
                    "geometry": json.loads(o.geometry),
                    "properties": {"code": o.code, "name": o.name},
                }
                for o in store.ols_rows(session, zoning.id)
                if o.geometry
            ],
        }
        return {
            "zoning": {"id": zoning.id, "name": zoning.name, "kind": zoning.kind},
            "population_year": year,
            "communes": {"type": "FeatureCollection", "features": communes},
            "outside": {"type": "FeatureCollection", "features": outside},
            "outside_label": outside_reform_label(),
            "bassins": {"type": "FeatureCollection", "features": outlines["bassins"]},
            "ols": {"type": "FeatureCollection", "features": outlines["ols"]},
        }


def outside_reform(platform: Platform) -> dict[str, str]:
    """German-language communes (code → name), drawn on maps as outside the reform."""

    def build() -> dict[str, str]:
        with platform.reading() as session:
            return store.outside_reform(session)

    return platform.remember(("outside-reform",), build)


def _part_features(
    session: Session, tree: Hierarchy, refnis: str, ols_codes: list[str]
) -> list[dict[str, Any]]:
    """A split commune drawn as its parts, each the union of its sectors."""
    shapes = {
        s.code: from_geojson(json.loads(s.geometry))
        for s in sector_store.sectors_of(session, [refnis])
        if s.geometry
    }
    features = []
    for code in tree.parts_of(refnis):
        members = [shapes[s] for s in tree.part_sectors(code, refnis) if s in shapes]
        bassin = tree.ancestor_at(code, Level.BASSIN)
        ols = tree.ancestor_at(code, Level.OLS)
        if not members or bassin is None or ols is None:
            continue
        part = tree.get(code)
        features.append(
            {
                "type": "Feature",
                "geometry": to_geojson(simplify_for_map(dissolve(members))),
                "properties": {
                    "code": code,
                    "name": part.name,
                    "population": part.population,
                    "bassin": bassin.code,
                    "bassin_name": bassin.name,
                    "ols": ols.code,
                    "ols_name": ols.name,
                    "ols_index": ols_codes.index(ols.code),
                },
            }
        )
    return features


def all_sources(platform: Platform) -> list[Source]:
    with platform.reading() as session:
        return sources_of(session)


def communes_of(platform: Platform, code: str, zoning_ref: str | None = None) -> list[str]:
    with platform.reading() as session:
        tree = zoning_hierarchy(platform, session, zoning_ref, None)[2]
        if code not in tree and code in store.outside_reform(session):
            return [code]
        return tree.communes_of(code)


def covered(
    platform: Platform, grants: Iterable[Grant], roles: Collection[Role], levels: Sequence[Level]
) -> list[tuple[str, str]]:
    """(code, name) of the territories of *levels* that grants of *roles* cover, in order."""
    held = [g for g in grants if g.role in roles]
    if not held:
        return []
    with platform.reading() as session:
        tree = zoning_hierarchy(platform, session, None, None)[2]

    def ancestors(code: str) -> list[str]:
        return [t.code for t in tree.ancestors(code)]

    return [
        (t.code, t.name)
        for level in levels
        for t in tree.at_level(level)
        if any(covers(g.scope, t.code, ancestors) for g in held)
    ]


def ancestor_codes(platform: Platform, code: str) -> list[str]:
    """Codes of the territories containing *code* in the active zoning (empty if unknown)."""
    with platform.reading() as session:
        tree = zoning_hierarchy(platform, session, None, None)[2]
        if code not in tree:
            return []
        return [t.code for t in tree.ancestors(code)]


def level_of(platform: Platform, code: str) -> Level | None:
    with platform.reading() as session:
        tree = zoning_hierarchy(platform, session, None, None)[2]
        return tree.get(code).level if code in tree else None
