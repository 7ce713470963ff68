"""Path, query and form parameters shared by pages and API: one definition each."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Path

TerritoryCode = Annotated[str, Path(max_length=24, pattern=r"^[A-Za-z0-9_.-]+$")]
RecordId = Annotated[int, Path(ge=1, le=2_147_483_647)]

# Form fields of the pages: free text, a title, an enum value, a record id, a version.
FormText = Annotated[str, Form(max_length=4000)]
ShortText = Annotated[str, Form(max_length=200)]
FormChoice = Annotated[str, Form(max_length=24)]
FormId = Annotated[int, Form(ge=1, le=2_147_483_647)]
FormVersion = Annotated[int, Form(ge=1, le=2_147_483_647)]
