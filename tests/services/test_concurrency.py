"""No lost updates: two editors from the same version, exactly one wins (both backends)."""

from __future__ import annotations

import threading

import pytest

from maillage.domain.actors import Actor
from maillage.errors import StaleVersion
from maillage.services import accounts, sheets

ANNE = Actor(None, "anne@example.be", "10.0.0.1")
BRUNO = Actor(None, "bruno@example.be", "10.0.0.2")


def test_second_update_from_the_same_version_is_refused_with_the_changes(platform):
    sheets.update_sheet(platform, ANNE, "OLS-01", 0, {"contact": "equipe@ols1.be"})
    read_by_both = sheets.get_sheet(platform, "OLS-01", internal=True).version
    sheets.update_sheet(platform, ANNE, "OLS-01", read_by_both, {"presentation": "Version A"})
    with pytest.raises(StaleVersion) as caught:
        sheets.update_sheet(platform, BRUNO, "OLS-01", read_by_both, {"presentation": "Version B"})
    assert caught.value.http_status == 409
    message = str(caught.value)
    assert "modifié par quelqu'un d'autre" in message
    assert "Version A" in message and "anne@example.be" in message
    assert sheets.get_sheet(platform, "OLS-01", True).presentation == "Version A"


def test_simultaneous_updates_exactly_one_succeeds(platform):
    sheets.update_sheet(platform, ANNE, "BV-001", 0, {"contact": "start"})
    version = sheets.get_sheet(platform, "BV-001", True).version
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def edit(actor: Actor, text: str) -> None:
        barrier.wait()
        try:
            sheets.update_sheet(platform, actor, "BV-001", version, {"presentation": text})
            outcomes[text] = "saved"
        except StaleVersion:
            outcomes[text] = "409"

    threads = [
        threading.Thread(target=edit, args=(ANNE, "A")),
        threading.Thread(target=edit, args=(BRUNO, "B")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes.values()) == ["409", "saved"]
    winner = next(text for text, outcome in outcomes.items() if outcome == "saved")
    final = sheets.get_sheet(platform, "BV-001", True)
    assert final.presentation == winner
    assert final.version == version + 1


def test_first_edits_racing_on_a_new_sheet_do_not_duplicate_it(platform):
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def create(actor: Actor, text: str) -> None:
        barrier.wait()
        try:
            sheets.update_sheet(platform, actor, "BV-002", 0, {"presentation": text})
            outcomes.append("saved")
        except StaleVersion:
            outcomes.append("409")

    threads = [
        threading.Thread(target=create, args=(ANNE, "A")),
        threading.Thread(target=create, args=(BRUNO, "B")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["409", "saved"]
    assert sheets.get_sheet(platform, "BV-002", True).version == 1


def test_people_are_versioned_too(platform):
    person = accounts.create_person(platform, ANNE, "g@example.be", "G")
    accounts.update_person(platform, ANNE, person.id, person.version, display_name="G2")
    with pytest.raises(StaleVersion) as caught:
        accounts.update_person(platform, BRUNO, person.id, person.version, display_name="G3")
    assert "G2" in str(caught.value)
    assert accounts.get_person(platform, person.id).display_name == "G2"
