"""The preview of an indicator value file (web upload) and its load, on both backends."""

from __future__ import annotations

import pytest

from maillage.domain.actors import Actor
from maillage.domain.territory import Level
from maillage.errors import DataFileError, InvalidInput, NotFound
from maillage.services import audit_trail, indicator_loading, indicator_upload, indicators
from maillage.tabular import spreadsheet
from tests.helpers import snapshot
from tests.services.test_indicators import TEST_INDICATOR, write

ACTOR = Actor(None, "test", "127.0.0.1")


@pytest.fixture
def loaded(platform, tmp_path):
    """test-diab with values for 2023 (two communes) and 2024 (three)."""
    path = write(
        tmp_path,
        "first.csv",
        "refnis,period,numerator,denominator\n"
        "92094,2023,10,1000\n91114,2023,5,500\n"
        "92094,2024,12,1000\n91114,2024,6,500\n93010,2024,3,300\n",
    )
    indicator_loading.load_file(platform, ACTOR, path, TEST_INDICATOR)
    return platform


def test_the_preview_counts_added_replaced_unchanged_and_dropped_values_per_period(
    loaded, tmp_path
):
    path = write(
        tmp_path,
        "second.csv",
        "refnis,period,numerator,denominator\n"
        "92094,2024,12,1000\n"  # unchanged
        "91114,2024,7,500\n"  # replaced: 6 → 7
        "92003,2024,4,400\n"  # added; 93010 is dropped
        "92094,2025,13,1000\n",  # a new period
    )
    before = snapshot(loaded)
    found = indicator_upload.preview_values(loaded, path, "test-diab")
    assert snapshot(loaded) == before  # nothing written
    assert found.values == 4 and not found.changes_nothing
    by_period = {p.period: p for p in found.periods}
    assert set(by_period) == {"2024", "2025"}  # 2023 is not touched by this file
    p2024 = by_period["2024"]
    assert (p2024.added, p2024.replaced, p2024.unchanged, p2024.removed) == (1, 1, 1, 1)
    [sample] = p2024.samples
    assert (sample.code, sample.old[0], sample.new[0]) == ("91114", 6, 7)
    assert sample.name != "91114"  # the commune's name
    assert (by_period["2025"].added, by_period["2025"].replaced) == (1, 0)


def test_the_same_file_again_changes_nothing(loaded, tmp_path):
    path = write(
        tmp_path,
        "same.csv",
        "refnis,period,numerator,denominator\n92094,2023,10,1000\n91114,2023,5,500\n",
    )
    found = indicator_upload.preview_values(loaded, path, "test-diab")
    assert found.changes_nothing and found.periods[0].unchanged == 2


def test_a_faulty_file_is_refused_by_the_preview_as_by_the_load(loaded, tmp_path):
    path = write(
        tmp_path,
        "bad.csv",
        "refnis,period,numerator,denominator\n92094,2024,1,10\n99999,2024,1,1\n",
    )
    with pytest.raises(DataFileError) as caught:
        indicator_upload.preview_values(loaded, path, "test-diab")
    assert [(p.line, p.field, p.value) for p in caught.value.problems] == [(3, "refnis", "99999")]
    with pytest.raises(NotFound):
        indicator_upload.preview_values(loaded, path, "no-such-indicator")


def test_an_xlsx_workbook_loads_and_the_load_is_audited(loaded, tmp_path):
    path = tmp_path / "values.xlsx"
    path.write_bytes(
        spreadsheet.xlsx_bytes(
            "Valeurs",
            [["refnis", "period", "numerator", "denominator"], [92094, 2026, 20, 1000]],
        )
    )
    assert indicator_upload.preview_values(loaded, path, "test-diab").periods[0].added == 1
    report = indicator_upload.load_values(loaded, ACTOR, path, "test-diab")
    assert report.values == 1 and report.periods == ["2026"]
    table = indicators.values(loaded, "test-diab", Level.COMMUNE, "2026", public=False)
    assert {t.code for t, e in table.rows if e is not None} == {"92094"}
    events = audit_trail.events(loaded, audit_trail.AuditFilter(entity="indicator"))
    assert any(e.action == "load" and e.after["file"] == "values.xlsx" for e in events)


def test_offer_indicators_are_not_offered_for_upload(loaded):
    choices = dict(indicator_upload.catalogue_choices(loaded))
    assert "test-diab" in choices
    assert not any(key.startswith("offre-") for key in choices)


def test_an_offer_indicator_is_refused(platform, tmp_path):
    offer = next(
        s.indicator.id for s in indicators.list_indicators(platform) if s.indicator.theme == "offre"
    )
    path = write(tmp_path, "offre.csv", "refnis,period,numerator,denominator\n92094,2024,1,10\n")
    with pytest.raises(InvalidInput, match="répertoire"):
        indicator_upload.preview_values(platform, path, offer)
