"""Indicator values: sums of communes, never averaged rates; benchmarks by polarity;
small numbers suppressed below the threshold."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.domain.indicators import (
    Comparison,
    Direction,
    Indicator,
    Kind,
    Observation,
    Polarity,
    SmallNumbers,
    aggregate,
    benchmark,
    compare,
    estimate,
    validate_period,
)
from maillage.i18n import language


@pytest.fixture(autouse=True)
def french():
    with language("fr"):
        yield


SHARE_65 = Indicator(
    "pop-65-plus",
    "Part des 65 ans et plus",
    "…",
    Kind.PROPORTION,
    Polarity.NEUTRAL,
    unit="%",
    multiplier=100,
)
GP_DENSITY = Indicator(
    "gp-density",
    "Médecins généralistes pour 10 000 habitants",
    "…",
    Kind.RATE,
    Polarity.HIGHER_IS_BETTER,
    multiplier=10_000,
)
HOSPITAL_STAYS = Indicator(
    "stays", "Séjours évitables", "…", Kind.RATE, Polarity.LOWER_IS_BETTER, multiplier=1000
)


def test_spec_a_bassin_is_the_sum_of_its_communes_not_the_mean_of_their_rates():
    # | commune | numerator | denominator | rate  |
    # | A       |        10 |         100 | 10 %  |
    # | B       |       900 |       3,000 | 30 %  |
    # bassin BV = (10 + 900) / (100 + 3,000) = 29.35 %, not (10 % + 30 %) / 2 = 20 %.
    communes = [Observation("A", "2022", 10, 100), Observation("B", "2022", 900, 3000)]
    [bassin], missing = aggregate(communes, {"BV": ["A", "B"]})
    assert missing == {}
    assert (bassin.numerator, bassin.denominator) == (910, 3100)
    assert estimate(SHARE_65, bassin).value == pytest.approx(910 / 3100 * 100)
    assert estimate(SHARE_65, bassin).value != pytest.approx(20.0)


def test_spec_ols_and_region_add_up_communes_through_every_level():
    # | commune | bassin | OLS | numerator | denominator |
    # | A       | B1     | O1  |         3 |         100 |
    # | B       | B1     | O1  |         7 |         200 |
    # | C       | B2     | O2  |        20 |         700 |
    communes = [
        Observation("A", "2022", 3, 100),
        Observation("B", "2022", 7, 200),
        Observation("C", "2022", 20, 700),
    ]
    members = {"B1": ["A", "B"], "B2": ["C"], "O1": ["A", "B"], "O2": ["C"], "R": ["A", "B", "C"]}
    parents, _missing = aggregate(communes, members)
    by_code = {o.code: o for o in parents}
    assert (by_code["B1"].numerator, by_code["B1"].denominator) == (10, 300)
    assert (by_code["O2"].numerator, by_code["O2"].denominator) == (20, 700)
    assert (by_code["R"].numerator, by_code["R"].denominator) == (30, 1000)


def test_a_parent_missing_a_commune_gets_no_value_and_the_gap_is_named():
    communes = [Observation("A", "2022", 3, 100)]
    parents, missing = aggregate(communes, {"B1": ["A", "B"]})
    assert parents == []
    assert missing == {"B1|2022": ["B"]}


def test_value_only_series_are_not_aggregated():
    parents, _missing = aggregate([Observation("A", "2022", value=12.5)], {"B1": ["A"]})
    assert parents == []


@given(
    st.lists(st.tuples(st.integers(0, 10_000), st.integers(1, 100_000)), min_size=1, max_size=30)
)
def test_any_grouping_gives_the_pooled_ratio(pairs):
    communes = [Observation(f"C{i}", "2024", min(n, d), d) for i, (n, d) in enumerate(pairs)]
    [region], _missing = aggregate(communes, {"R": [o.code for o in communes]})
    expected = sum(o.numerator or 0 for o in communes) / sum(o.denominator or 0 for o in communes)
    assert estimate(SHARE_65, region).value == pytest.approx(expected * 100)


# | territory interval | comparator | polarity          | comparison |
# | entirely above     | 10         | higher is better  | better     |
# | entirely above     | 10         | lower is better   | worse      |
# | overlapping        | 10         | either            | similar    |
# | entirely below     | 10         | lower is better   | better     |
# | entirely above     | 10         | neutral           | not compared (direction higher) |
@pytest.mark.parametrize(
    ("numerator", "indicator", "expected", "direction"),
    [
        (60, GP_DENSITY, Comparison.BETTER, Direction.HIGHER),
        (60, HOSPITAL_STAYS, Comparison.WORSE, Direction.HIGHER),
        (10, GP_DENSITY, Comparison.SIMILAR, Direction.SIMILAR),
        (1, HOSPITAL_STAYS, Comparison.BETTER, Direction.LOWER),
    ],
)
def test_comparison_reads_the_interval_through_the_polarity(
    numerator, indicator, expected, direction
):
    comparator = estimate(
        indicator, Observation("R", "2024", 10 * 20, 20 * 10_000 / indicator.multiplier * 1000)
    )
    territory = estimate(
        indicator, Observation("T", "2024", numerator, 10_000 / indicator.multiplier * 1000)
    )
    assert compare(indicator, territory, comparator) == (expected, direction)


def test_neutral_indicators_are_not_judged_but_say_where_they_lie():
    region = estimate(SHARE_65, Observation("R", "2024", 200, 1000))
    high = estimate(SHARE_65, Observation("T", "2024", 400, 1000))
    assert compare(SHARE_65, high, region) == (Comparison.NOT_COMPARED, Direction.HIGHER)


def test_small_numbers_are_suppressed_below_the_threshold_and_still_count_above():
    # | commune | numerator | threshold 5 | shown |
    # | A       |         4 |             | no    |
    # | B       |         5 |             | yes   |
    # | C       |         0 |             | yes   |
    # | R = A+B+C |       9 |             | yes   |
    observations = [
        Observation("A", "2024", 4, 100),
        Observation("B", "2024", 5, 100),
        Observation("C", "2024", 0, 100),
    ]
    region, _missing = aggregate(observations, {"R": ["A", "B", "C"]})
    shown = benchmark(
        SHARE_65, observations + region, {"A": "R", "B": "R", "C": "R"}, "R", SmallNumbers(5)
    )
    assert shown["A"].suppressed and shown["A"].value is None and shown["A"].interval is None
    assert shown["A"].comparison is Comparison.NOT_COMPARED
    assert not shown["B"].suppressed and shown["B"].value == pytest.approx(5.0)
    assert not shown["C"].suppressed
    assert shown["R"].numerator == 9
    assert "4" in SmallNumbers(5).rule()


def test_without_a_threshold_nothing_is_hidden():
    shown = benchmark(SHARE_65, [Observation("A", "2024", 1, 100)], {"A": None}, "A")
    assert not shown["A"].suppressed


def test_bad_values_and_periods_are_refused_with_a_message():
    with pytest.raises(ValueError, match="négatif"):
        estimate(SHARE_65, Observation("A", "2024", -1, 10))
    growth = Indicator(
        "growth", "Croissance", "…", Kind.MEAN, Polarity.NEUTRAL, unit="%", multiplier=100
    )
    assert estimate(growth, Observation("A", "2024", -5, 100)).value == pytest.approx(-5)
    with pytest.raises(ValueError, match="2024"):
        validate_period("24")
    with pytest.raises(ValueError):
        estimate(SHARE_65, Observation("A", "2024", 11, 10))
    assert validate_period(" 2022-2024 ") == "2022-2024"


def _read(lines, indicator=SHARE_65):
    from maillage.domain.indicators import read_values

    rows = [
        (
            n + 2,
            dict(
                zip(("refnis", "period", "numerator", "denominator", "value"), cells, strict=False)
            ),
        )
        for n, cells in enumerate(lines)
    ]
    return read_values(
        rows,
        file="values.csv",
        indicator=indicator,
        codes={"92094", "82039", "BV-001", "03000"},
        code_changes={"82003": "82039", "82005": "82039"},
    )


def test_values_read_with_belgian_decimals_and_merged_communes_summed():
    reading = _read(
        [
            ("92094", "2020", "1 234", "10000,0"),
            ("82003", "2020", "10", "100"),
            ("82005", "2020", "5", "50"),
        ]
    )
    assert reading.problems.kept == []
    by_code = {o.code: o for o in reading.observations}
    assert (by_code["92094"].numerator, by_code["92094"].denominator) == (1234, 10000)
    assert (by_code["82039"].numerator, by_code["82039"].denominator) == (15, 150)
    assert [(c.old, c.new) for c in reading.conversions] == [("82003", "82039"), ("82005", "82039")]


def test_every_fault_names_its_line_field_and_value():
    reading = _read(
        [
            ("99999", "2020", "1", "2"),
            ("92094", "20", "1", "2"),
            ("92094", "2021", "un", "2"),
            ("92094", "2022", "30", "20"),
            ("92094", "2023", "1", "10"),
            ("92094", "2023", "2", "10"),
        ]
    )
    found = {(p.line, p.field, p.value) for p in reading.problems.kept}
    assert found == {
        (2, "refnis", "99999"),
        (3, "period", "20"),
        (4, "numerator", "un"),
        (5, "numerator", "30"),
        (7, "refnis", "92094"),
    }


@given(
    st.lists(
        st.tuples(
            st.integers(0, 500), st.integers(1, 20_000), st.integers(0, 500), st.integers(1, 5_000)
        ),
        min_size=1,
        max_size=20,
    )
)
def test_standardised_parents_use_the_summed_age_bands(communes):
    from maillage.domain.indicators import estimates
    from maillage.domain.intervals import direct_standardisation

    rate = Indicator(
        "r",
        "R",
        "",
        Kind.RATE,
        Polarity.LOWER_IS_BETTER,
        multiplier=1000,
        standard_population=(("0-64", 80.0), ("65+", 20.0)),
    )
    rows = []
    for i, (young, young_pop, old, old_pop) in enumerate(communes):
        rows.append(Observation(f"C{i}", "2024", young, young_pop, age_band="0-64"))
        rows.append(Observation(f"C{i}", "2024", old, old_pop, age_band="65+"))
    parents, missing = aggregate(rows, {"R": [f"C{i}" for i in range(len(communes))]})
    assert missing == {}
    found = estimates(rate, parents)["R"]
    expected = direct_standardisation(
        [sum(c[0] for c in communes), sum(c[2] for c in communes)],
        [sum(c[1] for c in communes), sum(c[3] for c in communes)],
        [80, 20],
        per=1000,
    )
    assert found.value == pytest.approx(expected.value)
    assert found.numerator == sum(c[0] + c[2] for c in communes)


def test_a_commune_without_any_age_band_leaves_its_parent_without_value():
    rows = [
        Observation("A", "2024", 1, 10, age_band="0-64"),
        Observation("B", "2023", 1, 10, age_band="0-64"),
    ]
    parents, missing = aggregate(rows, {"P": ["A", "B"]})
    assert [p for p in parents if p.period == "2024"] == []
    assert missing == {"P|2024": ["B"], "P|2023": ["A"]}


def test_nan_and_infinity_are_faults_never_dropped_lines():
    reading = _read(
        [
            ("92094", "2020", "nan", "100"),
            ("92094", "2021", "1", "inf"),
            ("92094", "2022", "1", "100"),
        ]
    )
    found = {(p.line, p.field, p.value) for p in reading.problems.kept}
    assert found == {(2, "numerator", "nan"), (3, "denominator", "inf")}
    assert reading.observations == []  # refused whole: nothing kept


def test_a_proportion_needs_a_denominator_on_every_line():
    reading = _read([("92094", "2020", "1", "")])
    assert [(p.line, p.field) for p in reading.problems.kept] == [(2, "denominator")]


def test_the_same_old_code_twice_is_a_repeat_not_a_merger():
    reading = _read([("82003", "2020", "10", "100"), ("82003", "2020", "10", "100")])
    assert [(p.line, p.value) for p in reading.problems.kept] == [(3, "82003")]


def test_columns_required_by_the_kind_are_named_at_line_1():
    from maillage.domain.indicators import column_problems

    missing = column_problems(SHARE_65, ("refnis", "period", "numerator", "value"), "v.csv")
    assert [(p.line, p.field) for p in missing] == [(1, "denominator")]
    count = Indicator("c", "C", "", Kind.COUNT, Polarity.NEUTRAL)
    assert column_problems(count, ("code", "period", "value"), "v.csv") == []
