"""« Mon espace »: what a person has to do now, for each territory they hold a role in.

One panel per role grant, read from the existing services: needs waiting for a step this
role may take (by state, from the flow's own transitions), and per role what its job asks
(meetings and syntheses, overdue plan actions, the year's report, indicators worse than
the region for an OLS team; drafts to validate for the administration; people and data
for the platform administrator). Links are addresses only: the web keeps those the
reader may open.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from maillage.domain.access import Grant, Role
from maillage.domain.bassin_drafts import DraftState
from maillage.domain.needs import NeedState, waiting_states
from maillage.domain.territory import REGION_CODE, Level
from maillage.i18n import gettext as _
from maillage.i18n import ngettext
from maillage.services import (
    accounts,
    action_plans,
    activity_report,
    bassin_draft_views,
    concertation,
    needs_register,
    notifications,
    observations,
    territories,
)
from maillage.services.notifications import Notification
from maillage.services.platform import Platform


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    count: int | None = None  # how many things wait behind the link, when it says


@dataclass(frozen=True)
class Panel:
    role: Role
    role_label: str
    code: str
    name: str
    tasks: list[Link] = field(default_factory=list)  # what to do now
    links: list[Link] = field(default_factory=list)  # the pages of the job


@dataclass(frozen=True)
class Home:
    display_name: str
    panels: list[Panel]
    notifications: list[Notification]
    unread: int


def territory_links(code: str, level: Level) -> list[Link]:
    """Every page of a bassin or an OLS: its needs, plans, spaces, projects, roadmap,
    profile, performance, drafts. The territory page and each home panel show them."""
    query = urlencode({"territoire": code})
    links = [
        Link(_("Profile"), f"/profils/{code}"),
        Link(_("Needs"), f"/besoins?{query}"),
        Link(_("Concertation spaces"), f"/concertation?{query}"),
        Link(_("Learning projects"), f"/projets?{query}"),
    ]
    if level is Level.OLS:
        links += [
            Link(_("Action plans"), "/plans"),
            Link(_("Roadmap"), f"/feuille-de-route/ols/{code}"),
            Link(_("Performance and reports"), f"/performance/{code}"),
            Link(_("Drafts of bassin changes"), "/revisions-bassins"),
        ]
    return links


def _needs_link(label: str, count: int, territory: str, state: NeedState) -> Link:
    query = urlencode({"etat": state.value, "territoire": territory})
    return Link(label, f"/besoins?{query}", count)


def _waiting_needs(platform: Platform, role: Role, code: str) -> list[Link]:
    """Needs of *code* in a state from which *role* takes the next step, by state."""
    waiting = waiting_states([role])
    territory = "" if code == REGION_CODE else code
    found = needs_register.register(
        platform, needs_register.RegisterFilter(states=tuple(waiting), territory=territory)
    )
    counts = Counter(n.state for n in found)
    return [
        _needs_link(
            ngettext(
                "{count} need {state}: your step", "{count} needs {state}: your step", counts[s]
            ).format(count=counts[s], state=f"« {s.label} »"),
            counts[s],
            territory,
            s,
        )
        for s in waiting
        if counts[s]
    ]


def _concertation(platform: Platform, code: str) -> list[Link]:
    today = date.today()
    upcoming = unpublished = 0
    first_space = ""
    for listed in concertation.list_spaces(platform, code):
        space = concertation.get_space(platform, listed.id)
        first_space = first_space or f"/concertation/{space.code}/{space.id}"
        upcoming += sum(1 for m in space.meetings if m.held_on >= today)
        unpublished += sum(1 for m in space.meetings if m.held_on < today and not m.published)
    where = first_space or "/concertation?" + urlencode({"territoire": code})
    tasks = []
    if upcoming:
        tasks.append(
            Link(
                ngettext("{count} meeting to come", "{count} meetings to come", upcoming).format(
                    count=upcoming
                ),
                where,
                upcoming,
            )
        )
    if unpublished:
        tasks.append(
            Link(
                ngettext(
                    "{count} synthesis to publish", "{count} syntheses to publish", unpublished
                ).format(count=unpublished),
                where,
                unpublished,
            )
        )
    return tasks


def _ols_team(platform: Platform, code: str) -> list[Link]:
    tasks = _concertation(platform, code)
    for plan in action_plans.list_plans(platform, code):
        if plan.overdue:
            tasks.append(
                Link(
                    ngettext(
                        "{count} overdue action in « {plan} »",
                        "{count} overdue actions in « {plan} »",
                        plan.overdue,
                    ).format(count=plan.overdue, plan=plan.title),
                    f"/plans/{code}/{plan.id}",
                    plan.overdue,
                )
            )
    # The report being written: this year's, or last year's while it is still open.
    this_year = date.today().year
    recent = [y for y in activity_report.reports_of(platform, code) if y >= this_year - 1]
    if recent:
        tasks.append(
            Link(
                _("Activity report {year}: opened, to complete").format(year=max(recent)),
                f"/rapports/{code}/{max(recent)}",
            )
        )
    else:
        tasks.append(
            Link(
                _("Activity report {year}: not opened yet").format(year=this_year),
                f"/performance/{code}",
            )
        )
    worse = needs_register.indicator_alerts(platform, code)
    if worse:
        tasks.append(
            Link(
                ngettext(
                    "{count} indicator worse than the region",
                    "{count} indicators worse than the region",
                    len(worse),
                ).format(count=len(worse)),
                f"/profils/{code}",
                len(worse),
            )
        )
    return tasks


def _bassin_actor(platform: Platform, code: str) -> list[Link]:
    tasks = _concertation(platform, code)
    seen = observations.for_territory(platform, code, internal=True)
    tasks.append(
        Link(
            ngettext("{count} observation", "{count} observations", len(seen)).format(
                count=len(seen)
            ),
            f"/profils/{code}",
            len(seen),
        )
    )
    return tasks


def _administration(platform: Platform) -> list[Link]:
    submitted = [
        d for d in bassin_draft_views.list_drafts(platform) if d.state is DraftState.SUBMITTED
    ]
    return [
        Link(
            _("Draft of bassin changes of {ols} to validate").format(ols=d.ols_code),
            f"/revisions-bassins/{d.ols_code}/{d.id}",
        )
        for d in submitted
    ]


def _platform_admin(platform: Platform) -> list[Link]:
    people = accounts.list_people(platform)
    return [
        Link(
            ngettext("{count} account", "{count} accounts", len(people)).format(count=len(people)),
            "/admin/personnes",
            len(people),
        ),
        *_stalest_sources(platform),
        Link(_("Data sources and their dates"), "/sources"),
        Link(_("Audit trail"), "/admin/journal"),
    ]


def _stalest_sources(platform: Platform, shown: int = 3) -> list[Link]:
    """The reference data whose latest year is oldest: what to refresh first."""

    def latest_year(source: territories.Source) -> int:
        years = re.findall(r"\d{4}", source.year)
        return max(int(y) for y in years) if years else 0

    dated = sorted(
        (s for s in territories.all_sources(platform) if latest_year(s)), key=latest_year
    )
    return [
        Link(
            _("Data of {year}: {title}").format(year=source.year, title=source.title),
            "/sources",
        )
        for source in dated[:shown]
    ]


def _jobs(role: Role) -> list[Link]:
    """The main pages of a regional role (territorial roles get their territory's)."""
    compilation = Link(_("Compilation of needs"), "/compilation")
    comparison = Link(_("Comparison of the OLS"), "/performance")
    drafts = Link(_("Drafts of bassin changes"), "/revisions-bassins")
    jobs = {
        Role.IWPL_ANALYST: [
            compilation,
            comparison,
            Link(_("Roadmap comparison"), "/feuille-de-route/comparaison"),
        ],
        Role.FORUM_MEMBER: [
            Link(_("Needs register"), "/besoins"),
            compilation,
            Link(_("Action plans"), "/plans"),
        ],
        Role.ADMINISTRATION: [drafts, Link(_("Zonings"), "/decoupages"), comparison],
        Role.ORIENTATION_OPERATOR: [Link(_("Orientation line"), "/orientation")],
        Role.PLATFORM_ADMIN: [Link(_("People"), "/admin/personnes")],
    }
    return jobs.get(role, [])


def _panel(platform: Platform, grant: Grant) -> Panel:
    code = grant.scope
    detail = territories.territory_detail(platform, code)
    level = detail.territory.level
    tasks = _waiting_needs(platform, grant.role, code)
    if grant.role in (Role.OLS_TEAM, Role.OLS_GOVERNANCE):
        tasks += _ols_team(platform, code)
    elif grant.role is Role.BASSIN_ACTOR:
        tasks += _bassin_actor(platform, code)
    elif grant.role is Role.ADMINISTRATION:
        tasks += _administration(platform)
    elif grant.role is Role.PLATFORM_ADMIN:
        tasks += _platform_admin(platform)
    if level in (Level.BASSIN, Level.OLS):
        links = territory_links(code, level)
    else:
        links = _jobs(grant.role)
    return Panel(grant.role, grant.role.label, code, detail.territory.name, tasks, links)


def home(platform: Platform, person_id: int) -> Home:
    """The dashboard of *person_id*: one panel per role grant, then notifications."""
    person = accounts.get_person(platform, person_id)
    return Home(
        person.display_name,
        [_panel(platform, g) for g in person.grants],
        notifications.for_person(platform, person_id, limit=5),
        notifications.unread_count(platform, person_id),
    )
