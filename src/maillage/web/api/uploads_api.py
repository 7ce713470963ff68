"""API: indicator values and directory files sent as multipart files, previewed or stored
(the JSON twins of ``/indicateurs/envoi`` and ``/repertoire/envoi``, with their shapes).

A preview stores nothing; a store reads the file again, so a client sends it twice. A file
with any fault is refused (422) with its located faults, and nothing changes.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePath
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from pydantic import BaseModel, ConfigDict, Field

from maillage.domain.directory import DirectorySource
from maillage.services import directory, directory_upload, indicator_upload
from maillage.web import uploads
from maillage.web.api import schemas
from maillage.web.api.indicators_api import IndicatorId
from maillage.web.security import permission, platform_of, principal

router = APIRouter(
    prefix="/api/v1",
    tags=["uploads"],
    responses={
        400: {"model": schemas.ErrorOut},
        401: {"model": schemas.ErrorOut},
        403: {"model": schemas.ErrorOut},
        404: {"model": schemas.ErrorOut},
        413: {"model": schemas.ErrorOut},
        422: {"model": schemas.ErrorOut},
    },
)
Upload = Annotated[UploadFile, File(description="The file, CSV or XLSX.")]


class SourceFields(BaseModel):
    """Who the records come from, shown beside them; the file's name when left empty."""

    source_name: str = Field(default="", max_length=200)
    licence: str = Field(default="", max_length=200)
    attribution: str = Field(default="", max_length=500)
    skip_invalid: bool = False

    def source(self, file_name: str) -> DirectorySource:
        return directory.source_for(
            PurePath(file_name),
            None,
            self.source_name or None,
            self.licence or None,
            self.attribution or None,
        )


class ValueChangeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    name: str
    age_band: str
    old: tuple[float | None, float | None, float | None]
    new: tuple[float | None, float | None, float | None]


class PeriodChangesOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    period: str
    added: int
    replaced: int
    unchanged: int
    removed: int
    samples: list[ValueChangeOut]


class ValuesPreviewOut(BaseModel):
    indicator: str
    values: int
    periods: list[PeriodChangesOut]
    changes_nothing: bool


class ValuesLoadedOut(BaseModel):
    indicator: str
    values: int
    periods: list[str]
    replaced: int


class RefusedRecordOut(BaseModel):
    index: int
    record_id: str
    problems: list[str]


class DirectoryPreviewOut(BaseModel):
    source: str
    added: int
    updated: int
    unchanged: int
    refused: int
    added_names: list[str]
    updated_names: list[str]
    refusals: list[RefusedRecordOut]
    changes_nothing: bool


class DirectoryImportOut(BaseModel):
    source: str
    created: int
    updated: int
    refused: int


@router.post("/indicators/{indicator_id}/values/preview", response_model=ValuesPreviewOut)
@permission("indicator.load")
def preview_values(request: Request, indicator_id: IndicatorId, file: Upload) -> Any:
    """What the file (``refnis,period,numerator,denominator`` or ``…,value``) would change
    per period: values added, replaced (the first ones old beside new), unchanged, and
    stored values the file no longer gives. Nothing is stored."""
    with uploads.saved(file, "valeurs.csv") as path:
        found = indicator_upload.preview_values(platform_of(request), path, indicator_id)
    return ValuesPreviewOut(
        indicator=found.indicator.id,
        values=found.values,
        periods=[PeriodChangesOut.model_validate(p) for p in found.periods],
        changes_nothing=found.changes_nothing,
    )


@router.post("/indicators/{indicator_id}/values", response_model=ValuesLoadedOut, status_code=201)
@permission("indicator.load")
def load_values(request: Request, indicator_id: IndicatorId, file: Upload) -> Any:
    """Load the file's values for a catalogue indicator, all or nothing: the periods it
    holds replace the stored values of those periods. Audited."""
    with uploads.saved(file, "valeurs.csv") as path:
        report = indicator_upload.load_values(
            platform_of(request), principal(request).actor(request), path, indicator_id
        )
    return ValuesLoadedOut(
        indicator=report.indicator.id,
        values=report.values,
        periods=report.periods,
        replaced=report.replaced,
    )


@router.post("/directory/imports/preview", response_model=DirectoryPreviewOut)
@permission("directory.curate")
def preview_directory_file(
    request: Request,
    file: Annotated[UploadFile, File(description="HSDS JSON, an HSDS .zip, CSV or XLSX.")],
    fields: Annotated[SourceFields, Form()],
) -> Any:
    """Services the file would add, update or leave unchanged, and the records refused
    (with ``skip_invalid``; without it any invalid record refuses the file). Nothing is
    stored."""
    with uploads.saved(file, "repertoire.json") as path:
        found = directory_upload.preview_file(
            platform_of(request),
            path,
            fields.source(path.name),
            skip_invalid=fields.skip_invalid,
        )
    return DirectoryPreviewOut(
        source=found.source.key,
        added=found.added,
        updated=found.updated,
        unchanged=found.unchanged,
        refused=found.refused,
        added_names=found.added_names,
        updated_names=found.updated_names,
        refusals=[
            RefusedRecordOut(
                index=r.index,
                record_id=r.record_id,
                problems=[str(replace(p, file=PurePath(p.file).name)) for p in r.problems],
            )
            for r in found.refusals
        ],
        changes_nothing=found.changes_nothing,
    )


@router.post("/directory/imports", response_model=DirectoryImportOut, status_code=201)
@permission("directory.curate")
def import_directory_file(
    request: Request,
    file: Annotated[UploadFile, File(description="HSDS JSON, an HSDS .zip, CSV or XLSX.")],
    fields: Annotated[SourceFields, Form()],
) -> Any:
    """Import the file in one transaction (refused records left out with ``skip_invalid``)."""
    with uploads.saved(file, "repertoire.json") as path:
        report = directory_upload.import_file(
            platform_of(request),
            principal(request).actor(request),
            path,
            fields.source(path.name),
            skip_invalid=fields.skip_invalid,
        )
    return DirectoryImportOut(
        source=report.source,
        created=report.created,
        updated=report.updated,
        refused=report.refused,
    )
