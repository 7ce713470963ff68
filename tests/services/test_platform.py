"""Reads, like writes, turn a lock they could not get in time into DatabaseBusy (503, exit
code 9) instead of an OperationalError (issue 18.4)."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from maillage.errors import DatabaseBusy
from maillage.services import zonings
from tests.store.test_database import reopened


def test_a_read_that_cannot_get_its_lock_is_database_busy(platform, monkeypatch):
    with pytest.raises(DatabaseBusy), platform.reading():
        raise OperationalError("SELECT …", {}, sqlite3.OperationalError("database is locked"))
    if platform.engine.dialect.name != "postgresql":
        return  # SQLite readers in WAL mode wait for nobody: nothing more to hold
    impatient = reopened(platform, monkeypatch, 1)
    try:
        with platform.engine.connect() as holder:
            holder.begin()
            holder.execute(text("LOCK TABLE zoning IN ACCESS EXCLUSIVE MODE"))
            with pytest.raises(DatabaseBusy):
                zonings.list_zonings(impatient)
            holder.rollback()
        assert zonings.list_zonings(impatient)  # and reads again once it is released
    finally:
        impatient.close()
