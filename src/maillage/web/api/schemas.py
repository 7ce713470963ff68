"""Response shapes of the API, documented field by field for the OpenAPI description."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from maillage.domain.access import Role
from maillage.domain.territory import Level, ZoningKind


class TerritoryRef(BaseModel):
    code: str = Field(description="REFNIS code (commune, region) or zone code (bassin, OLS).")
    level: Level
    name: str
    population: int = Field(description="Inhabitants on 1 January of population_year.")


class TerritoryItem(TerritoryRef):
    parent: TerritoryRef | None = None


class ZoningOut(BaseModel):
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


class SourceOut(BaseModel):
    key: str
    title: str
    publisher: str
    licence: str
    year: str
    origin: str
    note: str


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
    role: Role
    scope: str = Field(description="Territory code: a bassin or OLS code, or 03000 (region).",
                       max_length=24)


class PersonOut(BaseModel):
    id: int
    email: str
    display_name: str
    is_active: bool
    version: int = Field(description="Send it back with an update: a stale one answers 409.")
    grants: list[GrantOut]


class MeOut(PersonOut):
    csrf_token: str | None = Field(
        description="For unsafe requests made with the browser session (X-CSRF-Token).")


class PersonIn(BaseModel):
    email: str = Field(max_length=254)
    display_name: str = Field(min_length=1, max_length=200)
    password: str | None = Field(default=None, min_length=12, max_length=1024)


class PersonPatch(BaseModel):
    version: int
    display_name: str | None = Field(default=None, min_length=1, max_length=200)
    is_active: bool | None = None


class SheetOut(BaseModel):
    code: str
    zoning_id: int
    presentation: str
    contact: str
    website: str
    internal_note: str | None = Field(description="Only for members whose scope covers it.")
    version: int
    updated_at: datetime | None


class SheetIn(BaseModel):
    version: int = Field(ge=0, description="The version read (0 when no sheet exists yet).")
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


class AuditEventOut(BaseModel):
    id: int
    at: datetime
    actor: str
    address: str
    action: str
    entity: str
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
