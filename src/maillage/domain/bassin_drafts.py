"""A proposed change of the bassins of one OLS, shaped by its team and validated by AVIQ.

Bassins de vie are defined bottom-up by the actors of each OLS. A draft copies the
assignment of the OLS's communes to bassins from the active zoning; its team moves
communes, splits, merges and renames bassins, then submits it; the administration
validates it (a new zoning is stored and activated) or returns it with a comment. The
OLS boundary never changes in a draft: every commune stays in the OLS. Bassin codes are
kept for unchanged and edited bassins, so data attached to them stays valid; a new
bassin gets the next free code of the zoning's pattern (``BV-NNN``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from maillage.domain.access import Role
from maillage.domain.territory import ZONE_CODE_PATTERN
from maillage.errors import Conflict, InvalidInput
from maillage.i18n import gettext as _


class DraftState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    VALIDATED = "validated"

    @property
    def label(self) -> str:
        return {
            DraftState.DRAFT: _("draft, being edited by the OLS"),
            DraftState.SUBMITTED: _("submitted to the administration"),
            DraftState.VALIDATED: _("validated and activated"),
        }[self]


class DraftAction(StrEnum):
    START = "start"
    EDIT = "edit"
    SUBMIT = "submit"
    VALIDATE = "validate"
    RETURN = "return"

    @property
    def label(self) -> str:
        return {
            DraftAction.START: _("start the draft"),
            DraftAction.EDIT: _("edit the bassins"),
            DraftAction.SUBMIT: _("submit"),
            DraftAction.VALIDATE: _("validate and activate"),
            DraftAction.RETURN: _("return with a comment"),
        }[self]


OLS_SIDE = frozenset({Role.OLS_TEAM, Role.OLS_GOVERNANCE})
VALIDATORS = frozenset({Role.ADMINISTRATION})


@dataclass(frozen=True)
class DraftTransition:
    action: DraftAction
    sources: frozenset[DraftState]
    target: DraftState
    roles: frozenset[Role]
    needs_reason: bool = False


DRAFT_TRANSITIONS: dict[DraftAction, DraftTransition] = {
    t.action: t
    for t in (
        DraftTransition(
            DraftAction.EDIT, frozenset({DraftState.DRAFT}), DraftState.DRAFT, OLS_SIDE
        ),
        DraftTransition(
            DraftAction.SUBMIT, frozenset({DraftState.DRAFT}), DraftState.SUBMITTED, OLS_SIDE
        ),
        DraftTransition(
            DraftAction.VALIDATE,
            frozenset({DraftState.SUBMITTED}),
            DraftState.VALIDATED,
            VALIDATORS,
        ),
        DraftTransition(
            DraftAction.RETURN,
            frozenset({DraftState.SUBMITTED}),
            DraftState.DRAFT,
            VALIDATORS,
            needs_reason=True,
        ),
    )
}


class IllegalDraftStep(Conflict):
    """A step the draft's state machine does not allow now, or not to this role."""


def possible_actions(state: DraftState) -> list[DraftAction]:
    return [a for a, t in DRAFT_TRANSITIONS.items() if state in t.sources]


def allowed_actions(state: DraftState, roles: Iterable[Role]) -> list[DraftAction]:
    """What a person holding *roles* (in scope) may do with a draft in *state* now."""
    held = set(roles)
    return [a for a in possible_actions(state) if held & DRAFT_TRANSITIONS[a].roles]


def check_step(
    state: DraftState, action: DraftAction, role: Role | None, reason: str = ""
) -> DraftState:
    """The state after *action*, or ``IllegalDraftStep`` naming what is possible instead."""
    transition = DRAFT_TRANSITIONS[action]
    if state not in transition.sources:
        possible = ", ".join(a.label for a in possible_actions(state)) or "—"
        raise IllegalDraftStep(
            _("A draft that is « {state} » cannot « {action} »; possible now: {possible}.").format(
                state=state.label, action=action.label, possible=possible
            )
        )
    if role is None or role not in transition.roles:
        who = ", ".join(sorted(r.label for r in transition.roles))
        raise IllegalDraftStep(
            _("Only {roles} (in scope) may « {action} » this draft.").format(
                roles=who, action=action.label
            )
        )
    if transition.needs_reason and not reason.strip():
        raise IllegalDraftStep(
            _("Say why: « {action} » needs a comment.").format(action=action.label)
        )
    return transition.target


# --- The layout and its edits ----------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """The OLS's bassins (code → name) and the bassin of each of its communes."""

    bassins: Mapping[str, str]
    communes: Mapping[str, str]  # refnis → bassin code

    def members(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {code: [] for code in self.bassins}
        for refnis, code in sorted(self.communes.items()):
            found[code].append(refnis)
        return found


class EditKind(StrEnum):
    MOVE = "move"
    SPLIT = "split"
    MERGE = "merge"
    RENAME = "rename"

    @property
    def label(self) -> str:
        return {
            EditKind.MOVE: _("move a commune"),
            EditKind.SPLIT: _("split a bassin"),
            EditKind.MERGE: _("merge two bassins"),
            EditKind.RENAME: _("rename a bassin"),
        }[self]


@dataclass(frozen=True)
class Edit:
    """One change: *bassin* is the bassin acted on (the destination of a move, the one
    split, the one kept by a merge, the one renamed)."""

    kind: EditKind
    bassin: str
    commune: str = ""  # move
    communes: tuple[str, ...] = ()  # split: the communes of the new bassin
    other: str = ""  # merge: the bassin absorbed
    name: str = ""  # split: the new bassin's name; rename: the new name


MAX_NAME = 200


def _name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > MAX_NAME:
        raise InvalidInput(_("A bassin's name has 1 to 200 characters."))
    return cleaned


def _known(layout: Layout, code: str) -> str:
    if code not in layout.bassins:
        raise InvalidInput(_("Bassin {code} is not a bassin of this OLS.").format(code=code))
    return code


def next_code(codes: Iterable[str]) -> str:
    """The next free code of the pattern most codes follow (prefix and zero-padded number)."""
    pattern = re.compile(r"^(.*?)(\d+)$")
    counts: dict[tuple[str, int], int] = {}
    highest: dict[tuple[str, int], int] = {}
    for code in codes:
        match = pattern.match(code)
        if match:
            key = (match.group(1), len(match.group(2)))
            counts[key] = counts.get(key, 0) + 1
            highest[key] = max(highest.get(key, 0), int(match.group(2)))
    if not counts:
        return "BV-001"
    prefix, width = max(counts, key=lambda k: (counts[k], k))
    candidate = f"{prefix}{highest[(prefix, width)] + 1:0{width}d}"
    if not ZONE_CODE_PATTERN.match(candidate):
        raise InvalidInput(_("No free bassin code follows the zoning's pattern."))
    return candidate


def apply_edit(layout: Layout, edit: Edit, taken_codes: Iterable[str] = ()) -> Layout:
    """The layout after *edit*; *taken_codes* are every code in use (all OLS, all versions)."""
    bassins = dict(layout.bassins)
    communes = dict(layout.communes)
    target = _known(layout, edit.bassin)
    if edit.kind is EditKind.MOVE:
        if edit.commune not in communes:
            raise InvalidInput(
                _(
                    "Commune {code} is not a commune of this OLS: only its own communes move."
                ).format(code=edit.commune)
            )
        if communes[edit.commune] == target:
            raise InvalidInput(_("This commune is already in that bassin."))
        source = communes[edit.commune]
        if list(communes.values()).count(source) == 1:
            raise InvalidInput(
                _("This is the last commune of its bassin: merge the bassins instead.")
            )
        communes[edit.commune] = target
    elif edit.kind is EditKind.SPLIT:
        chosen = set(edit.communes)
        members = {c for c, b in communes.items() if b == target}
        if not chosen or not chosen <= members:
            raise InvalidInput(_("Choose communes of the bassin being split."))
        if chosen == members:
            raise InvalidInput(_("Leave at least one commune in the bassin being split."))
        code = next_code({*taken_codes, *bassins})
        bassins[code] = _name(edit.name)
        for commune in chosen:
            communes[commune] = code
    elif edit.kind is EditKind.MERGE:
        absorbed = _known(layout, edit.other)
        if absorbed == target:
            raise InvalidInput(_("Choose two different bassins to merge."))
        for commune, code in communes.items():
            if code == absorbed:
                communes[commune] = target
        del bassins[absorbed]
    else:
        bassins[target] = _name(edit.name)
    return Layout(bassins, communes)


# --- What a draft changes --------------------------------------------------------------


@dataclass(frozen=True)
class CommuneMove:
    commune: str
    before: str
    after: str


@dataclass(frozen=True)
class Rename:
    code: str
    before: str
    after: str


@dataclass(frozen=True)
class LayoutDiff:
    moves: tuple[CommuneMove, ...]
    created: tuple[str, ...]
    removed: tuple[str, ...]
    renamed: tuple[Rename, ...]

    @property
    def empty(self) -> bool:
        return not (self.moves or self.created or self.removed or self.renamed)


def diff(before: Layout, after: Layout) -> LayoutDiff:
    """What *after* changes in *before*. Codes are kept by edits, so a code names the same
    bassin in both (an exact diff, unlike the population matching between two zonings)."""
    return LayoutDiff(
        moves=tuple(
            CommuneMove(c, before.communes[c], after.communes[c])
            for c in sorted(after.communes)
            if c in before.communes and before.communes[c] != after.communes[c]
        ),
        created=tuple(sorted(set(after.bassins) - set(before.bassins))),
        removed=tuple(sorted(set(before.bassins) - set(after.bassins))),
        renamed=tuple(
            Rename(code, before.bassins[code], name)
            for code, name in sorted(after.bassins.items())
            if code in before.bassins and before.bassins[code] != name
        ),
    )


def successors(before: Layout, after: Layout, populations: Mapping[str, int]) -> dict[str, str]:
    """For each bassin of *before* missing from *after*: the bassin of *after* holding most of
    its former inhabitants, where what pointed at it is re-pointed on activation."""
    found: dict[str, str] = {}
    for code in sorted(set(before.bassins) - set(after.bassins)):
        shares: dict[str, int] = {}
        for commune, old in before.communes.items():
            if old == code:
                new = after.communes[commune]
                shares[new] = shares.get(new, 0) + populations.get(commune, 0)
        found[code] = max(sorted(shares), key=lambda c: shares[c])
    return found
