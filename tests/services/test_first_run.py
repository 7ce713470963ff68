"""The first administrator is created through a one-time, expiring link."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from maillage.domain.access import Role
from maillage.errors import NotFound
from maillage.services import first_run
from maillage.store.models import FirstRunLinkRow
from tests.accounts_helpers import ADMIN, PASSWORD, add_person


def create(platform, secret, email="first@example.be"):
    return first_run.create_administrator(platform, ADMIN, secret, email, "Première", PASSWORD)


def test_the_link_creates_the_first_administrator_once(platform):
    secret = first_run.issue_link(platform)
    assert secret is not None
    first_run.check_link(platform, secret)
    person = create(platform, secret)
    assert [g.role for g in person.grants] == [Role.PLATFORM_ADMIN]
    assert not person.must_change_password
    with pytest.raises(NotFound):
        first_run.check_link(platform, secret)
    with pytest.raises(NotFound):
        create(platform, secret, "second@example.be")
    assert first_run.issue_link(platform) is None  # an administrator exists: no more links


def test_a_new_link_kills_the_earlier_one(platform):
    old = first_run.issue_link(platform)
    new = first_run.issue_link(platform)
    assert old and new and old != new
    with pytest.raises(NotFound):
        first_run.check_link(platform, old)
    first_run.check_link(platform, new)


def test_an_expired_link_is_dead(platform):
    secret = first_run.issue_link(platform)
    with platform.transaction() as session:
        session.execute(
            update(FirstRunLinkRow).values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
    with pytest.raises(NotFound):
        create(platform, secret)


def test_no_link_once_an_administrator_exists(platform):
    secret = first_run.issue_link(platform)
    add_person(platform, "admin@example.be", Role.PLATFORM_ADMIN)
    assert first_run.issue_link(platform) is None
    with pytest.raises(NotFound):
        first_run.check_link(platform, secret)
