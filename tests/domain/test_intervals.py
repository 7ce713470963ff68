"""Confidence intervals checked against published values and their defining properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.domain import intervals


def test_wilson_matches_the_published_interval_of_10_out_of_100():
    # Newcombe (1998), and PHE's technical guide: 10/100 → 5.52 % to 17.44 %.
    found = intervals.wilson(10, 100)
    assert found.low == pytest.approx(0.0552, abs=5e-5)
    assert found.high == pytest.approx(0.1744, abs=5e-5)


def test_exact_poisson_matches_the_published_interval_of_10_events():
    # Garwood (1936) limits for 10 events: 4.7954 to 18.3904.
    found = intervals.poisson(10)
    assert found.low == pytest.approx(4.7954, abs=5e-4)
    assert found.high == pytest.approx(18.3904, abs=5e-4)


def test_no_event_still_has_an_upper_limit():
    found = intervals.poisson(0)
    assert found.low == 0 and found.high == pytest.approx(3.6889, abs=5e-4)


@given(st.integers(min_value=389, max_value=200_000))
def test_byar_agrees_with_the_exact_interval_where_it_takes_over(events):
    exact, byar = intervals.poisson_exact(events), intervals.poisson_byar(events)
    assert byar.low == pytest.approx(exact.low, rel=1e-3)
    assert byar.high == pytest.approx(exact.high, rel=1e-3)


@given(
    st.integers(min_value=1, max_value=10_000).flatmap(
        lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
    )
)
def test_wilson_holds_the_proportion_stays_in_0_1_and_mirrors(case):
    k, n = case
    found = intervals.wilson(k, n)
    assert 0 <= found.low <= k / n <= found.high <= 1
    mirror = intervals.wilson(n - k, n)
    assert found.low == pytest.approx(1 - mirror.high, abs=1e-12)


@given(
    st.integers(min_value=0, max_value=5_000),
    st.floats(min_value=100, max_value=1e6, allow_nan=False),
)
def test_one_age_band_standardises_to_the_crude_rate_and_its_interval(events, population):
    found = intervals.direct_standardisation([events], [population], [1.0], per=10_000)
    assert found.value == pytest.approx(events / population * 10_000)
    if events:
        crude = intervals.rate(events, population, 10_000)
        assert found.interval.low == pytest.approx(max(0.0, crude.low), rel=1e-9, abs=1e-12)
        assert found.interval.high == pytest.approx(crude.high, rel=1e-9)


def test_standardisation_weights_the_bands_by_the_standard_population():
    # Two bands with rates 1 % and 10 %; a standard of 3:1 gives (3×1 % + 1×10 %) / 4.
    found = intervals.direct_standardisation([10, 100], [1000, 1000], [3000, 1000], per=100)
    assert found.value == pytest.approx((3 * 1 + 1 * 10) / 4)
    assert found.interval.low < found.value < found.interval.high


def test_bad_inputs_are_refused():
    with pytest.raises(ValueError):
        intervals.wilson(5, 0)
    with pytest.raises(ValueError):
        intervals.wilson(11, 10)
    with pytest.raises(ValueError):
        intervals.direct_standardisation([1, 2], [10], [1, 1])
