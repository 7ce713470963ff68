"""Directory records written in the browser or through the API: one service with its
organisation, location, contact, schedule and types, checked field by field.

A person may write a record located in their territory (``directory.edit``); when they
are not a curator there (``DIRECTORY_CURATORS``), the record is « à vérifier » until a
curator of its territory verifies it. An edit names the version it was read at: a stale
one changes nothing and says what changed since (``versioning.guarded_update``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from maillage.domain.access import DIRECTORY_CURATORS, DIRECTORY_EDITORS, Role, covers
from maillage.domain.actors import Asker
from maillage.domain.territory import REGION_CODE
from maillage.errors import Conflict, Forbidden, NotFound
from maillage.i18n import gettext as _
from maillage.services.directory import term_names
from maillage.services.directory_record_fields import (
    ID_PREFIX,
    check,
    openings_text,
    source,
)
from maillage.services.directory_record_fields import (
    FieldProblems as FieldProblems,
)
from maillage.services.directory_record_fields import (
    RecordFields as RecordFields,
)
from maillage.services.platform import Platform
from maillage.services.territories import zoning_hierarchy
from maillage.services.versioning import guarded_update
from maillage.store import directory as store
from maillage.store import directory_records as records_store
from maillage.store.directory_tables import ServiceRow


@dataclass(frozen=True)
class Saved:
    id: str
    version: int
    awaiting_review: bool


@dataclass(frozen=True)
class Editable:
    """A record as its form shows it, with the version an edit must name."""

    id: str
    fields: RecordFields
    version: int
    awaiting_review: bool
    proposed_by: str
    verified_by: str
    last_verified: date | None


@dataclass(frozen=True)
class Review:
    """Where a record stands with its curators, for its page."""

    awaiting_review: bool
    proposed_by: str
    verified_by: str
    last_verified: date | None


@dataclass(frozen=True)
class Awaiting:
    id: str
    name: str
    proposed_by: str
    updated_at: datetime


# --- who may -----------------------------------------------------------------------------


def _covering(
    platform: Platform, session: Session, asker: Asker, roles: Iterable[Role], refnis: str | None
) -> bool:
    """Whether a grant of *roles* covers the commune *refnis* (none: regional grants only)."""
    tree = zoning_hierarchy(platform, session, None, None)[2]
    ancestors = [t.code for t in tree.ancestors(refnis)] if refnis and refnis in tree else []
    wanted = set(roles)
    return any(
        g.role in wanted
        and (
            g.scope == REGION_CODE
            if refnis is None
            else covers(g.scope, refnis, lambda _code: ancestors)
        )
        for g in asker.grants
    )


def _check_writer(
    platform: Platform, session: Session, asker: Asker, *communes: str | None
) -> bool:
    """Refuse a writer outside the record's territory; say whether they curate it."""
    for refnis in communes:
        if not _covering(platform, session, asker, DIRECTORY_EDITORS, refnis):
            raise Forbidden(_("This record lies outside your territory."))
    return all(_covering(platform, session, asker, DIRECTORY_CURATORS, r) for r in communes)


def _commune_of(session: Session, service_id: str) -> str | None:
    [service] = store.load_services(session, [service_id])
    located = store.load_locations(session, service.location_ids)
    return next((loc.refnis for loc in located.values() if loc.refnis), None)


# --- use cases ---------------------------------------------------------------------------


def create(platform: Platform, asker: Asker, given: RecordFields) -> Saved:
    """A new record; a curator's is at once in the directory, others await verification."""
    key = uuid.uuid4().hex[:16]
    with platform.transaction(asker.actor) as session:
        checked = check(
            platform,
            session,
            given,
            (f"{ID_PREFIX}-{key}", f"{ID_PREFIX}-org-{key}", f"{ID_PREFIX}-loc-{key}"),
        )
        curator = _check_writer(platform, session, asker, checked.placed.refnis)
        records_store.ensure_source(session, source())
        row = records_store.write_record(
            session,
            None,
            source().key,
            checked.service,
            checked.organization,
            checked.location,
            checked.placed,
            term_names(platform, session),
            "" if curator else asker.name,
        )
        return Saved(row.id, row.version, row.awaiting_review)


def _loaded(session: Session, service_id: str) -> ServiceRow:
    found = store.service_rows(session, [service_id])
    if service_id not in found:
        raise NotFound(_("Unknown service: {id}").format(id=service_id))
    return found[service_id]


def update(
    platform: Platform, asker: Asker, service_id: str, version: int, given: RecordFields
) -> Saved:
    """Save an edit read at *version*; a stale one changes nothing (409, what changed)."""

    def apply(session: Session, row: ServiceRow) -> None:
        if row.merged_into:
            raise Conflict(
                _("This record was merged into {id}: edit the record kept.").format(
                    id=row.merged_into
                )
            )
        [service] = store.load_services(session, [service_id])
        location_id = service.location_ids[0] if service.location_ids else f"{service_id}-lieu"
        organization_id = service.organization_id or f"{service_id}-org"
        checked = check(platform, session, given, (service_id, organization_id, location_id))
        curator = _check_writer(
            platform, session, asker, _commune_of(session, service_id), checked.placed.refnis
        )
        records_store.write_record(
            session,
            row,
            row.source_key,
            checked.service,
            checked.organization,
            checked.location,
            checked.placed,
            term_names(platform, session),
            "" if curator else asker.name,
        )

    return guarded_update(
        platform,
        asker.actor,
        lambda session: _loaded(session, service_id),
        version,
        apply,
        lambda _session, row: Saved(row.id, row.version, row.awaiting_review),
    )


def verify(platform: Platform, asker: Asker, service_id: str, on: date | None = None) -> Review:
    """A curator of the record's territory checked it with the service today."""
    with platform.transaction(asker.actor) as session:
        row = _loaded(session, service_id)
        refnis = _commune_of(session, service_id)
        if not _covering(platform, session, asker, DIRECTORY_CURATORS, refnis):
            raise Forbidden(_("Only a curator of this record's territory can verify it."))
        row.last_verified = on or date.today()
        row.verified_by = asker.name
        row.awaiting_review = False
        session.flush()
        return Review(False, row.proposed_by, row.verified_by, row.last_verified)


def editable(platform: Platform, service_id: str) -> Editable:
    """The record as its form shows it, internal note included (editors are members)."""
    with platform.reading() as session:
        row = _loaded(session, service_id)
        [service] = store.load_services(session, [service_id])
        organization = store.load_organizations(session, [service.organization_id or ""]).get(
            service.organization_id or ""
        )
        locations = store.load_locations(session, service.location_ids)
        location = next(iter(locations[i] for i in service.location_ids if i in locations), None)
        return Editable(
            id=service_id,
            fields=RecordFields(
                name=service.name,
                organization=organization.name if organization else "",
                terms=service.terms,
                description=service.description,
                alternate_name=service.alternate_name,
                status=service.status.value,
                email=service.email,
                url=service.url,
                phones="\n".join(service.phones),
                eligibility_description=service.eligibility_description,
                minimum_age=_number_text(service.minimum_age),
                maximum_age=_number_text(service.maximum_age),
                fees_description=service.fees_description,
                cost=service.cost.value,
                languages=service.languages,
                openings=openings_text(service.openings),
                internal_note=service.internal_note,
                organization_website=organization.website if organization else "",
                organization_email=organization.email if organization else "",
                enterprise_number=organization.enterprise_number if organization else "",
                address=location.address_1 if location else "",
                postal_code=location.postal_code if location else "",
                city=location.city if location else "",
                latitude=_number_text(location.latitude if location else None),
                longitude=_number_text(location.longitude if location else None),
                commune=(location.refnis or "") if location else "",
                pmr_accessible=bool(location and location.pmr_accessible),
                accessibility_note=location.accessibility_note if location else "",
            ),
            version=row.version,
            awaiting_review=row.awaiting_review,
            proposed_by=row.proposed_by,
            verified_by=row.verified_by,
            last_verified=row.last_verified,
        )


def _number_text(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value == int(value) else repr(value)


def review(platform: Platform, service_id: str) -> Review:
    with platform.reading() as session:
        row = _loaded(session, service_id)
        return Review(row.awaiting_review, row.proposed_by, row.verified_by, row.last_verified)


def awaiting(platform: Platform) -> list[Awaiting]:
    """Records waiting for a curator's verification, oldest change first."""
    with platform.reading() as session:
        return [
            Awaiting(r.id, r.name, r.proposed_by, r.updated_at)
            for r in records_store.awaiting_review(session)
        ]
