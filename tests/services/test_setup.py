"""`maillage init` on both backends: real data with provenance and the labelled demo zoning."""

from __future__ import annotations

from maillage.domain.territory import ZoningKind
from maillage.services import territories, zonings
from maillage.services.setup import initialise
from tests.helpers import snapshot


def test_init_loads_wallonia_and_installs_a_computed_proposal(platform):
    listed = zonings.list_zonings(platform)
    assert len(listed) == 1
    demo = listed[0]
    assert demo.is_active and demo.kind is ZoningKind.PROPOSAL and not demo.is_official
    assert "non officielle" in demo.label
    assert demo.ols == 10
    sources = territories.all_sources(platform)
    assert all(s.licence and s.year for s in sources)


def test_init_twice_changes_nothing(platform):
    before = snapshot(platform)
    report = initialise(platform)
    assert report.already_loaded and report.zoning is None
    assert snapshot(platform) == before


def test_demo_bassins_and_ols_respect_the_documented_bounds(platform):
    detail = territories.list_territories(platform, territories.Level.BASSIN)
    for bassin, _ in detail.items:
        communes = territories.communes_of(platform, bassin.code)
        if len(communes) > 1:
            assert 10_000 <= bassin.population <= 60_000, bassin
        else:
            # A single commune: either within bounds or above the maximum (never split).
            assert bassin.population >= 10_000, bassin
    ols = territories.list_territories(platform, territories.Level.OLS)
    assert len(ols.items) == 10
    assert all(250_000 <= t.population <= 550_000 for t, _ in ols.items)
