"""The memo never serves stale structures: not after a write in this process, not after
one in another process, not when a build overlapped a commit (issue 19.3)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from maillage.domain.actors import Actor
from maillage.services import sheets
from maillage.services.memo import NO_STORE, Memo
from maillage.services.platform import Platform
from maillage.store import changes
from maillage.store.models import TerritorySheetRow

ANNE = Actor(None, "anne@example.be", "10.0.0.1")


def test_a_build_that_overlapped_a_write_is_used_but_not_kept():
    memo = Memo()
    memo.hold(memo.observe(1))

    def build() -> str:
        memo.forget(2)  # another thread commits while this one reads
        return "read before the write"

    assert memo.remember("k", build) == "read before the write"
    assert "k" not in memo
    assert memo.remember("k", lambda: "read after") == "read after"
    assert "k" in memo


def test_a_request_that_began_before_a_write_here_reads_but_stores_nothing():
    memo = Memo()
    memo.observe(5)
    memo.forget(6)  # committed here, as counter 6
    late = memo.observe(5)  # read the counter before that commit
    assert late == NO_STORE
    with memo.holding(late):
        assert memo.remember("k", lambda: "maybe stale") == "maybe stale"
    assert "k" not in memo
    with memo.holding(memo.observe(6)):
        memo.remember("k", lambda: "current")
    assert "k" in memo


def test_the_counter_moving_elsewhere_drops_everything():
    memo = Memo()
    with memo.holding(memo.observe(1)):
        memo.remember("k", lambda: 1)
    memo.observe(1)
    assert "k" in memo
    memo.observe(2)
    assert "k" not in memo
    memo.observe(None)  # the counter could not be read: nothing is trusted
    with memo.holding(NO_STORE):
        memo.remember("k", lambda: 1)
    assert "k" not in memo


def test_what_a_write_transaction_builds_stays_with_it():
    memo = Memo()
    built: list[int] = []
    with memo.holding(memo.observe(1)), memo.drafting():
        for _ in range(3):
            memo.remember("k", lambda: built.append(1) or len(built))
    assert built == [1] and "k" not in memo


def test_the_writer_goes_on_with_a_fresh_ticket():
    memo = Memo()
    memo.hold(memo.observe(1))
    memo.forget(2)  # this context wrote
    memo.remember("k", lambda: "after my write")
    assert "k" in memo


def _sheets(platform: Platform) -> int:
    with platform.reading() as session:
        return int(session.execute(select(func.count()).select_from(TerritorySheetRow)).scalar())


def test_every_write_transaction_counts_one_change_and_web_sessions_none(platform):
    start = changes.current(platform.engine)
    assert start is not None
    with platform.transaction():
        pass
    assert changes.current(platform.engine) == start + 1
    with platform.transaction(keeps_memo=True):
        pass
    with pytest.raises(RuntimeError), platform.transaction():
        raise RuntimeError("refused half way")
    assert changes.current(platform.engine) == start + 1


def test_a_read_overlapping_a_commit_is_not_kept_as_current(platform):
    reading, committed = threading.Event(), threading.Event()
    seen: list[int] = []

    def build() -> int:
        count = _sheets(platform)
        reading.set()
        assert committed.wait(30)
        return count

    def request() -> None:  # a view in the thread pool
        platform.observe()
        seen.append(platform.remember(("sheets",), build))

    worker = threading.Thread(target=request)
    worker.start()
    assert reading.wait(30)
    sheets.update_sheet(platform, ANNE, "BV-001", 0, {"presentation": "Nouvelle"})
    committed.set()
    worker.join(30)
    assert seen == [0]  # what it read, for that request only
    assert platform.remember(("sheets",), lambda: _sheets(platform)) == 1


def test_a_write_through_another_platform_is_seen_at_the_next_observation(platform):
    other = Platform.open(platform.settings)  # another worker, or the command line
    try:
        platform.observe()
        assert platform.remember(("sheets",), lambda: _sheets(platform)) == 0
        sheets.update_sheet(other, ANNE, "BV-001", 0, {"presentation": "Nouvelle"})
        assert platform.remember(("sheets",), lambda: _sheets(platform)) == 0  # same request
        platform.observe()  # the next one
        assert platform.remember(("sheets",), lambda: _sheets(platform)) == 1
    finally:
        other.close()
