"""Sheets of bassins and OLS territories: presentation, contact, internal note."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from maillage.domain.actors import Actor
from maillage.domain.directory import is_web_address, shown_web_address
from maillage.domain.territory import Level
from maillage.errors import InvalidInput
from maillage.i18n import gettext as _
from maillage.services.platform import Platform
from maillage.services.territories import zoning_hierarchy
from maillage.services.versioning import guarded_update
from maillage.store.models import TerritorySheetRow

EDITABLE = ("presentation", "contact", "website", "internal_note")
LIMITS = {"presentation": 5000, "contact": 254, "website": 254, "internal_note": 5000}


@dataclass(frozen=True)
class Sheet:
    code: str
    zoning_id: int
    presentation: str
    contact: str
    website: str
    internal_note: str | None  # None when the reader may not see it
    version: int
    updated_at: datetime | None


def _load(session: Session, platform: Platform, code: str) -> tuple[int, TerritorySheetRow]:
    zoning, _year, tree = zoning_hierarchy(platform, session, None, None)
    territory = tree.get(code)
    if territory.level not in (Level.BASSIN, Level.OLS):
        raise InvalidInput(_("Only bassins and OLS territories have a sheet."))
    row = session.scalar(
        select(TerritorySheetRow).where(
            TerritorySheetRow.zoning_id == zoning.id, TerritorySheetRow.code == code
        )
    )
    if row is None:
        row = TerritorySheetRow(
            zoning_id=zoning.id,
            code=code,
            presentation="",
            contact="",
            website="",
            internal_note="",
            version=0,
            updated_at=datetime.now(UTC),
        )
    return zoning.id, row


def _sheet(row: TerritorySheetRow, internal: bool) -> Sheet:
    return Sheet(
        row.code,
        row.zoning_id,
        row.presentation,
        row.contact,
        shown_web_address(row.website),
        row.internal_note if internal else None,
        row.version or 0,
        row.updated_at if row.version else None,
    )


def get_sheet(platform: Platform, code: str, internal: bool) -> Sheet:
    with platform.reading() as session:
        _zoning, row = _load(session, platform, code)
        return _sheet(row, internal)


def update_sheet(
    platform: Platform, actor: Actor, code: str, expected_version: int, values: dict[str, str]
) -> Sheet:
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise InvalidInput(_("Unknown fields: {fields}").format(fields=", ".join(sorted(unknown))))
    for field, value in values.items():
        if len(value) > LIMITS[field]:
            raise InvalidInput(
                _("{field}: at most {count} characters.").format(field=field, count=LIMITS[field])
            )
    website = values.get("website", "").strip()
    if website and not is_web_address(website):
        raise InvalidInput(
            _(
                "Website: give an address starting with http:// or https://, "
                "such as https://www.exemple.be."
            )
        )

    try:
        with platform.transaction(actor) as session:
            _zoning, row = _load(session, platform, code)
            if row.id is None and expected_version == 0:
                # The first edit creates the sheet (one insert, one audit event).
                row.version = 1
                _apply(row, values)
                session.add(row)
                session.flush()
                return _sheet(row, True)
    except IntegrityError:
        pass  # another first edit won the race: fall through to the version check

    def load(session: Session) -> TerritorySheetRow:
        return _load(session, platform, code)[1]

    return guarded_update(
        platform,
        actor,
        load,
        expected_version,
        lambda session, row: _apply(row, values),
        lambda session, row: _sheet(row, True),
    )


def _apply(row: TerritorySheetRow, values: dict[str, str]) -> None:
    for field, value in values.items():
        setattr(row, field, value.strip())
    row.updated_at = datetime.now(UTC)
