"""The policy as small tables: who may act, on what, where."""

from __future__ import annotations

import pytest

from maillage.domain.access import (
    POLICY,
    Audience,
    Grant,
    Role,
    check_administrators_remain,
    check_grant,
    decide,
)
from maillage.errors import Conflict

# The territories of a tiny zoning: two OLS, each with one bassin.
ANCESTORS = {
    "B1": ["03000", "O1"],
    "B2": ["03000", "O2"],
    "O1": ["03000"],
    "O2": ["03000"],
    "10001": ["03000", "O1", "B1"],
}


def ancestors(code):
    return ANCESTORS.get(code, [])


SHEET = POLICY["territory_sheet.update"]

# grants, target, allowed
CASES = [
    (None, "B1", False),
    ([], "B1", False),
    ([Grant(Role.BASSIN_ACTOR, "B1")], "B1", True),
    ([Grant(Role.BASSIN_ACTOR, "B1")], "B2", False),
    ([Grant(Role.BASSIN_ACTOR, "B1")], "O1", False),
    ([Grant(Role.OLS_TEAM, "O1")], "O1", True),
    ([Grant(Role.OLS_TEAM, "O1")], "B1", True),
    ([Grant(Role.OLS_TEAM, "O1")], "10001", True),
    ([Grant(Role.OLS_TEAM, "O1")], "B2", False),
    ([Grant(Role.OLS_GOVERNANCE, "O2")], "B2", True),
    ([Grant(Role.IWPL_ANALYST, "03000")], "B1", False),
    ([Grant(Role.PLATFORM_ADMIN, "03000")], "B1", False),
    ([Grant(Role.IWPL_ANALYST, "03000"), Grant(Role.BASSIN_ACTOR, "B2")], "B2", True),
    ([Grant(Role.OLS_TEAM, "O1")], None, False),
]


@pytest.mark.parametrize(("grants", "target", "expected"), CASES)
def test_territory_sheet_updates_stay_in_scope(grants, target, expected):
    assert decide(SHEET, grants, target, ancestors) is expected


def test_public_authenticated_and_role_rules():
    assert decide(POLICY["public.read"], None)
    assert not decide(POLICY["account.self"], None)
    assert decide(POLICY["account.self"], [])
    assert decide(POLICY["people.manage"], [Grant(Role.PLATFORM_ADMIN, "03000")])
    assert not decide(POLICY["people.manage"], [Grant(Role.ADMINISTRATION, "03000")])
    assert decide(POLICY["zoning.manage"], [Grant(Role.ADMINISTRATION, "03000")])
    assert not decide(POLICY["zoning.manage"], [Grant(Role.OLS_TEAM, "O1")])


def test_internal_notes_are_readable_by_regional_bodies_everywhere():
    rule = POLICY["territory_sheet.read_internal"]
    assert decide(rule, [Grant(Role.FORUM_MEMBER, "03000")], "B2", ancestors)
    assert not decide(rule, [Grant(Role.BASSIN_ACTOR, "B1")], "B2", ancestors)


def test_every_rule_names_roles_unless_public_or_for_everyone():
    for key, rule in POLICY.items():
        if rule.audience in (Audience.ROLES, Audience.SCOPED):
            assert rule.roles, key
        assert rule.description, key


TERRITORIAL = [r for r in Role if r is not Role.PLATFORM_ADMIN]


@pytest.mark.parametrize("role", TERRITORIAL)
def test_an_administrator_holds_no_other_role(role):
    with pytest.raises(Conflict, match="second"):
        check_grant([Role.PLATFORM_ADMIN], role)
    with pytest.raises(Conflict, match="second"):
        check_grant([role], Role.PLATFORM_ADMIN)


def test_other_roles_combine_and_a_first_grant_is_free():
    check_grant([Role.BASSIN_ACTOR, Role.OLS_TEAM], Role.IWPL_ANALYST)
    check_grant([], Role.PLATFORM_ADMIN)
    check_grant([], Role.BASSIN_ACTOR)


# active administrators, account losing the role, refused
LAST_ADMINISTRATOR = [
    ([1], 1, True),
    ([1, 2], 1, False),
    ([2], 1, False),  # the account losing it is not an active administrator
    ([], 1, False),
]


@pytest.mark.parametrize(("active", "losing", "refused"), LAST_ADMINISTRATOR)
def test_the_last_active_administrator_stays(active, losing, refused):
    if refused:
        with pytest.raises(Conflict):
            check_administrators_remain(active, losing)
    else:
        check_administrators_remain(active, losing)
