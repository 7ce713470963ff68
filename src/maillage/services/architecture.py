"""The reform's architecture as stored: shipped from seed 000, edited, analysed, exported."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from maillage.analysis import flows as flow_analysis
from maillage.domain.actors import Actor
from maillage.domain.architecture import (
    DEFAULT_SIMILARITY,
    Architecture,
    Flow,
    FlowKind,
    InstitutionLevel,
    Structure,
    from_document,
)
from maillage.errors import Conflict, InvalidInput, NotFound
from maillage.formats.architecture import to_graphml, to_json
from maillage.i18n import gettext as _
from maillage.reference import loaders
from maillage.reference.sources import ARCHITECTURE_2024, DataSource
from maillage.services import audit_trail
from maillage.services.fields import bounded_text, choice, day
from maillage.services.platform import Platform
from maillage.services.versioning import guarded_update
from maillage.store.architecture_tables import FlowRow, StructureRow

CODE = re.compile(r"^[a-z][a-z0-9_]{1,31}$")
MAX_TEXT = 4000
MAX_LINE = 300


@dataclass(frozen=True)
class Snapshot:
    """The architecture as the analysis reads it, with the versions edits must name."""

    architecture: Architecture
    structure_versions: dict[str, int]
    flow_versions: dict[int, int]


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


@cache
def _shipped_header() -> tuple[str, str]:
    """Title and provenance stay those of the shipped reconstruction: read the file once."""
    document = loaders.architecture_document()
    return document["title"], document["provenance"]


def _read(session: Session) -> Snapshot:
    rows = list(session.scalars(select(StructureRow).order_by(StructureRow.id)))
    codes = {row.id: row.code for row in rows}
    structures = tuple(
        Structure(
            code=row.code,
            name=row.name,
            short=row.short,
            level=InstitutionLevel(row.level),
            in_decree=row.in_decree,
            legal_basis=row.legal_basis,
            missions=_lines(row.missions),
            composition=_lines(row.composition),
            source=row.source,
        )
        for row in rows
    )
    flow_rows = list(session.scalars(select(FlowRow).order_by(FlowRow.id)))
    flows = tuple(
        Flow(
            kind=FlowKind(row.kind),
            source=codes[row.source_id],
            target=codes[row.target_id],
            what=row.what,
            legal_basis=row.legal_basis,
            frequency=row.frequency,
            available_from=row.available_from,
            timing_note=row.timing_note,
            reference=row.source,
            id=row.id,
        )
        for row in flow_rows
    )
    title, provenance = _shipped_header()
    architecture = Architecture(structures, flows, title=title, provenance=provenance)
    return Snapshot(
        architecture,
        {row.code: row.version for row in rows},
        {row.id: row.version for row in flow_rows},
    )


def snapshot(platform: Platform) -> Snapshot:
    def build() -> Snapshot:
        with platform.reading() as session:
            return _read(session)

    return platform.remember(("architecture",), build)


def current(platform: Platform) -> Architecture:
    return snapshot(platform).architecture


def seed(platform: Platform) -> int:
    """Load the shipped architecture once; afterwards the stored one is the reference."""
    with platform.transaction() as session:
        if session.scalar(select(func.count()).select_from(StructureRow)):
            return 0
        shipped = from_document(loaders.architecture_document())
        ids: dict[str, int] = {}
        for structure in shipped.structures:
            row = StructureRow(
                code=structure.code,
                name=structure.name,
                short=structure.short,
                level=structure.level.value,
                in_decree=structure.in_decree,
                legal_basis=structure.legal_basis,
                missions="\n".join(structure.missions),
                composition="\n".join(structure.composition),
                source=structure.source,
            )
            session.add(row)
            session.flush()
            ids[structure.code] = row.id
        session.add_all(
            FlowRow(
                kind=flow.kind.value,
                source_id=ids[flow.source],
                target_id=ids[flow.target],
                what=flow.what,
                legal_basis=flow.legal_basis,
                frequency=flow.frequency,
                available_from=flow.available_from,
                timing_note=flow.timing_note,
                source=flow.reference,
            )
            for flow in shipped.flows
        )
        return len(shipped.structures)


@dataclass(frozen=True)
class StructureDraft:
    name: str
    short: str
    level: str
    in_decree: bool
    legal_basis: str = ""
    missions: str = ""
    composition: str = ""
    source: str = ""


def _structure_fields(draft: StructureDraft) -> dict[str, object]:
    name = bounded_text(draft.name, _("name"), 200, required=True)
    missions = bounded_text(draft.missions, _("missions"), MAX_TEXT)
    composition = bounded_text(draft.composition, _("composition"), MAX_TEXT)
    for line in (*_lines(missions), *_lines(composition)):
        if len(line) > MAX_LINE:
            raise InvalidInput(
                _("{field}: at most {count} characters.").format(
                    field=line[:40] + "…", count=MAX_LINE
                )
            )
    return {
        "name": name,
        "short": bounded_text(draft.short, _("short name"), 60) or name[:60],
        "level": choice(InstitutionLevel, draft.level).value,
        "in_decree": draft.in_decree,
        "legal_basis": bounded_text(draft.legal_basis, _("legal basis"), MAX_TEXT),
        "missions": "\n".join(_lines(missions)),
        "composition": "\n".join(_lines(composition)),
        "source": bounded_text(draft.source, _("source"), MAX_TEXT),
    }


def add_structure(platform: Platform, actor: Actor, code: str, draft: StructureDraft) -> str:
    code = code.strip()
    if not CODE.match(code):
        raise InvalidInput(
            _(
                "A structure code is 2 to 32 lower-case letters, digits or _, "
                "starting with a letter: {value}"
            ).format(value=code)
        )
    values = _structure_fields(draft)
    with platform.transaction(actor) as session:
        if session.scalar(select(StructureRow.id).where(StructureRow.code == code)):
            raise Conflict(_("The structure code {code} is already used.").format(code=code))
        session.add(StructureRow(code=code, **values))
        session.flush()
    return code


def _structure_row(session: Session, code: str) -> StructureRow:
    row = session.scalars(select(StructureRow).where(StructureRow.code == code)).first()
    if row is None:
        raise NotFound(_("Unknown structure: {code}").format(code=code))
    return row


def update_structure(
    platform: Platform, actor: Actor, code: str, draft: StructureDraft, version: int
) -> None:
    values = _structure_fields(draft)

    def apply(session: Session, row: StructureRow) -> None:
        for name, value in values.items():
            setattr(row, name, value)

    guarded_update(platform, actor, lambda s: _structure_row(s, code), version, apply)


def remove_structure(platform: Platform, actor: Actor, code: str, version: int) -> None:
    """Only a structure without flows goes: its flows must be removed (and audited) first."""

    def apply(session: Session, row: StructureRow) -> None:
        linked = session.scalar(
            select(func.count())
            .select_from(FlowRow)
            .where(or_(FlowRow.source_id == row.id, FlowRow.target_id == row.id))
        )
        if linked:
            raise Conflict(
                _("{name} still has {count} flows: remove them first.").format(
                    name=row.short, count=linked
                )
            )
        session.delete(row)

    guarded_update(platform, actor, lambda s: _structure_row(s, code), version, apply)


@dataclass(frozen=True)
class FlowDraft:
    kind: str
    source: str
    target: str
    what: str
    legal_basis: str = ""
    frequency: str = ""
    available_from: str = ""
    timing_note: str = ""
    reference: str = ""


def _flow_fields(session: Session, draft: FlowDraft) -> dict[str, object]:
    source = _structure_row(session, draft.source.strip())
    target = _structure_row(session, draft.target.strip())
    if source.id == target.id:
        raise InvalidInput(
            _("A flow joins two different structures: {code}").format(code=source.code)
        )
    return {
        "kind": choice(FlowKind, draft.kind).value,
        "source_id": source.id,
        "target_id": target.id,
        "what": bounded_text(draft.what, _("what flows"), MAX_TEXT, required=True),
        "legal_basis": bounded_text(draft.legal_basis, _("legal basis"), MAX_TEXT),
        "frequency": bounded_text(draft.frequency, _("frequency"), 60),
        "available_from": day(draft.available_from, _("exists in practice from")),
        "timing_note": bounded_text(draft.timing_note, _("timing note"), MAX_TEXT),
        "source": bounded_text(draft.reference, _("source"), MAX_TEXT),
    }


def add_flow(platform: Platform, actor: Actor, draft: FlowDraft) -> int:
    with platform.transaction(actor) as session:
        row = FlowRow(**_flow_fields(session, draft))
        session.add(row)
        session.flush()
        return row.id


def _flow_row(session: Session, flow_id: int) -> FlowRow:
    row = session.get(FlowRow, flow_id)
    if row is None:
        raise NotFound(_("Unknown flow: {id}").format(id=flow_id))
    return row


def update_flow(
    platform: Platform, actor: Actor, flow_id: int, draft: FlowDraft, version: int
) -> None:
    def apply(session: Session, row: FlowRow) -> None:
        for name, value in _flow_fields(session, draft).items():
            setattr(row, name, value)

    guarded_update(platform, actor, lambda s: _flow_row(s, flow_id), version, apply)


def remove_flow(platform: Platform, actor: Actor, flow_id: int, version: int) -> None:
    guarded_update(
        platform,
        actor,
        lambda s: _flow_row(s, flow_id),
        version,
        lambda session, row: session.delete(row),
    )


def analyse(
    platform: Platform, on: date, threshold: float = DEFAULT_SIMILARITY
) -> flow_analysis.Reading:
    if not 0 < threshold <= 1:
        raise InvalidInput(
            _(
                "The similarity threshold lies between 0 and 1 (or 1 and 100 percent): {value}"
            ).format(value=threshold)
        )
    architecture = current(platform)
    return platform.remember(
        ("architecture-reading", on, threshold),
        lambda: flow_analysis.analyse(architecture, on, threshold),
    )


def history(platform: Platform, code: str) -> list[audit_trail.AuditEvent]:
    """Every recorded change of a structure and of the flows that touch it, newest first."""
    with platform.reading() as session:
        structure_id = _structure_row(session, code).id
    changes = audit_trail.events(
        platform,
        audit_trail.AuditFilter(entity=StructureRow.__tablename__, entity_id=str(structure_id)),
        limit=50,
    )
    flow_events = audit_trail.events(
        platform, audit_trail.AuditFilter(entity=FlowRow.__tablename__), limit=500
    )
    for event in flow_events:
        sides = [event.before or {}, event.after or {}]
        if any(structure_id in (side.get("source_id"), side.get("target_id")) for side in sides):
            changes.append(event)
    return sorted(changes, key=lambda e: e.id, reverse=True)[:50]


# The public document the shipped architecture comes from, cited on its pages and exports.
SOURCE: DataSource = ARCHITECTURE_2024


def routes(
    platform: Platform, source: str, target: str, kind: FlowKind | None
) -> tuple[flow_analysis.Route, ...]:
    """How something leaving *source* can reach *target* today, shortest first."""
    return flow_analysis.routes(current(platform), source, target, kind)


def reach(platform: Platform, code: str) -> dict[FlowKind | None, tuple[str, ...]]:
    """The structures *code* reaches by following arrows: of any kind (None), and per kind."""
    found = current(platform)
    return {kind: flow_analysis.reachable(found, code, kind) for kind in (None, *FlowKind)}


def export_json(platform: Platform) -> dict[str, Any]:
    """The current architecture as its JSON document, naming the source it comes from."""
    source = {
        "title": SOURCE.title,
        "publisher": SOURCE.publisher,
        "licence": SOURCE.licence,
        "year": SOURCE.year,
        "note": SOURCE.note,
    }
    return to_json(current(platform), source)


def export_graphml(platform: Platform) -> bytes:
    """The current architecture as GraphML, for graph tools (Gephi, yEd, networkx)."""
    return to_graphml(current(platform))
