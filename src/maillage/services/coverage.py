"""Coverage of the offer: services of each type per territory, per 10,000 inhabitants.

A service counts once in a territory when at least one of its locations lies there.
Demonstration records are counted apart so that a page can say how much of a figure
they make up; "zones blanches" are territories with none of a type.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import select

from maillage.analysis import classes
from maillage.domain.actors import Actor
from maillage.domain.indicators import Indicator, Kind, Polarity
from maillage.domain.territory import Level
from maillage.errors import InvalidInput
from maillage.i18n import gettext as _
from maillage.reference.indicator_catalogue import CatalogueEntry
from maillage.services import directory, indicator_loading
from maillage.services.platform import Platform
from maillage.services.territories import zoning_hierarchy
from maillage.store import directory as directory_store
from maillage.store.directory_tables import (
    ServiceRow,
    ServiceTermRow,
)
from maillage.tabular import excel_csv, spreadsheet


@dataclass(frozen=True)
class CoverageRow:
    code: str
    name: str
    parent: str | None
    population: int
    services: int
    demo: int
    density: float | None  # per 10,000 inhabitants
    density_class: int | None = None


@dataclass(frozen=True)
class Coverage:
    term: str
    term_name: str
    level: Level
    population_year: int
    rows: list[CoverageRow]
    breaks: list[float] = field(default_factory=list)
    method: str = ""

    @property
    def blank(self) -> list[CoverageRow]:
        """Zones blanches: territories with no service of this type."""
        return [r for r in self.rows if r.services == 0]

    @property
    def demo_share(self) -> float:
        total = sum(r.services for r in self.rows)
        return sum(r.demo for r in self.rows) / total if total else 0.0


def coverage(
    platform: Platform, term: str, level: Level = Level.BASSIN, class_count: int = 5
) -> Coverage:
    """Counts and densities of *term* (a type or a whole sector) for every territory."""
    if level is Level.REGION:
        raise InvalidInput(_("Coverage is computed per commune, bassin or OLS."))
    with platform.reading() as session:
        _zoning, year, tree = zoning_hierarchy(platform, session, None, None)
        codes = directory.expand_terms(platform, session, (term,))
        names = directory.term_names(platform, session)
        sites = directory_store.service_sites(session, codes)
    found: dict[str, dict[str, bool]] = {}
    for site in sites:
        if site.refnis is None or site.refnis not in tree:
            continue
        territory = (
            tree.get(site.refnis)
            if level is Level.COMMUNE
            else tree.ancestor_at(site.refnis, level)
        )
        if territory is not None:
            found.setdefault(territory.code, {})[site.service_id] = site.is_demo
    table = []
    for t in tree.at_level(level):
        if tree.commune_of_part(t.code) is not None:
            continue  # a part of a split commune: its services are located by commune only
        services = found.get(t.code, {})
        parent = tree.parent(t.code)
        density = len(services) / t.population * 10000 if t.population else None
        table.append(
            CoverageRow(
                t.code,
                t.name,
                parent.name if parent else None,
                t.population,
                len(services),
                sum(services.values()),
                density,
            )
        )
    breaks, method, table = _classify(table, class_count)
    return Coverage(term, names.get(term, term), level, year, table, breaks, method)


def _classify(table: list[CoverageRow], k: int) -> tuple[list[float], str, list[CoverageRow]]:
    """Quantile classes of density (analysis.classes), for the choropleth legend."""
    found = classes.quantiles({r.code: r.density for r in table if r.density is not None}, k)
    if not found.breaks:
        return [], "", table
    classified = [replace(r, density_class=found.of.get(r.code)) for r in table]
    return found.breaks, _("quantiles ({k} classes)").format(k=found.k), classified


def to_csv(result: Coverage, excel: bool = True) -> bytes:
    header = [
        "code",
        "territoire",
        "parent",
        "population",
        "services",
        "dont_demonstration",
        "pour_10000_habitants",
        "zone_blanche",
        "type",
    ]
    rows = [
        [
            r.code,
            r.name,
            r.parent or "",
            r.population,
            r.services,
            r.demo,
            ""
            if r.density is None
            else excel_csv.decimal(r.density, 2)
            if excel
            else f"{r.density:.4f}",
            "oui" if r.services == 0 else "non",
            result.term,
        ]
        for r in result.rows
    ]
    return spreadsheet.csv_bytes([header, *rows], excel)


# Service types whose density per 10,000 inhabitants enters the indicator catalogue.
OFFER_TYPES = (
    "pharmacie",
    "medecin-generaliste",
    "maison-medicale",
    "infirmier-domicile",
    "kinesitherapeute",
    "cpas",
)


def offer_entries(platform: Platform, period: str) -> list[CatalogueEntry]:
    """Offer indicators from the directory as it stands: one per service type.

    An indicator counts as demonstration content when any of its services is one, so a
    profile never shows invented offer as real.
    """
    with platform.reading() as session:
        sources = {k: (r.name, r.licence) for k, r in directory_store.source_rows(session).items()}
        known = directory.term_names(platform, session)
    entries: list[CatalogueEntry] = []
    for term in OFFER_TYPES:
        if term not in known:
            continue
        result = coverage(platform, term, Level.COMMUNE)
        if not any(r.services for r in result.rows):
            continue
        used = _sources_of(platform, term)
        demo = any(r.demo for r in result.rows)
        rows = [
            (
                line,
                {
                    "refnis": r.code,
                    "period": period,
                    "numerator": str(r.services),
                    "denominator": str(r.population),
                },
            )
            for line, r in enumerate(result.rows, start=2)
            if r.population
        ]
        indicator = Indicator(
            f"offre-{term}",
            _("{type} per 10,000 inhabitants").format(type=result.term_name),
            _(
                "Services of type « {type} » in the directory with a location in the territory, "
                "per 10,000 inhabitants ({year})."
            ).format(type=result.term_name, year=result.population_year),
            Kind.RATE,
            Polarity.HIGHER_IS_BETTER,
            unit=_("per 10,000"),
            multiplier=10_000,
            numerator=_(
                "active services of this type (one per service, whatever its number of sites)"
            ),
            denominator=_("population on 1 January {year}").format(year=result.population_year),
            source="; ".join(sources[k][0] for k in used if k in sources),
            licence="; ".join(sources[k][1] for k in used if k in sources),
            years=period,
            theme="offre",
            is_demo=demo,
            small_numbers_apply=False,
            caveats=(
                _("Includes demonstration records: not an official count.")
                if demo
                else _("As complete as the directory's sources; not an official register.")
            ),
        )
        entries.append(CatalogueEntry(indicator, rows, "directory"))
    return entries


def _sources_of(platform: Platform, term: str) -> list[str]:
    with platform.reading() as session:
        codes = directory.expand_terms(platform, session, (term,))
        return sorted(
            session.scalars(
                select(ServiceRow.source_key)
                .join(ServiceTermRow, ServiceTermRow.service_id == ServiceRow.id)
                .where(ServiceTermRow.term_code.in_(codes))
                .distinct()
            )
        )


def refresh_offer_indicators(
    platform: Platform, actor: Actor | None = None, period: str | None = None
) -> int:
    """Recompute the offer indicators from the directory; returns how many were written."""
    period = period or str(date.today().year)
    entries = offer_entries(platform, period)
    with platform.transaction(actor) as session:
        indicator_loading.load_catalogue(platform, session, entries)
    return len(entries)
