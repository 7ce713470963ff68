"""Directory files sent through the web: what a file would change before it is imported,
and the blank template people fill in.

The file is read by ``directory.read_file``, the reading ``maillage directory import``
and the confirmation use (HSDS 3.0 JSON, an HSDS tabular package as .zip, the template as
CSV or XLSX), placed on the map the same way, then compared with the stored records.
Nothing is written here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from maillage.domain.actors import Actor
from maillage.domain.directory import DirectorySource
from maillage.errors import ProblemList
from maillage.formats import csv_template
from maillage.formats.hsds import RecordProblem, Refusals
from maillage.services import directory
from maillage.services.platform import Platform
from maillage.store import directory_changes
from maillage.store import territories as territory_store
from maillage.tabular import spreadsheet

SAMPLE = 20  # services named per kind of change, and refused records shown


@dataclass(frozen=True)
class DirectoryPreview:
    source: DirectorySource
    added: int
    updated: int
    unchanged: int
    refused: int
    added_names: list[str]  # the first ones
    updated_names: list[str]
    refusals: list[RecordProblem]  # the first refused records, with their faults

    @property
    def changes_nothing(self) -> bool:
        return self.added == self.updated == 0


def preview_file(
    platform: Platform, path: Path, source: DirectorySource, *, skip_invalid: bool = False
) -> DirectoryPreview:
    """What importing the file at *path* would change: services added, updated, unchanged.

    Without *skip_invalid* an invalid record refuses the file (``DataFileError``, every
    fault located) as the import would; with it, the refused records are counted and the
    first ones kept with their reasons.
    """
    with platform.reading() as session:
        known_terms = {t.code for t in directory.terms(platform, session)}
        communes = territory_store.commune_names(session)
    problems = ProblemList()
    kept: list[RecordProblem] = []

    def sink(record: RecordProblem) -> None:
        if len(kept) < SAMPLE:
            kept.append(record)

    refusals = Refusals(problems, sink if skip_invalid else None)
    batch = directory.read_file(path, source, refusals, known_terms, communes)
    problems.raise_if_any()
    with platform.reading() as session:
        rows = directory.batch_rows(platform, session, batch)
        changes = directory_changes.batch_changes(session, rows)
    names = {row["id"]: row["name"] for row in rows.services}
    return DirectoryPreview(
        source,
        added=len(changes.added),
        updated=len(changes.updated),
        unchanged=len(changes.unchanged),
        refused=refusals.count,
        added_names=[names[i] for i in changes.added[:SAMPLE]],
        updated_names=[names[i] for i in changes.updated[:SAMPLE]],
        refusals=kept,
    )


def import_file(
    platform: Platform,
    actor: Actor | None,
    path: Path,
    source: DirectorySource,
    *,
    skip_invalid: bool = False,
) -> directory.ImportReport:
    """Import the previewed file in one transaction (refused records left out with
    *skip_invalid*; their reasons were shown by the preview)."""
    return directory.import_path(
        platform,
        path,
        skip_invalid=skip_invalid,
        rejects=path.with_name(path.name + ".rejets.csv"),
        source=source,
        actor=actor,
    )


def template(kind: str) -> bytes:
    """The blank template: its columns, as CSV for Excel (``csv``) or a workbook (``xlsx``)."""
    header = [list(csv_template.COLUMNS)]
    if kind == "xlsx":
        return spreadsheet.xlsx_bytes("Répertoire", header)
    return spreadsheet.csv_bytes(header)
