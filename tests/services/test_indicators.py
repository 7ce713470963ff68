"""Indicator catalogue, loading and the values of every territory, on both backends."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from maillage.domain.actors import Actor
from maillage.domain.indicators import Comparison, Indicator, Kind, Polarity
from maillage.domain.territory import Level
from maillage.errors import Conflict, DataFileError, NotFound, UserError
from maillage.services import indicator_loading, indicators, observations, profiles, territories
from maillage.services.platform import Platform
from tests.helpers import snapshot

ACTOR = Actor(None, "test", "127.0.0.1")
TEST_INDICATOR = Indicator(
    "test-diab",
    "Diabète traité",
    "Part de la population traitée.",
    Kind.PROPORTION,
    Polarity.LOWER_IS_BETTER,
    unit="%",
    multiplier=100,
)


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_reference_catalogue_is_loaded_with_provenance(shared_platform):
    catalogue = {s.indicator.id: s for s in indicators.list_indicators(shared_platform)}
    for expected in (
        "pop-0-19-pct",
        "pop-80plus-pct",
        "dependance-agees",
        "densite",
        "croissance-2017-2022",
        "revenu-par-habitant",
        "offre-pharmacie",
    ):
        assert expected in catalogue
    income = catalogue["revenu-par-habitant"]
    assert income.periods == [str(y) for y in range(2005, 2014)]
    assert income.territories == 261  # pre-2019 codes converted, Bastogne + Bertogne summed
    assert "CC BY 2.0" in income.indicator.licence
    assert catalogue["offre-pharmacie"].indicator.is_demo is False  # real OSM pharmacies
    assert catalogue["offre-medecin-generaliste"].indicator.is_demo is True
    assert all(s.indicator.source and s.indicator.licence for s in catalogue.values())


def test_parent_values_are_sums_of_commune_numerators_and_denominators(shared_platform):
    communes = indicators.values(shared_platform, "pop-80plus-pct", Level.COMMUNE, public=False)
    by_code = {t.code: e for t, e in communes.rows}
    bassins = indicators.values(shared_platform, "pop-80plus-pct", Level.BASSIN, public=False)
    for bassin, estimate in bassins.rows[:10]:
        members = territories.communes_of(shared_platform, bassin.code)
        assert estimate.numerator == sum(by_code[c].numerator for c in members)
        assert estimate.denominator == sum(by_code[c].denominator for c in members)
        assert estimate.value == pytest.approx(estimate.numerator / estimate.denominator * 100)
        mean_of_rates = sum(by_code[c].value for c in members) / len(members)
        if len(members) > 1:
            assert estimate.value != pytest.approx(mean_of_rates, abs=1e-9)
    region = bassins.region
    assert region is not None
    assert region.denominator == sum(e.denominator for _t, e in communes.rows)


def test_comparisons_follow_intervals_against_the_region(shared_platform):
    table = indicators.values(shared_platform, "offre-pharmacie", Level.OLS)
    region = table.region.value
    for _territory, e in table.rows:
        if e.interval.low > region:
            assert e.comparison is Comparison.BETTER  # more pharmacies is better
        elif e.interval.high < region:
            assert e.comparison is Comparison.WORSE
        else:
            assert e.comparison is Comparison.SIMILAR


def test_loading_a_file_creates_the_indicator_and_replaces_a_reloaded_period(platform, tmp_path):
    path = write(
        tmp_path,
        "diab.csv",
        "refnis;period;numerator;denominator\n"
        "92094;2024;5 000;110 000\n"
        "55022;2024;3000,0;77000\n"  # pre-2019 code of La Louvière
        "82003;2024;100;4000\n82005;2024;20;3000\n",
    )  # Bastogne + Bertogne → 82039
    report = indicator_loading.load_file(platform, ACTOR, path, TEST_INDICATOR)
    assert report.created and report.values == 3 and report.periods == ["2024"]
    assert {(c.old, c.new) for c in report.conversions} >= {("55022", "58001"), ("82003", "82039")}
    table = indicators.values(platform, "test-diab", Level.COMMUNE, public=False)
    found = {t.code: e for t, e in table.rows if e is not None}
    assert found["82039"].numerator == 120 and found["82039"].denominator == 7000
    assert found["58001"].value == pytest.approx(3000 / 77000 * 100)

    write(tmp_path, "diab.csv", "refnis,period,numerator,denominator\n92094,2024,10,100\n")
    again = indicator_loading.load_file(platform, ACTOR, path, TEST_INDICATOR)
    assert not again.created and again.replaced == 3
    table = indicators.values(platform, "test-diab", Level.COMMUNE, public=False)
    assert [t.code for t, e in table.rows if e is not None] == ["92094"]


def test_a_faulty_file_names_every_fault_and_changes_nothing(platform, tmp_path):
    path = write(
        tmp_path,
        "bad.csv",
        "refnis,period,numerator,denominator\n"
        "92094,2024,12,4000\n"
        "99999,2024,3,10\n"
        "92003,24,3,10\n"
        "91114,2024,x,10\n"
        "92094,2024,1,20\n"
        "93010,2024,30,10\n",
    )
    before = snapshot(platform)
    with pytest.raises(DataFileError) as caught:
        indicator_loading.load_file(platform, ACTOR, path, TEST_INDICATOR)
    problems = [(p.line, p.field, p.value) for p in caught.value.problems]
    assert problems == [
        (3, "refnis", "99999"),
        (4, "period", "24"),
        (5, "numerator", "x"),
        (6, "refnis", "92094"),
        (7, "numerator", "30"),
    ]
    assert all(p.file == str(path) for p in caught.value.problems)
    assert snapshot(platform) == before
    with pytest.raises(NotFound):
        indicators.get_indicator(platform, "test-diab")


def test_missing_columns_are_reported_before_any_line(platform, tmp_path):
    path = write(tmp_path, "cols.csv", "commune,period,count\n92094,2024,3\n")
    with pytest.raises(DataFileError) as caught:
        indicator_loading.load_file(platform, ACTOR, path, TEST_INDICATOR)
    assert {p.field for p in caught.value.problems} == {"refnis", "numerator", "denominator"}


def test_value_only_series_show_for_communes_but_are_not_aggregated(platform, tmp_path):
    path = write(tmp_path, "v.csv", "refnis,period,value\n92094,2024,12.5\n92003,2024,3\n")
    mean = Indicator("test-score", "Score", "", Kind.MEAN, Polarity.NEUTRAL)
    indicator_loading.load_file(platform, ACTOR, path, mean)
    communes = {t.code: e for t, e in indicators.values(platform, "test-score").rows if e}
    assert communes["92094"].value == 12.5
    bassins = indicators.values(platform, "test-score", Level.BASSIN)
    assert all(e is None for _t, e in bassins.rows)  # a value alone cannot be summed


def test_a_03000_row_is_the_whole_walloon_region_beside_the_computed_reform_region(
    platform, tmp_path
):
    reform = territories.communes_of(platform, "03000")
    assert len(reform) == 252
    lines = [f"{code},2024,10,1000" for code in reform]
    path = write(
        tmp_path,
        "published.csv",
        "refnis,period,numerator,denominator\n" + "\n".join(lines) + "\n03000,2024,9999,10000\n",
    )
    indicator_loading.load_file(platform, ACTOR, path, TEST_INDICATOR)
    table = indicators.values(platform, "test-diab", Level.OLS, public=False)
    # The reform region is its 252 communes' sum, never the published row.
    assert table.region.numerator == 2520 and table.region.denominator == 252_000
    whole = table.whole_region
    assert whole.published and whole.estimate.value == pytest.approx(99.99)
    assert (
        whole.name == "Région wallonne entière (valeur publiée, Communauté germanophone comprise)"
    )
    line = next(
        line
        for line in indicators.profile_lines(platform, "03000", public=False)
        if line.indicator.id == "test-diab"
    )
    assert line.estimate.numerator == 2520 and line.region.numerator == 2520
    assert line.whole_region == whole

    # Without every reform commune, the region has no value rather than the published one.
    write(
        tmp_path,
        "published.csv",
        "refnis,period,numerator,denominator\n92094,2024,10,100\n03000,2024,9999,10000\n",
    )
    indicator_loading.load_file(platform, ACTOR, path, TEST_INDICATOR)
    table = indicators.values(platform, "test-diab", Level.COMMUNE, public=False)
    assert table.region is None and table.whole_region.published
    assert [t.code for t, e in table.rows if e is not None] == ["92094"]

    # Without a 03000 row or all 261 communes, there is no whole region at all.
    write(tmp_path, "published.csv", "refnis,period,numerator,denominator\n92094,2024,10,100\n")
    indicator_loading.load_file(platform, ACTOR, path, TEST_INDICATOR)
    assert indicators.values(platform, "test-diab", public=False).whole_region is None


def test_the_whole_walloon_region_is_computed_when_all_its_communes_have_values(
    shared_platform,
):
    table = indicators.values(shared_platform, "pop-80plus-pct", Level.OLS, public=False)
    whole = table.whole_region
    assert whole is not None and not whole.published and "calculée" in whole.name
    german = territories.outside_reform(shared_platform)
    communes = {
        t.code: e for t, e in indicators.values(shared_platform, "pop-80plus-pct").rows if e
    }
    assert len(german) == 9 and not german.keys() & communes.keys()
    # The German-language communes are the difference between the two regions.
    assert whole.estimate.denominator > table.region.denominator
    assert whole.estimate.denominator == table.region.denominator + sum(
        indicators.commune_values(shared_platform, "pop-80plus-pct", german, public=False)[2][
            code
        ].denominator
        for code in german
    )


def test_small_numbers_are_hidden_in_public_views_only(platform, tmp_path):
    path = write(
        tmp_path,
        "s.csv",
        "refnis,period,numerator,denominator\n92094,2024,3,1000\n92003,2024,40,1000\n",
    )
    indicator_loading.load_file(platform, ACTOR, path, TEST_INDICATOR)
    public = {t.code: e for t, e in indicators.values(platform, "test-diab").rows if e}
    assert public["92094"].suppressed and public["92094"].value is None
    assert public["92094"].numerator is None and public["92094"].interval is None
    assert not public["92003"].suppressed
    internal = {
        t.code: e for t, e in indicators.values(platform, "test-diab", public=False).rows if e
    }
    assert internal["92094"].value == pytest.approx(0.3)


def test_definitions_from_yaml_name_the_faulty_field(platform, tmp_path):
    good = write(
        tmp_path,
        "d.yaml",
        yaml.safe_dump(
            {
                "id": "test-rate",
                "name": "Taux",
                "kind": "rate",
                "polarity": "lower_is_better",
                "multiplier": 1000,
                "unit": "pour 1 000",
                "source": "Test",
                "licence": "CC0",
            }
        ),
    )
    indicator = indicator_loading.definition_from_file(good)
    assert indicator.kind is Kind.RATE and indicator.multiplier == 1000
    bad = write(tmp_path, "bad.yaml", "id: x\nname: X\nkind: ratio2\npolarity: up\ncolour: 1\n")
    with pytest.raises(DataFileError) as caught:
        indicator_loading.definition_from_file(bad)
    assert {p.field for p in caught.value.problems} == {"kind", "polarity", "colour"}


def test_options_update_a_stored_definition_or_require_a_name(platform):
    with pytest.raises(UserError, match="--name"):
        indicator_loading.definition_from_options(platform, "new-one", {"unit": "%"})
    updated = indicator_loading.definition_from_options(platform, "densite", {"unit": "hab/km2"})
    assert updated.unit == "hab/km2" and updated.kind is Kind.RATIO


def test_another_process_loading_values_is_seen_without_restart(platform, tmp_path):
    indicators.list_indicators(platform)  # memoised in this "server"
    other = Platform.open(platform.settings)  # e.g. the CLI in another process
    try:
        path = write(tmp_path, "o.csv", "refnis,period,numerator,denominator\n92094,2024,10,100\n")
        indicator_loading.load_file(other, ACTOR, path, TEST_INDICATOR)
    finally:
        other.close()
    assert "test-diab" in {s.indicator.id for s in indicators.list_indicators(platform)}


def test_an_adhoc_territory_sums_its_communes(shared_platform):
    chosen = ["92094", "92003", "91114"]
    lines = {
        line.indicator.id: line
        for line in indicators.profile_lines(
            shared_platform, indicators.ADHOC, public=False, communes=chosen
        )
    }
    table = {
        t.code: e
        for t, e in indicators.values(shared_platform, "pop-80plus-pct", public=False).rows
    }
    adhoc = lines["pop-80plus-pct"].estimate
    assert adhoc.numerator == sum(table[c].numerator for c in chosen)
    assert (
        adhoc.comparison in set(Comparison) - {Comparison.NOT_COMPARED}
        or adhoc.interval is not None
    )
    assert lines["revenu-par-habitant"].trend[0].period == "2005"


def test_profiles_of_every_level_have_lines_pyramid_and_map(shared_platform):
    for code in ("03000", "OLS-01", "BV-001", "92094"):
        found = profiles.profile(shared_platform, code)
        assert found.lines and found.choropleth is not None
        assert sum(count for _band, count in found.age_bands) > 0
    commune = profiles.profile(shared_platform, "92094")
    assert commune.choropleth.highlight == {"92094"}  # shown among its bassin's communes
    assert len(commune.choropleth.shapes) > 1


def test_pasted_communes_accept_codes_old_codes_and_names(shared_platform):
    assert profiles.parse_communes(shared_platform, "92094; dinant\n55022, 92094") == [
        "92094",
        "91034",
        "58001",
    ]
    with pytest.raises(UserError, match="Atlantis"):
        profiles.parse_communes(shared_platform, "92094, Atlantis")


def test_observations_roll_up_to_containing_territories(platform):
    bassin = "BV-001"
    commune = territories.communes_of(platform, bassin)[0]
    ols = territories.ancestor_codes(platform, bassin)[-1]
    public = observations.add(
        platform,
        ACTOR,
        commune,
        "Longues attentes chez les MG.",
        date(2026, 10, 1),
        "field",
        ["sante"],
        "offre-medecin-generaliste",
        is_public=True,
        author_name="Alice",
    )
    observations.add(
        platform,
        ACTOR,
        bassin,
        "Note interne.",
        date(2026, 10, 2),
        "concertation_space",
        [],
        None,
        is_public=False,
    )
    for code in (commune, bassin, ols, "03000"):
        seen = observations.for_territory(platform, code, internal=True)
        assert public.id in {o.id for o in seen}
    anonymous = observations.for_territory(platform, bassin, internal=False)
    assert [o.text for o in anonymous] == ["Longues attentes chez les MG."]
    assert anonymous[0].author is None  # authors are for members only
    other_bassin = next(
        t.code
        for t, _p in territories.list_territories(platform, Level.BASSIN).items
        if t.code != bassin
    )
    assert observations.for_territory(platform, other_bassin, internal=True) == []


def test_observations_refuse_bad_input_and_stale_withdrawals(platform):
    with pytest.raises(UserError):
        observations.add(platform, ACTOR, "92094", "  ", date(2026, 1, 1), "field", [])
    with pytest.raises(UserError, match="nowhere"):
        observations.add(platform, ACTOR, "92094", "x", date(2026, 1, 1), "field", ["nowhere"])
    with pytest.raises(UserError):
        observations.add(platform, ACTOR, "92094", "x", date(2026, 1, 1), "gossip", [])
    with pytest.raises(UserError):
        observations.add(platform, ACTOR, "92094", "x", date(2999, 1, 1), "field", [])
    found = observations.add(platform, ACTOR, "92094", "x", date(2026, 1, 1), "field", [])
    with pytest.raises(NotFound):
        observations.withdraw(platform, ACTOR, "92003", found.id, found.version)
    with pytest.raises(Conflict):
        observations.withdraw(platform, ACTOR, "92094", found.id, found.version + 1)
    observations.withdraw(platform, ACTOR, "92094", found.id, found.version)
    assert observations.for_territory(platform, "92094", internal=True) == []


def test_age_specific_values_give_directly_standardised_rates(platform, tmp_path):
    from maillage.domain.intervals import direct_standardisation

    path = write(
        tmp_path,
        "hosp.csv",
        "refnis,period,age_band,numerator,denominator\n"
        "92094,2024,0-64,100,90000\n92094,2024,65+,300,20000\n"
        "92003,2024,0-64,20,20000\n92003,2024,65+,90,5000\n",
    )
    rate = Indicator(
        "test-hosp", "Hospitalisations", "", Kind.RATE, Polarity.LOWER_IS_BETTER, multiplier=1000
    )
    report = indicator_loading.load_file(platform, ACTOR, path, rate)
    stored = indicators.get_indicator(platform, "test-hosp").indicator
    assert stored.age_standardised and "2024" in stored.standard_name
    assert dict(stored.standard_population) == {"0-64": 110000.0, "65+": 25000.0}
    assert report.values == 4
    communes = {
        t.code: e for t, e in indicators.values(platform, "test-hosp", public=False).rows if e
    }
    expected = direct_standardisation([100, 300], [90000, 20000], [110000, 25000], per=1000)
    assert communes["92094"].value == pytest.approx(expected.value)
    assert communes["92094"].interval.low == pytest.approx(expected.interval.low)
    assert communes["92094"].numerator == 400  # events over all bands
    # The same standard applied to the ad-hoc pair's summed bands.
    lines = {
        line.indicator.id: line
        for line in indicators.profile_lines(
            platform, indicators.ADHOC, public=False, communes=["92094", "92003"]
        )
    }
    pair = direct_standardisation([120, 390], [110000, 25000], [110000, 25000], per=1000)
    assert lines["test-hosp"].estimate.value == pytest.approx(pair.value)


def test_age_bands_must_be_given_on_every_line_of_a_rate(platform, tmp_path):
    path = write(
        tmp_path,
        "mix.csv",
        "refnis,period,age_band,numerator,denominator\n"
        "92094,2024,0-64,100,90000\n92003,2024,,20,20000\n92003,2024,old,1,2\n",
    )
    rate = Indicator("test-hosp", "H", "", Kind.RATE, Polarity.LOWER_IS_BETTER)
    with pytest.raises(DataFileError) as caught:
        indicator_loading.load_file(platform, ACTOR, path, rate)
    assert [(p.line, p.field) for p in caught.value.problems] == [(4, "age_band")]
    path = write(
        tmp_path,
        "mix.csv",
        "refnis,period,age_band,numerator,denominator\n"
        "92094,2024,0-64,100,90000\n92003,2024,,20,20000\n",
    )
    with pytest.raises(DataFileError, match="chaque ligne"):
        indicator_loading.load_file(platform, ACTOR, path, rate)


def test_a_utf16_file_loads(platform, tmp_path):
    path = tmp_path / "unicode.csv"
    path.write_bytes("refnis;period;numerator;denominator\n92094;2024;10;100\n".encode("utf-16"))
    assert indicator_loading.load_file(platform, ACTOR, path, TEST_INDICATOR).values == 1


def test_a_proportion_without_its_denominator_column_is_refused_at_line_1(platform, tmp_path):
    path = write(tmp_path, "sans.csv", "refnis,period,numerator\n92094,2024,10\n")
    before = snapshot(platform)
    with pytest.raises(DataFileError) as caught:
        indicator_loading.load_file(platform, ACTOR, path, TEST_INDICATOR)
    [problem] = caught.value.problems
    assert (problem.line, problem.field) == (1, "denominator")
    assert snapshot(platform) == before


def test_nan_and_inf_are_refused_with_their_place(platform, tmp_path):
    path = write(
        tmp_path,
        "nan.csv",
        "refnis,period,numerator,denominator\n"
        "92094,2023,nan,100\n92094,2024,1,inf\n92003,2024,1,10\n",
    )
    with pytest.raises(DataFileError) as caught:
        indicator_loading.load_file(platform, ACTOR, path, TEST_INDICATOR)
    assert [(p.line, p.field, p.value) for p in caught.value.problems] == [
        (2, "numerator", "nan"),
        (3, "denominator", "inf"),
    ]


def test_lines_past_the_maximum_refuse_the_file(platform, tmp_path, monkeypatch):
    monkeypatch.setattr(indicator_loading, "MAX_VALUE_ROWS", 2)
    path = write(
        tmp_path,
        "long.csv",
        "refnis,period,numerator,denominator\n"
        + "".join(f"92094,{year},1,10\n" for year in (2020, 2021, 2022, 2023)),
    )
    with pytest.raises(DataFileError) as caught:
        indicator_loading.load_file(platform, ACTOR, path, TEST_INDICATOR)
    assert [p.line for p in caught.value.problems] == [4]
    assert "scindez" in str(caught.value)
