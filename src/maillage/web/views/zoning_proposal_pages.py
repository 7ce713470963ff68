"""Computing a zoning proposal from the web, with the rules `maillage zoning propose` takes.

The proposal is stored, not activated, labelled « proposition calculée — non officielle »;
the page it leads to shows its quality. Refused rules are shown beside the form again.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from maillage.domain.territory import Bounds
from maillage.errors import UserError
from maillage.i18n import gettext as _
from maillage.services import layers
from maillage.services.zonings import propose
from maillage.web import uploads
from maillage.web.params import RecordId
from maillage.web.security import permission, platform_of, principal
from maillage.web.templating import render_page

router = APIRouter(include_in_schema=False)

Population = Annotated[int, Field(ge=1, le=10_000_000)]


class ProposalForm(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    minimum: Population = 10_000
    maximum: Population = 60_000
    target: Population = 30_000
    ols: int = Field(default=10, ge=1, le=30)
    arrondissements: bool = False
    layer: RecordId | None = None


def _refused(request: Request, status_code: int, form: ProposalForm, **context: Any) -> Any:
    context = {"message": None, "problems": [], "others": 0, "total": 0} | context
    return render_page(
        request,
        "zoning_proposal.html",
        status_code=status_code,
        proposal=form,
        layers=layers.list_layers(platform_of(request)),
        **context,
    )


@router.post("/decoupages/proposition")
@permission("zoning.manage")
def compute_proposal(request: Request, form: Annotated[ProposalForm, Form()]) -> Any:
    """Compute and store a proposal (not active), then show it."""
    try:
        bounds = Bounds(form.minimum, form.maximum, form.target)
    except ValueError:
        return _refused(request, 422, form, message=_("Bounds must satisfy min ≤ target ≤ max."))
    try:
        found = propose(
            platform_of(request),
            principal(request).actor(request),
            form.name,
            bounds,
            form.ols,
            form.arrondissements,
            respect_layer=str(form.layer) if form.layer is not None else None,
        )
    except UserError as error:
        return _refused(request, error.http_status, form, **uploads.refusal(error))
    return RedirectResponse(f"/decoupages/{found.id}", status_code=303)
