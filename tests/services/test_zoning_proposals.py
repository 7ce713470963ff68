"""Zoning proposals on demand: contiguity, population bounds, borders, comparison."""

from __future__ import annotations

import pytest

from maillage.analysis.zoning_quality import moves
from maillage.domain.actors import Actor
from maillage.domain.territory import Bounds
from maillage.errors import Conflict
from maillage.services import territories, zoning_comparison, zonings
from maillage.store import territories as store

ACTOR = Actor(None, "test", "127.0.0.1")


@pytest.mark.parametrize("platform", ["sqlite"], indirect=True)  # the same code on both
def test_a_proposal_respects_contiguity_bounds_and_arrondissements(platform):
    bounds = Bounds(15_000, 80_000, 40_000)
    found = zonings.propose(platform, ACTOR, "Essai", bounds, 8, respect_arrondissements=True)
    assert found.kind == "proposal" and not found.is_active and found.ols == 8
    quality = found.report["bassin_quality"]
    assert quality["non_contiguous"] == 0
    with platform.reading() as session:
        assigned = store.assignments(session, found.id)
        populations = store.population_totals(session, 2022)
        arrondissement = {c.refnis: c.arrondissement_refnis for c in store.communes(session)}
    members: dict[str, list[str]] = {}
    for commune, (bassin, _ols) in assigned.items():
        members.setdefault(bassin.code, []).append(commune)
    assert len(assigned) == 252  # the French-language region
    for bassin, communes in members.items():
        assert len({arrondissement[c] for c in communes}) == 1, bassin
        size = sum(populations[c] for c in communes)
        # Above the maximum only as a single commune; below the minimum only when an
        # arrondissement fragment inside an OLS is too small to reach it.
        assert size <= bounds.maximum or len(communes) == 1
    assert quality["outside_bounds"] >= quality["single_commune_above_maximum"]
    with pytest.raises(Conflict):
        zonings.propose(platform, ACTOR, "Essai", bounds)


@pytest.mark.parametrize("platform", ["sqlite"], indirect=True)
def test_comparing_with_the_active_zoning_lists_communes_that_move(platform):
    found = zonings.propose(platform, ACTOR, "Plus grands", Bounds(20_000, 100_000, 60_000))
    comparison = zoning_comparison.compare(platform, str(found.id))
    assert comparison.reference.is_active and comparison.candidate.id == found.id
    assert 0 < len(comparison.moves) < 252
    assert comparison.moved_population == sum(m.population for m in comparison.moves)
    assert sum(b.population for b in comparison.bassins) == 3_583_891
    same = zoning_comparison.compare(platform, str(comparison.reference.id))
    assert same.moves == []
    assert len(territories.list_territories(platform, territories.Level.BASSIN).items) == 84


def test_moves_match_each_new_zone_to_the_old_zone_it_shares_most_people_with():
    before = {"a": "X", "b": "X", "c": "Y", "d": "Y"}
    after = {"a": "1", "b": "1", "c": "1", "d": "2"}
    match, moved = moves(before, after, {"a": 10, "b": 10, "c": 5, "d": 5})
    assert match == {"1": "X", "2": "Y"}
    assert [(m.commune, m.before, m.after) for m in moved] == [("c", "Y", "1")]


@pytest.mark.parametrize("platform", ["sqlite"], indirect=True)
def test_the_comparison_page_lists_moves_and_the_quality(platform):
    from fastapi.testclient import TestClient

    from maillage.web.app import create_app

    found = zonings.propose(platform, ACTOR, "Page", Bounds(20_000, 100_000, 60_000))
    with TestClient(create_app(platform)) as client:
        zoning_page = client.get(f"/decoupages/{found.id}")
        assert 'data-testid="zoning-quality"' in zoning_page.text
        assert f"/decoupages/{found.id}/comparaison" in zoning_page.text
        page = client.get(f"/decoupages/{found.id}/comparaison")
        assert page.status_code == 200 and "changent de bassin" in page.text
        assert client.get("/decoupages/nope/comparaison").status_code == 404
