"""Directory content installed by ``maillage init``.

Real records where open data exist — pharmacies from OpenStreetMap (ODbL) and hospital
sites from Eurostat GISCO (FPS Public Health, 2020) — and, for the service types no open
list covers (GPs, maisons médicales, CPAS offices, home nursing…), generated records from
a source flagged as demonstration data, labelled « données de démonstration » wherever
they show and never mixed silently with real ones.
"""

from __future__ import annotations

import csv
import random
import re
import uuid
from collections.abc import Iterator, Mapping
from datetime import date, time

from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from maillage.domain.directory import (
    Cost,
    DirectoryBatch,
    DirectorySource,
    Location,
    Organization,
    Service,
    WeeklyOpening,
)
from maillage.reference.sources import DATA_DIR

NAMESPACE = uuid.UUID("0d5c0a4e-3b0e-4a57-8f0e-6c2f4f1b9d21")
OSM_DAYS = {"Mo": 0, "Tu": 1, "We": 2, "Th": 3, "Fr": 4, "Sa": 5, "Su": 6}
TAXONOMY_FILE = DATA_DIR / "taxonomy_first_line_be.csv"

OSM_PHARMACIES = DirectorySource(
    key="osm-pharmacies-2026-07-01",
    name="Pharmacies — OpenStreetMap (extrait du 1er juillet 2026)",
    licence="ODbL 1.0",
    attribution="© les contributeurs d'OpenStreetMap, données sous licence ODbL",
)
GISCO_HOSPITALS = DirectorySource(
    key="gisco-hopitaux-2020",
    name="Sites hospitaliers — Eurostat GISCO (SPF Santé publique, février 2020)",
    licence="EUPL-1.2 (compilation Eurostat GISCO)",
    attribution="Eurostat GISCO healthcare services; source belge : SPF Santé publique, 2020",
)
DEMO = DirectorySource(
    key="demo-maillage",
    name="Données de démonstration générées par maillage",
    licence="CC0 (contenu fictif)",
    attribution="Données fictives générées pour la démonstration — non officielles",
    is_demo=True,
)


def _id(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "|".join(parts)))


def taxonomy() -> list[dict[str, str]]:
    with TAXONOMY_FILE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def parse_osm_hours(text: str) -> tuple[WeeklyOpening, ...]:
    """The common subset of OSM opening_hours: « Mo-Fr 09:00-12:00,13:30-19:00; Sa … »."""
    openings: list[WeeklyOpening] = []
    for rule in (r.strip() for r in text.split(";")):
        match = re.fullmatch(r"([A-Z][a-z])(?:-([A-Z][a-z]))?\s+([\d:,\- ]+)", rule)
        if not match or match.group(1) not in OSM_DAYS:
            continue
        first = OSM_DAYS[match.group(1)]
        last = OSM_DAYS.get(match.group(2) or match.group(1), first)
        for span in match.group(3).split(","):
            times = re.fullmatch(r"\s*(\d{2}):(\d{2})-(\d{2}):(\d{2})\s*", span)
            if not times:
                continue
            opens = time(int(times.group(1)), int(times.group(2)))
            closing_hour = min(int(times.group(3)), 23)
            closes = time(closing_hour, int(times.group(4)) if int(times.group(3)) < 24 else 59)
            if closes > opens:
                openings.extend(WeeklyOpening(d, opens, closes) for d in range(first, last + 1))
    return tuple(openings)


def pharmacies() -> DirectoryBatch:
    batch = DirectoryBatch(OSM_PHARMACIES)
    with (DATA_DIR / "wallonia_pharmacies_osm_2026-07-01.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            key = f"{row['lat']}|{row['lon']}|{row['name']}"
            org_id, loc_id = _id("osm-org", key), _id("osm-loc", key)
            name = row["name"] or "Pharmacie"
            batch.organizations.append(
                Organization(org_id, name, f"Pharmacie {name}", website=row["website"])
            )
            street = " ".join(p for p in (row["street"], row["housenumber"]) if p)
            batch.locations.append(
                Location(
                    loc_id,
                    org_id,
                    name,
                    float(row["lat"]),
                    float(row["lon"]),
                    address_1=street,
                    postal_code=row["postcode"],
                    city=row["city"] or row["commune_fr"],
                    refnis=row["nis_2025"],
                )
            )
            batch.services.append(
                Service(
                    _id("osm-svc", key),
                    org_id,
                    name,
                    description="Officine ouverte au public.",
                    terms=("pharmacie",),
                    openings=parse_osm_hours(row["osm_opening_hours"]),
                    location_ids=(loc_id,),
                    phones=(row["phone"],) if row["phone"] else (),
                    last_verified=date(2026, 7, 1),
                    url=row["website"],
                    alternate_name=row["brand"],
                )
            )
    return batch


def hospitals() -> DirectoryBatch:
    batch = DirectoryBatch(GISCO_HOSPITALS)
    with (DATA_DIR / "wallonia_hospital_sites_gisco_2020.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            org_id = _id("gisco-org", row["hospital_name"])
            loc_id = _id("gisco-loc", row["id"])
            if org_id not in {o.id for o in batch.organizations}:
                batch.organizations.append(
                    Organization(
                        org_id,
                        row["hospital_name"].title(),
                        f"Institution hospitalière {row['hospital_name'].title()}",
                        website=row["url"],
                    )
                )
            site = (row["site_name"] or row["hospital_name"]).title()
            batch.locations.append(
                Location(
                    loc_id,
                    org_id,
                    site,
                    float(row["lat"]),
                    float(row["lon"]),
                    address_1=" ".join(
                        p for p in (row["street"].title(), row["house_number"]) if p
                    ),
                    postal_code=row["postcode"],
                    city=row["city"].title(),
                    refnis=row["nis_2025"],
                )
            )
            terms = ["hopital-general"]
            if row["emergency"] == "yes":
                terms.append("service-urgences")
            beds = f" {row['cap_beds']} lits." if row["cap_beds"] else ""
            batch.services.append(
                Service(
                    _id("gisco-svc", row["id"]),
                    org_id,
                    site,
                    description=f"{row['facility_type'] or 'Site hospitalier'}.{beds}",
                    terms=tuple(terms),
                    location_ids=(loc_id,),
                    phones=(row["tel"],) if row["tel"] else (),
                    last_verified=date(2020, 2, 1),
                    url=row["url"],
                )
            )
    return batch


# Demonstration content: service types with no open list, and how many per inhabitants.
# One GP practice per 1,050 inhabitants (≈ 9.5 per 10,000): the order of magnitude of the
# published GP densities in Wallonia (see DEMO_DENSITIES in reference/sources.py), so that
# the shortage rules give plausible answers on demo data. Other types are not calibrated.
GP_INHABITANTS = 1050
DEMO_TYPES: tuple[tuple[str, str, int, Cost], ...] = (
    ("medecin-generaliste", "Cabinet de médecine générale", GP_INHABITANTS, Cost.LOW),
    ("maison-medicale", "Maison médicale", 25000, Cost.FREE),
    ("infirmier-domicile", "Soins infirmiers à domicile", 6000, Cost.LOW),
    ("kinesitherapeute", "Cabinet de kinésithérapie", 5000, Cost.LOW),
    ("service-sante-mentale", "Service de santé mentale", 60000, Cost.LOW),
    ("planning-familial", "Centre de planning familial", 45000, Cost.FREE),
    ("aide-familles-aines", "Service d'aide aux familles et aux aînés", 30000, Cost.LOW),
    ("consultation-one", "Consultation ONE", 12000, Cost.FREE),
    ("maison-repos", "Maison de repos et de soins", 9000, Cost.PAID),
)
FIRST_NAMES = (
    "des Tilleuls",
    "du Centre",
    "de la Gare",
    "du Parc",
    "des Près",
    "Saint-Roch",
    "de la Source",
    "du Moulin",
    "des Hirondelles",
    "de la Place",
    "du Marché",
    "des Écoles",
    "de l'Église",
    "du Château",
    "des Acacias",
)
STREETS = (
    "Rue de la Station",
    "Rue du Centre",
    "Grand-Route",
    "Rue de l'Église",
    "Avenue des Combattants",
    "Place communale",
    "Rue Haute",
    "Chaussée de Namur",
    "Rue du Moulin",
    "Rue des Écoles",
)
LANGUAGE_SETS = (("fr",), ("fr",), ("fr",), ("fr", "nl"), ("fr", "en"), ("fr", "de"))


def _random_point(rng: random.Random, shape: BaseGeometry) -> tuple[float, float]:
    minx, miny, maxx, maxy = shape.bounds
    for _attempt in range(200):
        lon, lat = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if shape.contains(Point(lon, lat)):
            return lat, lon
    centre = shape.representative_point()
    return centre.y, centre.x


def demo(
    communes: Mapping[str, str],
    populations: Mapping[str, int],
    shapes: Mapping[str, BaseGeometry],
    german: set[str],
    seed: int = 2025,
    scale: float = 1.0,
    source: DirectorySource = DEMO,
) -> DirectoryBatch:
    """Fictitious services spread in proportion to population; deterministic per seed.

    ``scale`` multiplies the density (the benchmark uses it to reach 50,000 services);
    any source other than the demo one gets identifiers of its own, so both can coexist.
    """
    if not source.is_demo:
        raise ValueError("generated services must come from a source labelled as demo")
    rng = random.Random(seed)
    batch = DirectoryBatch(source)
    prefix = "" if source == DEMO else source.key + "|"
    for refnis in sorted(communes):
        name = re.sub(r"\s*\(.*\)$", "", communes[refnis])
        shape = shapes[refnis]
        for record in _cpas(refnis, name, shape, rng, refnis in german, prefix):
            _add(batch, *record)
        for code, label, per, cost in DEMO_TYPES:
            expected = populations.get(refnis, 0) * scale / per
            count = int(expected) + (1 if rng.random() < expected - int(expected) else 0)
            for n in range(count):
                lat, lon = _random_point(rng, shape)
                title = f"{label} {rng.choice(FIRST_NAMES)} ({name})"
                key = f"{prefix}{code}|{refnis}|{n}"
                languages = ("de", "fr") if refnis in german else rng.choice(LANGUAGE_SETS)
                days = 5 if code != "maison-repos" else 7
                openings = tuple(
                    WeeklyOpening(
                        d, time(8 + rng.choice((0, 1)), 0), time(rng.choice((16, 17, 18, 19)), 0)
                    )
                    for d in range(days)
                )
                org = Organization(
                    _id("demo-org", key),
                    title,
                    f"{label} à {name} (organisation fictive de démonstration).",
                )
                loc = Location(
                    _id("demo-loc", key),
                    org.id,
                    title,
                    round(lat, 6),
                    round(lon, 6),
                    address_1=f"{rng.choice(STREETS)} {rng.randint(1, 180)}",
                    city=name,
                    refnis=refnis,
                    pmr_accessible=rng.random() < 0.6,
                )
                service = Service(
                    _id("demo-svc", key),
                    org.id,
                    title,
                    description=f"{label} (données de démonstration, non officielles).",
                    terms=(code,),
                    cost=cost,
                    languages=languages,
                    openings=openings,
                    location_ids=(loc.id,),
                    phones=(f"+32 {rng.randint(10, 99)} {rng.randint(100000, 999999)}",),
                    last_verified=date(2025, rng.randint(1, 12), rng.randint(1, 28))
                    if rng.random() < 0.8
                    else date(2023, rng.randint(1, 12), 15),
                    area_communes=(refnis,),
                )
                _add(batch, org, loc, service)
    return batch


def _cpas(
    refnis: str, name: str, shape: BaseGeometry, rng: random.Random, german: bool, prefix: str = ""
) -> Iterator[tuple[Organization, Location, Service]]:
    """One CPAS per commune is a fact; its address here is not (demonstration data)."""
    lat, lon = _random_point(rng, shape)
    title = f"ÖSHZ {name}" if german else f"CPAS de {name}"
    key = f"{prefix}cpas|{refnis}"
    org = Organization(
        _id("demo-org", key),
        title,
        f"Centre public d'action sociale de {name} (fiche de démonstration).",
    )
    loc = Location(
        _id("demo-loc", key),
        org.id,
        title,
        round(lat, 6),
        round(lon, 6),
        address_1="Adresse de démonstration",
        city=name,
        refnis=refnis,
        pmr_accessible=True,
    )
    service = Service(
        _id("demo-svc", key),
        org.id,
        f"Service social — {title}",
        description="Aide sociale, revenu d'intégration, accès aux droits (données de "
        "démonstration, non officielles).",
        terms=("cpas",),
        cost=Cost.FREE,
        languages=("de", "fr") if german else ("fr",),
        openings=tuple(WeeklyOpening(d, time(9, 0), time(12, 0)) for d in range(5)),
        location_ids=(loc.id,),
        area_communes=(refnis,),
        last_verified=date(2025, 6, 1),
        eligibility_description="Habitants de la commune.",
    )
    yield org, loc, service


def _add(batch: DirectoryBatch, org: Organization, loc: Location, service: Service) -> None:
    batch.organizations.append(org)
    batch.locations.append(loc)
    batch.services.append(service)
