"""Response shapes of the API, documented field by field for the OpenAPI description."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field

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
