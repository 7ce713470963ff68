"""Links between rows, one row per pair: a meeting's attendees, a need's evidence, an
action's partners and needs, a project's needs, a cycle's measures.

Foreign keys hold both ends (a link goes when either end goes) and the pair is the
primary key, so a link is never stored twice nor left pointing at nothing; ``position``
keeps the order in which people chose the targets. Link tables are audited like their
parents: adding or removing a link is an event of the trail.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import Integer, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.orm.attributes import flag_modified

from maillage.errors import InvalidInput
from maillage.store.models import Audited, Versioned

Target = TypeVar("Target", bound=Hashable)


class Link(Audited, Generic[Target]):
    """A row tying its parent (``PARENT`` column) to one target (``TARGET`` column)."""

    PARENT: ClassVar[str]
    TARGET: ClassVar[str]

    position: Mapped[int] = mapped_column(Integer, default=0)


def _columns(link: type[Link[Any]]) -> tuple[Any, Any]:
    return getattr(link, link.PARENT), getattr(link, link.TARGET)


def targets(
    session: Session, link: type[Link[Target]], parent_ids: Iterable[int]
) -> dict[int, list[Target]]:
    """The targets of each parent, in the order they were chosen (none: no key)."""
    parent, target = _columns(link)
    found: dict[int, list[Target]] = defaultdict(list)
    ids = list(dict.fromkeys(parent_ids))
    if ids:
        query = select(parent, target).where(parent.in_(ids)).order_by(parent, link.position)
        for parent_id, target_id in session.execute(query):
            found[parent_id].append(target_id)
    return found


def replace(
    session: Session,
    link: type[Link[Target]],
    parent_id: int,
    wanted: Iterable[Target],
    *,
    unknown: str,
    owner: Versioned | None = None,
) -> bool:
    """Make the parent's links exactly *wanted* (duplicates dropped, order kept).

    A target the database does not hold is refused with *unknown* formatted with the
    missing ids (as ``id`` and ``ids``). When something changes, *owner* (the parent row,
    already stored) moves to its next version first: its links are part of the record, so
    an edit based on the version before is refused, and two writers of the same record
    queue on its row instead of racing on its links. Whether anything changed.
    """
    wanted_ = list(dict.fromkeys(wanted))
    parent, target = _columns(link)
    existing: dict[Target, Link[Target]] = {
        getattr(row, link.TARGET): row
        for row in session.scalars(select(link).where(parent == parent_id))
    }
    removed = [row for key, row in existing.items() if key not in wanted_]
    placed = {key: index for index, key in enumerate(wanted_)}
    moved = [row for key, row in existing.items() if key in placed and row.position != placed[key]]
    added = [key for key in wanted_ if key not in existing]
    if not (removed or moved or added):
        return False
    if owner is not None:
        touch(owner)
    try:
        with session.begin_nested():  # flushes the owner's update before the links
            for row in removed:
                session.delete(row)
            for row in moved:
                row.position = placed[getattr(row, link.TARGET)]
            session.add_all(
                link(**{link.PARENT: parent_id, link.TARGET: key, "position": placed[key]})
                for key in added
            )
    except IntegrityError as error:
        held = set(session.scalars(select(_referred(target)).where(_referred(target).in_(added))))
        missing = ", ".join(str(key) for key in added if key not in held)
        if not missing:
            raise
        raise InvalidInput(unknown.format(id=missing, ids=missing)) from error
    return True


def append(
    session: Session,
    link: type[Link[Target]],
    parent_id: int,
    key: Target,
    *,
    unknown: str,
    owner: Versioned | None = None,
) -> bool:
    """Link one more target after the others (see ``replace``); False if already linked."""
    found = targets(session, link, [parent_id]).get(parent_id, [])
    return replace(session, link, parent_id, [*found, key], unknown=unknown, owner=owner)


def touch(row: Versioned) -> None:
    """Move *row* to its next version at the next flush, though none of its columns
    changed (the version is bumped by the update itself, never set by hand)."""
    mapper = inspect(row).mapper
    keys = set(mapper.primary_key)
    column = next(
        attr.key
        for attr in mapper.column_attrs
        if attr.key != "version" and not keys.intersection(attr.columns)
    )
    flag_modified(row, column)


def _referred(column: Any) -> Any:
    """The column a foreign key column points to."""
    (foreign_key,) = column.property.columns[0].foreign_keys
    return foreign_key.column
