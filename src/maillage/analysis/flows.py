"""Reading the architecture's flows the way seed 000 reads its diagrams, by computation.

The seed looks for pivot structures (many arrows in and out), isolated ones (few or none),
the direction and circularity of arrows, bodies with the same members, and the timing of
flows. Each reading here is a graph measure (networkx) over one kind of flow or all of them;
:func:`findings` turns them into sentences and names the seed's point of attention each one
reproduces. What the graph cannot say — whether a double role is a tension, whether a
fragmented macro level is a problem — is left to people: the sentences state facts. The
measures themselves are ``analysis.flow_measures``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from maillage.analysis.flow_measures import (
    MAX_CYCLE_LENGTH,
    MAX_PATHS,
    Degree,
    KindReading,
    Likeness,
    Route,
    Timing,
    alike_compositions,
    cycles,
    direction_counts,
    double_roles,
    graph,
    jaccard,
    level_pivots,
    link_kinds,
    neighbours,
    reachable,
    read_kind,
    routes,
    timing,
)
from maillage.domain.architecture import (
    DEFAULT_SIMILARITY,
    Architecture,
    Flow,
    FlowKind,
    InstitutionLevel,
    neighbour_map,
)
from maillage.i18n import capitalise, elide, format_decimal, with_article
from maillage.i18n import gettext as _

__all__ = [  # the reading here, and the measures as callers reach them (flows.routes, ...)
    "DEFAULT_SIMILARITY",
    "MAX_CYCLE_LENGTH",
    "MAX_PATHS",
    "Degree",
    "Finding",
    "KindReading",
    "Likeness",
    "Reading",
    "Route",
    "Timing",
    "alike_compositions",
    "analyse",
    "cycles",
    "direction_counts",
    "double_roles",
    "findings",
    "graph",
    "jaccard",
    "level_pivots",
    "link_kinds",
    "neighbour_map",
    "neighbours",
    "reachable",
    "read_kind",
    "routes",
    "timing",
]


@dataclass(frozen=True)
class Finding:
    """A sentence of the analysis, the seed point it echoes (1–10) and what it names."""

    topic: str
    sentence: str
    structures: tuple[str, ...] = ()
    point: int | None = None


@dataclass(frozen=True)
class Reading:
    per_kind: tuple[KindReading, ...]  # the three kinds, then overall
    alike: tuple[Likeness, ...]
    timing: Timing
    findings: tuple[Finding, ...]
    threshold: float

    def of(self, kind: FlowKind | None) -> KindReading:
        return next(r for r in self.per_kind if r.kind is kind)


def analyse(architecture: Architecture, on: date, threshold: float = DEFAULT_SIMILARITY) -> Reading:
    per_kind = tuple(read_kind(architecture, kind) for kind in (*FlowKind, None))
    alike = alike_compositions(architecture, threshold)
    found_timing = timing(architecture, on)
    reading = Reading(per_kind, alike, found_timing, (), threshold)
    return replace(reading, findings=tuple(findings(architecture, reading)))


def _names(architecture: Architecture, codes: Iterable[str]) -> str:
    return ", ".join(with_article(architecture.structure(c).short) for c in codes)


def _subject(short: str) -> str:
    """A structure opening a sentence: « L’OLS est le pivot », « Forum a… »."""
    return capitalise(with_article(short))


def _kinds(kinds: Iterable[FlowKind]) -> str:
    return ", ".join(k.label for k in FlowKind if k in set(kinds))


def findings(architecture: Architecture, reading: Reading) -> list[Finding]:
    said: list[Finding] = []
    said.extend(_direction(architecture))
    said.extend(_double_roles(architecture))
    linked = neighbour_map(architecture)
    said.extend(_federal(architecture, linked))
    said.extend(_pivots(architecture, reading))
    said.extend(_closest_link(architecture))
    said.extend(_isolation(architecture, reading, linked))
    for likeness in reading.alike:
        said.append(
            Finding(
                "composition",
                _(
                    "{first} and {second} have {similarity} percent of their member categories in "
                    "common ({shared})."
                ).format(
                    first=architecture.structure(likeness.first).short,
                    second=architecture.structure(likeness.second).short,
                    similarity=format_decimal(likeness.similarity * 100, 0),
                    shared="; ".join(likeness.shared),
                ),
                (likeness.first, likeness.second),
                7,
            )
        )
    macro = architecture.at_level(InstitutionLevel.MACRO)
    if macro:
        said.append(
            Finding(
                "macro",
                _(
                    "The macro level counts {count} structures ({names}) for {meso} at the "
                    "meso level and {micro} at the micro level; whether that is "
                    "fragmentation is a judgement."
                ).format(
                    count=len(macro),
                    names=_names(architecture, (s.code for s in macro)),
                    meso=len(architecture.at_level(InstitutionLevel.MESO)),
                    micro=len(architecture.at_level(InstitutionLevel.MICRO)),
                ),
                tuple(s.code for s in macro),
                8,
            )
        )
    said.extend(_timing(architecture, reading.timing))
    said.extend(_circularity(architecture, reading))
    return said


def _circularity(architecture: Architecture, reading: Reading) -> list[Finding]:
    """Per diagram, as the seed reads them: exchanges both ways, then longer circuits."""
    said = []

    def show(circuit: Sequence[str], arrow: str = " → ") -> str:
        return arrow.join(architecture.structure(c).short for c in circuit)

    for kind_reading in reading.per_kind:
        if kind_reading.kind is None:
            continue
        pairs = [c for c in kind_reading.cycles if len(c) == 2]
        longer = [c for c in kind_reading.cycles if len(c) > 2]
        if pairs:
            said.append(
                Finding(
                    "cycle",
                    _("{kind}: flows both ways between {pairs}.").format(
                        kind=kind_reading.kind.label.capitalize(),
                        pairs="; ".join(show(c, " ↔ ") for c in pairs),
                    ),
                    tuple(sorted({code for c in pairs for code in c})),
                )
            )
        if longer:
            said.append(
                Finding(
                    "cycle",
                    _(
                        "{kind}: {count} circular flows, such as {example} → back to {first}."
                    ).format(
                        kind=kind_reading.kind.label.capitalize(),
                        count=len(longer),
                        example=show(longer[0]),
                        first=architecture.structure(longer[0][0]).short,
                    ),
                    longer[0],
                )
            )
        if not pairs and not longer and any(d.total for d in kind_reading.degrees):
            said.append(
                Finding(
                    "cycle",
                    _("{kind}: no flow comes back to where it started.").format(
                        kind=kind_reading.kind.label.capitalize()
                    ),
                )
            )
    return said


def _direction(architecture: Architecture) -> list[Finding]:
    said = []
    for kind in FlowKind:
        down, up, across = direction_counts(architecture, kind)
        if down + up + across:
            said.append(
                Finding(
                    "direction",
                    _(
                        "{kind}: {down} flows go down towards the bassins de vie, {up} go up, "
                        "{across} stay within a level."
                    ).format(kind=kind.label.capitalize(), down=down, up=up, across=across),
                    (),
                    1,
                )
            )
    return said


def _double_roles(architecture: Architecture) -> list[Finding]:
    return [
        Finding(
            "double_role",
            _(
                "{name} receives the accountability {others} and supplies them with "
                "information: a role of control and of support at once."
            ).format(
                name=_subject(architecture.structure(code).short),
                others=", ".join(
                    elide("de", with_article(architecture.structure(c).short)) for c in others
                ),
            ),
            (code, *others),
            2,
        )
        for code, others in double_roles(architecture)
    ]


def _federal(architecture: Architecture, neighbour_of: dict[str, tuple[str, ...]]) -> list[Finding]:
    said = []
    for federal in architecture.at_level(InstitutionLevel.FEDERAL):
        linked = neighbour_of[federal.code]
        in_decree = [c for c in linked if architecture.structure(c).in_decree]
        outside = [c for c in linked if not architecture.structure(c).in_decree]
        if not linked:
            said.append(
                Finding(
                    "federal",
                    _("{name} has no flow with any structure.").format(
                        name=_subject(federal.short)
                    ),
                    (federal.code,),
                    3,
                )
            )
            continue
        sentence = (
            _("{name} is linked to the structures of the decree only through {names}.").format(
                name=_subject(federal.short), names=_names(architecture, in_decree)
            )
            if in_decree
            else _("{name} has no flow with any structure of the decree.").format(
                name=_subject(federal.short)
            )
        )
        if outside:
            sentence += " " + _("It keeps a link with {names}, outside the decree.").format(
                names=_names(architecture, outside)
            )
        said.append(Finding("federal", sentence, (federal.code, *in_decree), 3))
    return said


def _pivots(architecture: Architecture, reading: Reading) -> list[Finding]:
    said = []
    by_pivot: dict[str, list[FlowKind | None]] = {}
    for kind_reading in reading.per_kind:
        for code in kind_reading.pivots:
            by_pivot.setdefault(code, []).append(kind_reading.kind)
    for code, kinds in by_pivot.items():
        named = [k for k in kinds if k is not None]
        said.append(
            Finding(
                "pivot",
                _(
                    "{name} is the pivot between the bassins de vie and the macro level: every "
                    "path from the bassins to the macro level goes through it ({kinds})."
                ).format(
                    name=_subject(architecture.structure(code).short),
                    kinds=_kinds(named) if named else _("all flows together"),
                ),
                (code,),
                4,
            )
        )
    overall = reading.of(None)
    central = sorted(
        (d for d in overall.degrees if d.betweenness > 0), key=lambda d: (-d.betweenness, d.code)
    )[:3]
    if central:
        said.append(
            Finding(
                "betweenness",
                _("Most central structures (betweenness over all flows): {list}.").format(
                    list="; ".join(
                        f"{architecture.structure(d.code).short} {format_decimal(d.betweenness, 2)}"
                        for d in central
                    )
                ),
                tuple(d.code for d in central),
            )
        )
    return said


def _closest_link(architecture: Architecture) -> list[Finding]:
    kinds = link_kinds(architecture)
    if not kinds:
        return []
    widest = max(len(k) for k in kinds.values())
    if widest < 2:
        return []
    said = []
    for pair, joined in sorted(kinds.items(), key=lambda item: sorted(item[0])):
        if len(joined) == widest:
            first, second = sorted(pair, key=lambda c: architecture.structure(c).level.rank)
            said.append(
                Finding(
                    "link",
                    _(
                        "{first} and {second} are joined by {count} kinds of flow ({kinds}): the "
                        "closest link of the architecture."
                    ).format(
                        first=architecture.structure(first).short,
                        second=architecture.structure(second).short,
                        count=len(joined),
                        kinds=_kinds(joined),
                    ),
                    (first, second),
                    5,
                )
            )
    return said


def _isolation(
    architecture: Architecture, reading: Reading, neighbour_of: dict[str, tuple[str, ...]]
) -> list[Finding]:
    said = []
    overall = reading.of(None)
    isolated = overall.isolated
    existing_meso = [
        c
        for c in isolated
        if architecture.structure(c).level is InstitutionLevel.MESO
        and not architecture.structure(c).in_decree
    ]
    others = [c for c in isolated if c not in existing_meso]
    if others:
        said.append(
            Finding(
                "isolated",
                _(
                    "{names}: no flow of any kind; their role in the system is to be clarified."
                ).format(names=_names(architecture, others)),
                tuple(others),
                6,
            )
        )
    for degree in overall.degrees:
        linked = neighbour_of[degree.code]
        micro = architecture.structure(degree.code).level is InstitutionLevel.MICRO
        if degree.total and len(linked) == 1 and not micro:
            kinds = {f.kind for f in architecture.flows if degree.code in (f.source, f.target)}
            said.append(
                Finding(
                    "weak",
                    _("{name} is linked only to {other} ({kinds}).").format(
                        name=_subject(architecture.structure(degree.code).short),
                        other=with_article(architecture.structure(linked[0]).short),
                        kinds=_kinds(kinds),
                    ),
                    (degree.code, linked[0]),
                    6,
                )
            )
    if existing_meso:
        said.append(
            Finding(
                "meso",
                _(
                    "Existing meso structures without any flow to the OLS or elsewhere: {names}."
                ).format(names=_names(architecture, existing_meso)),
                tuple(existing_meso),
                10,
            )
        )
    for kind_reading in reading.per_kind:
        if kind_reading.kind is None:
            continue
        absent = [c for c in kind_reading.isolated if c not in isolated]
        if absent:
            said.append(
                Finding(
                    "absent",
                    _("Absent from the {kind} diagram: {names}.").format(
                        kind=kind_reading.kind.label, names=_names(architecture, absent)
                    ),
                    tuple(absent),
                )
            )
    return said


def _timing(architecture: Architecture, found: Timing) -> list[Finding]:
    def describe(flows: Sequence[Flow]) -> str:
        return "; ".join(
            _("{source} → {target}: {what}").format(
                source=architecture.structure(f.source).short,
                target=architecture.structure(f.target).short,
                what=f.what,
            )
            for f in flows
        )

    said = []
    if found.not_yet:
        said.append(
            Finding(
                "timing",
                _("On {date}, {count} flows do not exist yet in practice: {flows}.").format(
                    date=found.on.strftime("%d/%m/%Y"),
                    count=len(found.not_yet),
                    flows=describe(found.not_yet),
                ),
                (),
                9,
            )
        )
    if found.undated:
        said.append(
            Finding(
                "timing",
                _("{count} flows wait for tools whose date is not known: {flows}.").format(
                    count=len(found.undated), flows=describe(found.undated)
                ),
                (),
                9,
            )
        )
    return said
