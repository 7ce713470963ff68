"""Accessibility of the directory's offer for the communes of the demo zoning."""

from __future__ import annotations

import pytest

from maillage.domain.territory import Level
from maillage.errors import UserError
from maillage.services import accessibility
from maillage.services.accessibility import Shortage, Thresholds


def test_pharmacies_reach_every_commune_and_zones_are_population_weighted(shared_platform):
    report = accessibility.compute(shared_platform, "pharmacie", 15.0)
    assert len(report.communes) == 252 and report.demo_share == 0  # real OSM pharmacies
    assert all(c.access > 0 for c in report.communes)
    assert report.supply_units == 1206
    by_code = {c.code: c for c in report.communes}
    bassin = next(z for z in report.zones if z.level is Level.BASSIN)
    members = [c for c in report.communes if c.bassin == bassin.code]
    expected = sum(c.access * c.population for c in members) / sum(c.population for c in members)
    assert bassin.access == pytest.approx(expected)
    region = sum(c.access * c.population for c in report.communes) / 3_583_891
    assert report.region_access == pytest.approx(region)
    assert by_code["92094"].services >= 1


def test_thresholds_classify_and_the_federal_preset_uses_density(shared_platform):
    limits = Thresholds(shortage=3.0, severe=2.0)
    report = accessibility.compute(shared_platform, "pharmacie", 15.0, thresholds=limits)
    for c in report.communes:
        expected = (
            Shortage.SEVERE
            if c.access < 2
            else Shortage.SHORTAGE
            if c.access < 3
            else Shortage.NONE
        )
        assert c.shortage is expected
    federal = accessibility.compute(shared_platform, "pharmacie", preset="federal-2012")
    for c in federal.communes:
        limit = 12.0 if c.density is not None and c.density < 125 else 9.0
        assert (c.shortage is Shortage.SHORTAGE) == (c.ratio < limit)
    assert "23 mars 2012" in federal.preset.source


def test_need_weights_move_adequacy_towards_older_communes(shared_platform):
    plain = accessibility.compute(shared_platform, "pharmacie")
    weighted = accessibility.compute(
        shared_platform, "pharmacie", need_weights={"80+": 3.0, "70-79": 2.0}
    )
    assert all(c.need_access == pytest.approx(c.access) for c in plain.communes)
    assert any(
        abs(w.adequacy - p.adequacy) > 0.01
        for w, p in zip(weighted.communes, plain.communes, strict=True)
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"radius_km": 0},
        {"steps": "5-1"},
        {"preset": "x"},
        {"need_weights": {"90+": 2}},
        {"term": "nope"},
    ],
)
def test_bad_parameters_are_refused(shared_platform, kwargs):
    with pytest.raises(UserError):
        accessibility.compute(shared_platform, **{"term": "pharmacie", **kwargs})
