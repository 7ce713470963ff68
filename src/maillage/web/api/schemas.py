"""Shapes of the API, documented for the OpenAPI description.

A response is read from the service's own record (``from_attributes``: attributes of the
same name, ``Model.model_validate(record)``), never copied field by field; where the
service's dataclass is the shape itself (``AuditEvent``), it is the response model. Bodies
that a page's form also sends declare their fields once, in a base both share.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from maillage.domain.access import Role
from maillage.domain.territory import Level, ZoningKind
from maillage.web.params import Version, VersionOrNew


class TerritoryRef(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str = Field(description="REFNIS code (commune, region) or zone code (bassin, OLS).")
    level: Level
    name: str
    population: int = Field(description="Inhabitants on 1 January of population_year.")


class TerritoryItem(TerritoryRef):
    parent: TerritoryRef | None = None


class SectorImportOut(BaseModel):
    sectors: int = Field(description="Walloon sectors stored (new or updated).")
    with_population: int
    skipped: int = Field(description="Sectors of communes outside Wallonia, left out.")
    year: int | None


class ZoningOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    kind: ZoningKind = Field(description="official, proposal (computed) or draft.")
    label: str = Field(description="How the zoning must be labelled wherever it is shown.")
    is_official: bool
    is_active: bool
    valid_from: date
    bassins: int
    ols: int
    method: str
    provenance: str
    report: dict[str, Any]


class ZoningMoveOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    commune: str = Field(description="NIS code of the commune that changes bassin.")
    before: str = Field(description="Its bassin in the active zoning.")
    after: str = Field(description="Its bassin in the file.")
    population: int


class CodeConversionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    line: int
    old: str
    new: str


class ZoningPreviewOut(BaseModel):
    """What a zoning file would store, and how it differs from the active zoning."""

    model_config = ConfigDict(from_attributes=True)

    name: str
    kind: ZoningKind
    label: str
    valid_from: date
    provenance: str
    communes: int
    bassins: int
    ols: int
    bassin_population: tuple[int, int] = Field(description="Smallest and largest bassin.")
    ols_population: tuple[int, int] = Field(description="Smallest and largest OLS.")
    non_contiguous: list[tuple[str, str]] = Field(
        description="Bassins whose communes do not touch, as [code, name]."
    )
    conversions: list[CodeConversionOut]
    active: ZoningOut | None = Field(description="The active zoning the moves are against.")
    moves: list[ZoningMoveOut]
    moved_population: int


class SourceOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    key: str
    title: str
    publisher: str
    licence: str
    year: str
    origin: str
    note: str


class SectorSummaryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    sectors: int = Field(description="Statistical sectors loaded.")
    communes: int = Field(description="Communes covered by at least one sector.")
    with_population: int = Field(description="Sectors whose population is known.")
    population: int = Field(description="Inhabitants of the sectors with a population.")
    population_years: list[int] = Field(description="Years of the sectors' populations.")
    source: SourceOut | None = Field(description="Provenance of the last import.")


class TerritoryList(BaseModel):
    level: Level
    population_year: int
    zoning: ZoningOut
    count: int
    total_population: int
    territories: list[TerritoryItem]


class AgeBand(BaseModel):
    band: str
    count: int


class PopulationBreakdown(BaseModel):
    year: int
    male: int | None
    female: int | None
    age_bands: list[AgeBand]


class TerritoryDetailOut(TerritoryRef):
    population_year: int
    zoning: ZoningOut
    parent: TerritoryRef | None
    ancestors: list[TerritoryRef]
    children: list[TerritoryRef]
    commune_count: int
    share_of_region: float
    area_km2: float | None
    names: dict[str, str]
    admin: dict[str, str]
    german_speaking: bool
    in_reform: bool = True
    status: str = ""
    population_trend: dict[int, int]
    population_breakdown: PopulationBreakdown | None
    sources: list[SourceOut]


class ErrorBody(BaseModel):
    type: str
    message: str
    details: list[str] | None = None


class ErrorOut(BaseModel):
    error: ErrorBody


class GrantOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    role: Role
    scope: str = Field(
        description="Territory code: a bassin or OLS code, or 03000 (region).", max_length=24
    )


class PersonOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    display_name: str
    is_active: bool
    version: int = Field(description="Send it back with an update: a stale one answers 409.")
    grants: list[GrantOut]


class MeOut(PersonOut):
    csrf_token: str | None = Field(
        description="For unsafe requests made with the browser session (X-CSRF-Token)."
    )


class PersonIn(BaseModel):
    email: str = Field(max_length=254)
    display_name: str = Field(min_length=1, max_length=200)
    password: str | None = Field(default=None, min_length=12, max_length=1024)


class PersonPatch(BaseModel):
    version: Version
    display_name: str | None = Field(default=None, min_length=1, max_length=200)
    is_active: bool | None = None


class SheetOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    zoning_id: int
    presentation: str
    contact: str
    website: str
    internal_note: str | None = Field(description="Only for members whose scope covers it.")
    version: int
    updated_at: datetime | None


class SheetIn(BaseModel):
    version: VersionOrNew
    presentation: str | None = Field(default=None, max_length=5000)
    contact: str | None = Field(default=None, max_length=254)
    website: str | None = Field(default=None, max_length=254)
    internal_note: str | None = Field(default=None, max_length=5000)


class TokenIn(BaseModel):
    name: str = Field(min_length=1, max_length=100)


class TokenOut(BaseModel):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked: bool


class NewTokenOut(TokenOut):
    secret: str = Field(description="Shown once: keep it; only its hash is stored.")


class TermRef(BaseModel):
    code: str
    name: str


class ServiceOut(BaseModel):
    """A service as listed in search results (HSDS fields flattened for display)."""

    id: str
    name: str
    organization: str
    description: str
    terms: list[TermRef]
    address: str
    commune: str | None
    latitude: float | None
    longitude: float | None
    distance_km: float | None = Field(description="From the point or commune searched near.")
    languages: list[str]
    cost: str = Field(description="free, low, paid or unknown.")
    pmr_accessible: bool
    phones: list[str]
    openings: list[list[Any]] = Field(description="[weekday 0=Monday, opens, closes].")
    source: str
    licence: str
    attribution: str
    is_demo: bool = Field(description="Demonstration data: never a real service.")
    last_verified: date | None
    stale: bool = Field(description="Not verified for more than 12 months.")
    internal_note: str | None = Field(
        None, description="Internal field, only for logged-in actors."
    )


class ServicePageOut(BaseModel):
    total: int
    page: int
    per_page: int
    services: list[ServiceOut]


class ServiceDetailOut(BaseModel):
    service: ServiceOut
    hsds: dict[str, Any] = Field(description="The compiled HSDS 3.0 service record.")
    merged_into: str | None = None


class TaxonomyTermOut(BaseModel):
    code: str
    parent: str | None
    kind: str = Field(description="sector or service_type.")
    name: str
    name_nl: str
    name_de: str
    description: str


class CoverageRowOut(BaseModel):
    code: str
    name: str
    parent: str | None
    population: int
    services: int
    demo: int = Field(description="How many of the services are demonstration records.")
    density: float | None = Field(description="Services per 10,000 inhabitants.")
    density_class: int | None


class CoverageOut(BaseModel):
    type: str
    type_name: str
    level: Level
    population_year: int
    breaks: list[float]
    method: str
    blank: list[str] = Field(description="Zones blanches: codes of territories with none.")
    rows: list[CoverageRowOut]


class OrientationMatchOut(BaseModel):
    service: ServiceOut
    score: float
    reasons: list[str]
    warnings: list[str]


class OrientationOut(BaseModel):
    commune: str
    bassin: str | None
    considered: int
    matches: list[OrientationMatchOut]


class OrientationRequestIn(BaseModel):
    """Only these fields: anything else (a name, a register number…) is refused."""

    model_config = ConfigDict(extra="forbid")

    needs: list[str] = Field(min_length=1, max_length=20)
    commune: str = Field(max_length=5, pattern=r"^\d{5}$")
    language: str = Field("", max_length=8)
    mobility: str = Field("", max_length=16)
    cost: str = Field("", max_length=8)
    urgency: str = Field("", max_length=16)
    pmr: bool = False
    outcome: str = Field(
        max_length=24, description="oriented, no_suitable_service or referred_elsewhere."
    )
    matches: int = Field(0, ge=0, le=1000)
    service_id: str | None = Field(None, max_length=64)


class OrientationLoggedOut(BaseModel):
    id: int
    outcome: str


class IndicatorOut(BaseModel):
    id: str
    name: str = Field(description="French name.")
    definition: str
    kind: str = Field(description="proportion, rate, count, mean or ratio.")
    polarity: str = Field(description="higher_is_better, lower_is_better or neutral.")
    unit: str
    multiplier: float = Field(description="Values are numerator / denominator × multiplier.")
    numerator: str
    denominator: str
    source: str
    licence: str
    years: str
    level: str = Field(description="Level at which the data exist (usually commune).")
    caveats: str
    theme: str
    is_demo: bool = Field(description="Built from demonstration data: not a real figure.")
    age_standardised: bool = Field(description="Directly age-standardised (Dobson interval).")
    standard_name: str = Field(description="The standard population, when age-standardised.")
    standard_population: dict[str, float] = Field(
        description="Weight of each age band in the standard population."
    )
    periods: list[str]
    version: int


class IndicatorValueOut(BaseModel):
    code: str
    name: str
    level: Level
    numerator: float | None = Field(description="None when suppressed (small numbers).")
    denominator: float | None
    value: float | None
    ci_low: float | None = Field(description="95 % interval (Wilson, exact Poisson or Byar).")
    ci_high: float | None
    comparison: str = Field(
        description="Against the region: better, similar, worse or not_compared."
    )
    parent_comparison: str = Field(description="Against the parent territory.")
    suppressed: bool
    note: str = Field(
        default="",
        description="Set when the territory holds part of a split commune: commune-level "
        "data cannot be divided, and how the figure was made (see docs/indicators.md).",
    )


class WholeRegionValueOut(IndicatorValueOut):
    published: bool = Field(
        description="As published by the source (a 03000 row of the loaded file); "
        "otherwise computed exactly from the region's 261 communes."
    )


class IndicatorValuesOut(BaseModel):
    indicator: IndicatorOut
    level: Level
    period: str
    periods: list[str]
    region: IndicatorValueOut | None = Field(
        description="The reform's region (French-language region), computed from its communes."
    )
    whole_region: WholeRegionValueOut | None = Field(
        default=None,
        description="The whole Walloon Region, German-speaking Community included, when a "
        "source publishes it or every commune has a value; never the reform region's value.",
    )
    small_number_rule: str
    values: list[IndicatorValueOut]
    notes: dict[str, str] = Field(
        default_factory=dict,
        description="Territory code → the note of a territory holding part of a split "
        "commune, also for those left without a value (counts).",
    )


class ObservationFields(BaseModel):
    """What recording an observation writes: the JSON body and the page's form."""

    text: str = Field(min_length=1, max_length=4000)
    origin: str = Field(description="concertation_space, field or orientation_line.", max_length=24)
    themes: list[str] = Field(
        default_factory=list, max_length=12, description="Taxonomy sector codes."
    )
    indicator_id: str | None = Field(default=None, max_length=64)
    is_public: bool = False


class ObservationIn(ObservationFields):
    model_config = ConfigDict(extra="forbid")
    observed_on: date


class ObservationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    territory_name: str
    text: str
    observed_on: date
    origin: str
    themes: list[str]
    indicator_id: str | None
    author: str | None = Field(description="Shown to logged-in members only.")
    is_public: bool
    version: int


class CommuneAccessOut(BaseModel):
    code: str
    name: str
    bassin: str | None
    population: int
    services: float = Field(description="Supply units located in the commune.")
    ratio: float = Field(description="Services in the commune per 10,000 inhabitants.")
    access: float = Field(description="E2SFCA accessibility per 10,000 inhabitants.")
    need_access: float = Field(description="With need-weighted demand, per 10,000.")
    adequacy: float = Field(description="need_access relative to the region (1 = region).")
    shortage: str = Field(description="severe, shortage or none.")


class ZoneAccessOut(BaseModel):
    code: str
    name: str
    level: Level
    population: int
    access: float
    adequacy: float
    shortage_population: int


class AccessOut(BaseModel):
    label: str = Field(description="Computed proposal — never official.")
    type: str
    type_name: str
    radius_km: float
    steps: str
    preset: str | None
    preset_source: str | None
    demo_share: float = Field(description="Share of the supply that is demonstration data.")
    region_access: float
    communes: list[CommuneAccessOut]
    zones: list[ZoneAccessOut]


class AllocationRowOut(BaseModel):
    code: str
    name: str
    population: int
    need_index: float
    cents: dict[str, int] = Field(description="Amount per method, in cents.")
    rule_cents: int | None = Field(description="The 2025 OLS rule's amount (OLS level).")


class AllocationOut(BaseModel):
    label: str
    level: Level
    budget_cents: int
    floor_share: float
    need: dict[str, float]
    totals_cents: dict[str, int] = Field(description="Per method; always the budget.")
    rows: list[AllocationRowOut]
