"""Floating catchments: equal to PySAL ``access`` and to a naive reference, to 1e-9."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from access import Access
from access import weights as pysal_weights
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maillage.analysis import accessibility as engine

STEPS = engine.StepDecay.parse("5:1,10:0.68,15:0.22")


def naive(demand, supply, cost, radius, weight=lambda c: 1.0):
    """Both steps written out pair by pair, the textbook way."""
    n, m = len(demand), len(supply)
    reached = [
        sum(demand[i] * weight(cost[i][j]) for i in range(n) if cost[i][j] <= radius)
        for j in range(m)
    ]
    ratio = [supply[j] / reached[j] if reached[j] > 0 else 0.0 for j in range(m)]
    return [
        sum(ratio[j] * weight(cost[i][j]) for j in range(m) if cost[i][j] <= radius)
        for i in range(n)
    ]


def step(c):
    return 1.0 if c <= 5 else 0.68 if c <= 10 else 0.22 if c <= 15 else 0.0


def pysal(demand, supply, pairs, radius, weight_fn=None):
    demand_df = pd.DataFrame({"geoid": np.arange(len(demand)), "pop": demand})
    supply_df = pd.DataFrame({"geoid": np.arange(len(supply)), "doc": supply})
    cost_df = pd.DataFrame({"origin": pairs[0], "dest": pairs[1], "cost": pairs[2]})
    with warnings.catch_warnings():  # PySAL still calls pandas APIs deprecated in 3.1
        warnings.simplefilter("ignore")
        return _pysal(demand_df, supply_df, cost_df, radius, weight_fn, len(demand))


def _pysal(demand_df, supply_df, cost_df, radius, weight_fn, count):
    model = Access(
        demand_df=demand_df,
        demand_index="geoid",
        demand_value="pop",
        supply_df=supply_df,
        supply_index="geoid",
        supply_value="doc",
        cost_df=cost_df,
        cost_origin="origin",
        cost_dest="dest",
        cost_name="cost",
    )
    if weight_fn is None:
        found = model.two_stage_fca(max_cost=radius)
    else:
        found = model.enhanced_two_stage_fca(weight_fn=weight_fn, max_cost=radius)
    return found.iloc[:, 0].reindex(np.arange(count)).fillna(0.0).to_numpy()


def relative(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-300))) if len(a) else 0.0


points = st.lists(
    st.tuples(st.floats(0, 40_000), st.floats(0, 40_000), st.integers(1, 5_000)),
    min_size=1,
    max_size=40,
)
supplies = st.lists(
    st.tuples(st.floats(0, 40_000), st.floats(0, 40_000), st.integers(0, 30)),
    min_size=1,
    max_size=15,
)


def arrays(found):
    x, y, v = (np.array(c, dtype=float) for c in zip(*found, strict=True))
    return engine.Points(x, y, v)


def all_pairs(demand, supply):
    i, j = np.meshgrid(np.arange(len(demand.x)), np.arange(len(supply.x)), indexing="ij")
    i, j = i.ravel(), j.ravel()
    cost = np.hypot(demand.x[i] - supply.x[j], demand.y[i] - supply.y[j]) / 1000
    return i, j, cost


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(points, supplies, st.sampled_from([None, STEPS]))
def test_coordinates_equal_the_naive_reference(demand_rows, supply_rows, decay):
    demand, supply = arrays(demand_rows), arrays(supply_rows)
    _i, _j, cost = all_pairs(demand, supply)
    matrix = cost.reshape(len(demand.x), len(supply.x))
    expected = naive(
        demand.values, supply.values, matrix, 15.0, step if decay is not None else (lambda c: 1.0)
    )
    found = engine.from_coordinates(demand, supply, 15.0, decay)
    assert relative(found.access, expected) < 1e-9


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(points, supplies, st.sampled_from(["2sfca", "e2sfca"]))
def test_equal_to_pysal_access_from_the_same_pairs(demand_rows, supply_rows, method):
    demand, supply = arrays(demand_rows), arrays(supply_rows)
    i, j, cost = all_pairs(demand, supply)
    inside = cost <= 15.0
    pairs = (i[inside], j[inside], cost[inside])
    # PySAL divides by zero for a supply nobody reaches with weight; keep populations > 0.
    decay = STEPS if method == "e2sfca" else None
    weight_fn = pysal_weights.step_fn({5: 1, 10: 0.68, 15: 0.22}) if decay else None
    expected = pysal(demand.values, supply.values, pairs, 15.0, weight_fn)
    from_pairs = engine.from_pairs(demand.values, supply.values, *pairs, 15.0, decay)
    from_xy = engine.from_coordinates(demand, supply, 15.0, decay)
    assert relative(from_pairs.access, expected) < 1e-9
    assert relative(from_xy.access, expected) < 1e-9


@pytest.mark.parametrize(
    "decay",
    [engine.GaussianDecay(6.0), engine.ExponentialDecay(0.2), engine.GravityDecay(1.0, -1.5, 1.0)],
)
def test_continuous_decays_equal_pysal_weight_functions(decay):
    rng = np.random.default_rng(4)
    demand = engine.Points(
        rng.uniform(0, 30_000, 60),
        rng.uniform(0, 30_000, 60),
        rng.integers(1, 900, 60).astype(float),
    )
    supply = engine.Points(
        rng.uniform(0, 30_000, 12), rng.uniform(0, 30_000, 12), rng.integers(1, 9, 12).astype(float)
    )
    i, j, cost = all_pairs(demand, supply)
    inside = cost <= 20.0
    functions = {
        engine.GaussianDecay: pysal_weights.gaussian(6.0),
        engine.ExponentialDecay: lambda c: float(np.exp(-0.2 * c)),
        engine.GravityDecay: pysal_weights.gravity(1.0, -1.5, 1.0),
    }
    expected = pysal(
        demand.values,
        supply.values,
        (i[inside], j[inside], cost[inside]),
        20.0,
        functions[type(decay)],
    )
    assert relative(engine.from_coordinates(demand, supply, 20.0, decay).access, expected) < 1e-9


def test_points_out_of_reach_get_zero_and_pairs_are_counted_once():
    demand = engine.Points(
        np.array([0.0, 100_000.0]), np.array([0.0, 0.0]), np.array([100.0, 50.0])
    )
    supply = engine.Points(np.array([1_000.0]), np.array([0.0]), np.array([2.0]))
    found = engine.from_coordinates(demand, supply, 15.0)
    assert found.access.tolist() == [pytest.approx(0.02), 0.0]
    assert found.timings.pairs == 1


def test_step_weights_read_like_pysal_bounds_included():
    assert STEPS.of_km(np.array([0.0, 5.0, 5.0001, 10.0, 15.0, 15.1])).tolist() == [
        1.0,
        1.0,
        0.68,
        0.68,
        0.22,
        0.0,
    ]
    d2 = (np.array([0.0, 5.0, 5.0001, 10.0, 15.0, 15.1]) * 1000) ** 2
    assert STEPS.of_squared_metres(d2).tolist() == [1.0, 1.0, 0.68, 0.68, 0.22, 0.0]
    with pytest.raises(ValueError):
        engine.StepDecay.parse("5:1,10")
    with pytest.raises(ValueError):
        engine.StepDecay.parse("5:-1")


def test_need_weighted_demand_counts_older_people_more():
    population = np.array([1000.0, 1000.0])
    shares = [np.array([0.9, 0.6]), np.array([0.1, 0.4])]  # under 65, 65 and over
    weighted = engine.need_weighted(population, [1.0, 2.5], shares)
    assert weighted.tolist() == [pytest.approx(1150.0), pytest.approx(1600.0)]
