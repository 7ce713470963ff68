"""Pages of the needs register: raise a need with its evidence, follow its life, act on it.

Screens and the decree: raising and qualifying serve art. 13.4 (bassin actors diagnose
and report needs); consolidating, merging and transmitting serve art. 18.2 (the OLS action
plan); compiling serves art. 27.3 (the IWPL); answering serves art. 24 (the Forum).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import Field

from maillage.domain.needs import (
    Action,
    NeedOrigin,
    NeedState,
    Outcome,
    Urgency,
    transitions_from,
)
from maillage.domain.territory import Level
from maillage.errors import InvalidInput, UserError
from maillage.i18n import gettext as _
from maillage.services import (
    action_plans,
    concertation,
    directory,
    indicators,
    needs,
    notifications,
    observations,
    territories,
)
from maillage.services.fields import choice
from maillage.services.needs import NeedView, RegisterFilter
from maillage.web.api.needs_api import MoveFields, NeedFields
from maillage.web.params import FormId, RecordId
from maillage.web.security import (
    allowed,
    asker,
    permission,
    person_of,
    platform_of,
    principal,
)
from maillage.web.templating import render_page

router = APIRouter(include_in_schema=False)

CodeQuery = Annotated[str, Query(max_length=64, pattern=r"^[A-Za-z0-9_.,-]*$")]


@router.get("/besoins")
@permission("need.read")
def register_page(
    request: Request,
    etat: Annotated[str, Query(max_length=16)] = "",
    theme: CodeQuery = "",
    territoire: CodeQuery = "",
    bassin: CodeQuery = "",
    origine: CodeQuery = "",
    indicateur: CodeQuery = "",
    termes: CodeQuery = "",
    reunion: RecordId | None = None,
) -> Any:
    states = (choice(NeedState, etat),) if etat else ()
    platform = platform_of(request)
    found = needs.register(
        platform, RegisterFilter(states=states, theme=theme, territory=territoire)
    )
    prefill = {
        "bassin": bassin,
        "origin": origine or NeedOrigin.ACTOR.value,
        "indicator": indicateur,
        "terms": [t for t in termes.split(",") if t],
        "meeting": reunion,
    }
    return _register(request, found, prefill, etat=etat, theme=theme, territoire=territoire)


def _register(
    request: Request,
    found: list[NeedView],
    prefill: dict[str, Any],
    status_code: int = 200,
    **extra: Any,
) -> Any:
    platform = platform_of(request)
    who = principal(request)
    bassins = needs.raisable_bassins(platform, who.person.grants) if who.person else []
    bassin = prefill.get("bassin") or ""
    evidence: dict[str, Any] = {"observations": [], "alerts": [], "meetings": []}
    if bassin and bassin in dict(bassins):
        evidence = {
            "observations": observations.for_territory(platform, bassin, True),
            "alerts": needs.indicator_alerts(platform, bassin),
            "meetings": concertation.meetings_of_bassin(platform, bassin),
        }
    listed = territories.list_territories(platform, Level.OLS)
    return render_page(
        request,
        "needs.html",
        status_code=status_code,
        needs=found,
        bassins=bassins,
        prefill=prefill,
        evidence=evidence,
        sectors=directory.sectors(platform),
        indicator_list=indicators.list_indicators(platform),
        urgencies=list(Urgency),
        origins=list(NeedOrigin),
        states=list(NeedState),
        ols_list=[t for t, _parent in listed.items],
        **extra,
    )


class NeedForm(NeedFields):
    """The page's form: the urgency, the origin and the count are typed text, checked by the
    service (or below) so that the form comes back explained rather than refused."""

    urgency: str = Field(max_length=8)
    population_count: str = Field("", max_length=12)
    origin: str = Field(NeedOrigin.ACTOR.value, max_length=24)

    def count(self) -> int | None:
        digits = self.population_count.strip().replace(" ", "").replace(".", "")
        if digits and not (digits.isascii() and digits.isdigit()):
            raise InvalidInput(
                _("Number of people concerned: a whole number, not « {value} ».").format(
                    value=self.population_count
                )
            )
        return int(digits) if digits else None


@router.post("/besoins")
@permission("need.raise")
def raise_need(request: Request, form: Annotated[NeedForm, Form()]) -> Any:
    platform = platform_of(request)
    try:
        new = form.new_need(form.urgency, form.origin, form.count())
        need_id = needs.raise_need(platform, asker(request), new)
    except UserError as error:
        prefill = {
            "bassin": form.bassin,
            "origin": form.origin,
            "indicator": "",
            "terms": form.orientation_terms,
            "meeting": None,
        }
        return _register(
            request,
            needs.register(platform),
            prefill,
            status_code=error.http_status,
            raise_error=str(error),
            submitted=form.model_dump(
                include={
                    "title",
                    "description",
                    "population",
                    "population_count",
                    "theme",
                    "urgency",
                }
            ),
        )
    return RedirectResponse(f"/besoins/{need_id}", status_code=303)


@router.get("/besoins/{need_id}")
@permission("need.read")
def need_page(request: Request, need_id: RecordId) -> Any:
    platform = platform_of(request)
    need = needs.get(platform, need_id)
    person = person_of(request)
    possible = transitions_from(need.state, (g.role for g in person.grants))
    plan_actions = (
        action_plans.actions_of_ols(platform, need.ols_code)
        if any(t.action is Action.PLAN for t in possible)
        else []
    )
    return render_page(
        request,
        "need.html",
        need=need,
        evidence=needs.evidence(platform, need, allowed(request, "observation.read_internal")),
        possible=possible,
        Action=Action,
        outcomes=list(Outcome),
        merge_candidates=needs.merge_candidates(platform, need)
        if any(t.action is Action.MERGE for t in possible)
        else [],
        plan_actions=plan_actions,
        following=needs.is_following(platform, person.id, need.id),
    )


@router.post("/besoins/{need_id}/transition")
@permission("need.act")
def need_transition(
    request: Request, need_id: RecordId, form: Annotated[MoveFields, Form()]
) -> Any:
    needs.act(platform_of(request), asker(request), need_id, form.move())
    return RedirectResponse(f"/besoins/{need_id}", status_code=303)


@router.post("/besoins/{need_id}/plan")
@permission("need.act")
def need_to_plan(request: Request, need_id: RecordId, action_id: FormId) -> Any:
    action_plans.link_need(platform_of(request), asker(request), action_id, need_id)
    return RedirectResponse(f"/besoins/{need_id}", status_code=303)


@router.post("/besoins/{need_id}/suivi")
@permission("need.read")
def need_follow(
    request: Request, need_id: RecordId, suivre: Annotated[str, Form(max_length=1)] = ""
) -> Any:
    needs.follow(platform_of(request), asker(request), need_id, bool(suivre))
    return RedirectResponse(f"/besoins/{need_id}", status_code=303)


@router.get("/mes-besoins")
@permission("account.self")
def my_needs(request: Request) -> Any:
    platform = platform_of(request)
    person = person_of(request)
    found = needs.register(platform, RegisterFilter(person_id=person.id))
    return render_page(
        request, "my_needs.html", needs=found, notes=notifications.for_person(platform, person.id)
    )


@router.post("/notifications/lues")
@permission("account.self")
def notifications_read(request: Request) -> Any:
    notifications.mark_read(platform_of(request), person_of(request).id)
    return RedirectResponse("/mes-besoins", status_code=303)
