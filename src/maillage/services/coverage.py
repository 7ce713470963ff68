"""Coverage of the offer: services of each type per territory, per 10,000 inhabitants.

A service counts once in a territory when at least one of its locations lies there.
Demonstration records are counted apart so that a page can say how much of a figure
they make up; "zones blanches" are territories with none of a type.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import mapclassify
import numpy as np
from sqlalchemy import select

from maillage.domain.territory import Level
from maillage.errors import UserError
from maillage.i18n import gettext as _
from maillage.services import directory
from maillage.services.platform import Platform
from maillage.services.territories import _tree
from maillage.store.directory_tables import (
    DirectorySourceRow,
    LocationRow,
    ServiceAtLocationRow,
    ServiceRow,
    ServiceTermRow,
)


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


def coverage(platform: Platform, term: str, level: Level = Level.BASSIN,
             classes: int = 5) -> Coverage:
    """Counts and densities of *term* (a type or a whole sector) for every territory."""
    if level is Level.REGION:
        raise UserError(_("Coverage is computed per commune, bassin or OLS."))
    with platform.reading() as session:
        _zoning, year, tree = _tree(platform, session, None, None)
        codes = directory.expand_terms(platform, session, (term,))
        names = directory.term_names(platform, session)
        rows = session.execute(
            select(LocationRow.refnis, ServiceRow.id, DirectorySourceRow.is_demo)
            .join(ServiceAtLocationRow, ServiceAtLocationRow.service_id == ServiceRow.id)
            .join(LocationRow, LocationRow.id == ServiceAtLocationRow.location_id)
            .join(ServiceTermRow, ServiceTermRow.service_id == ServiceRow.id)
            .join(DirectorySourceRow, DirectorySourceRow.key == ServiceRow.source_key)
            .where(ServiceTermRow.term_code.in_(codes), ServiceRow.merged_into.is_(None),
                   ServiceRow.status == "active", LocationRow.refnis.is_not(None))
            .distinct()).all()
    found: dict[str, dict[str, bool]] = {}
    for refnis, service_id, is_demo in rows:
        if refnis is None or refnis not in tree:
            continue
        territory = tree.get(refnis) if level is Level.COMMUNE else tree.ancestor_at(refnis,
                                                                                     level)
        if territory is not None:
            found.setdefault(territory.code, {})[service_id] = bool(is_demo)
    table = []
    for t in tree.at_level(level):
        services = found.get(t.code, {})
        parent = tree.parent(t.code)
        density = len(services) / t.population * 10000 if t.population else None
        table.append(CoverageRow(t.code, t.name, parent.name if parent else None, t.population,
                                 len(services), sum(services.values()), density))
    breaks, method, table = _classify(table, classes)
    return Coverage(term, names.get(term, term), level, year, table, breaks, method)


def _classify(table: list[CoverageRow], classes: int
              ) -> tuple[list[float], str, list[CoverageRow]]:
    """Quantile classes of density (mapclassify), for the choropleth legend."""
    values = np.array([r.density for r in table if r.density is not None], dtype=float)
    if len(values) == 0 or len(set(values.tolist())) < 2:
        return [], "", table
    k = max(2, min(classes, len(set(values.tolist()))))
    scheme = mapclassify.Quantiles(values, k=k)
    bins = [float(b) for b in scheme.bins]
    classified = []
    for r in table:
        index = None
        if r.density is not None:
            index = int(np.searchsorted(np.array(bins), r.density, side="left"))
        classified.append(CoverageRow(**{**r.__dict__, "density_class": index}))
    return bins, _("quantiles ({k} classes, mapclassify)").format(k=len(bins)), classified


def to_csv(result: Coverage, excel: bool = True) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if excel else ",")
    writer.writerow(["code", "territoire", "parent", "population", "services",
                     "dont_demonstration", "pour_10000_habitants", "zone_blanche", "type"])
    for r in result.rows:
        writer.writerow([r.code, r.name, r.parent or "", r.population, r.services, r.demo,
                         "" if r.density is None else f"{r.density:.2f}".replace(".", ",")
                         if excel else f"{r.density:.4f}",
                         "oui" if r.services == 0 else "non", result.term])
    return ("\ufeff" if excel else "").encode() + buffer.getvalue().encode("utf-8")
