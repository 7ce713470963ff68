"""Directory records written by people: checked field by field, placed in Belgium, saved
with their version, proposed by non-curators and verified by a curator of the territory."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from maillage.domain.access import Role
from maillage.errors import Forbidden, StaleVersion
from maillage.services import directory
from maillage.services import directory_records as records
from maillage.services.directory_record_fields import parse_openings
from maillage.store.models import AuditEventRow
from tests.accounts_helpers import asker_in

# Braine-l'Alleud (25014) is in BV-001 of OLS-01; Namur (92094) in OLS-10.
BRAINE = {"latitude": "50.6840", "longitude": "4.3700"}
NAMUR = {"latitude": "50.4650", "longitude": "4.8650"}
RECORD = records.RecordFields(
    name="Permanence sociale du Centre",
    organization="Asbl Entraide brainoise",
    terms=("service-social",),
    phones="02 384 00 00",
    openings="lundi 09:00-12:00\nmercredi 14h-17h30",
    languages=("fr", "nl"),
    cost="free",
    address="Rue de la Station 1",
    postal_code="1420",
    city="Braine-l'Alleud",
    **BRAINE,
)


@pytest.fixture
def cast(platform):
    return {
        "team": asker_in(platform, "equipe@ols1.be", Role.OLS_TEAM, "OLS-01"),
        "governance": asker_in(platform, "gouvernance@ols1.be", Role.OLS_GOVERNANCE, "OLS-01"),
        "actor": asker_in(platform, "actrice@bv1.be", Role.BASSIN_ACTOR, "BV-001"),
        "aviq": asker_in(platform, "aviq@example.be", Role.ADMINISTRATION, "03000"),
    }


def test_a_curator_creates_a_record_found_by_search_and_audited(platform, cast):
    saved = records.create(platform, cast["team"], RECORD)
    assert not saved.awaiting_review  # a curator of the territory: no verification to wait
    hit, _record = directory.service_record(platform, saved.id, internal=True)
    assert (hit.name, hit.organization, hit.commune) == (
        "Permanence sociale du Centre",
        "Asbl Entraide brainoise",
        "Braine-l'Alleud",
    )
    assert hit.openings == [[0, "09:00", "12:00"], [2, "14:00", "17:30"]]
    found = directory.search(platform, directory.SearchRequest(text="entraide brainoise"))
    assert saved.id in [h.id for h in found.hits]
    with platform.reading() as session:
        event = session.scalars(
            select(AuditEventRow).where(
                AuditEventRow.entity == "directory_service", AuditEventRow.entity_id == saved.id
            )
        ).one()
    assert (event.action, event.actor) == ("create", "equipe@ols1.be")


def test_a_non_curator_proposes_and_a_curator_of_the_territory_verifies(platform, cast):
    saved = records.create(platform, cast["governance"], RECORD)
    assert saved.awaiting_review
    assert [a.id for a in records.awaiting(platform)] == [saved.id]
    assert records.awaiting(platform)[0].proposed_by == "gouvernance"
    verified = records.verify(platform, cast["team"], saved.id, on=date(2026, 12, 3))
    assert (verified.verified_by, verified.last_verified) == ("equipe", date(2026, 12, 3))
    assert records.awaiting(platform) == []
    assert records.review(platform, saved.id).verified_by == "equipe"


def test_an_edit_by_a_non_curator_puts_a_verified_record_back_to_verify(platform, cast):
    saved = records.create(platform, cast["team"], RECORD)
    edited = records.update(
        platform, cast["governance"], saved.id, saved.version, replace(RECORD, cost="low")
    )
    assert edited.awaiting_review and edited.version == saved.version + 1
    assert records.editable(platform, saved.id).fields.cost == "low"


def test_a_stale_edit_changes_nothing_and_says_what_changed(platform, cast):
    saved = records.create(platform, cast["team"], RECORD)
    records.update(platform, cast["aviq"], saved.id, saved.version, replace(RECORD, name="Autre"))
    with pytest.raises(StaleVersion) as refused:
        records.update(
            platform, cast["team"], saved.id, saved.version, replace(RECORD, name="Mien")
        )
    assert refused.value.http_status == 409
    assert "modifié par quelqu’un d’autre" in str(refused.value) or "version" in str(refused.value)
    assert "Autre" in str(refused.value)
    assert records.editable(platform, saved.id).fields.name == "Autre"


@pytest.mark.parametrize(
    ("point", "message"),
    [
        ({"latitude": "48.8566", "longitude": "2.3522"}, "hors de Belgique"),  # Paris
        ({"latitude": "50.6292", "longitude": "3.0573"}, "aucune commune"),  # Lille, in the box
    ],
)
def test_a_point_outside_belgium_or_its_communes_is_refused(platform, cast, point, message):
    with pytest.raises(records.FieldProblems) as refused:
        records.create(platform, cast["aviq"], replace(RECORD, **point))
    assert message in refused.value.problems["latitude"]
    assert records.awaiting(platform) == []


def test_every_faulty_field_is_named_at_once(platform, cast):
    faulty = replace(
        RECORD,
        name=" ",
        terms=(),
        email="pas-une-adresse",
        url="javascript:alert(1)",
        minimum_age="70",
        maximum_age="12",
        openings="lundi matin",
        postal_code="14200",
        latitude="",
        longitude="",
    )
    with pytest.raises(records.FieldProblems) as refused:
        records.create(platform, cast["aviq"], faulty)
    assert set(refused.value.problems) == {
        "name",
        "terms",
        "email",
        "url",
        "maximum_age",
        "openings",
        "postal_code",
        "latitude",
    }
    assert refused.value.http_status == 400


def test_a_commune_picked_without_a_point_places_the_record_at_its_centre(platform, cast):
    saved = records.create(
        platform, cast["team"], replace(RECORD, latitude="", longitude="", commune="25014")
    )
    hit, _record = directory.service_record(platform, saved.id, internal=False)
    assert hit.commune == "Braine-l'Alleud"


def test_writers_stay_in_their_territory(platform, cast):
    with pytest.raises(Forbidden):  # OLS-01's team, a record in Namur (OLS-10)
        records.create(platform, cast["team"], replace(RECORD, **NAMUR))
    with pytest.raises(Forbidden):  # a bassin actor writes no directory record
        records.create(platform, cast["actor"], RECORD)
    elsewhere = records.create(platform, cast["aviq"], replace(RECORD, **NAMUR))
    with pytest.raises(Forbidden):
        records.verify(platform, cast["team"], elsewhere.id)
    with pytest.raises(Forbidden):
        records.update(platform, cast["team"], elsewhere.id, elsewhere.version, RECORD)


def test_opening_lines_read_french_days_and_both_time_styles():
    openings = parse_openings("Lundi 9h-12h\nma 14:00 - 17:30\n\nSA 10:00-12:00")
    assert [(o.weekday, str(o.opens), str(o.closes)) for o in openings] == [
        (0, "09:00:00", "12:00:00"),
        (1, "14:00:00", "17:30:00"),
        (5, "10:00:00", "12:00:00"),
    ]
