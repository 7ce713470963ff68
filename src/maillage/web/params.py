"""Path and query parameters shared by pages and API: one definition each."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

TerritoryCode = Annotated[str, Path(max_length=24, pattern=r"^[A-Za-z0-9_.-]+$")]
RecordId = Annotated[int, Path(ge=1, le=2_147_483_647)]
