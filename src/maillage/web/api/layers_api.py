"""API: territorial layers of existing structures and their overlap with the zoning."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from maillage.domain.layers import LayerKind
from maillage.domain.territory import Level
from maillage.services import layers
from maillage.web.api import schemas
from maillage.web.params import RecordId
from maillage.web.security import permission, platform_of

router = APIRouter(
    prefix="/api/v1",
    tags=["layers"],
    responses={
        400: {"model": schemas.ErrorOut},
        404: {"model": schemas.ErrorOut},
        422: {"model": schemas.ErrorOut},
    },
)

OverlapLevel = Annotated[
    Literal["bassin", "ols"], Query(description="bassin or ols: the zones laid under the layer.")
]
ZoningRef = Annotated[
    str | None,
    Query(description="Zoning id or name; the active zoning when omitted.", max_length=200),
]


class LayerOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    kind: LayerKind = Field(description="Kind of structure (cercle-mg, rml, ccsad…).")
    kind_label: str
    source: str = Field(description="Where the file came from, and when it was imported.")
    imported_at: datetime
    imported_by: str
    is_demo: bool = Field(description="Demonstration data: describes no real structure.")
    structures: int


class OverlapRowOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    structure_code: str
    structure_name: str
    territory_code: str
    territory_name: str
    population: int = Field(description="Inhabitants of the communes in both.")
    share_of_territory: float = Field(description="population / the territory's population.")
    share_of_structure: float = Field(
        description="population / the structure's population within the zoning."
    )


class CongruenceOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    territories_single: list[str] = Field(description="Covered by exactly one structure.")
    territories_multiple: list[str] = Field(description="Shared between several structures.")
    territories_uncovered: list[str] = Field(description="In no structure of the layer.")
    structures_whole: list[str] = Field(description="Inside one territory.")
    structures_split: list[str] = Field(description="Split across territories.")
    structures_outside: list[str] = Field(description="With no commune in the zoning.")


class OverlapOut(BaseModel):
    layer: LayerOut
    level: Level
    zoning: schemas.ZoningOut
    population_year: int
    rows: list[OverlapRowOut]
    summary: CongruenceOut


@router.get("/layers", response_model=list[LayerOut])
@permission("public.read")
def list_layers(request: Request) -> list[LayerOut]:
    """Every layer of existing structures: id, name, kind, provenance."""
    return [LayerOut.model_validate(found) for found in layers.list_layers(platform_of(request))]


@router.get("/layers/{layer_id}/overlap", response_model=OverlapOut)
@permission("public.read")
def layer_overlap(
    request: Request, layer_id: RecordId, level: OverlapLevel = "bassin", zoning: ZoningRef = None
) -> OverlapOut:
    """For each structure and each bassin (or OLS) they share inhabitants with: how many,
    and which share of each; with a congruence summary."""
    found = layers.layer_overlap(platform_of(request), str(layer_id), Level(level), zoning)
    return OverlapOut(
        layer=LayerOut.model_validate(found.layer),
        level=found.level,
        zoning=schemas.ZoningOut.model_validate(found.zoning),
        population_year=found.population_year,
        rows=[OverlapRowOut.model_validate(row) for row in found.overlap.rows],
        summary=CongruenceOut.model_validate(found.overlap.congruence),
    )


@router.get("/layers/{layer_id}/map")
@permission("public.read")
def layer_map(
    request: Request, layer_id: RecordId, level: OverlapLevel = "bassin", zoning: ZoningRef = None
) -> dict[str, Any]:
    """GeoJSON of the layer's structures and of the bassin (or OLS) outlines under them."""
    return layers.layer_map(platform_of(request), str(layer_id), Level(level), zoning)
