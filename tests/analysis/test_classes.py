"""Map classes: the legend's breaks are mapclassify's quantiles, without loading it."""

from __future__ import annotations

import math
import warnings

import mapclassify
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.analysis.classes import quantile_breaks, quantiles

# Rates and densities as maps show them: six decimals at most (no subnormal dust).
finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False).map(
    lambda value: round(value, 6)
)


@given(
    st.lists(finite | st.sampled_from([0.0, 1.0, 2.5]), min_size=2, max_size=300), st.integers(2, 9)
)
def test_breaks_are_those_of_mapclassify(values: list[float], k: int) -> None:
    array = np.array(values, dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # mapclassify warns when ties lower k
        expected = [float(b) for b in mapclassify.Quantiles(array, k=k).bins]
    # The same linear percentiles. scipy's interpolation can land a few bits beside a
    # value, which gives mapclassify an empty class (width ~1e-15 of the range) that ours
    # does not draw: such twins are merged before comparing.
    tolerance = 1e-12 * max(1.0, float(np.abs(array).max()))
    assert _merged(quantile_breaks(array, k), tolerance) == pytest.approx(
        _merged(expected, tolerance), rel=1e-12, abs=tolerance
    )


def _merged(breaks: list[float], tolerance: float) -> list[float]:
    return [
        b
        for i, b in enumerate(breaks)
        if i == 0 or not math.isclose(b, breaks[i - 1], rel_tol=1e-12, abs_tol=tolerance)
    ]


def test_each_territory_falls_in_the_class_of_its_upper_bound() -> None:
    found = quantiles({"a": 1.0, "b": 2.0, "c": 3.0, "d": 4.0, "e": 100.0}, k=5)
    assert found.k == 5
    assert found.of == {"a": 0, "b": 1, "c": 2, "d": 3, "e": 4}
    assert found.breaks[-1] == 100.0


def test_ties_give_fewer_classes_and_one_value_none() -> None:
    found = quantiles({str(i): 0.0 for i in range(20)} | {"x": 5.0, "y": 7.0}, k=5)
    assert found.k == 2
    assert set(found.of.values()) == {0, 1}
    assert quantiles({"a": 3.0, "b": 3.0}).k == 0
