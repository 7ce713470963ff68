"""Budget sharing: exact to the cent, need pulls money where it is, the 2025 OLS rule."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.analysis.allocation import Component, allocate, need_index, split_cents
from maillage.domain.allocation import OLS_TRANSITIONAL_2025, Method

populations = st.dictionaries(
    st.text("ABCDEFGH", min_size=1, max_size=4), st.integers(1, 2_000_000), min_size=1, max_size=40
)


@given(
    populations,
    st.integers(0, 10**11),
    st.sampled_from(list(Method)),
    st.floats(0, 1),
    st.floats(0.2, 3),
)
def test_every_method_adds_up_to_the_budget_exactly(pops, budget, method, floor, spread):
    need = {code: spread if i % 2 else 1.0 for i, code in enumerate(sorted(pops))}
    cents = allocate(budget, pops, method, need, floor)
    assert sum(cents.values()) == budget
    assert set(cents) == set(pops) and all(c >= 0 for c in cents.values())


@given(
    st.dictionaries(
        st.text("xyz", min_size=1, max_size=3), st.integers(0, 50), min_size=1, max_size=20
    ).filter(lambda w: sum(w.values()) > 0),
    st.integers(0, 10**9),
)
def test_cents_are_within_one_of_the_exact_share(weights, total):
    cents = split_cents(total, weights)
    weight_sum = sum(weights.values())
    for code, weight in weights.items():
        assert abs(cents[code] - total * weight / weight_sum) < 1


# | territory | population | need | equal per capita | by need   |
# | A         | 100        | 1    | 500.00 €         | 333.33 €  |
# | B         | 100        | 2    | 500.00 €         | 666.67 €  |
def test_need_moves_money_towards_the_needier_territory():
    pops = {"A": 100, "B": 100}
    assert allocate(100_000, pops, Method.EQUAL_PER_CAPITA) == {"A": 50_000, "B": 50_000}
    assert allocate(100_000, pops, Method.NEED_WEIGHTED, {"A": 1, "B": 2}) == {
        "A": 33_333,
        "B": 66_667,
    }
    # 40 % as an equal floor (200 € each), the rest by need.
    assert allocate(100_000, pops, Method.FLOOR_PLUS_NEED, {"A": 1, "B": 2}, 0.4) == {
        "A": 40_000,
        "B": 60_000,
    }


def test_need_index_is_one_at_the_regional_level_and_reads_direction():
    older = Component({"A": 10.0, "B": 5.0}, reference=5.0, weight=1)
    income = Component(
        {"A": 20_000.0, "B": 10_000.0}, reference=20_000.0, weight=1, more_is_need=False
    )
    index = need_index([older, income], ["A", "B", "C"])
    assert index == {"A": pytest.approx(1.5), "B": pytest.approx(1.5), "C": 1.0}
    assert need_index([], ["A"]) == {"A": 1.0}


def test_the_2025_ols_rule_pays_by_population_class():
    amounts = OLS_TRANSITIONAL_2025.amounts({"small": 449_999, "edge": 450_000, "big": 510_000})
    assert amounts == {"small": 45_000_000, "edge": 70_000_000, "big": 70_000_000}


def test_bad_inputs_are_refused():
    with pytest.raises(ValueError):
        split_cents(-1, {"A": 1})
    with pytest.raises(ValueError):
        split_cents(10, {"A": 0})
    with pytest.raises(ValueError):
        allocate(10, {"A": 1}, Method.FLOOR_PLUS_NEED, floor_share=1.5)
