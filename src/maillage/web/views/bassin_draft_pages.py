"""Pages of the drafts of bassin changes: an OLS team reshapes its bassins on the map.

Every edit posts one form; with htmx the page's body is swapped at once (populations,
contiguity, bounds, diff and the map), without it the browser is sent back to the page.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from maillage.domain.bassin_drafts import DraftAction, EditKind
from maillage.domain.territory import Level
from maillage.errors import UserError
from maillage.services import bassin_draft_views, bassin_drafts
from maillage.web.api.bassin_drafts_api import EditFields, StepFields
from maillage.web.params import RecordId, TerritoryCode
from maillage.web.security import allowed_territories, asker, permission, platform_of, principal
from maillage.web.templating import render_page

router = APIRouter(include_in_schema=False)
BASE = "/revisions-bassins"


@router.get(BASE)
@permission("bassin_draft.read")
def drafts_page(request: Request) -> Any:
    platform = platform_of(request)
    return render_page(
        request,
        "bassin_drafts.html",
        drafts=bassin_draft_views.list_drafts(platform),
        editable=allowed_territories(request, "bassin_draft.edit", Level.OLS),
    )


@router.post(BASE + "/{code}")
@permission("bassin_draft.edit", target="code")
def start_draft(request: Request, code: TerritoryCode) -> Any:
    draft_id = bassin_drafts.start(platform_of(request), asker(request), code)
    return RedirectResponse(f"{BASE}/{code}/{draft_id}", status_code=303)


@router.get(BASE + "/{code}/{draft_id}")
@permission("bassin_draft.read")
def draft_page(request: Request, code: TerritoryCode, draft_id: RecordId) -> Any:
    return _page(request, code, draft_id)


def _page(request: Request, code: str, draft_id: int, error: str = "", notice: str = "") -> Any:
    draft = bassin_draft_views.get_draft(platform_of(request), code, draft_id)
    return render_page(
        request,
        "bassin_draft.html",
        d=draft,
        actions=draft.actions_for(principal(request).grants),
        kinds=list(EditKind),
        DraftAction=DraftAction,
        record_kinds=bassin_drafts.record_kinds(),
        error=error,
        notice=notice,
    )


def _answer(request: Request, code: str, draft_id: int, act: Any) -> Any:
    """Run *act*; htmx gets the page back (with the refusal in it), a plain form a redirect."""
    htmx = request.headers.get("hx-request") == "true"
    if not htmx:
        act()
        return RedirectResponse(f"{BASE}/{code}/{draft_id}", status_code=303)
    try:
        act()
    except UserError as error:
        return _page(request, code, draft_id, error=str(error))
    return _page(request, code, draft_id)


@router.post(BASE + "/{code}/{draft_id}/modifications")
@permission("bassin_draft.edit", target="code")
def edit_draft(
    request: Request,
    code: TerritoryCode,
    draft_id: RecordId,
    form: Annotated[EditFields, Form()],
) -> Any:
    return _answer(
        request,
        code,
        draft_id,
        lambda: bassin_drafts.edit(
            platform_of(request), asker(request), code, draft_id, form.version, form.edit()
        ),
    )


@router.post(BASE + "/{code}/{draft_id}/soumission")
@permission("bassin_draft.edit", target="code")
def submit_draft(
    request: Request, code: TerritoryCode, draft_id: RecordId, form: Annotated[StepFields, Form()]
) -> Any:
    return _answer(
        request,
        code,
        draft_id,
        lambda: bassin_drafts.submit(
            platform_of(request), asker(request), code, draft_id, form.version
        ),
    )


@router.post(BASE + "/{code}/{draft_id}/renvoi")
@permission("bassin_draft.validate")
def return_draft(
    request: Request, code: TerritoryCode, draft_id: RecordId, form: Annotated[StepFields, Form()]
) -> Any:
    return _answer(
        request,
        code,
        draft_id,
        lambda: bassin_drafts.send_back(
            platform_of(request), asker(request), code, draft_id, form.version, form.comment
        ),
    )


@router.post(BASE + "/{code}/{draft_id}/validation")
@permission("bassin_draft.validate")
def validate_draft(
    request: Request, code: TerritoryCode, draft_id: RecordId, form: Annotated[StepFields, Form()]
) -> Any:
    return _answer(
        request,
        code,
        draft_id,
        lambda: bassin_drafts.validate(
            platform_of(request), asker(request), code, draft_id, form.version, form.comment
        ),
    )
