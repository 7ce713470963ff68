"""Projects: their descriptors, partners, theory of change and linked needs; the
summaries of the lists and the whole project with all it holds.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from maillage.domain.actors import Actor
from maillage.domain.concertation import MemberSector, parse_sector
from maillage.domain.directory import has_words
from maillage.domain.learning import (
    Descriptor,
    Expectation,
    Hypothesis,
    HypothesisStatus,
    InnovationKind,
    Programme,
    Scale,
    Stage,
)
from maillage.domain.needs import NeedState
from maillage.domain.territory import Level
from maillage.errors import Conflict, InvalidInput
from maillage.i18n import gettext as _
from maillage.services.fields import bounded_text, choice
from maillage.services.learning.cycles import cycle_view
from maillage.services.learning.journal import entry_matches, entry_view
from maillage.services.learning.measures import measure_view
from maillage.services.learning.rows import MAX_TEXT, child, free_text, project_row
from maillage.services.learning.views import (
    HypothesisView,
    LinkedNeed,
    PartnerView,
    ProjectSummary,
    ProjectView,
)
from maillage.services.platform import Platform
from maillage.services.territories import zoning_hierarchy
from maillage.services.versioning import guarded_update
from maillage.store import links
from maillage.store.learning_tables import (
    CycleMeasureRow,
    CycleRow,
    HypothesisRow,
    JournalEntryRow,
    MeasureRow,
    ProjectNeedRow,
    ProjectPartnerRow,
    ProjectRow,
)
from maillage.store.needs_tables import NeedRow


@dataclass(frozen=True)
class ProjectDraft:
    code: str
    title: str
    programme: str
    summary: str = ""
    policy_context: str = ""
    scale: str = Scale.SMALL.value
    scale_note: str = ""
    innovation_kind: str = InnovationKind.INCREMENTAL.value
    innovation: str = ""
    knowledge: str = ""
    special_status: str = ""
    actor_network: str = ""
    started_on: date | None = None
    shared: bool = False
    practice: str = ""


def _project_fields(draft: ProjectDraft) -> dict[str, object]:
    return {
        "title": bounded_text(draft.title, _("title"), 200, required=True),
        "programme": choice(Programme, draft.programme).value,
        "summary": free_text(draft.summary, _("summary")),
        "policy_context": free_text(draft.policy_context, Descriptor.POLICY_CONTEXT.label),
        "scale": choice(Scale, draft.scale).value,
        "scale_note": free_text(draft.scale_note, Descriptor.SCALE.label),
        "innovation_kind": choice(InnovationKind, draft.innovation_kind).value,
        "innovation": free_text(draft.innovation, Descriptor.INNOVATION.label),
        "knowledge": free_text(draft.knowledge, Descriptor.KNOWLEDGE.label),
        "special_status": free_text(draft.special_status, Descriptor.SPECIAL_STATUS.label),
        "actor_network": free_text(draft.actor_network, Descriptor.ACTOR_NETWORK.label),
        "started_on": draft.started_on,
        "shared": draft.shared,
        "practice": free_text(draft.practice, _("practice or tool for other OLS")),
    }


def create_project(
    platform: Platform, actor: Actor, draft: ProjectDraft, is_demo: bool = False
) -> int:
    values = _project_fields(draft)
    with platform.transaction(actor) as session:
        zoning, _year, tree = zoning_hierarchy(platform, session, None, None)
        if draft.code not in tree or tree.get(draft.code).level not in (Level.BASSIN, Level.OLS):
            raise InvalidInput(
                _("A project belongs to a bassin or an OLS: {value}").format(value=draft.code)
            )
        ols = tree.ancestor_at(draft.code, Level.OLS) or tree.get(draft.code)
        row = ProjectRow(
            code=draft.code,
            ols_code=ols.code,
            zoning_id=zoning.id,
            is_demo=is_demo,
            created_at=datetime.now(UTC),
            **values,
        )
        session.add(row)
        session.flush()
        return row.id


def update_project(
    platform: Platform, actor: Actor, project_id: int, draft: ProjectDraft, version: int
) -> None:
    values = _project_fields(draft)

    def apply(session: Session, row: ProjectRow) -> None:
        for name, value in values.items():
            setattr(row, name, value)

    guarded_update(
        platform, actor, lambda s: project_row(s, project_id, draft.code), version, apply
    )


def territory_of(platform: Platform, project_id: int) -> str:
    """The bassin or OLS a project belongs to (where its team's scope is checked)."""
    with platform.reading() as session:
        return project_row(session, project_id, None).code


def project_summaries(
    platform: Platform, session: Session, rows: list[ProjectRow]
) -> list[ProjectSummary]:
    tree = zoning_hierarchy(platform, session, None, None)[2]
    cycles: dict[int, list[CycleRow]] = defaultdict(list)
    if rows:
        for cycle in session.scalars(
            select(CycleRow)
            .where(CycleRow.project_id.in_([r.id for r in rows]))
            .order_by(CycleRow.number)
        ):
            cycles[cycle.project_id].append(cycle)

    def name(code: str) -> str:
        return tree.get(code).name if code in tree else code

    return [
        ProjectSummary(
            r.id,
            r.code,
            name(r.code),
            r.ols_code,
            name(r.ols_code),
            r.title,
            Programme(r.programme),
            len(cycles[r.id]),
            next((Stage(c.stage) for c in cycles[r.id] if c.stage != Stage.CLOSED.value), None),
            r.shared,
            r.practice,
            r.is_demo,
        )
        for r in rows
    ]


def list_projects(
    platform: Platform, territory: str = "", programme: str = "", query: str = ""
) -> list[ProjectSummary]:
    """Projects of the active zoning; *territory* an OLS (with its bassins) or a bassin."""
    with platform.reading() as session:
        zoning = zoning_hierarchy(platform, session, None, None)[0]
        select_ = select(ProjectRow).where(ProjectRow.zoning_id == zoning.id)
        if territory:
            select_ = select_.where(
                or_(ProjectRow.code == territory, ProjectRow.ols_code == territory)
            )
        if programme:
            select_ = select_.where(ProjectRow.programme == choice(Programme, programme).value)
        rows = list(session.scalars(select_.order_by(ProjectRow.ols_code, ProjectRow.title)))
        found = project_summaries(platform, session, rows)
    return [p for p in found if has_words(query, p.title, p.practice, p.territory)]


def get_project(
    platform: Platform,
    project_id: int,
    code: str | None = None,
    *,
    private: bool = False,
    query: str = "",
    expectation: str = "",
) -> ProjectView:
    """A project with all it holds; *private* readers (its team) see unshared entries."""
    wanted = choice(Expectation, expectation) if expectation else None
    with platform.reading() as session:
        row = project_row(session, project_id, code)
        summary = project_summaries(platform, session, [row])[0]
        level = Level.OLS if row.code == row.ols_code else Level.BASSIN
        view = ProjectView(
            summary,
            level,
            Programme(row.programme),
            {
                Descriptor.POLICY_CONTEXT: row.policy_context,
                Descriptor.SCALE: row.scale_note,
                Descriptor.INNOVATION: row.innovation,
                Descriptor.KNOWLEDGE: row.knowledge,
                Descriptor.SPECIAL_STATUS: row.special_status,
                Descriptor.ACTOR_NETWORK: row.actor_network,
            },
            Scale(row.scale),
            row.scale_note,
            InnovationKind(row.innovation_kind),
            row.started_on,
            row.summary,
            row.version,
        )
        view.partners = [
            PartnerView(p.id, p.name, MemberSector(p.sector), p.contribution)
            for p in session.scalars(
                select(ProjectPartnerRow)
                .where(ProjectPartnerRow.project_id == project_id)
                .order_by(ProjectPartnerRow.name)
            )
        ]
        view.hypotheses = [
            HypothesisView(
                h.id,
                Hypothesis(h.if_text, h.then_text, h.because_text),
                HypothesisStatus(h.status),
                h.version,
            )
            for h in session.scalars(
                select(HypothesisRow)
                .where(HypothesisRow.project_id == project_id)
                .order_by(HypothesisRow.id)
            )
        ]
        cycles = list(
            session.scalars(
                select(CycleRow).where(CycleRow.project_id == project_id).order_by(CycleRow.number)
            )
        )
        watched = links.targets(session, CycleMeasureRow, (c.id for c in cycles))
        view.cycles = [cycle_view(c, watched.get(c.id, [])) for c in cycles]
        numbers = {c.id: c.number for c in cycles}
        view.measures = [
            measure_view(platform, session, m, row.code, numbers)
            for m in session.scalars(
                select(MeasureRow)
                .where(MeasureRow.project_id == project_id)
                .order_by(MeasureRow.id)
            )
        ]
        entries = list(
            session.scalars(
                select(JournalEntryRow)
                .where(JournalEntryRow.project_id == project_id)
                .order_by(JournalEntryRow.written_on.desc(), JournalEntryRow.id.desc())
            )
        )
        visible = [e for e in entries if private or e.shared]
        view.journal_hidden = len(entries) - len(visible)
        view.journal = [
            entry_view(e)
            for e in visible
            if (wanted is None or e.expectation == wanted.value) and entry_matches(e, query)
        ]
        need_ids = links.targets(session, ProjectNeedRow, [project_id]).get(project_id, [])
        view.needs = (
            [
                LinkedNeed(n.id, n.title, NeedState(n.state))
                for n in session.scalars(
                    select(NeedRow).where(NeedRow.id.in_(need_ids)).order_by(NeedRow.id)
                )
            ]
            if need_ids
            else []
        )
    return view


def add_partner(
    platform: Platform,
    actor: Actor,
    project_id: int,
    code: str,
    name: str,
    sector: str,
    contribution: str = "",
) -> int:
    name = bounded_text(name, _("name"), 200, required=True)
    sector_ = parse_sector(sector)
    with platform.transaction(actor) as session:
        project_row(session, project_id, code)
        row = ProjectPartnerRow(
            project_id=project_id,
            name=name,
            sector=sector_.value,
            contribution=free_text(contribution, _("contribution")),
        )
        session.add(row)
        session.flush()
        return row.id


def add_hypothesis(
    platform: Platform, actor: Actor, project_id: int, code: str, if_: str, then: str, because: str
) -> int:
    """One "if … then … because …" of the theory of change; all three parts are needed."""
    texts = [
        bounded_text(if_, _("if"), MAX_TEXT, required=True),
        bounded_text(then, _("then"), MAX_TEXT, required=True),
        bounded_text(because, _("because"), MAX_TEXT, required=True),
    ]
    with platform.transaction(actor) as session:
        project_row(session, project_id, code)
        row = HypothesisRow(
            project_id=project_id,
            if_text=texts[0],
            then_text=texts[1],
            because_text=texts[2],
            status=HypothesisStatus.OPEN.value,
        )
        session.add(row)
        session.flush()
        return row.id


def set_hypothesis_status(
    platform: Platform,
    actor: Actor,
    project_id: int,
    code: str,
    hypothesis_id: int,
    status: str,
    version: int,
) -> None:
    status_ = choice(HypothesisStatus, status)

    def load(session: Session) -> HypothesisRow:
        return child(
            session, HypothesisRow, hypothesis_id, project_id, code, _("Unknown hypothesis: {id}")
        )

    def apply(session: Session, row: HypothesisRow) -> None:
        row.status = status_.value

    guarded_update(platform, actor, load, version, apply)


def link_need(platform: Platform, actor: Actor, project_id: int, code: str, need_id: int) -> None:
    """Tie a need of the project's OLS (from the needs register) to the project."""
    try:
        with platform.transaction(actor) as session:
            row = project_row(session, project_id, code)
            need = session.get(NeedRow, need_id)
            if need is None or need.ols_code != row.ols_code:
                raise InvalidInput(
                    _("Need {id} is not a need of this project's OLS.").format(id=need_id)
                )
            links.append(
                session, ProjectNeedRow, row.id, need_id, unknown=_("Unknown need: {id}"), owner=row
            )
    except StaleDataError as error:
        raise Conflict(
            _("The project changed meanwhile: reload the page and link the need again.")
        ) from error
