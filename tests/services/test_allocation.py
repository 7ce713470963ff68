"""Budget simulations on the demo zoning: exact totals, need index, the 2025 OLS rule."""

from __future__ import annotations

import pytest

from maillage.domain.allocation import Method
from maillage.domain.territory import Level
from maillage.errors import UserError
from maillage.services import allocation, territories


def test_the_three_methods_hand_out_the_budget_to_the_cent(shared_platform):
    result = allocation.compare(shared_platform, 700_000_001, Level.BASSIN)
    assert len(result.rows) == 84
    for method in Method:
        assert result.total(method) == 700_000_001
    assert sum(r.population for r in result.rows) == 3_583_891  # the French-language region, 2022
    # The need index averages about 1 over the region (population-weighted).
    weighted = sum(r.need * r.population for r in result.rows) / 3_583_891
    assert weighted == pytest.approx(1.0, abs=0.05)
    needier = max(result.rows, key=lambda r: r.need)
    assert needier.cents[Method.NEED_WEIGHTED] > needier.cents[Method.EQUAL_PER_CAPITA]


def test_the_2025_rule_reproduces_450k_and_700k_on_the_demo_zoning(shared_platform):
    result = allocation.compare(shared_platform, 0, Level.OLS)
    ols = territories.list_territories(shared_platform, Level.OLS)
    assert len(result.rows) == 10
    for territory, _parent in ols.items:
        row = next(r for r in result.rows if r.code == territory.code)
        expected = 450_000_00 if territory.population < 450_000 else 700_000_00
        assert row.rule_cents == expected
    assert result.rule_total_cents == sum(
        450_000_00 if t.population < 450_000 else 700_000_00 for t, _p in ols.items
    )


def test_bad_requests_are_refused(shared_platform):
    with pytest.raises(UserError):
        allocation.compare(shared_platform, 100, Level.COMMUNE)
    with pytest.raises(UserError):
        allocation.parse_weights("pop-80plus-pct:lots")
    with pytest.raises(UserError):
        allocation.compare(shared_platform, 100, Level.OLS, floor_share=2)


def test_the_csv_says_it_is_not_official_and_adds_up(shared_platform):
    text = allocation.to_csv(allocation.compare(shared_platform, 1_000_00, Level.OLS))
    lines = text.decode("utf-8-sig").splitlines()
    assert lines[0] == "proposition calculée — non officielle"
    amounts = [line.split(";")[4] for line in lines[2:]]
    assert sum(round(float(a.replace(",", ".")) * 100) for a in amounts) == 1_000_00
