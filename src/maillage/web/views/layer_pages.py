"""Pages: territorial layers of existing structures, their upload and their overlap."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from maillage.domain.layers import LayerKind
from maillage.domain.territory import Level
from maillage.errors import DataFileError, UserError
from maillage.services import layers
from maillage.web import uploads
from maillage.web.params import RecordId
from maillage.web.security import allowed, permission, platform_of, principal
from maillage.web.templating import render_page

router = APIRouter(include_in_schema=False)

PageLevel = Annotated[Literal["bassin", "ols"], Query()]


class LayerForm(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    kind: LayerKind
    replace: bool = False


def _list(request: Request, status_code: int = 200, **context: Any) -> Any:
    return render_page(
        request,
        "layers.html",
        status_code=status_code,
        layers=layers.list_layers(platform_of(request)),
        kinds=list(LayerKind),
        can_manage=allowed(request, "zoning.manage"),
        **context,
    )


@router.get("/couches")
@permission("public.read")
def layer_list(request: Request) -> Any:
    return _list(request, errors=[], submitted=None)


@router.post("/couches")
@permission("zoning.manage")
def layer_upload(
    request: Request,
    form: Annotated[LayerForm, Form()],
    file: Annotated[UploadFile, File()],
) -> Any:
    """Import a layer file at once; a refused file is shown with its located faults."""
    try:
        with uploads.saved(file, "couche.csv") as path:
            result = layers.import_layer(
                platform_of(request),
                path,
                name=form.name,
                kind=form.kind,
                replace=form.replace,
                actor=principal(request).actor(request),
            )
    except DataFileError as error:
        return _list(request, error.http_status, errors=error.lines, submitted=form)
    except UserError as error:
        return _list(request, error.http_status, errors=[str(error)], submitted=form)
    return RedirectResponse(f"/couches/{result.layer.id}", status_code=303)


@router.get("/couches/{layer_id}")
@permission("public.read")
def layer_page(request: Request, layer_id: RecordId, niveau: PageLevel = "bassin") -> Any:
    found = layers.layer_overlap(platform_of(request), str(layer_id), Level(niveau))
    return render_page(
        request,
        "layer.html",
        found=found,
        zoning=found.zoning,
        can_manage=allowed(request, "zoning.manage"),
    )


@router.get("/couches/{layer_id}/recouvrement.csv")
@permission("public.read")
def layer_overlap_csv(request: Request, layer_id: RecordId, niveau: PageLevel = "bassin") -> Any:
    found, data = layers.overlap_csv(platform_of(request), str(layer_id), Level(niveau))
    return Response(
        data,
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": (
                f'attachment; filename="couche-{found.layer.id}-recouvrement-{niveau}.csv"'
            )
        },
    )


@router.get("/couches/{layer_id}/export.csv")
@permission("public.read")
def layer_export(request: Request, layer_id: RecordId) -> Any:
    found, text = layers.export_layer(platform_of(request), str(layer_id))
    return Response(
        text.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="couche-{found.id}.csv"'},
    )


@router.post("/couches/{layer_id}/suppression")
@permission("zoning.manage")
def layer_delete(request: Request, layer_id: RecordId) -> Any:
    layers.delete_layer(platform_of(request), str(layer_id), principal(request).actor(request))
    return RedirectResponse("/couches", status_code=303)
