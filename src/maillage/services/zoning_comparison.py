"""Two versions of a zoning compared: which communes, or parts of split communes, change
bassin, and each new bassin's population beside the former bassin it matches.

A split commune is compared sector by sector: each piece that goes from one bassin to
another carries the commune's inhabitants apportioned as the hierarchy apportions them,
and bassin populations are the hierarchy's, so the comparison and the territory pages
give the same numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from maillage.analysis import zoning_quality
from maillage.domain.sectors import apportion, commune_part_code
from maillage.domain.territory import Level, SectorAssignment
from maillage.services.platform import Platform
from maillage.services.territories import zoning_hierarchy
from maillage.services.zonings import ZoningSummary, resolve, summarise
from maillage.store import sectors as sector_store
from maillage.store import territories as store


@dataclass(frozen=True)
class ZoneChange:
    code: str
    name: str
    population: int
    matched: str | None  # the zone of the reference it shares most inhabitants with
    matched_population: int | None


@dataclass(frozen=True)
class ZoningComparison:
    reference: ZoningSummary
    candidate: ZoningSummary
    moves: list[zoning_quality.Move]  # a moved part of a split commune by its part's code
    commune_names: dict[str, str]  # REFNIS or part code → name
    reference_names: dict[str, str]  # bassin code → name, in the reference
    bassins: list[ZoneChange]
    moved_population: int


@dataclass(frozen=True)
class _Piece:
    """Inhabitants of one commune going from one bassin to another."""

    refnis: str
    before: str
    after: str
    population: int


def compare(
    platform: Platform, candidate_ref: str, reference_ref: str | None = None
) -> ZoningComparison:
    """Which communes change bassin between *reference* (the active zoning) and *candidate*."""
    with platform.reading() as session:
        reference = resolve(session, reference_ref)
        candidate = resolve(session, candidate_ref)
        _row, year, before_tree = zoning_hierarchy(platform, session, str(reference.id), None)
        _row, _year, after_tree = zoning_hierarchy(platform, session, str(candidate.id), year)
        before = {c: b.code for c, (b, _o) in store.assignments(session, reference.id).items()}
        after = {c: b.code for c, (b, _o) in store.assignments(session, candidate.id).items()}
        sectors_before = _sector_bassins(sector_store.zoning_sectors(session, reference.id))
        sectors_after = _sector_bassins(sector_store.zoning_sectors(session, candidate.id))
        split = {r for r, _b in (*sectors_before.values(), *sectors_after.values())}
        known = {s: r for s, r in sector_store.sector_communes(session).items() if r in split}
        weights = sector_store.sector_populations(session) if split else {}
        names_before = {b.code: b.name for b in store.bassin_rows(session, reference.id)}
        names_after = {b.code: b.name for b in store.bassin_rows(session, candidate.id)}
        populations = store.population_totals(session, year)
        communes = store.commune_names(session)
        ref_summary, cand_summary = summarise(reference), summarise(candidate)
    pieces = [
        _Piece(c, before[c], zone, populations.get(c, 0))
        for c, zone in after.items()
        if c in before and c not in split
    ]
    for refnis in sorted(split):
        flows: dict[tuple[str, str], int] = {}
        for sector in sorted(s for s, r in known.items() if r == refnis):
            old = sectors_before.get(sector, (refnis, before.get(refnis)))[1]
            new = sectors_after.get(sector, (refnis, after.get(refnis)))[1]
            if old is not None and new is not None:
                flows[(old, new)] = flows.get((old, new), 0) + weights.get(sector, 0)
        pieces += _pieces(refnis, populations.get(refnis, 0), flows)
    keys = {f"{p.refnis}|{p.before}|{p.after}": p for p in pieces}
    match, moved = zoning_quality.moves(
        {k: p.before for k, p in keys.items()},
        {k: p.after for k, p in keys.items()},
        {k: p.population for k, p in keys.items()},
    )
    names = dict(communes)
    moves = []
    for move in moved:
        piece = keys[move.commune]
        label = _label(piece, before_tree.parts_of(piece.refnis), after_tree.parts_of(piece.refnis))
        if label != piece.refnis:
            names[label] = (after_tree if label in after_tree else before_tree).get(label).name
        moves.append(zoning_quality.Move(label, piece.before, piece.after, move.population))
    sizes_before = {t.code: t.population for t in before_tree.at_level(Level.BASSIN)}
    bassins = [
        ZoneChange(
            t.code,
            names_after.get(t.code, t.code),
            t.population,
            match.get(t.code),
            sizes_before.get(match[t.code]) if t.code in match else None,
        )
        for t in after_tree.at_level(Level.BASSIN)
    ]
    return ZoningComparison(
        ref_summary,
        cand_summary,
        moves,
        names,
        names_before,
        bassins,
        sum(m.population for m in moves),
    )


def _sector_bassins(assignments: list[SectorAssignment]) -> dict[str, tuple[str, str | None]]:
    return {a.sector_code: (a.refnis, a.bassin.code) for a in assignments}


def _pieces(refnis: str, population: int, flows: Mapping[tuple[str, str], int]) -> list[_Piece]:
    """The commune's inhabitants split over its (former, new) bassin pairs: first over the
    new bassins exactly as the hierarchy apportions the commune's parts, then each new
    bassin's share over the former bassins, by sector populations."""
    by_new: dict[str, int] = {}
    for (_old, new), weight in flows.items():
        by_new[new] = by_new.get(new, 0) + weight
    pieces = []
    for new, count in apportion(population, by_new).items():
        olds = {old: w for (old, n), w in flows.items() if n == new}
        pieces += [_Piece(refnis, old, new, c) for old, c in apportion(count, olds).items()]
    return pieces


def _label(piece: _Piece, parts_before: list[str], parts_after: list[str]) -> str:
    """What a moved piece is called: the commune part it becomes, else the one it was."""
    for code, parts in (
        (commune_part_code(piece.refnis, piece.after), parts_after),
        (commune_part_code(piece.refnis, piece.before), parts_before),
    ):
        if code in parts:
            return code
    return piece.refnis
