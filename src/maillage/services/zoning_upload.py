"""What a zoning file would change, shown before it is stored (the web upload's preview).

The file is read and checked exactly as ``zonings.import_zoning`` reads it, so a file the
preview accepts is the file the import stores; nothing is written here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from maillage.analysis import zoning_quality
from maillage.analysis.contiguity import is_contiguous
from maillage.domain.territory import ZoningKind
from maillage.domain.zoning import CodeConversion
from maillage.services import bassin_draft_views, sectors, zonings
from maillage.services.platform import Platform
from maillage.store import territories as store


@dataclass(frozen=True)
class ZoningPreview:
    name: str
    kind: ZoningKind
    valid_from: date
    provenance: str
    communes: int
    bassins: int
    ols: int
    bassin_population: tuple[int, int]  # smallest and largest bassin
    ols_population: tuple[int, int]
    non_contiguous: list[tuple[str, str]]  # bassin code and name
    conversions: list[CodeConversion]
    active: zonings.ZoningSummary | None  # what the diff is against
    moves: list[zoning_quality.Move]
    moved_population: int
    commune_names: dict[str, str]

    @property
    def label(self) -> str:
        return zonings.zoning_label(self.kind)


def preview_zoning(
    platform: Platform,
    path: Path,
    *,
    name: str,
    valid_from: date,
    kind: ZoningKind = ZoningKind.DRAFT,
) -> ZoningPreview:
    """The figures of the zoning in *path* and its differences with the active zoning.

    Raises ``DataFileError`` (every fault, located) or ``Conflict`` (the name is taken)
    exactly as the import would.
    """
    reading, provenance = zonings.read_zoning_file(
        platform, path, name=name, valid_from=valid_from, kind=kind
    )
    plan = reading.plan
    graph = bassin_draft_views.contiguity(platform)
    with platform.reading() as session:
        populations = store.population_totals(session, max(store.population_years(session)))
        names = store.commune_names(session)
        active_row = store.active_zoning(session)
        active = zonings.summarise(active_row) if active_row is not None else None
        split = sectors.split_layout(session, plan, populations)
        bassin_pop, ols_pop = zonings.zone_populations(plan, populations, split)
        before = (
            {c: b.code for c, (b, _o) in store.assignments(session, active_row.id).items()}
            if active_row is not None
            else {}
        )
    members = plan.bassin_members()
    bassin_names = {code: zone.name for code, zone in plan.bassins().items()}
    after = {a.refnis: a.bassin.code for a in plan.assignments}
    moved: list[zoning_quality.Move] = []
    if before:
        _match, moved = zoning_quality.moves(before, after, populations)
    return ZoningPreview(
        name=plan.name,
        kind=plan.kind,
        valid_from=plan.valid_from,
        provenance=provenance,
        communes=len(plan.assignments),
        bassins=len(members),
        ols=len(ols_pop),
        bassin_population=(min(bassin_pop.values()), max(bassin_pop.values())),
        ols_population=(min(ols_pop.values()), max(ols_pop.values())),
        non_contiguous=[
            (code, bassin_names[code])
            for code, refs in sorted(members.items())
            if not is_contiguous(graph, set(refs))
        ],
        conversions=reading.conversions,
        active=active,
        moves=moved,
        moved_population=sum(m.population for m in moved),
        commune_names=names,
    )
