"""Who acts: the name every write is audited under, and a person acting on needs and plans.

Both are plain values handed from the entry points (a web session, the command line) down
to the services and the store, so they live in the domain that all of them import.
"""

from __future__ import annotations

from dataclasses import dataclass

from maillage.domain.access import Grant


@dataclass(frozen=True)
class Actor:
    """Who is acting, attached to a database session as ``session.info["actor"]``."""

    id: int | None
    label: str
    address: str

    @classmethod
    def system(cls, label: str = "système") -> Actor:
        return cls(None, label, "local")


@dataclass(frozen=True)
class Asker:
    """Who acts: the audit actor, the person's id and name, and their grants."""

    actor: Actor
    person_id: int | None
    name: str
    grants: tuple[Grant, ...]
