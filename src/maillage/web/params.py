"""Path, query, form and body parameters shared by pages and API: one definition each.

Every number that reaches the database is declared with bounds the database can hold
(``maillage.ids``): ``RecordId`` for ids wherever they come from (a path segment, a query
parameter, a form field or a JSON property), ``Version`` for the version an update is based
on. A value outside them is refused with 400 naming the parameter (``web/errors.py``)
before any query; ``tests/web/test_params.py`` fails for an unbounded integer.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Path
from pydantic import Field

from maillage.ids import MAX_ID, MIN_ID

TerritoryCode = Annotated[str, Path(max_length=24, pattern=r"^[A-Za-z0-9_.-]+$")]

# Used as is, FastAPI reads these from the path when the name is in it, else from the query;
# pydantic models use them for JSON properties.
RecordId = Annotated[int, Field(ge=MIN_ID, le=MAX_ID, description="A record id.")]
Version = Annotated[
    int, Field(ge=1, le=MAX_ID, description="The version read; a stale one is refused (409).")
]
# A sheet that does not exist yet is at version 0.
VersionOrNew = Annotated[
    int,
    Field(ge=0, le=MAX_ID, description="The version read (0 when the record does not exist yet)."),
]

# Form fields of the pages: free text, a title, an enum value, a record id, a version.
FormText = Annotated[str, Form(max_length=4000)]
ShortText = Annotated[str, Form(max_length=200)]
FormChoice = Annotated[str, Form(max_length=24)]
FormId = Annotated[RecordId, Form()]
FormVersion = Annotated[Version, Form()]

# The same bounds for the fields of form and body models (``Annotated[Model, Form()]``).
Text = Annotated[str, Field(max_length=4000)]
Title = Annotated[str, Field(max_length=200)]
ChoiceText = Annotated[str, Field(max_length=24)]
DayText = Annotated[str, Field(max_length=10, description="A date such as 2026-03-31.")]
