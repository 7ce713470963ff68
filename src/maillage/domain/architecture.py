"""The reform's own architecture: structures, and the flows seed 000 draws between them.

Seed 000 reads the decree as three diagrams — accountability, information and human
resources — laid out horizontally from the bassins de vie to the macro and federal levels.
Here the structures and flows are data, so that the analysis can be recomputed whenever
somebody corrects a flow, adds a missing structure or dates a tool's arrival.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from maillage.errors import InvalidInput
from maillage.i18n import gettext as _

# Two bodies are read as alike when their member categories overlap this much (Jaccard).
DEFAULT_SIMILARITY = 0.8


class InstitutionLevel(StrEnum):
    """Left to right in the diagrams: the bassins first, as in the seed's figures."""

    MICRO = "micro"
    MESO = "meso"
    MACRO = "macro"
    FEDERAL = "federal"

    @property
    def label(self) -> str:
        return {
            InstitutionLevel.MICRO: _("micro (bassins de vie)"),
            InstitutionLevel.MESO: _("meso (locoregional)"),
            InstitutionLevel.MACRO: _("macro (Wallonia)"),
            InstitutionLevel.FEDERAL: _("federal"),
        }[self]

    @property
    def rank(self) -> int:
        return list(InstitutionLevel).index(self)


class FlowKind(StrEnum):
    ACCOUNTABILITY = "accountability"
    INFORMATION = "information"
    HUMAN_RESOURCES = "human_resources"

    @property
    def label(self) -> str:
        return {
            FlowKind.ACCOUNTABILITY: _("accountability"),
            FlowKind.INFORMATION: _("information and data"),
            FlowKind.HUMAN_RESOURCES: _("human resources"),
        }[self]


@dataclass(frozen=True)
class Structure:
    code: str
    name: str
    short: str
    level: InstitutionLevel
    in_decree: bool  # named by the decree's architecture (else existing or federal)
    legal_basis: str = ""
    missions: tuple[str, ...] = ()
    composition: tuple[str, ...] = ()  # member categories
    source: str = ""


@dataclass(frozen=True)
class Flow:
    kind: FlowKind
    source: str  # structure codes
    target: str
    what: str
    legal_basis: str = ""
    frequency: str = ""
    available_from: date | None = None  # when it exists in practice, if known
    timing_note: str = ""  # why the date matters or is unknown
    reference: str = ""  # the article or seed section that grounds the flow
    id: int = 0


@dataclass(frozen=True)
class Architecture:
    structures: tuple[Structure, ...]
    flows: tuple[Flow, ...]
    title: str = ""
    provenance: str = ""
    by_code: Mapping[str, Structure] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_code", {s.code: s for s in self.structures})

    def structure(self, code: str) -> Structure:
        try:
            return self.by_code[code]
        except KeyError:
            raise InvalidInput(_("Unknown structure: {code}").format(code=code)) from None

    def flows_of(self, kind: FlowKind | None) -> tuple[Flow, ...]:
        return self.flows if kind is None else tuple(f for f in self.flows if f.kind is kind)

    def at_level(self, level: InstitutionLevel) -> tuple[Structure, ...]:
        return tuple(s for s in self.structures if s.level is level)


def neighbour_map(
    architecture: Architecture, kind: FlowKind | None = None
) -> dict[str, tuple[str, ...]]:
    """Every structure's partners in flows of *kind*, whatever the direction."""
    linked: dict[str, set[str]] = {s.code: set() for s in architecture.structures}
    for flow in architecture.flows_of(kind):
        if flow.source != flow.target:
            linked[flow.source].add(flow.target)
            linked[flow.target].add(flow.source)
    return {code: tuple(sorted(others)) for code, others in linked.items()}


def _text(record: Mapping[str, Any], key: str, where: str, required: bool = True) -> str:
    value = record.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise InvalidInput(
            _("{where}: field “{field}” must be a non-empty text, not “{value}”").format(
                where=where, field=key, value=value
            )
        )
    return value.strip()


def _texts(record: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = record.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInput(
            _("{where}: field “{field}” must be a list of texts, not “{value}”").format(
                where=where, field=key, value=value
            )
        )
    return tuple(v.strip() for v in value if v.strip())


def _enum(
    kind: type[InstitutionLevel] | type[FlowKind], value: object, where: str, name: str
) -> Any:
    try:
        return kind(str(value))
    except ValueError:
        raise InvalidInput(
            _("{where}: field “{field}” has an unknown value “{value}”").format(
                where=where, field=name, value=value
            )
        ) from None


def from_document(document: Mapping[str, Any]) -> Architecture:
    """Read the exchange form (the shipped file, an export); name the record at fault."""
    structures: list[Structure] = []
    seen: set[str] = set()
    for number, record in enumerate(document.get("structures") or [], start=1):
        where = _("structure {n}").format(n=number)
        code = _text(record, "code", where)
        if code in seen:
            raise InvalidInput(
                _("{where}: the code “{value}” is used twice").format(where=where, value=code)
            )
        seen.add(code)
        structures.append(
            Structure(
                code=code,
                name=_text(record, "name", where),
                short=_text(record, "short", where, required=False) or _text(record, "name", where),
                level=_enum(InstitutionLevel, record.get("level"), where, "level"),
                in_decree=bool(record.get("in_decree")),
                legal_basis=_text(record, "legal_basis", where, required=False),
                missions=_texts(record, "missions", where),
                composition=_texts(record, "composition", where),
                source=_text(record, "source", where, required=False),
            )
        )
    flows: list[Flow] = []
    for number, record in enumerate(document.get("flows") or [], start=1):
        where = _("flow {n}").format(n=number)
        ends = [_text(record, key, where) for key in ("source_structure", "target_structure")]
        for end in ends:
            if end not in seen:
                raise InvalidInput(
                    _("{where}: unknown structure “{value}”").format(where=where, value=end)
                )
        raw_date = record.get("available_from")
        try:
            available = date.fromisoformat(raw_date) if raw_date else None
        except (TypeError, ValueError):
            raise InvalidInput(
                _("{where}: field “{field}” has an unknown value “{value}”").format(
                    where=where, field="available_from", value=raw_date
                )
            ) from None
        flows.append(
            Flow(
                kind=_enum(FlowKind, record.get("kind"), where, "kind"),
                source=ends[0],
                target=ends[1],
                what=_text(record, "what", where),
                legal_basis=_text(record, "legal_basis", where, required=False),
                frequency=_text(record, "frequency", where, required=False),
                available_from=available,
                timing_note=_text(record, "timing_note", where, required=False),
                reference=_text(record, "source", where, required=False),
                id=int(record.get("id") or number),
            )
        )
    return Architecture(
        tuple(structures),
        tuple(flows),
        title=str(document.get("title", "")),
        provenance=str(document.get("provenance", "")),
    )


def to_document(architecture: Architecture) -> dict[str, Any]:
    """The exchange form read by :func:`from_document` (what the JSON export writes)."""
    return {
        "title": architecture.title,
        "provenance": architecture.provenance,
        "structures": [
            {
                "code": s.code,
                "name": s.name,
                "short": s.short,
                "level": s.level.value,
                "in_decree": s.in_decree,
                "legal_basis": s.legal_basis,
                "missions": list(s.missions),
                "composition": list(s.composition),
                "source": s.source,
            }
            for s in architecture.structures
        ],
        "flows": [
            {
                "id": f.id,
                "kind": f.kind.value,
                "source_structure": f.source,
                "target_structure": f.target,
                "what": f.what,
                "legal_basis": f.legal_basis,
                "frequency": f.frequency,
                "available_from": f.available_from.isoformat() if f.available_from else None,
                "timing_note": f.timing_note,
                "source": f.reference,
            }
            for f in architecture.flows
        ],
    }
