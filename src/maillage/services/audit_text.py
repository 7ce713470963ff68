"""The audit trail in words: what an event did, to what, and which fields changed how.

Events store the rows before and after as data; administrators read « Modification —
besoin no 3 : état : qualifié → compilé », not JSON. Field and record names without a
label here are shown as stored (new columns stay readable, only less polished).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from maillage.domain.access import Role
from maillage.domain.needs import NeedState
from maillage.i18n import format_date, format_datetime, format_number
from maillage.i18n import gettext as _

SHOWN = 80  # characters of a long text kept in a description
HIDDEN = frozenset({"password_hash", "secret", "token_hash", "credential_generation"})
SKIPPED = frozenset({"id", "version", "updated_at", "created_at"})  # bookkeeping, not changes


def action_labels() -> dict[str, str]:
    return {
        "create": _("Creation"),
        "update": _("Modification"),
        "delete": _("Deletion"),
        "login": _("Login"),
        "logout": _("Logout"),
        "login_failed": _("Failed login"),
        "login_refused": _("Refused login"),
    }


def _records() -> dict[str, str]:
    return {
        "person": _("person"),
        "role_grant": _("role"),
        "zoning": _("zoning"),
        "indicator": _("indicator"),
        "need": _("need"),
        "need_step": _("step of a need"),
        "need_indicator": _("indicator of a need"),
        "concertation_space": _("concertation space"),
        "concertation_member": _("member of a space"),
        "concertation_meeting": _("meeting"),
        "meeting_attendee": _("meeting attendee"),
        "action_plan": _("action plan"),
        "plan_objective": _("objective of a plan"),
        "plan_action": _("action of a plan"),
        "plan_partner": _("partner of a plan"),
        "plan_action_need": _("need of an action"),
        "plan_action_partner": _("partner of an action"),
        "project": _("project"),
        "project_hypothesis": _("hypothesis of a project"),
        "project_measure": _("measure of a project"),
        "learning_cycle": _("learning cycle"),
        "cycle_measure": _("measure of a cycle"),
        "measure_point": _("measured value"),
        "journal_entry": _("journal entry"),
        "performance_objective": _("performance objective"),
        "self_assessment": _("self-assessment"),
        "activity_report": _("activity report"),
        "report_narrative": _("text of a report"),
        "arch_structure": _("structure of the architecture"),
        "arch_flow": _("flow of the architecture"),
        "territory_sheet": _("territory sheet"),
    }


def _fields() -> dict[str, str]:
    return {
        "name": _("name"),
        "title": _("title"),
        "state": _("state"),
        "status": _("status"),
        "email": _("email"),
        "display_name": _("displayed name"),
        "role": _("role"),
        "scope": _("territory"),
        "code": _("territory"),
        "description": _("description"),
        "summary": _("summary"),
        "is_active": _("active"),
        "must_change_password": _("password to change"),
        "valid_from": _("valid from"),
        "deadline": _("deadline"),
        "answer": _("answer"),
        "outcome": _("outcome"),
        "synthesis": _("synthesis"),
        "synthesis_public": _("public synthesis"),
        "published_at": _("published on"),
        "held_on": _("held on"),
        "value": _("value"),
        "target": _("target"),
        "year": _("year"),
        "score": _("score"),
        "stage": _("stage"),
        "decision": _("decision"),
        "text": _("text"),
        "presentation": _("presentation"),
        "credential_generation": _("sign-in credentials"),
        "person_id": _("person"),
    }


STATES = frozenset({"state", "state_before", "state_after"})


def value_in_words(value: Any, key: str = "") -> str:
    """A stored value as a person reads it: yes/no, French numbers and dates, short texts."""
    if key in STATES and value in set(NeedState):
        return NeedState(value).label
    if value is None or value == "":
        return _("(empty)")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, list | dict):
        return _("{count} items").format(count=len(value))
    text = str(value)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        pass
    else:  # a stored moment, or a day (which reads as midnight)
        return format_datetime(moment) if len(text) > 10 else format_date(moment.date())
    return f"« {text[:SHOWN]}{'…' if len(text) > SHOWN else ''} »"


def describe(
    action: str,
    entity: str,
    entity_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> str:
    """One sentence for an audit event, built from its stored data."""
    what = _records().get(entity, entity.replace("_", " "))
    head = f"{action_labels().get(action, action)} — {what}"
    if entity_id:
        head += f" {_('no.')} {entity_id}"
    labels = _fields()
    if action == "update" and before is not None and after is not None:
        changes = [
            f"{labels.get(key, key.replace('_', ' '))} : "
            + (
                _("changed")
                if key in HIDDEN
                else f"{value_in_words(before.get(key), key)} → {value_in_words(value, key)}"
            )
            for key, value in after.items()
            if key not in SKIPPED and before.get(key) != value
        ]
        return head + (" : " + " ; ".join(changes) if changes else "")
    record = after if after is not None else before
    if record and entity == "role_grant" and record.get("role") in set(Role):
        return (
            head
            + " "
            + _("« {role} » on {scope} for person no. {person}").format(
                role=Role(record["role"]).label,
                scope=record.get("scope", ""),
                person=record.get("person_id", ""),
            )
        )
    if record:
        names = ("title", "name", "display_name", "email")
        named = next((record[k] for k in names if record.get(k)), None)
        if named is not None:
            head += " " + value_in_words(named)
    return head
