"""Ranking for the orientation line: hard constraints exclude, reasons explain."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maillage.domain.directory import Cost, ServiceHit
from maillage.domain.orientation import (
    Candidate,
    CostLimit,
    Mobility,
    Situation,
    Urgency,
    assess,
    rank,
)
from maillage.i18n import language

TUESDAY_10 = datetime(2026, 11, 24, 10, 0)


@pytest.fixture(autouse=True)
def french():
    with language("fr"):
        yield


def hit(
    id="s1",
    distance=2.0,
    languages=("fr",),
    cost="free",
    pmr=False,
    openings=((1, "09:00", "12:00"),),
    stale=False,
    demo=False,
) -> ServiceHit:
    return ServiceHit(
        id=id,
        name=f"Service {id}",
        organization="",
        description="",
        terms=[{"code": "cpas", "name": "CPAS"}],
        address="",
        commune="Namur",
        latitude=50.4,
        longitude=4.8,
        distance_km=distance,
        languages=list(languages),
        cost=cost,
        pmr_accessible=pmr,
        phones=[],
        openings=[list(o) for o in openings],
        source="s",
        licence="l",
        attribution="",
        is_demo=demo,
        last_verified=None,
        stale=stale,
    )


SITUATION = Situation(needs=("cpas",), refnis="92094", language="fr")


def test_reasons_say_why_it_matched():
    match = assess(SITUATION, Candidate(hit(), covers_commune=True), TUESDAY_10)
    assert match is not None
    text = " ".join(match.reasons)
    assert "CPAS" in text and "2,0 km" in text and "français" in text
    assert "ouvert maintenant" in text and "dessert la commune" in text


def test_a_service_speaking_only_other_languages_is_left_out():
    assert assess(SITUATION, Candidate(hit(languages=("nl",)), False), TUESDAY_10) is None
    unknown = assess(SITUATION, Candidate(hit(languages=()), False), TUESDAY_10)
    assert unknown is not None and "langues non renseignées" in unknown.warnings


def test_cost_and_distance_are_hard_limits_but_a_covering_service_stays():
    paid = Situation(needs=("cpas",), refnis="92094", cost=CostLimit.FREE)
    assert assess(paid, Candidate(hit(cost="paid"), False), TUESDAY_10) is None
    walking = Situation(needs=("cpas",), refnis="92094", mobility=Mobility.WALKING)
    assert assess(walking, Candidate(hit(distance=8.0), False), TUESDAY_10) is None
    assert assess(walking, Candidate(hit(distance=8.0), True), TUESDAY_10) is not None


def test_urgent_requests_prefer_services_open_today():
    today = Situation(needs=("cpas",), refnis="92094", urgency=Urgency.TODAY)
    closed = hit("closed", distance=1.0, openings=((3, "09:00", "12:00"),))
    open_now = hit("open", distance=4.0)
    ranked = rank(today, [Candidate(closed, False), Candidate(open_now, False)], TUESDAY_10)
    assert [m.hit.id for m in ranked] == ["open", "closed"]
    assert "fermé pour le reste de la journée" in ranked[1].warnings


def test_demo_and_stale_records_are_flagged():
    match = assess(SITUATION, Candidate(hit(stale=True, demo=True), False), TUESDAY_10)
    assert match is not None
    assert "données de démonstration" in match.warnings
    assert any("12 mois" in w for w in match.warnings)


candidates = st.lists(
    st.builds(
        lambda i, d, lang, cost, pmr, covers: Candidate(hit(f"s{i}", d, lang, cost, pmr), covers),
        st.integers(0, 999),
        st.floats(0, 40),
        st.sampled_from([(), ("fr",), ("nl",), ("fr", "de")]),
        st.sampled_from(["free", "low", "paid", "unknown"]),
        st.booleans(),
        st.booleans(),
    ),
    max_size=25,
    unique_by=lambda c: c.hit.id,
)


@settings(max_examples=60, deadline=None)
@given(
    candidates,
    st.sampled_from(list(Mobility)),
    st.sampled_from(list(CostLimit)),
    st.sampled_from(["", "fr", "nl"]),
)
def test_ranked_matches_respect_every_hard_constraint(found, mobility, cost, language):
    situation = Situation(
        needs=("cpas",), refnis="92094", language=language, mobility=mobility, cost=cost
    )
    ranked = rank(situation, found, TUESDAY_10, limit=100)
    scores = [m.score for m in ranked]
    assert scores == sorted(scores, reverse=True)
    for m in ranked:
        covers = next(c.covers_commune for c in found if c.hit.id == m.hit.id)
        assert covers or (m.hit.distance_km or 0) <= mobility.radius_km
        assert not (language and m.hit.languages and language not in m.hit.languages)
        assert cost.accepts(Cost(m.hit.cost)) is not False
    assert ranked == rank(situation, list(reversed(found)), TUESDAY_10, limit=100)
