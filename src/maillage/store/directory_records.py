"""One directory record written through the ORM (a person's form, not an import): each
row changed gets its own audit event, and the version of the service guards the edit."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from maillage.domain.directory import (
    DirectorySource,
    Location,
    Organization,
    Service,
    search_text,
)
from maillage.store.directory import Placed
from maillage.store.directory_tables import (
    DirectorySourceRow,
    LocationRow,
    OpeningRow,
    OrganizationRow,
    ServiceAtLocationRow,
    ServiceLanguageRow,
    ServiceRow,
    ServiceTermRow,
)


def ensure_source(session: Session, source: DirectorySource) -> None:
    """The source records typed in the platform belong to, created the first time."""
    if session.get(DirectorySourceRow, source.key) is None:
        session.add(
            DirectorySourceRow(
                key=source.key,
                name=source.name,
                licence=source.licence,
                attribution=source.attribution,
                is_demo=source.is_demo,
                imported_at=datetime.now(UTC),
            )
        )
        session.flush()


def write_record(
    session: Session,
    row: ServiceRow | None,
    source_key: str,
    service: Service,
    organization: Organization,
    location: Location,
    placed: Placed,
    term_names: dict[str, str],
    proposed_by: str,
) -> ServiceRow:
    """Create (*row* None) or update a service with its organisation and its first
    location; its types, languages and openings are replaced, its other locations kept.

    *proposed_by* names a writer who is not a curator there (the record then awaits
    verification); empty for a curator. One flush: the version moves once per edit."""
    org = session.get(OrganizationRow, organization.id)
    if org is None:
        org = OrganizationRow(id=organization.id, source_key=source_key, extra={})
        session.add(org)
    org.name, org.description = organization.name, organization.description
    org.email, org.website = organization.email, organization.website
    org.enterprise_number = organization.enterprise_number
    loc = session.get(LocationRow, location.id)
    if loc is None:
        loc = LocationRow(id=location.id, source_key=source_key, extra={})
        session.add(loc)
    loc.organization_id = organization.id
    loc.name, loc.address_1 = location.name, location.address_1
    loc.postal_code, loc.city, loc.country = location.postal_code, location.city, "BE"
    loc.latitude, loc.longitude = location.latitude, location.longitude
    loc.x, loc.y, loc.refnis = placed.x, placed.y, placed.refnis
    loc.pmr_accessible, loc.accessibility_note = (
        location.pmr_accessible,
        location.accessibility_note,
    )
    if row is None:
        row = ServiceRow(id=service.id, source_key=source_key, extra={}, internal_note="")
        session.add(row)
    row.organization_id = organization.id
    row.name, row.alternate_name, row.description = (
        service.name,
        service.alternate_name,
        service.description,
    )
    row.status, row.email, row.url = service.status.value, service.email, service.url
    row.eligibility_description = service.eligibility_description
    row.minimum_age, row.maximum_age = service.minimum_age, service.maximum_age
    row.fees_description, row.cost = service.fees_description, service.cost.value
    row.phones = list(service.phones)
    row.openings = [
        [o.weekday, o.opens.strftime("%H:%M"), o.closes.strftime("%H:%M")] for o in service.openings
    ]
    row.internal_note = service.internal_note
    row.search_text = search_text(
        service.name,
        service.alternate_name,
        " ".join(term_names.get(code, code) for code in service.terms),
        organization.name,
        service.description,
        service.eligibility_description,
        f"{location.address_1} {location.city}",
    )
    row.updated_at = datetime.now(UTC)
    row.awaiting_review, row.proposed_by = bool(proposed_by), proposed_by
    session.flush()
    _replace_children(session, service, location.id)
    return row


def _replace_children(session: Session, service: Service, location_id: str) -> None:
    for child in (ServiceTermRow, ServiceLanguageRow, OpeningRow):
        session.execute(delete(child).where(child.service_id == service.id))
    session.add_all(ServiceTermRow(service_id=service.id, term_code=c) for c in service.terms)
    session.add_all(ServiceLanguageRow(service_id=service.id, code=c) for c in service.languages)
    session.add_all(
        OpeningRow(
            service_id=service.id,
            weekday=o.weekday,
            opens=o.opens.strftime("%H:%M"),
            closes=o.closes.strftime("%H:%M"),
        )
        for o in service.openings
    )
    if session.get(ServiceAtLocationRow, (service.id, location_id)) is None:
        session.add(ServiceAtLocationRow(service_id=service.id, location_id=location_id))
    session.flush()


def awaiting_review(session: Session) -> list[ServiceRow]:
    """Records written by non-curators and not verified since, oldest change first."""
    return list(
        session.scalars(
            select(ServiceRow)
            .where(ServiceRow.awaiting_review.is_(True), ServiceRow.merged_into.is_(None))
            .order_by(ServiceRow.updated_at, ServiceRow.id)
        )
    )
