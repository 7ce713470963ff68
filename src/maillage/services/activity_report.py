"""The yearly activity report of an OLS: BOOST's structure, pre-filled from the platform.

Facts (projects and cycles, needs and action plan, concertation and participation,
self-assessment, indicators) are read from the data each time the report is shown, so
they never drift from the records. The narratives are the team's: drafted once from the
same data when the report is opened, marked as drafts until a person edits them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from maillage.domain.action_plans import ActionStatus
from maillage.domain.activity_report import Bullets, Report, Section, Table, narrative_keys
from maillage.domain.actors import Actor
from maillage.domain.concertation import MemberSector
from maillage.domain.learning import Decision, Expectation
from maillage.domain.needs import NeedState
from maillage.domain.performance import Aim, ObjectiveKind
from maillage.domain.territory import Level
from maillage.errors import Conflict, InvalidInput, NotFound
from maillage.i18n import format_date, format_decimal, ngettext
from maillage.i18n import format_integer as fi
from maillage.i18n import gettext as _
from maillage.services import action_plans, concertation, indicators, learning, performance
from maillage.services.fields import bounded_text
from maillage.services.needs import RegisterFilter, register
from maillage.services.platform import Platform
from maillage.services.territories import zoning_hierarchy
from maillage.services.versioning import guarded_update
from maillage.store.learning_tables import ActivityReportRow, ReportNarrativeRow

MAX_NARRATIVE = 20_000
PATIENT_SECTORS = (MemberSector.PATIENTS_CITIZENS, MemberSector.CARERS)


@dataclass
class Facts:
    """What the platform knows about an OLS's year, gathered once per report."""

    code: str
    name: str
    year: int
    bassins: list[str]
    projects: list[learning.ProjectView]
    spaces: list[concertation.SpaceView]
    needs: list[tuple[int, str, NeedState, str]]  # id, title, state, bassin
    plans: list[action_plans.PlanView]
    dashboard: performance.Dashboard
    lines: list[indicators.ProfileLine]
    is_demo: bool

    def cycles(self) -> list[tuple[learning.ProjectView, learning.CycleView]]:
        """Cycles started or closed during the year."""
        return [
            (p, c)
            for p in self.projects
            for c in p.cycles
            if c.started_on.year == self.year
            or (c.closed_on is not None and c.closed_on.year == self.year)
        ]

    def meetings(self) -> list[concertation.MeetingView]:
        return [m for s in self.spaces for m in s.meetings if m.held_on.year == self.year]


def gather(platform: Platform, code: str, year: int) -> Facts:
    with platform.reading() as session:
        tree = zoning_hierarchy(platform, session, None, None)[2]
        ols = tree.at(code, Level.OLS)
        if ols is None:
            raise NotFound(_("An activity report belongs to an OLS: {value}").format(value=code))
        name = ols.name
        bassins = [t.name for t in tree.children(code)]
    projects = [
        learning.get_project(platform, p.id, private=True)
        for p in learning.list_projects(platform, territory=code)
    ]
    spaces = [
        concertation.get_space(platform, s.id) for s in concertation.list_spaces(platform, code)
    ]
    needs = [
        (n.id, n.title, n.state, n.bassin_name)
        for n in register(platform, RegisterFilter(territory=code))
        if n.created_at.year <= year
    ]
    plans = [
        action_plans.get_plan(platform, p.id, code, today=date(year, 12, 31))
        for p in action_plans.list_plans(platform, code)
        if p.first_year <= year <= p.last_year
    ]
    is_demo = (
        any(p.summary.is_demo for p in projects)
        or any(s.is_demo for s in spaces)
        or any(p.is_demo for p in plans)
    )
    return Facts(
        code,
        name,
        year,
        bassins,
        projects,
        spaces,
        needs,
        plans,
        performance.dashboard(platform, code),
        indicators.profile_lines(platform, code, public=True),
        is_demo,
    )


def drafts(facts: Facts) -> dict[str, str]:
    """First drafts of the narratives, from the data; the team rewrites them."""
    cycles = facts.cycles()

    def cycle_line(project: learning.ProjectView, cycle: learning.CycleView, text: str) -> str:
        return _("« {project} », cycle {number}: {text}").format(
            project=project.summary.title, number=cycle.number, text=text
        )

    adopted = [
        cycle_line(p, c, c.act_notes or c.objective)
        for p, c in cycles
        if c.decision in (Decision.ADOPT, Decision.ADAPT)
    ]
    abandoned = [
        cycle_line(p, c, c.act_notes or c.study)
        for p, c in cycles
        if c.decision is Decision.ABANDON
    ]
    unexpected = sum(
        e.expectation is Expectation.UNEXPECTED and e.written_on.year == facts.year
        for p in facts.projects
        for e in p.journal
    )
    meetings = facts.meetings()
    with_patients = sum(any(a.sector in PATIENT_SECTORS for a in m.attendees) for m in meetings)
    shared = [
        _("{title}: {practice}").format(title=p.summary.title, practice=p.summary.practice)
        for p in facts.projects
        if p.summary.shared and p.summary.practice
    ]
    open_ = [
        cycle_line(p, p.open_cycle, p.open_cycle.stage.label)
        for p in facts.projects
        if p.open_cycle is not None
    ]

    def lines(items: list[str]) -> str:
        return "\n".join(f"- {item}" for item in items)

    b, sp, m, wp = len(facts.bassins), len(facts.spaces), len(meetings), with_patients
    found = {
        "general": _(
            "In {year}, the OLS {name} brought together {bassins} and {spaces}, "
            "which met {meetings}."
        ).format(
            year=facts.year,
            name=facts.name,
            bassins=ngettext("{n} bassin de vie", "{n} bassins de vie", b).format(n=fi(b)),
            spaces=ngettext("{n} concertation space", "{n} concertation spaces", sp).format(
                n=fi(sp)
            ),
            meetings=ngettext("{n} time", "{n} times", m).format(n=fi(m)),
        ),
        "patient_participation": _(
            "Patients, citizens or informal carers took part in {meetings} of the year."
        ).format(
            meetings=ngettext(
                "{n} meeting out of {total}", "{n} meetings out of {total}", wp
            ).format(n=fi(wp), total=fi(m))
        ),
    }
    if adopted:
        found["successes"] = (
            _("Cycles whose change was adopted or adapted:") + "\n" + lines(adopted)
        )
    if abandoned or unexpected:
        found["limiting_factors"] = "\n".join(
            filter(
                None,
                [
                    _("Cycles abandoned:") + "\n" + lines(abandoned) if abandoned else "",
                    ngettext(
                        "{n} unexpected event was written in the projects' journals.",
                        "{n} unexpected events were written in the projects' journals.",
                        unexpected,
                    ).format(n=fi(unexpected))
                    if unexpected
                    else "",
                ],
            )
        )
    if shared:
        found["toolbox"] = (
            _("Practices and tools published to the learning network:") + "\n" + lines(shared)
        )
    if open_:
        found["future"] = _("Learning cycles under way:") + "\n" + lines(open_)
    return found


def open_report(platform: Platform, actor: Actor, code: str, year: int) -> int:
    """Create the report of *year* with drafted narratives (or return the existing one)."""
    if not 2024 <= year <= date.today().year + 1:
        raise InvalidInput(
            _("An activity report covers a year from 2024 to next year: {value}").format(value=year)
        )
    with platform.reading() as session:
        existing = _report_row(session, code, year)
    if existing is not None:
        return existing.id
    texts = drafts(gather(platform, code, year))
    with platform.transaction(actor) as session:
        row = ActivityReportRow(code=code, year=year, created_at=datetime.now(UTC))
        session.add(row)
        try:
            session.flush()
        except IntegrityError as error:
            raise Conflict(
                _(
                    "The {year} report of this OLS has just been opened by someone "
                    "else: reload the page."
                ).format(year=year)
            ) from error
        session.add_all(
            ReportNarrativeRow(report_id=row.id, key=key, text=texts.get(key, ""), drafted=True)
            for key in narrative_keys()
        )
        return row.id


def _report_row(session: Session, code: str, year: int) -> ActivityReportRow | None:
    return session.scalars(
        select(ActivityReportRow).where(
            ActivityReportRow.code == code, ActivityReportRow.year == year
        )
    ).first()


def reports_of(platform: Platform, code: str) -> list[int]:
    with platform.reading() as session:
        return list(
            session.scalars(
                select(ActivityReportRow.year)
                .where(ActivityReportRow.code == code)
                .order_by(ActivityReportRow.year.desc())
            )
        )


def edit_narrative(
    platform: Platform, actor: Actor, code: str, year: int, key: str, text: str, version: int
) -> None:
    if key not in narrative_keys():
        raise NotFound(_("Unknown section: {key}").format(key=key))
    text = bounded_text(text, narrative_keys()[key], MAX_NARRATIVE)

    def load(session: Session) -> ReportNarrativeRow:
        report = _report_row(session, code, year)
        row = (
            session.scalars(
                select(ReportNarrativeRow).where(
                    ReportNarrativeRow.report_id == report.id, ReportNarrativeRow.key == key
                )
            ).first()
            if report
            else None
        )
        if row is None:
            raise NotFound(
                _("No activity report of {code} for {year}.").format(code=code, year=year)
            )
        return row

    def apply(session: Session, row: ReportNarrativeRow) -> None:
        row.text, row.drafted = text, False

    guarded_update(platform, actor, load, version, apply)


def _number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    return f"{format_decimal(value, 1)} {unit}".strip()


def build(platform: Platform, code: str, year: int) -> Report:
    """The whole report: BOOST's sections, facts from the data, the team's narratives."""
    with platform.reading() as session:
        report = _report_row(session, code, year)
        if report is None:
            raise NotFound(
                _("No activity report of {code} for {year}.").format(code=code, year=year)
            )
        stored = {
            n.key: n
            for n in session.scalars(
                select(ReportNarrativeRow).where(ReportNarrativeRow.report_id == report.id)
            )
        }
    facts = gather(platform, code, year)
    titles = narrative_keys()

    def section(
        key: str, *blocks: str | Table | Bullets, children: list[Section] | None = None
    ) -> Section:
        row = stored.get(key)
        return Section(
            key,
            titles[key],
            True,
            row.text if row else "",
            row.version if row else 0,
            bool(row and row.drafted and row.text),
            list(blocks),
            children or [],
        )

    notices = [
        _(
            "Report drawn up with maillage on {date}. Tables are computed from the "
            "platform's records and open data; narratives are the OLS team's. Not an "
            "official document until the OLS adopts it."
        ).format(date=format_date(date.today()))
    ]
    if facts.is_demo:
        notices.append(_("Contains demonstration data (fictitious example), labelled as such."))
    if any(row.drafted and row.text for row in stored.values()):
        notices.append(
            _(
                "Some narratives are still drafts written from the data "
                "(marked « draft »): to be read and completed by the team."
            )
        )
    sections = [
        section("general", *_general(facts)),
        section(
            "aims",
            _(
                "Self-assessment on a scale of 1 to 5 for each aim, with how "
                "it was implemented and why (as in the BOOST report)."
            ),
            children=[_aim(facts, aim) for aim in Aim],
        ),
        section("projects", *_projects(facts)),
        section("needs", *_needs(facts)),
        section("partnership_value"),
        section("patient_participation", *_participation(facts)),
        section("alternative_financing"),
        Section(
            "self_evaluation",
            _("Self-evaluation"),
            children=[
                section("successes"),
                section("enablers"),
                section("limiting_factors"),
                section("toolbox", *_toolbox(facts)),
                section("recommendations"),
                section("future"),
            ],
        ),
        Section("indicators", _("Annex — indicators of the territory"), blocks=_indicators(facts)),
    ]
    return Report(
        _("Activity report {year} — {name}").format(year=year, name=facts.name),
        facts.name,
        year,
        date.today().isoformat(),
        notices,
        sections,
    )


def build_docx(platform: Platform, code: str, year: int) -> bytes:
    """The report as a Word document, which administrations edit."""
    from maillage.formats.report_docx import to_docx  # python-docx, for this download only

    return to_docx(build(platform, code, year))


def _general(facts: Facts) -> list[str | Table | Bullets]:
    rows = tuple(
        (
            s.name,
            s.kind.label,
            s.territory_name,
            str(s.member_count),
            str(sum(m.held_on.year == facts.year for m in s.meetings)),
            f"{round(100 * s.diversity.coverage)} %" if s.diversity else "—",
        )
        for s in facts.spaces
    )
    return [
        _("Bassins de vie of the OLS: {names}.").format(names=", ".join(facts.bassins)),
        Table(
            (
                _("concertation space"),
                _("kind"),
                _("territory"),
                _("active members"),
                _("meetings in the year"),
                _("expected sectors present"),
            ),
            rows,
            _("Concertation spaces and their participation"),
        ),
    ]


def _aim(facts: Facts, aim: Aim) -> Section:
    view = next(a for a in facts.dashboard.aims if a.aim is aim)
    found = facts.dashboard.assessment(aim, facts.year)
    blocks: list[str | Table | Bullets] = []
    if found is None:
        blocks.append(_("Not self-assessed for {year}.").format(year=facts.year))
    else:
        blocks.append(
            Bullets(
                (
                    _("Implementation: {text}").format(text=found.implementation or "—"),
                    _("Achievement: {score} / 5").format(score=found.score),
                    _("Explanation: {text}").format(text=found.explanation or "—"),
                )
            )
        )
    earlier = [
        _("{year}: {score}/5").format(year=a.year, score=a.score)
        for a in view.assessments
        if a.year < facts.year
    ]
    if earlier:
        blocks.append(_("Earlier scores: {scores}.").format(scores=", ".join(earlier)))
    if view.objectives:
        blocks.append(
            Table(
                (_("objective"), _("kind"), _("value"), _("target"), _("where it stands")),
                tuple(
                    (
                        o.title,
                        o.kind.label,
                        _number(o.value, o.unit) if o.kind is ObjectiveKind.MEASURABLE else "—",
                        f"{o.direction.label} {_number(o.target, o.unit)}"
                        + (f" ({o.target_year})" if o.target_year else "")
                        if o.target is not None
                        else "—",
                        o.progress.label + (f" — {o.progress_note}" if o.progress_note else ""),
                    )
                    for o in view.objectives
                ),
                _("Objectives of the performance framework"),
            )
        )
    return Section(f"aim_{aim.value}", aim.objective, blocks=blocks)


def _projects(facts: Facts) -> list[str | Table | Bullets]:
    if not facts.projects:
        return [_("No project recorded.")]
    projects = Table(
        (
            _("project"),
            _("programme"),
            _("territory"),
            _("cycles"),
            _("hypotheses of the theory of change"),
        ),
        tuple(
            (
                p.summary.title,
                p.programme.label,
                p.summary.territory,
                str(len(p.cycles)),
                str(len(p.hypotheses)),
            )
            for p in facts.projects
        ),
        _("Projects"),
    )
    cycles = Table(
        (_("project"), _("cycle"), _("objective"), _("stage"), _("decision")),
        tuple(
            (
                p.summary.title,
                str(c.number),
                c.objective,
                c.stage.label,
                c.decision.label if c.decision else "—",
            )
            for p, c in facts.cycles()
        ),
        _("Learning cycles of the year"),
    )
    journal = Counter(
        e.expectation for p in facts.projects for e in p.journal if e.written_on.year == facts.year
    )
    expected, unexpected = journal[Expectation.EXPECTED], journal[Expectation.UNEXPECTED]
    return [
        projects,
        cycles,
        _("Journal of the year: {expected} and {unexpected} recorded.").format(
            expected=ngettext("{n} expected event", "{n} expected events", expected).format(
                n=fi(expected)
            ),
            unexpected=ngettext("{n} unexpected event", "{n} unexpected events", unexpected).format(
                n=fi(unexpected)
            ),
        ),
    ]


def _needs(facts: Facts) -> list[str | Table | Bullets]:
    states = Counter(state for _id, _title, state, _bassin in facts.needs)
    blocks: list[str | Table | Bullets] = [
        Table(
            (_("state"), _("needs")),
            tuple((state.label, str(states[state])) for state in NeedState if states[state]),
            _("Needs raised in the bassins, by state"),
        )
    ]
    for plan in facts.plans:
        done = sum(a.status is ActionStatus.DONE for a in plan.actions)
        blocks.append(
            _(
                "Action plan « {title} » ({years}): {actions} actions, {done} done, "
                "{late} overdue, {partners} partners ({uncommitted} without an "
                "action)."
            ).format(
                title=plan.title,
                years=plan.years,
                actions=len(plan.actions),
                done=done,
                late=plan.overdue,
                partners=len(plan.partners),
                uncommitted=len(plan.uncommitted),
            )
        )
    if not facts.plans:
        blocks.append(_("No action plan covers {year}.").format(year=facts.year))
    return blocks


def _participation(facts: Facts) -> list[str | Table | Bullets]:
    meetings = facts.meetings()
    counted = Counter(a.sector for m in meetings for a in m.attendees)
    return (
        [
            Table(
                (_("sector"), _("presences at meetings of the year")),
                tuple((s.label, str(counted[s])) for s in MemberSector if counted[s]),
                _("Who came to the concertation meetings"),
            )
        ]
        if counted
        else [_("No meeting attendance recorded for {year}.").format(year=facts.year)]
    )


def _toolbox(facts: Facts) -> list[str | Table | Bullets]:
    shared = tuple(
        f"{p.summary.title} — {p.summary.practice}"
        for p in facts.projects
        if p.summary.shared and p.summary.practice
    )
    return [Bullets(shared)] if shared else []


def _indicators(facts: Facts) -> list[str | Table | Bullets]:
    rows = tuple(
        (
            line.indicator.name,
            line.period,
            _number(line.estimate.value if line.estimate else None, line.indicator.unit),
            _number(line.region.value if line.region else None, line.indicator.unit),
            line.estimate.comparison.label if line.estimate else "—",
            f"{line.indicator.source} ({line.indicator.licence})"
            + (" — " + _("demonstration data") if line.indicator.is_demo else ""),
        )
        for line in facts.lines
    )
    return [
        Table(
            (_("indicator"), _("period"), facts.name, _("Wallonia"), _("comparison"), _("source")),
            rows,
            _("Latest value of each indicator (small numbers hidden)"),
        )
    ]
