"""The directory of the offer: import, export, search (cadastre de l'offre)."""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePath
from typing import IO, Any

from sqlalchemy.orm import Session

from maillage.analysis.geometry import from_geojson
from maillage.analysis.placement import CommuneLocator, project
from maillage.domain.actors import Actor
from maillage.domain.directory import (
    DirectoryBatch,
    DirectorySource,
    Service,
    ServiceHit,
    query_words,
)
from maillage.domain.hierarchy import Hierarchy
from maillage.domain.territory import Level
from maillage.errors import InvalidInput, NotFound, ProblemList
from maillage.formats import (
    csv_template,
    fhir,
    flat,
    hsds,
    hsds_tabular,
    hsds_tabular_reading,
    hsds_writing,
    json_stream,
)
from maillage.formats.hsds import RecordProblem, Refusals
from maillage.i18n import gettext as _
from maillage.services.platform import Platform
from maillage.services.territories import zoning_hierarchy
from maillage.store import audit
from maillage.store import directory as store
from maillage.store import territories as territory_store
from maillage.store.directory_tables import TaxonomyTermRow
from maillage.tabular import spreadsheet, xlsx_reader


@dataclass(frozen=True)
class ImportReport:
    source: str
    created: int
    updated: int
    refused: int  # records refused and written to the rejects file (--skip-invalid)
    rejects_file: Path | None = None


def source_for(
    path: PurePath, key: str | None, name: str | None, licence: str | None, attribution: str | None
) -> DirectorySource:
    slug = key or re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "import"
    return DirectorySource(
        key=slug[:64],
        name=name or path.name,
        licence=licence or _("not stated"),
        attribution=attribution or "",
    )


CSV_COLUMNS = ("organisation", "service", "types")


def read_file(
    path: Path,
    source: DirectorySource,
    refusals: Refusals,
    known_terms: set[str],
    communes: dict[str, str],
) -> DirectoryBatch:
    """Detect the format from the file and read it into records, streaming.

    Faults of the file go to ``refusals.problems`` (the caller refuses the file when any),
    refused records to *refusals*; *known_terms* and *communes* are the taxonomy codes and
    communes (REFNIS → name) the CSV template is checked against. At most
    ``hsds.MAX_RECORDS`` records (``hsds_tabular_reading.MAX_ROWS`` rows for a package)
    and ``hsds.MAX_CHARS`` characters of them are taken from one file.
    """
    problems = refusals.problems
    budget = hsds.Budget(problems, str(path), hsds.MAX_RECORDS, hsds.MAX_CHARS)
    if path.suffix.lower() == ".json" and path.is_file():
        return hsds.read_records(
            json_stream.records(path, problems), str(path), source, refusals, budget
        )
    if path.is_dir() or path.suffix.lower() == ".zip":
        services, _problems = hsds_tabular_reading.read(path, problems)
        return hsds.read_records(enumerate(services, start=1), str(path), source, refusals)
    if path.suffix.lower() in (".csv", ".xlsx"):  # the template, or its workbook
        with xlsx_reader.open_table(path, CSV_COLUMNS, problems=problems) as table:
            return csv_template.read(
                table.rows(), table.name, source, known_terms, communes, refusals, budget
            )
    if not path.exists():
        raise NotFound(_("{file}: no such file or folder").format(file=path))
    raise InvalidInput(
        _(
            "{file}: unknown format (expected HSDS JSON .json, an HSDS tabular "
            "data package as a folder or .zip, or the template as .csv or .xlsx)"
        ).format(file=path)
    )


def locator(platform: Platform, session: Session) -> CommuneLocator:
    def build() -> CommuneLocator:
        return CommuneLocator(
            {
                c.refnis: from_geojson(json.loads(c.geometry))
                for c in territory_store.communes(session)
                if c.geometry
            }
        )

    return platform.remember("commune_locator", build)


def terms(platform: Platform, session: Session) -> list[TaxonomyTermRow]:
    """The taxonomy (written by ``maillage init`` only), read once per process."""
    return platform.remember("taxonomy", lambda: store.terms(session))


def sectors(platform: Platform, session: Session | None = None) -> list[tuple[str, str]]:
    """(code, French name) of the taxonomy's sectors: the themes of needs and observations."""
    if session is None:
        with platform.reading() as reading:
            return sectors(platform, reading)
    return [(t.code, t.name_fr) for t in terms(platform, session) if t.kind == "sector"]


def sector_codes(platform: Platform, session: Session) -> set[str]:
    return {code for code, _name in sectors(platform, session)}


def term_names(platform: Platform, session: Session) -> dict[str, str]:
    """French name of every taxonomy code."""
    return {t.code: t.name_fr for t in terms(platform, session)}


def place(platform: Platform, session: Session, batch: DirectoryBatch) -> dict[str, store.Placed]:
    """Project every location and find its commune (or use the commune's centre)."""
    found = locator(platform, session)
    with_coordinates = [
        loc for loc in batch.locations if loc.latitude is not None and loc.longitude is not None
    ]
    points = project(
        [loc.longitude or 0.0 for loc in with_coordinates],
        [loc.latitude or 0.0 for loc in with_coordinates],
    )
    placed: dict[str, store.Placed] = {}
    for loc, (x, y) in zip(with_coordinates, points, strict=True):
        placed[loc.id] = store.Placed(x, y, loc.refnis or found.commune_at(x, y))
    for loc in batch.locations:
        if loc.id not in placed and loc.refnis:
            centre = found.centroid(loc.refnis)
            placed[loc.id] = store.Placed(
                centre[0] if centre else None, centre[1] if centre else None, loc.refnis
            )
    return placed


def batch_rows(platform: Platform, session: Session, batch: DirectoryBatch) -> store.BatchRows:
    """The rows a batch writes, its locations placed on the map (before the transaction)."""
    return store.batch_rows(batch, place(platform, session, batch), term_names(platform, session))


def save_batches(
    platform: Platform,
    session: Session,
    batches: list[DirectoryBatch],
    advance: Callable[[int], None] | None = None,
) -> tuple[int, int]:
    """Place and save whole batches (one audit event per import, not per row)."""
    names = term_names(platform, session)
    return save_rows(
        session,
        [store.batch_rows(batch, place(platform, session, batch), names) for batch in batches],
        advance,
    )


def save_rows(
    session: Session, prepared: list[store.BatchRows], advance: Callable[[int], None] | None = None
) -> tuple[int, int]:
    """Write batches already turned into rows, in the caller's transaction.

    The planner statistics are refreshed afterwards: search plans depend on table sizes.
    """
    created = updated = 0
    session.info["audit_bulk"] = True
    try:
        for rows in prepared:
            new, changed = store.save_rows(session, rows)
            created, updated = created + new, updated + changed
            if advance:
                advance(len(rows.services))
    finally:
        session.info["audit_bulk"] = False
    store.refresh_statistics(session)
    return created, updated


def import_path(
    platform: Platform,
    path: Path,
    *,
    skip_invalid: bool = False,
    rejects: Path | None = None,
    source: DirectorySource | None = None,
    actor: Actor | None = None,
) -> ImportReport:
    """Import a directory file in one transaction.

    By default any invalid record refuses the whole file; with *skip_invalid* the valid
    records are imported and the refused ones written to *rejects* with their reasons, as
    they are found. The file is read, checked and placed on the map before the write
    transaction opens, which then only stores.
    """
    source = source or source_for(path, None, None, None, None)
    with platform.reading() as session:
        known_terms = {t.code for t in terms(platform, session)}
        communes = territory_store.commune_names(session)
    problems = ProblemList()
    rejects_file = (rejects or path.with_name(path.stem + ".rejets.csv")) if skip_invalid else None
    with _Rejects(rejects_file) as written:
        refusals = Refusals(problems, written.add if skip_invalid else None)
        batch = read_file(path, source, refusals, known_terms, communes)
        problems.raise_if_any()
        with platform.reading() as session:
            rows = batch_rows(platform, session, batch)
        with platform.transaction(actor) as session:
            created, updated = save_rows(session, [rows])
            audit.record(
                session,
                "import",
                "directory_source",
                source.key,
                {
                    "file": path.name,
                    "created": created,
                    "updated": updated,
                    "refused": refusals.count,
                },
            )
        written.keep()
    return ImportReport(
        source.key, created, updated, refusals.count, rejects_file if refusals.count else None
    )


REJECTS_COLUMNS = ["enregistrement", "identifiant", "fichier", "ligne", "champ", "valeur", "motif"]


class _Rejects:
    """Refused records written as they are found, to a temporary file that becomes the
    rejects file only when the import is stored and something was refused."""

    def __init__(self, target: Path | None) -> None:
        self.target = target
        self._temporary: Path | None = None
        self._handle: IO[str] | None = None

    def __enter__(self) -> _Rejects:
        return self

    def add(self, record: RecordProblem) -> None:
        if self.target is None:
            return
        if self._handle is None:
            self._temporary = self.target.with_name(self.target.name + ".partiel")
            self._handle = self._temporary.open("w", encoding="utf-8-sig", newline="")
            spreadsheet.write_csv(self._handle, [REJECTS_COLUMNS])
        spreadsheet.write_csv(
            self._handle,
            (
                [
                    record.index,
                    record.record_id,
                    problem.file,
                    problem.line,
                    problem.field,
                    problem.value,
                    problem.expected,
                ]
                for problem in record.problems
            ),
        )

    def keep(self) -> None:
        if self._handle is not None and self._temporary is not None and self.target:
            self._handle.close()
            self._temporary.replace(self.target)
            self._handle = self._temporary = None

    def __exit__(self, *exc: object) -> None:
        if self._handle is not None:
            self._handle.close()
        if self._temporary is not None:
            self._temporary.unlink(missing_ok=True)


# --- export ------------------------------------------------------------------------------


def export_services(
    platform: Platform, source_key: str | None = None, include_demo: bool = True
) -> list[dict[str, Any]]:
    """Every active service as a compiled HSDS 3.0 service (internal notes left out)."""
    with platform.reading() as session:
        ids = store.all_service_ids(session, source_key, include_demo)
        services = store.load_services(session, ids)
        return _hsds_services(platform, session, services)


def _hsds_services(
    platform: Platform, session: Session, services: list[Service]
) -> list[dict[str, Any]]:
    """Services compiled with their organisation, locations, term details and communes."""
    organizations = store.load_organizations(
        session, [s.organization_id for s in services if s.organization_id]
    )
    locations = store.load_locations(session, [i for s in services for i in s.location_ids])
    details = {
        t.code: {"name": t.name_fr, "description": t.description_fr}
        for t in terms(platform, session)
    }
    communes = territory_store.commune_names(session)
    return [
        hsds_writing.service_json(
            s,
            organizations.get(s.organization_id or ""),
            [locations[i] for i in s.location_ids if i in locations],
            details,
            communes,
        )
        for s in services
    ]


EXPORT_FORMATS = {
    "hsds-json": ("application/json", "json"),
    "hsds-tabular": ("application/zip", "zip"),
    "fhir": ("application/fhir+json", "json"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "csv-excel": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "geojson": ("application/geo+json", "geojson"),
}


def _check_format(fmt: str) -> None:
    if fmt not in EXPORT_FORMATS:
        raise InvalidInput(
            _("Unknown export format {fmt} (expected {known}).").format(
                fmt=fmt, known=", ".join(EXPORT_FORMATS)
            )
        )


def export(platform: Platform, fmt: str, include_demo: bool = True) -> bytes:
    """The whole directory in *fmt* (see ``EXPORT_FORMATS``); never internal notes."""
    return _render(platform, fmt, include_demo)[0]


def export_to(platform: Platform, fmt: str, path: Path, include_demo: bool = True) -> int:
    """Write the export to *path* (a folder or a .zip for the tabular package); count."""
    _check_format(fmt)
    if fmt == "hsds-tabular":
        records = export_services(platform, include_demo=include_demo)
        hsds_tabular.write(records, path)
        return len(records)
    content, count = _render(platform, fmt, include_demo)
    path.write_bytes(content)
    return count


def _render(platform: Platform, fmt: str, include_demo: bool) -> tuple[bytes, int]:
    _check_format(fmt)
    if fmt in ("hsds-json", "fhir", "hsds-tabular"):
        records = export_services(platform, include_demo=include_demo)
        if fmt == "hsds-tabular":
            with tempfile.TemporaryDirectory() as folder:
                target = Path(folder) / "hsds.zip"
                hsds_tabular.write(records, target)
                return target.read_bytes(), len(records)
        document: Any = fhir.bundle(records) if fmt == "fhir" else records
        return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"), len(records)
    hits = flat_hits(platform, include_demo)
    if fmt == "xlsx":
        return flat.to_xlsx(hits), len(hits)
    if fmt == "geojson":
        return flat.to_geojson(hits), sum(1 for h in hits if h.latitude is not None)
    return flat.to_csv(hits, excel=fmt == "csv-excel"), len(hits)


def flat_hits(platform: Platform, include_demo: bool) -> list[ServiceHit]:
    with platform.reading() as session:
        tree = zoning_hierarchy(platform, session, None, None)[2]
        ids = store.all_service_ids(session, include_demo=include_demo)
        return describe(platform, session, [(i, None) for i in ids], tree, internal=False)


def taxonomy(platform: Platform) -> list[dict[str, Any]]:
    with platform.reading() as session:
        return [
            {
                "code": t.code,
                "parent": t.parent_code,
                "kind": t.kind,
                "name": t.name_fr,
                "name_nl": t.name_nl,
                "name_de": t.name_de,
                "description": t.description_fr,
            }
            for t in terms(platform, session)
        ]


def service_record(
    platform: Platform, service_id: str, internal: bool
) -> tuple[ServiceHit, dict[str, Any]]:
    """One service for its page: the summary and the full HSDS record."""
    with platform.reading() as session:
        tree = zoning_hierarchy(platform, session, None, None)[2]
        if not store.service_rows(session, [service_id]):
            raise NotFound(_("Unknown service: {id}").format(id=service_id))
        [hit] = describe(platform, session, [(service_id, None)], tree, internal)
        [record] = _hsds_services(platform, session, store.load_services(session, [service_id]))
    return hit, record


# --- search ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchRequest:
    text: str = ""
    terms: tuple[str, ...] = ()
    territory: str | None = None
    languages: tuple[str, ...] = ()
    cost: str | None = None  # "free" or "low" (low includes free)
    pmr: bool = False
    open_at: datetime | None = None
    near_commune: str | None = None
    near_point: tuple[float, float] | None = None  # latitude, longitude
    radius_km: float = 10.0
    page: int = 1
    per_page: int = 20
    include_demo: bool = True


@dataclass(frozen=True)
class SearchPage:
    total: int
    page: int
    per_page: int
    hits: list[ServiceHit] = field(default_factory=list)


def expand_terms(platform: Platform, session: Session, codes: tuple[str, ...]) -> tuple[str, ...]:
    """A sector stands for all its service types."""

    def build() -> dict[str, list[str]]:
        rows = terms(platform, session)
        return {t.code: [c.code for c in rows if c.parent_code == t.code] for t in rows}

    children = platform.remember("taxonomy_children", build)
    unknown = [c for c in codes if c not in children]
    if unknown:
        raise InvalidInput(_("Unknown service type: {codes}").format(codes=", ".join(unknown)))
    expanded = set()
    for code in codes:
        expanded.add(code)
        expanded.update(children.get(code, []))
    return tuple(sorted(expanded))


def search(platform: Platform, request: SearchRequest, internal: bool = False) -> SearchPage:
    with platform.reading() as session:
        tree: Hierarchy = zoning_hierarchy(platform, session, None, None)[2]
        communes = None
        if request.territory:
            tree.get(request.territory)
            communes = tuple(tree.communes_of(request.territory))
        near = None
        if request.near_commune or request.near_point:
            radius = max(0.1, min(request.radius_km, 200.0)) * 1000
            if request.near_commune:
                territory = tree.get(request.near_commune)
                if territory.level is not Level.COMMUNE:
                    raise InvalidInput(_("“Near” takes a commune code."))
                centre = locator(platform, session).centroid(request.near_commune)
                if centre is None:
                    raise InvalidInput(_("This commune has no known position."))
            else:
                lat, lon = request.near_point or (0.0, 0.0)
                centre = project([lon], [lat])[0]
            near = (centre[0], centre[1], radius)
        costs: tuple[str, ...] = ()
        if request.cost == "free":
            costs = ("free",)
        elif request.cost == "low":
            costs = ("free", "low")
        open_at = None
        if request.open_at:
            open_at = (request.open_at.weekday(), request.open_at.strftime("%H:%M"))
        criteria = store.Criteria(
            words=tuple(query_words(request.text)),
            terms=expand_terms(platform, session, request.terms) if request.terms else (),
            communes=communes,
            languages=request.languages,
            costs=costs,
            pmr=request.pmr,
            open_at=open_at,
            near=near,
            include_demo=request.include_demo,
        )
        per_page = max(1, min(request.per_page, 100))
        page = max(1, request.page)
        total, found = store.search(session, criteria, (page - 1) * per_page, per_page)
        hits = describe(platform, session, found, tree, internal)
        return SearchPage(total, page, per_page, hits)


def describe(
    platform: Platform,
    session: Session,
    found: list[tuple[str, float | None]],
    tree: Hierarchy,
    internal: bool,
) -> list[ServiceHit]:
    ids = [i for i, _d in found]
    services = {s.id: s for s in store.load_services(session, ids)}
    organizations = store.load_organizations(
        session, [s.organization_id for s in services.values() if s.organization_id]
    )
    locations = store.load_locations(
        session, [i for s in services.values() for i in s.location_ids]
    )
    sources = store.source_rows(session)
    source_of = store.source_keys(session, ids)
    names = term_names(platform, session)
    stale_limit = store.stale_before(date.today())
    hits = []
    for service_id, distance in found:
        service = services[service_id]
        located = [locations[i] for i in service.location_ids if i in locations]
        first = located[0] if located else None
        source = sources[source_of[service_id]]
        organization = organizations.get(service.organization_id or "")
        commune = first.refnis if first else None
        hits.append(
            ServiceHit(
                id=service.id,
                name=service.name,
                organization=organization.name if organization else "",
                description=service.description,
                terms=[{"code": c, "name": names.get(c, c)} for c in service.terms],
                address=", ".join(p for p in (first.address_1, first.postal_code, first.city) if p)
                if first
                else "",
                commune=tree.get(commune).name if commune and commune in tree else None,
                latitude=first.latitude if first else None,
                longitude=first.longitude if first else None,
                distance_km=round(distance / 1000, 2) if distance is not None else None,
                languages=list(service.languages),
                cost=service.cost.value,
                pmr_accessible=any(loc.pmr_accessible for loc in located),
                phones=list(service.phones),
                openings=[
                    [o.weekday, o.opens.strftime("%H:%M"), o.closes.strftime("%H:%M")]
                    for o in service.openings
                ],
                source=source.name,
                licence=source.licence,
                attribution=source.attribution,
                is_demo=source.is_demo,
                last_verified=service.last_verified,
                stale=service.last_verified is None or service.last_verified < stale_limit,
                internal_note=service.internal_note if internal else None,
            )
        )
    return hits
