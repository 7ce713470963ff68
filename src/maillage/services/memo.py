"""Structures derived from the database, kept in memory and never served stale.

A zoning's hierarchy, the taxonomy, the commune shapes take a while to build and change
rarely. The memo keeps them for one state of the database, which three rules guard:

- The values belong to one value of the database's change counter
  (``store/changes.py``), which every write transaction bumps, whatever process makes
  it. A request or a command reads the counter once as it begins (:meth:`Memo.observe`)
  and the memo is dropped when it moved: the counter is the stamp of every key.
- A value is stored only if nothing was written, here or elsewhere, since the reads it
  was built from began: each request holds the *generation* it observed (its ticket),
  every write or move of the counter starts a new one, and a build under an older
  ticket is used by its request but not kept. Sync views run in a thread pool, so a
  build overlapping a commit would otherwise store pre-commit data as current.
- A value built inside a write transaction may reflect rows not yet committed: it is
  kept for that transaction only (its draft), never shown to other requests.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")

# The ticket of a request that began before a write this memo already reflects, or
# while the counter could not be read: it reads the memo but stores nothing in it.
NO_STORE = -1


class Memo:
    """Read-only derived structures, safe across threads and processes (see the module)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: dict[Hashable, Any] = {}
        self._generation = 0
        self._counter: int | None = None  # the database's change counter of the values
        # Per memo (two platforms in one process keep apart): copied into the threads a
        # request runs its work in, like any context variable.
        self._ticket: ContextVar[int | None] = ContextVar("memo_ticket", default=None)
        self._draft: ContextVar[dict[Hashable, Any] | None] = ContextVar("memo_draft", default=None)

    def observe(self, counter: int | None) -> int:
        """Take note of the database's change counter as read when a request or command
        begins; the ticket under which what it builds may be stored."""
        with self._lock:
            if counter is None:  # unknown: nothing can be trusted, nothing is kept
                self._drop()
                self._counter = None
                return NO_STORE
            if self._counter is None or counter > self._counter:
                self._drop()
                self._counter = counter
            elif counter < self._counter:
                return NO_STORE  # a write since (here) is already reflected
            return self._generation

    def hold(self, ticket: int) -> None:
        """Give the current context (a request, a command) its ticket."""
        self._ticket.set(ticket)

    def held(self) -> bool:
        return self._ticket.get() is not None

    @contextmanager
    def holding(self, ticket: int) -> Iterator[None]:
        """The ticket of one call made outside any request or command."""
        token = self._ticket.set(ticket)
        try:
            yield
        finally:
            self._ticket.reset(token)

    def drafts(self) -> bool:
        return self._draft.get() is not None

    @contextmanager
    def drafting(self) -> Iterator[None]:
        """Within a write transaction: what is built is kept for it alone."""
        token = self._draft.set({})
        try:
            yield
        finally:
            self._draft.reset(token)

    def forget(self, counter: int | None = None) -> None:
        """After a write transaction: everything goes. *counter* is the change counter the
        write committed, None when it wrote nothing or failed. The context that wrote
        goes on with a new ticket: what it reads from now on is at least that state."""
        with self._lock:
            self._drop()
            if counter is not None and (self._counter is None or counter > self._counter):
                self._counter = counter
            if self._ticket.get() is not None:
                self._ticket.set(self._generation)

    def remember(self, key: Hashable, build: Callable[[], T]) -> T:
        """The value kept under *key*, else built (outside the lock: builds read the
        database, and may remember other keys) and kept if still current."""
        draft = self._draft.get()
        ticket = self._ticket.get()
        with self._lock:
            if key in self._values:
                found: T = self._values[key]
                return found
            generation = self._generation if ticket is None else ticket
        if draft is not None:
            if key not in draft:
                draft[key] = build()
            drafted: T = draft[key]
            return drafted
        value = build()
        with self._lock:
            if generation == self._generation:
                kept: T = self._values.setdefault(key, value)
                return kept
        return value

    def _drop(self) -> None:
        self._values.clear()
        self._generation += 1

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._values
