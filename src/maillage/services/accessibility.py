"""Accessibility of the directory's offer for the communes of the active zoning.

Demand sits at commune centroids (Lambert 2008) with their population, optionally
weighted by expected use per age band; supply is the directory's services of a type at
their locations (one unit per service, shared between its sites: the directory holds no
full-time equivalents). Results are per commune and, population-weighted, per bassin and
OLS; shortage classes follow thresholds a user sets, or a documented preset.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from maillage.analysis import accessibility as engine
from maillage.analysis import classes
from maillage.domain.numbers import spreadsheet_number
from maillage.domain.territory import AGE_BANDS, Level
from maillage.errors import InvalidInput
from maillage.i18n import gettext as _
from maillage.services import directory, territories
from maillage.services.platform import Platform
from maillage.services.territories import zoning_hierarchy
from maillage.store import directory as directory_store
from maillage.store import territories as territory_store
from maillage.tabular import excel_csv, spreadsheet

PER = 10_000  # access shown per 10,000 inhabitants


class Shortage(StrEnum):
    SEVERE = "severe"
    SHORTAGE = "shortage"
    NONE = "none"

    @property
    def label(self) -> str:
        return {
            Shortage.SEVERE: _("severe shortage"),
            Shortage.SHORTAGE: _("shortage"),
            Shortage.NONE: _("no shortage"),
        }[self]


@dataclass(frozen=True)
class Thresholds:
    """Shortage below ``shortage`` services per 10,000, severe below ``severe``.

    ``sparse_density`` and ``sparse_shortage``: a higher threshold where fewer than that
    many inhabitants live per km² (the federal rule's second criterion).
    """

    shortage: float
    severe: float | None = None
    sparse_density: float | None = None
    sparse_shortage: float | None = None
    measure: str = "access"  # "access" (E2SFCA) or "ratio" (services in the commune)

    def classify(self, value: float, density: float | None) -> Shortage:
        if self.severe is not None and value < self.severe:
            return Shortage.SEVERE
        limit = self.shortage
        if (
            self.sparse_density is not None
            and self.sparse_shortage is not None
            and density is not None
            and density < self.sparse_density
        ):
            limit = max(limit, self.sparse_shortage)
        return Shortage.SHORTAGE if value < limit else Shortage.NONE


@dataclass(frozen=True)
class Preset:
    key: str
    name: str
    thresholds: Thresholds
    source: str


PRESETS = {
    "federal-2012": Preset(
        "federal-2012",
        "Zones prioritaires de médecine générale (AR du 23 mars 2012)",
        Thresholds(9.0, None, 125.0, 12.0, "ratio"),
        "Arrêté royal du 23 mars 2012 (Moniteur belge du 30 mars 2012), tel que publié par "
        "Zorg en Gezondheid (« Prioritaire zones huisartsen ») : moins de 90 médecins "
        "généralistes pour 100 000 habitants, ou moins de 120 là où vivent moins de 125 "
        "habitants par km². Appliqué ici à la commune et aux services du répertoire (et non "
        "aux zones de cercles ni aux médecins en activité) : indicatif, non officiel.",
    ),
    "wallonie-2017": Preset(
        "wallonie-2017",
        "Pénurie de médecins généralistes en Wallonie (AGW du 20 juillet 2017, Impulseo)",
        Thresholds(9.0, 5.0, None, None, "ratio"),
        "Arrêté du Gouvernement wallon du 20 juillet 2017 modifiant l'AGW de 2012 (Impulseo), "
        "tel que rapporté à partir du cadastre de l'AVIQ : pénurie sous 90 médecins "
        "généralistes (équivalents temps plein) pour 100 000 habitants, pénurie sévère sous "
        "50, par commune. Le texte de l'arrêté n'a pas été relu ; le répertoire compte des "
        "services, pas des ETP : indicatif, non officiel.",
    ),
}

# The named rule /acces opens on for a service type, rather than an arbitrary threshold.
DEFAULT_PRESETS = {"medecin-generaliste": "federal-2012"}


def default_preset(term: str) -> str:
    """The preset a first view of *term* uses ("" for none: the user's thresholds)."""
    return DEFAULT_PRESETS.get(term, "")


@dataclass(frozen=True)
class CommuneAccess:
    code: str
    name: str
    bassin: str | None
    population: int
    density: float | None
    services: float  # supply units located in the commune
    ratio: float  # services in the commune per 10,000 inhabitants
    access: float  # E2SFCA per 10,000 inhabitants
    need_access: float  # with need-weighted demand, per 10,000 weighted inhabitants
    adequacy: float  # need_access relative to the region (1 = regional level)
    shortage: Shortage
    access_class: int | None


@dataclass(frozen=True)
class ZoneAccess:
    code: str
    name: str
    level: Level
    population: int
    access: float  # population-weighted mean of its communes
    adequacy: float
    shortage_population: int  # inhabitants of communes in shortage


@dataclass(frozen=True)
class AccessReport:
    term: str
    term_name: str
    radius_km: float
    steps: str
    communes: list[CommuneAccess]
    zones: list[ZoneAccess]
    thresholds: Thresholds
    preset: Preset | None
    breaks: list[float]
    demo_share: float
    region_access: float
    supply_units: int
    need_weights: dict[str, float]


def service_types(platform: Platform) -> list[tuple[str, str]]:
    """(code, French name) of the taxonomy's service types, by name: what access is
    measured to."""
    with platform.reading() as session:
        terms = directory.terms(platform, session)
        found = [(t.code, t.name_fr) for t in terms if t.kind == "service_type"]
    return sorted(found, key=lambda item: item[1])


def parse_age_weights(text: str) -> dict[str, float]:
    """``"70-79:1.8,80+:2.5"`` into need weights per age band."""
    weights: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        band, _sep, value = part.rpartition(":")
        try:
            weights[band.strip()] = spreadsheet_number(value)
        except ValueError as error:
            raise InvalidInput(
                _("An age weight looks like 80+:2.5, not {part}.").format(part=part)
            ) from error
    return weights


def _supply(
    platform: Platform, term: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str | None], float]:
    with platform.reading() as session:
        codes = directory.expand_terms(platform, session, (term,))
        located = [s for s in directory_store.service_sites(session, codes) if s.x is not None]
    sites: dict[str, int] = {}
    for site in located:
        sites[site.service_id] = sites.get(site.service_id, 0) + 1
    x = np.array([s.x for s in located], dtype=float)
    y = np.array([s.y for s in located], dtype=float)
    # A service with several sites counts once, shared between them.
    capacity = np.array([1.0 / sites[s.service_id] for s in located], dtype=float)
    demo = sum(1.0 / sites[s.service_id] for s in located if s.is_demo)
    return x, y, capacity, [s.refnis for s in located], demo / max(len(sites), 1)


def compute(
    platform: Platform,
    term: str = "medecin-generaliste",
    radius_km: float = 15.0,
    steps: str = "5:1,10:0.68,15:0.22",
    thresholds: Thresholds | None = None,
    preset: str | None = None,
    need_weights: Mapping[str, float] | None = None,
) -> AccessReport:
    """E2SFCA for every commune, population-weighted up to bassins and OLS, classified."""
    if not 0 < radius_km <= 100:
        raise InvalidInput(_("The catchment radius must be between 0 and 100 km."))
    try:
        decay = engine.StepDecay.parse(steps)
    except ValueError as error:
        raise InvalidInput(
            _("Step weights look like 5:1,10:0.68,15:0.22 ({reason}).").format(reason=error)
        ) from error
    chosen = PRESETS.get(preset or "")
    if preset and chosen is None:
        raise InvalidInput(_("Unknown preset: {name}").format(name=preset))
    limits = chosen.thresholds if chosen else thresholds or Thresholds(shortage=9.0)
    weights = dict(need_weights or {})
    unknown = sorted(set(weights) - set(AGE_BANDS))
    if unknown:
        raise InvalidInput(
            _("Unknown age bands: {bands} (expected {expected})").format(
                bands=", ".join(unknown), expected=", ".join(AGE_BANDS)
            )
        )
    with platform.reading() as session:
        names = directory.term_names(platform, session)
        if term not in names:
            raise InvalidInput(_("Unknown service type: {term}").format(term=term))
        _zoning, _year, tree = zoning_hierarchy(platform, session, None, None)
        locator = directory.locator(platform, session)
        areas = territory_store.commune_areas(session)
        structure = territories.age_structure(platform, session)
    # Whole communes only: a split commune is measured whole, its parts are not places.
    communes = [c for c in tree.at_level(Level.COMMUNE) if tree.commune_of_part(c.code) is None]
    codes = [c.code for c in communes]
    centres = [locator.centroid(code) or (np.nan, np.nan) for code in codes]
    population = np.array([c.population for c in communes], dtype=float)
    totals = np.array([sum(structure.get(code, {}).values()) for code in codes], dtype=float)
    known = totals > 0
    shares = [
        np.divide(
            [structure.get(code, {}).get(band, 0) for code in codes],
            totals,
            out=np.zeros(len(codes)),
            where=known,
        )
        for band in AGE_BANDS
    ]
    need = engine.need_weighted(
        population, [weights.get(b, 1.0) for b in AGE_BANDS] if weights else None, shares
    )
    need[~known] = population[~known]  # no age data: counted as the population itself
    x, y, capacity, supply_communes, demo_share = _supply(platform, term)
    demand_x = np.array([c[0] for c in centres])
    demand_y = np.array([c[1] for c in centres])
    plain = engine.from_coordinates(
        engine.Points(demand_x, demand_y, population),
        engine.Points(x, y, capacity),
        radius_km,
        decay,
    )
    weighted = engine.from_coordinates(
        engine.Points(demand_x, demand_y, need), engine.Points(x, y, capacity), radius_km, decay
    )
    in_commune: dict[str, float] = {}
    for located, units in zip(supply_communes, capacity, strict=True):
        if located:
            in_commune[located] = in_commune.get(located, 0.0) + float(units)
    region_access = float((plain.access * population).sum() / population.sum() * PER)
    region_need = float((weighted.access * need).sum() / need.sum() * PER) if need.sum() else 0
    scheme = classes.quantiles(
        {code: float(a) * PER for code, a in zip(codes, plain.access, strict=True)}
    )
    rows: list[CommuneAccess] = []
    for index, territory in enumerate(communes):
        area = areas.get(territory.code)
        density = territory.population / area if area else None
        ratio = (
            in_commune.get(territory.code, 0.0) / territory.population * PER
            if territory.population
            else 0.0
        )
        value = float(plain.access[index]) * PER
        need_value = float(weighted.access[index]) * PER
        measured = ratio if limits.measure == "ratio" else value
        bassin = tree.ancestor_at(territory.code, Level.BASSIN)
        rows.append(
            CommuneAccess(
                territory.code,
                territory.name,
                bassin.code if bassin else None,
                territory.population,
                density,
                in_commune.get(territory.code, 0.0),
                ratio,
                value,
                need_value,
                need_value / region_need if region_need else 0.0,
                limits.classify(measured, density),
                scheme.of.get(territory.code),
            )
        )
    zones = []
    for level in (Level.BASSIN, Level.OLS):
        for zone in tree.at_level(level):
            # A split commune counts with the share of its inhabitants inside the zone,
            # at its whole commune's accessibility (not divisible below the commune).
            held = tree.commune_shares(zone.code)
            inside = [(r, r.population * held[r.code]) for r in rows if r.code in held]
            people = sum(weight for _r, weight in inside)
            zones.append(
                ZoneAccess(
                    zone.code,
                    zone.name,
                    level,
                    round(people),
                    sum(r.access * w for r, w in inside) / people if people else 0.0,
                    sum(r.adequacy * w for r, w in inside) / people if people else 0.0,
                    round(sum(w for r, w in inside if r.shortage is not Shortage.NONE)),
                )
            )
    return AccessReport(
        term,
        names[term],
        radius_km,
        steps,
        rows,
        zones,
        limits,
        chosen,
        scheme.breaks,
        demo_share,
        region_access,
        round(float(capacity.sum())),
        weights,
    )


def to_csv(report: AccessReport) -> bytes:
    number = excel_csv.decimal
    header = [
        "code",
        "commune",
        "bassin",
        "population",
        "services_dans_la_commune",
        "services_pour_10000",
        "accessibilite_e2sfca_pour_10000",
        "accessibilite_ponderee_besoin_pour_10000",
        "adequation_vs_region",
        "classe",
    ]
    rows = [
        [
            r.code,
            r.name,
            r.bassin or "",
            r.population,
            number(r.services),
            number(r.ratio),
            number(r.access),
            number(r.need_access),
            number(r.adequacy),
            r.shortage.value,
        ]
        for r in report.communes
    ]
    return spreadsheet.csv_bytes([[_("computed proposal — not official")], header, *rows])
