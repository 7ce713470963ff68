"""The architecture in exchange formats: its own JSON document and GraphML for graph tools.

GraphML keeps one node per structure and one edge per flow, with every field as an
attribute (lists joined by line breaks), so that Gephi, yEd or networkx read it whole.
"""

from __future__ import annotations

import io
from typing import Any

import networkx as nx

from maillage.domain.architecture import Architecture, to_document


def to_json(architecture: Architecture, source: dict[str, str]) -> dict[str, Any]:
    document = to_document(architecture)
    document["data_source"] = source
    return document


def to_graphml(architecture: Architecture) -> bytes:
    found = nx.MultiDiGraph(name=architecture.title, provenance=architecture.provenance)
    for s in architecture.structures:
        found.add_node(
            s.code,
            name=s.name,
            short=s.short,
            level=s.level.value,
            in_decree=s.in_decree,
            legal_basis=s.legal_basis,
            missions="\n".join(s.missions),
            composition="\n".join(s.composition),
            source=s.source,
        )
    for f in architecture.flows:
        found.add_edge(
            f.source,
            f.target,
            key=str(f.id),
            id=f.id,
            kind=f.kind.value,
            what=f.what,
            legal_basis=f.legal_basis,
            frequency=f.frequency,
            available_from=f.available_from.isoformat() if f.available_from else "",
            timing_note=f.timing_note,
            source=f.reference,
        )
    buffer = io.BytesIO()
    nx.write_graphml(found, buffer, encoding="utf-8")
    return buffer.getvalue()
