"""Tables and queries of territorial layers: existing structures and the communes they cover.

A layer is replaced whole (its structures go with it), so its structures and
memberships are not edited row by row; the layer's own row is audited.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from maillage.ids import parse_id
from maillage.store.models import Audited, Base
from maillage.store.types import UtcDateTime


class LayerRow(Audited, Base):
    __tablename__ = "layer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(Text, default="")
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime())
    imported_by: Mapped[str] = mapped_column(String(254), default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    structures: Mapped[list[LayerStructureRow]] = relationship(
        back_populates="layer", cascade="all, delete-orphan", passive_deletes=True
    )


class LayerStructureRow(Base):
    __tablename__ = "layer_structure"
    __table_args__ = (UniqueConstraint("layer_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    layer_id: Mapped[int] = mapped_column(ForeignKey("layer.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(300))

    layer: Mapped[LayerRow] = relationship(back_populates="structures")


class LayerMemberRow(Base):
    __tablename__ = "layer_member"

    structure_id: Mapped[int] = mapped_column(
        ForeignKey("layer_structure.id", ondelete="CASCADE"), primary_key=True
    )
    refnis: Mapped[str] = mapped_column(ForeignKey("commune.refnis"), primary_key=True)


def layers(session: Session) -> list[LayerRow]:
    return list(session.scalars(select(LayerRow).order_by(LayerRow.name)))


def layer_by_ref(session: Session, ref: str) -> LayerRow | None:
    """The layer whose id or, failing that, whose name is *ref*."""
    layer_id = parse_id(ref)
    if layer_id is not None:
        found = session.get(LayerRow, layer_id)
        if found is not None:
            return found
    return session.scalar(select(LayerRow).where(LayerRow.name == ref))


def structure_counts(session: Session) -> dict[int, int]:
    rows = session.execute(
        select(LayerStructureRow.layer_id, func.count()).group_by(LayerStructureRow.layer_id)
    )
    return {layer_id: count for layer_id, count in rows}


def members(session: Session, layer_id: int) -> list[tuple[str, str, str]]:
    """(structure code, structure name, refnis) of a layer, in code and commune order."""
    rows = session.execute(
        select(LayerStructureRow.code, LayerStructureRow.name, LayerMemberRow.refnis)
        .join(LayerMemberRow, LayerMemberRow.structure_id == LayerStructureRow.id)
        .where(LayerStructureRow.layer_id == layer_id)
        .order_by(LayerStructureRow.code, LayerMemberRow.refnis)
    )
    return [(code, name, refnis) for code, name, refnis in rows]


def add_structures(
    session: Session, layer: LayerRow, structures: dict[str, str], communes: dict[str, list[str]]
) -> None:
    """Store the structures of a new layer and the communes each covers."""
    rows = {
        code: LayerStructureRow(layer_id=layer.id, code=code, name=name)
        for code, name in structures.items()
    }
    session.add_all(rows.values())
    session.flush()
    session.add_all(
        LayerMemberRow(structure_id=rows[code].id, refnis=refnis)
        for code, refs in communes.items()
        for refnis in refs
    )
    session.flush()
