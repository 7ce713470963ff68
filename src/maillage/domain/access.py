"""Who may do what, where: roles, grants and the declared policy table.

Every route of the application names one entry of ``POLICY``; nothing else decides
access. A grant gives a role within a territory (a bassin, an OLS territory or the
region); it covers that territory and everything nested in it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from maillage.domain.territory import REGION_CODE, Level
from maillage.errors import Conflict
from maillage.i18n import gettext as _


class Role(StrEnum):
    BASSIN_ACTOR = "bassin_actor"
    OLS_TEAM = "ols_team"
    OLS_GOVERNANCE = "ols_governance"
    IWPL_ANALYST = "iwpl_analyst"
    FORUM_MEMBER = "forum_member"
    ADMINISTRATION = "administration"
    PLATFORM_ADMIN = "platform_admin"
    ORIENTATION_OPERATOR = "orientation_operator"

    @property
    def label(self) -> str:
        return {
            Role.BASSIN_ACTOR: _("bassin actor"),
            Role.OLS_TEAM: _("OLS operational team"),
            Role.OLS_GOVERNANCE: _("OLS governance"),
            Role.IWPL_ANALYST: _("IWPL analyst"),
            Role.FORUM_MEMBER: _("Forum member"),
            Role.ADMINISTRATION: _("administration (AVIQ)"),
            Role.PLATFORM_ADMIN: _("platform administrator"),
            Role.ORIENTATION_OPERATOR: _("orientation line operator"),
        }[self]

    @property
    def scope_level(self) -> Level:
        """The level of territory a grant of this role is given for."""
        if self is Role.BASSIN_ACTOR:
            return Level.BASSIN
        if self in (Role.OLS_TEAM, Role.OLS_GOVERNANCE):
            return Level.OLS
        return Level.REGION


@dataclass(frozen=True)
class Grant:
    role: Role
    scope: str  # territory code: bassin or OLS code of the active zoning, or 03000


class Audience(StrEnum):
    PUBLIC = "public"  # anyone, logged in or not
    AUTHENTICATED = "authenticated"  # any logged-in person, whatever their roles
    ROLES = "roles"  # a grant of one of the listed roles
    SCOPED = "scoped"  # a grant of one of the listed roles whose scope covers the target


@dataclass(frozen=True)
class Rule:
    audience: Audience
    roles: frozenset[Role] = frozenset()
    description: str = ""


def _rule(audience: Audience, *roles: Role, description: str = "") -> Rule:
    return Rule(audience, frozenset(roles), description)


TERRITORY_WRITERS = (Role.BASSIN_ACTOR, Role.OLS_TEAM, Role.OLS_GOVERNANCE)
MEMBERS = tuple(Role)
NEED_RAISERS = (*TERRITORY_WRITERS, Role.ORIENTATION_OPERATOR)
DIRECTORY_CURATORS = (Role.OLS_TEAM, Role.ADMINISTRATION, Role.PLATFORM_ADMIN)
# Who may write a directory record in their territory; a writer who is not a curator
# there proposes, and the record waits for a curator's verification.
DIRECTORY_EDITORS = (*DIRECTORY_CURATORS, Role.OLS_GOVERNANCE)

# The policy table. Keys are the permissions routes declare; see ``docs/access.md``.
POLICY: dict[str, Rule] = {
    "public.read": _rule(Audience.PUBLIC, description="territories, zonings, sources, docs"),
    "session.login": _rule(Audience.PUBLIC, description="log in, log out"),
    "account.self": _rule(Audience.AUTHENTICATED, description="one's own account and tokens"),
    "territory_sheet.read_internal": _rule(
        Audience.SCOPED,
        *MEMBERS,
        description="internal notes of a bassin or OLS sheet, for members in scope",
    ),
    "territory_sheet.update": _rule(
        Audience.SCOPED,
        *TERRITORY_WRITERS,
        description="a bassin or OLS sheet, by its actors, team or governance",
    ),
    "zoning.manage": _rule(
        Audience.ROLES,
        Role.ADMINISTRATION,
        Role.PLATFORM_ADMIN,
        description="import and activate zonings, import statistical sectors (regional item)",
    ),
    "bassin_draft.read": _rule(
        Audience.ROLES,
        *MEMBERS,
        description="drafts of bassin changes proposed by the OLS, their checks and history",
    ),
    "bassin_draft.edit": _rule(
        Audience.SCOPED,
        Role.OLS_TEAM,
        Role.OLS_GOVERNANCE,
        description="start, edit and submit a draft of the bassins of an OLS in scope",
    ),
    "bassin_draft.validate": _rule(
        Audience.ROLES,
        Role.ADMINISTRATION,
        description="validate and activate a submitted draft of bassins, or return it",
    ),
    "people.manage": _rule(
        Audience.ROLES, Role.PLATFORM_ADMIN, description="accounts, roles and tokens of others"
    ),
    "audit.read": _rule(
        Audience.ROLES, Role.PLATFORM_ADMIN, description="the audit trail and its exports"
    ),
    "directory.read_internal": _rule(
        Audience.ROLES,
        *MEMBERS,
        description="internal fields of directory records, for logged-in actors",
    ),
    "directory.curate": _rule(
        Audience.ROLES,
        *DIRECTORY_CURATORS,
        description="mark records verified, merge likely duplicates and undo merges",
    ),
    "directory.edit": _rule(
        Audience.ROLES,
        *DIRECTORY_EDITORS,
        description="create and edit directory records located in one's territory "
        "(checked on the record's commune); a non-curator's edit awaits verification",
    ),
    "orientation.use": _rule(
        Audience.ROLES,
        Role.ORIENTATION_OPERATOR,
        Role.OLS_TEAM,
        Role.ADMINISTRATION,
        description="answer the single orientation line and log its requests",
    ),
    "indicator.read_small_numbers": _rule(
        Audience.ROLES,
        Role.OLS_TEAM,
        Role.OLS_GOVERNANCE,
        Role.IWPL_ANALYST,
        Role.ADMINISTRATION,
        Role.PLATFORM_ADMIN,
        description="indicator values resting on small numbers, hidden from public views",
    ),
    "indicator.load": _rule(
        Audience.ROLES,
        Role.ADMINISTRATION,
        Role.PLATFORM_ADMIN,
        description="load values of catalogue indicators from a file (regional item)",
    ),
    "observation.write": _rule(
        Audience.SCOPED,
        *TERRITORY_WRITERS,
        Role.ORIENTATION_OPERATOR,
        Role.IWPL_ANALYST,
        description="write or withdraw warm observations about a territory in scope",
    ),
    "observation.read_internal": _rule(
        Audience.ROLES, *MEMBERS, description="observations not marked public, and who wrote them"
    ),
    "need.read": _rule(
        Audience.ROLES,
        *MEMBERS,
        description="the needs register with its evidence, history and the Forum's answers",
    ),
    "need.raise": _rule(
        Audience.ROLES,
        *NEED_RAISERS,
        description="raise a need in a bassin within one's scope (checked on the bassin)",
    ),
    "need.act": _rule(
        Audience.ROLES,
        *MEMBERS,
        description="move a need along its life; the state machine names the role and the "
        "territory each step needs",
    ),
    "concertation.read_internal": _rule(
        Audience.ROLES,
        *MEMBERS,
        description="members of concertation spaces, meeting records, internal syntheses",
    ),
    "concertation.manage": _rule(
        Audience.SCOPED,
        *TERRITORY_WRITERS,
        Role.IWPL_ANALYST,
        Role.ADMINISTRATION,
        description="spaces, members, meetings and syntheses of a territory in scope",
    ),
    "plan.read": _rule(Audience.ROLES, *MEMBERS, description="OLS action plans and their exports"),
    "plan.manage": _rule(
        Audience.SCOPED,
        Role.OLS_TEAM,
        Role.OLS_GOVERNANCE,
        description="the action plans of an OLS in scope: objectives, partners, actions, "
        "transmission",
    ),
    "learning.read": _rule(
        Audience.ROLES,
        *MEMBERS,
        description="projects, learning cycles, shared journal entries, the learning "
        "network, performance frameworks and activity reports",
    ),
    "learning.manage": _rule(
        Audience.SCOPED,
        *TERRITORY_WRITERS,
        description="projects of a bassin or OLS in scope: theory of change, cycles, "
        "measures, journal (and its unshared entries)",
    ),
    "performance.manage": _rule(
        Audience.SCOPED,
        Role.OLS_TEAM,
        Role.OLS_GOVERNANCE,
        description="the performance framework, self-assessments and activity report of "
        "an OLS in scope",
    ),
    "architecture.manage": _rule(
        Audience.ROLES,
        Role.IWPL_ANALYST,
        Role.ADMINISTRATION,
        Role.PLATFORM_ADMIN,
        description="structures and flows of the reform's architecture (regional item)",
    ),
    "roadmap.read": _rule(
        Audience.ROLES,
        *MEMBERS,
        description="the roadmap trajectories and progress recorded by each OLS",
    ),
    "roadmap.manage": _rule(
        Audience.SCOPED,
        Role.OLS_TEAM,
        Role.OLS_GOVERNANCE,
        description="the roadmap trajectory and progress of an OLS in scope",
    ),
    "orientation.signals": _rule(
        Audience.ROLES,
        *MEMBERS,
        description="the orientation log (no personal data) and its unmet-need signals",
    ),
}


def covers(scope: str, target: str, ancestors: Callable[[str], Iterable[str]]) -> bool:
    """Whether a grant on *scope* covers *target* (the same territory or one nested in it)."""
    return scope in (REGION_CODE, target) or scope in set(ancestors(target))


def decide(
    rule: Rule,
    grants: Iterable[Grant] | None,
    target: str | None = None,
    ancestors: Callable[[str], Iterable[str]] = lambda code: (),
) -> bool:
    """Allow or deny; *grants* is None for an anonymous visitor, a list for a person."""
    if rule.audience is Audience.PUBLIC:
        return True
    if grants is None:
        return False
    if rule.audience is Audience.AUTHENTICATED:
        return True
    relevant = [g for g in grants if g.role in rule.roles]
    if rule.audience is Audience.ROLES:
        return bool(relevant)
    if target is None:
        return False
    return any(covers(g.scope, target, ancestors) for g in relevant)


# --- Separation of duties ------------------------------------------------------------
# A platform administrator manages accounts, roles and zonings; a territorial role edits
# what it covers. One account never holds both (an administrator cannot grant itself the
# right to edit), and the last active administrator stays, so nobody locks everyone out.


def check_grant(held: Iterable[Role], role: Role) -> None:
    """Refuse adding *role* to an account holding *held* when it would mix duties."""
    roles = set(held)
    if role is Role.PLATFORM_ADMIN and roles - {Role.PLATFORM_ADMIN}:
        raise Conflict(
            _(
                "This account already holds a role: a platform administrator holds "
                "no other one. Use a second account for the administration."
            )
        )
    if role is not Role.PLATFORM_ADMIN and Role.PLATFORM_ADMIN in roles:
        raise Conflict(
            _(
                "A platform administrator holds no other role: use a second "
                "account for the role {role}."
            ).format(role=role.label)
        )


def check_administrators_remain(active_administrators: Iterable[int], losing: int) -> None:
    """Refuse taking the administration from *losing* when no other active account has it.

    *active_administrators* are the ids of the active accounts holding platform_admin.
    """
    administrators = set(active_administrators)
    if administrators == {losing}:
        raise Conflict(
            _(
                "This is the last active platform administrator: appoint another "
                "one first, or nobody could manage the accounts any more."
            )
        )
