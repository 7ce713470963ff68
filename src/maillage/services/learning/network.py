"""The learning network: what each OLS has published, practices and tools of its
projects and the journal entries its teams shared.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from maillage.domain.directory import has_words
from maillage.domain.territory import Level
from maillage.services.learning.journal import entry_matches, entry_view
from maillage.services.learning.projects import project_summaries
from maillage.services.learning.views import EntryView, ProjectSummary
from maillage.services.platform import Platform
from maillage.services.territories import zoning_hierarchy
from maillage.store.learning_tables import JournalEntryRow, ProjectRow


@dataclass(frozen=True)
class SharedEntry:
    project: ProjectSummary
    entry: EntryView


@dataclass
class NetworkOls:
    code: str
    name: str
    practices: list[ProjectSummary] = field(default_factory=list)
    entries: list[SharedEntry] = field(default_factory=list)


def learning_network(platform: Platform, query: str = "") -> list[NetworkOls]:
    """What each OLS has published: practices and tools, and shared journal entries."""
    with platform.reading() as session:
        zoning, _year, tree = zoning_hierarchy(platform, session, None, None)
        projects = list(
            session.scalars(select(ProjectRow).where(ProjectRow.zoning_id == zoning.id))
        )
        summaries = {s.id: s for s in project_summaries(platform, session, projects)}
        entries = (
            list(
                session.scalars(
                    select(JournalEntryRow)
                    .where(
                        JournalEntryRow.shared.is_(True),
                        JournalEntryRow.project_id.in_(list(summaries)),
                    )
                    .order_by(JournalEntryRow.written_on.desc())
                )
            )
            if summaries
            else []
        )
        network = {t.code: NetworkOls(t.code, t.name) for t in tree.at_level(Level.OLS)}
    for summary in summaries.values():
        if (
            summary.shared
            and summary.ols_code in network
            and has_words(query, summary.title, summary.practice)
        ):
            network[summary.ols_code].practices.append(summary)
    for row in entries:
        entry = entry_view(row)
        project = summaries[row.project_id]
        if project.ols_code in network and entry_matches(row, query):
            network[project.ols_code].entries.append(SharedEntry(project, entry))
    return list(network.values())
