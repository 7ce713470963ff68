"""Territory profiles: everything a facilitator prints for a meeting, for any territory.

A profile gathers the indicators (with their benchmarks and trends), the age structure,
the offer, the warm observations of the territory and of those it contains, a map and the
provenance of every figure. An ad-hoc profile does the same for any set of communes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from maillage.analysis import classes
from maillage.analysis.geometry import from_geojson, touching
from maillage.domain.indicators import SmallNumbers
from maillage.domain.territory import AGE_BANDS, REGION_CODE, Level, outside_reform_label
from maillage.errors import InvalidInput
from maillage.i18n import gettext as _
from maillage.reference.sources import BOUNDARIES_2025, POPULATION_AGE_SEX, POPULATION_TOTALS
from maillage.services import indicators, observations, territories
from maillage.services.indicators import ProfileLine
from maillage.services.observations import WarmObservation
from maillage.services.platform import Platform
from maillage.services.territories import Source, zoning_hierarchy
from maillage.store import territories as store

MAX_ADHOC_COMMUNES = 262


@dataclass(frozen=True)
class ChoroplethData:
    indicator_id: str
    indicator_name: str
    unit: str
    period: str
    shapes: list[tuple[str, str, dict[str, Any]]]  # code, name, GeoJSON geometry
    classes: dict[str, int | None]
    breaks: list[float]
    highlight: set[str]
    is_demo: bool
    # German-language communes touching the map, greyed as outside the reform (code, label,
    # geometry)
    outside: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)


@dataclass(frozen=True)
class Profile:
    code: str
    name: str
    level: Level | None  # None for an ad-hoc group of communes
    population: int
    population_year: int
    communes: list[str]
    commune_names: dict[str, str]
    parent_name: str | None
    zoning_label: str
    zoning_is_official: bool
    lines: list[ProfileLine]
    age_bands: list[tuple[str, int]]
    region_age_bands: dict[str, int]
    observations: list[WarmObservation]
    sources: list[Source]
    small_number_rule: str
    public: bool
    choropleth: ChoroplethData | None = None
    ancestors: list[tuple[str, str]] = field(default_factory=list)

    @property
    def themes(self) -> list[tuple[str, list[ProfileLine]]]:
        grouped: dict[str, list[ProfileLine]] = {}
        for line in self.lines:
            grouped.setdefault(line.indicator.theme or "autres", []).append(line)
        return list(grouped.items())

    @property
    def offer(self) -> list[ProfileLine]:
        return [line for line in self.lines if line.indicator.theme == "offre"]

    @property
    def uses_demo(self) -> bool:
        return any(line.indicator.is_demo for line in self.lines)


def parse_communes(platform: Platform, text: str) -> list[str]:
    """Commune codes from a pasted list (REFNIS codes or names, separated freely)."""
    with platform.reading() as session:
        names = store.commune_names(session)
        changes = store.code_changes(session)
    by_name = {name.casefold(): code for code, name in names.items()}
    found: list[str] = []
    unknown: list[str] = []
    for token in [t.strip() for t in text.replace(";", ",").replace("\n", ",").split(",")]:
        if not token:
            continue
        code = token if token in names else changes.get(token) or by_name.get(token.casefold())
        if code is None:
            unknown.append(token)
        elif code not in found:
            found.append(code)
    if unknown:
        raise InvalidInput(_("Unknown communes: {items}").format(items=", ".join(unknown)))
    if not found:
        raise InvalidInput(_("Choose at least one commune."))
    if len(found) > MAX_ADHOC_COMMUNES:
        raise InvalidInput(_("At most {count} communes.").format(count=MAX_ADHOC_COMMUNES))
    return found


def profile(
    platform: Platform,
    code: str,
    *,
    public: bool = True,
    internal: bool = False,
    map_indicator: str | None = None,
) -> Profile:
    """The profile of a commune, bassin, OLS or the region in the active zoning."""
    detail = territories.territory_detail(platform, code)
    communes = territories.communes_of(platform, code)
    lines = indicators.profile_lines(platform, code, public)
    parent = detail.ancestors[-1].name if detail.ancestors else None
    map_communes = communes
    # A commune is mapped among its neighbours: its bassin's communes, or its OLS's when the
    # bassin is (almost) the commune alone.
    for ancestor in reversed(detail.ancestors[1:]) if len(communes) == 1 else ():
        map_communes = territories.communes_of(platform, ancestor.code)
        if len(map_communes) >= 3:
            break
    return _assemble(
        platform,
        code,
        detail.territory.name,
        detail.territory.level,
        detail.territory.population,
        communes,
        parent,
        lines,
        public,
        observations.for_territory(platform, code, internal),
        map_indicator,
        map_communes,
        [(a.code, a.name) for a in detail.ancestors],
    )


def adhoc_profile(
    platform: Platform,
    communes: list[str],
    *,
    public: bool = True,
    internal: bool = False,
    map_indicator: str | None = None,
) -> Profile:
    """The profile of any group of communes, compared with the region."""
    lines = indicators.profile_lines(platform, indicators.ADHOC, public, communes)
    with platform.reading() as session:
        tree = zoning_hierarchy(platform, session, None, None)[2]
        population = sum(tree.get(c).population for c in communes)
    name = _("Ad-hoc territory ({count} communes)").format(count=len(communes))
    return _assemble(
        platform,
        indicators.ADHOC,
        name,
        None,
        population,
        communes,
        None,
        lines,
        public,
        observations.for_territory(platform, REGION_CODE, internal, communes),
        map_indicator,
        communes,
        [],
    )


def _assemble(
    platform: Platform,
    code: str,
    name: str,
    level: Level | None,
    population: int,
    communes: list[str],
    parent: str | None,
    lines: list[ProfileLine],
    public: bool,
    warm: list[WarmObservation],
    map_indicator: str | None,
    map_communes: list[str],
    ancestors: list[tuple[str, str]],
) -> Profile:
    with platform.reading() as session:
        zoning, year, tree = zoning_hierarchy(platform, session, None, None)
        names = {c: tree.get(c).name for c in communes}
        bands = {band: 0 for band in AGE_BANDS}
        region_bands = {band: 0 for band in AGE_BANDS}
        wanted = set(communes)
        reform = set(tree.communes_of(REGION_CODE))  # the region compared with, not all Wallonia
        for commune, counts in territories.age_structure(platform, session).items():
            for band, count in counts.items():
                if commune in reform:
                    region_bands[band] += count
                if commune in wanted:
                    bands[band] += count
        # Indicators carry their own source and licence; these are the profile's own figures.
        sources = territories.sources_of(
            session, [POPULATION_TOTALS.key, POPULATION_AGE_SEX.key, BOUNDARIES_2025.key]
        )
    choropleth = _choropleth(
        platform,
        lines,
        map_indicator,
        map_communes,
        {code} if level is Level.COMMUNE else set(communes) if map_communes != communes else set(),
        public,
    )
    return Profile(
        code=code,
        name=name,
        level=level,
        population=population,
        population_year=year,
        communes=communes,
        commune_names=names,
        parent_name=parent,
        zoning_label=zoning.name,
        zoning_is_official=zoning.kind == "official",
        lines=lines,
        age_bands=[(b, bands[b]) for b in AGE_BANDS],
        region_age_bands=region_bands,
        observations=warm,
        sources=sources,
        small_number_rule=SmallNumbers(platform.settings.small_number_threshold).rule(),
        public=public,
        choropleth=choropleth,
        ancestors=ancestors,
    )


def commune_shapes(platform: Platform) -> dict[str, tuple[str, dict[str, Any]]]:
    """Simplified commune outlines for maps drawn on the server, read once."""

    def build() -> dict[str, tuple[str, dict[str, Any]]]:
        with platform.reading() as session:
            return {
                c.refnis: (c.name_fr, json.loads(c.map_geometry))
                for c in store.communes(session)
                if c.map_geometry
            }

    return platform.remember(("commune-shapes",), build)


def _choropleth(
    platform: Platform,
    lines: list[ProfileLine],
    wanted: str | None,
    communes: list[str],
    highlight: set[str],
    public: bool,
) -> ChoroplethData | None:
    mappable = [line for line in lines if line.indicator.level == "commune"]
    if not mappable:
        return None
    chosen = next((line for line in mappable if line.indicator.id == wanted), None)
    if chosen is None:
        chosen = next(
            (line for line in mappable if line.indicator.id == "pop-80plus-pct"), mappable[0]
        )
    indicator, period, found = indicators.commune_values(
        platform, chosen.indicator.id, communes, public
    )
    values = {c: e.value for c, e in found.items() if e.value is not None and not e.suppressed}
    scheme = classes.quantiles(values)
    shapes = commune_shapes(platform)
    return ChoroplethData(
        indicator.id,
        indicator.name,
        indicator.unit,
        period,
        [(c, shapes[c][0], shapes[c][1]) for c in communes if c in shapes],
        {c: scheme.of.get(c) for c in communes},
        scheme.breaks,
        highlight,
        indicator.is_demo,
        _outside_touching(platform, communes),
    )


def _outside_touching(
    platform: Platform, communes: list[str]
) -> list[tuple[str, str, dict[str, Any]]]:
    """The German-language communes bordering the mapped *communes*, with those beyond them:
    drawn greyed, so that a map of the region or of an eastern OLS shows no hole there."""
    shapes = commune_shapes(platform)
    outside = {c: name for c, name in territories.outside_reform(platform).items() if c in shapes}
    drawn = [from_geojson(shapes[c][1]) for c in communes if c in shapes and c not in outside]
    if not outside or not drawn:
        return []
    candidates = {c: from_geojson(shapes[c][1]) for c in outside}
    found: list[str] = []
    reached = touching(candidates, drawn)
    while reached:  # and the German-language communes beyond them: no holes in the map
        found += reached
        rest = {c: g for c, g in candidates.items() if c not in found}
        reached = touching(rest, [candidates[c] for c in reached]) if rest else []
    return [(c, f"{outside[c]} — {outside_reform_label()}", shapes[c][1]) for c in sorted(found)]
