"""Small helpers shared by tests: table snapshots to prove that nothing changed, and the
application served over real HTTP on loopback as ``maillage serve`` serves it."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from sqlalchemy import func, select

from maillage.services.platform import Platform
from maillage.store.models import Base


def snapshot(platform: Platform) -> dict[str, int]:
    """Row counts of every table: equal snapshots before and after mean nothing was written."""
    with platform.sessions() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """*app* served by uvicorn on a free loopback port with the options of ``maillage
    serve``; yields its base URL."""
    from maillage.cli.core import SERVER_OPTIONS

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    options = {**SERVER_OPTIONS, "log_level": "warning"}
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, **options))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
