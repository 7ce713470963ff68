"""Directory queries: the plan chosen never changes the answer; nearest() is exact."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maillage.services import directory
from maillage.services.platform import Platform
from maillage.services.territories import zoning_hierarchy
from maillage.store import directory_search as store

TYPES = (
    ("medecin-generaliste",),
    ("pharmacie",),
    ("cpas",),
    ("hopital-general",),
    ("infirmier-domicile", "aide-familles-aines"),
    (),
)
COMMUNES = ("92094", "62063", "52011", "85011", "63023", "57081", "25005", "81001")
TERRITORIES = ("BV-001", "BV-040", "OLS-03", "92094", "03000")


def _centre(platform: Platform, refnis: str) -> tuple[float, float]:
    with platform.reading() as session:
        centre = directory.locator(platform, session).centroid(refnis)
    assert centre is not None
    return centre


def _both_plans(
    platform: Platform, criteria: store.Criteria, monkeypatch: pytest.MonkeyPatch, limit: int = 500
) -> tuple[object, object]:
    answers = []
    for place_first in (True, False):
        with monkeypatch.context() as patch:
            patch.setattr(store, "_place_is_selective", lambda *_a, p=place_first: p)
            with platform.reading() as session:
                answers.append(store.search(session, criteria, 0, limit))
    return answers[0], answers[1]


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    terms=st.sampled_from(TYPES),
    refnis=st.sampled_from(COMMUNES),
    radius_km=st.sampled_from((2.0, 5.0, 12.0, 25.0)),
)
def test_near_a_place_either_plan_finds_the_same_services_in_the_same_order(
    sqlite_platform, monkeypatch, terms, refnis, radius_km
):
    x, y = _centre(sqlite_platform, refnis)
    criteria = store.Criteria(terms=terms, near=(x, y, radius_km * 1000))
    place_first, filters_first = _both_plans(sqlite_platform, criteria, monkeypatch)
    assert place_first == filters_first


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(terms=st.sampled_from(TYPES[:-1]), territory=st.sampled_from(TERRITORIES))
def test_within_a_territory_either_plan_finds_the_same_services(
    sqlite_platform, monkeypatch, terms, territory
):
    with sqlite_platform.reading() as session:
        communes = tuple(
            zoning_hierarchy(sqlite_platform, session, None, None)[2].communes_of(territory)
        )
    criteria = store.Criteria(terms=terms, communes=communes)
    place_first, filters_first = _both_plans(sqlite_platform, criteria, monkeypatch)
    assert place_first == filters_first


@pytest.mark.parametrize("refnis", ["92094", "85011", "63023"])
@pytest.mark.parametrize("terms", [("pharmacie",), ("cpas",), ("medecin-generaliste",)])
def test_nearest_gives_the_nearest_services_within_the_radius(sqlite_platform, refnis, terms):
    x, y = _centre(sqlite_platform, refnis)
    criteria = store.Criteria(terms=terms, near=(x, y, 25_000))
    with sqlite_platform.reading() as session:
        total, everything = store.search(session, criteria, 0, 10_000)
        found = store.nearest(session, criteria, 15)
    assert len(everything) == total
    assert found == everything[:15]
    assert all(d is not None and d <= 25_000 for _i, d in found)


def test_the_total_counts_every_match_beyond_the_page(shared_platform):
    with shared_platform.reading() as session:
        criteria = store.Criteria(terms=("pharmacie",))
        total, first = store.search(session, criteria, 0, 20)
        _total, beyond = store.search(session, criteria, total + 40, 20)
    assert total > 1000 and len(first) == 20
    assert beyond == [] and _total == total
