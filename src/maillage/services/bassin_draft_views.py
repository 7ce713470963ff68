"""Reading drafts of bassin changes with what every edit must show at once.

For each bassin of the OLS: its population, whether it is contiguous (the contiguity of
``store_plan``) and whether it falls outside the bounds of a bassin de vie ("entre
10 000 et quelques dizaines de milliers d'habitants": a warning, never a refusal); and
the diff against the active zoning. Before a validation, what points at a removed bassin.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import networkx as nx
from sqlalchemy import select

from maillage.analysis.contiguity import contiguity_graph, is_contiguous
from maillage.analysis.geometry import from_geojson, to_lambert
from maillage.analysis.proposal import DEFAULT_BASSIN_BOUNDS
from maillage.domain.access import Grant
from maillage.domain.bassin_drafts import (
    DraftAction,
    DraftState,
    LayoutDiff,
    allowed_actions,
    diff,
    successors,
)
from maillage.domain.territory import Bounds
from maillage.services import bassin_drafts
from maillage.services.platform import Platform
from maillage.store import territories as store
from maillage.store.bassin_draft_tables import BassinDraftRow
from maillage.store.models import ZoningRow

BOUNDS: Bounds = DEFAULT_BASSIN_BOUNDS


@dataclass(frozen=True)
class DraftBassin:
    code: str
    name: str
    population: int
    communes: list[tuple[str, str]]  # (refnis, name)
    contiguous: bool
    below_minimum: bool
    above_maximum: bool
    is_new: bool
    changed: bool  # its communes or its name differ from the active zoning

    @property
    def outside_bounds(self) -> bool:
        return self.below_minimum or self.above_maximum


@dataclass(frozen=True)
class DraftStep:
    action: DraftAction
    state_after: DraftState
    by: str
    role: str
    at: datetime
    detail: str
    reason: str


@dataclass(frozen=True)
class Reference:
    code: str  # a bassin the draft removes
    successor: str  # where its records point after activation
    counts: dict[str, int]  # kind of record → how many


@dataclass(frozen=True)
class DraftSummary:
    id: int
    ols_code: str
    state: DraftState
    created_by: str
    created_at: datetime
    updated_at: datetime
    base_zoning_id: int
    result_zoning_id: int | None
    version: int


@dataclass(frozen=True)
class DraftView:
    summary: DraftSummary
    ols_name: str
    base_zoning_name: str
    base_is_active: bool
    comment: str
    bassins: list[DraftBassin]
    diff: LayoutDiff
    commune_names: dict[str, str]
    references: list[Reference]
    history: list[DraftStep]
    bounds: Bounds
    map: dict[str, Any]  # GeoJSON of the OLS's communes with their draft bassin

    @property
    def id(self) -> int:
        return self.summary.id

    @property
    def version(self) -> int:
        return self.summary.version

    @property
    def state(self) -> DraftState:
        return self.summary.state

    @property
    def ols_code(self) -> str:
        return self.summary.ols_code

    @property
    def bound_pair(self) -> tuple[int, int]:
        return (self.bounds.minimum, self.bounds.maximum)

    @property
    def population(self) -> int:
        return sum(b.population for b in self.bassins)

    def actions_for(self, grants: list[Grant] | None) -> list[DraftAction]:
        """The buttons a person sees: what the state machine allows their roles in scope."""
        roles = bassin_drafts.roles_in_scope(grants or [], self.ols_code)
        return allowed_actions(self.state, roles)


def _summary(row: BassinDraftRow) -> DraftSummary:
    return DraftSummary(
        row.id,
        row.ols_code,
        DraftState(row.state),
        row.created_by,
        row.created_at,
        row.updated_at,
        row.base_zoning_id,
        row.result_zoning_id,
        row.version,
    )


def list_drafts(platform: Platform, ols_code: str | None = None) -> list[DraftSummary]:
    """Drafts, newest first; those of one OLS when *ols_code* is given."""
    query = select(BassinDraftRow).order_by(BassinDraftRow.id.desc())
    if ols_code:
        query = query.where(BassinDraftRow.ols_code == ols_code)
    with platform.reading() as session:
        return [_summary(row) for row in session.scalars(query)]


def contiguity(platform: Platform) -> nx.Graph:
    """Which communes touch (or are bridged to) which, as ``store_plan`` computes it."""

    def build() -> nx.Graph:
        with platform.reading() as session:
            projected = {
                c.refnis: to_lambert(from_geojson(json.loads(c.geometry)))
                for c in store.communes(session)
                if c.geometry
            }
        return contiguity_graph(projected)

    return platform.remember(("commune-contiguity",), build)


def get_draft(platform: Platform, ols_code: str, draft_id: int) -> DraftView:
    graph = contiguity(platform)
    with platform.reading() as session:
        row = bassin_drafts.load(session, ols_code, draft_id)
        after = bassin_drafts.layout_of(row)
        before, ols_zone = bassin_drafts.zoning_layout(session, row.base_zoning_id, ols_code)
        base = session.get(ZoningRow, row.base_zoning_id)
        active = store.active_zoning(session)
        populations = store.population_totals(session, max(store.population_years(session)))
        names = store.commune_names(session)
        shapes = {
            c.refnis: c.map_geometry for c in store.communes(session) if c.refnis in after.communes
        }
        changes = diff(before, after)
        moved = successors(before, after, populations) if changes.removed else {}
        counts = bassin_drafts.references(session, row.base_zoning_id, moved)
        history = [
            DraftStep(
                DraftAction(s.action),
                DraftState(s.state_after),
                s.by_name,
                s.role,
                s.at,
                s.detail,
                s.reason,
            )
            for s in row.steps
        ]
        summary, comment = _summary(row), row.comment
        base_name = base.name if base else ""
        base_is_active = active is not None and active.id == row.base_zoning_id
    members = after.members()
    bassins = []
    for code, name in sorted(after.bassins.items()):
        size = sum(populations.get(c, 0) for c in members[code])
        bassins.append(
            DraftBassin(
                code,
                name,
                size,
                [(c, names.get(c, c)) for c in members[code]],
                is_contiguous(graph, set(members[code])),
                size < BOUNDS.minimum,
                size > BOUNDS.maximum,
                code not in before.bassins,
                before.bassins.get(code) != name
                or {c for c, b in before.communes.items() if b == code} != set(members[code]),
            )
        )
    order = sorted(after.bassins)
    features = [
        {
            "type": "Feature",
            "geometry": json.loads(shape),
            "properties": {
                "code": refnis,
                "name": names.get(refnis, refnis),
                "population": populations.get(refnis, 0),
                "bassin": after.communes[refnis],
                "bassin_name": after.bassins[after.communes[refnis]],
                "bassin_index": order.index(after.communes[refnis]),
            },
        }
        for refnis, shape in sorted(shapes.items())
        if shape
    ]
    return DraftView(
        summary=summary,
        ols_name=ols_zone.name,
        base_zoning_name=base_name,
        base_is_active=base_is_active,
        comment=comment,
        bassins=bassins,
        diff=changes,
        commune_names=names,
        references=[Reference(code, moved[code], counts.get(code, {})) for code in sorted(moved)],
        history=history,
        bounds=BOUNDS,
        map={"type": "FeatureCollection", "features": features},
    )
