"""Open Referral HSDS 3.0 as a tabular data package: ``datapackage.json`` and one CSV a table.

Publishers and spreadsheets exchange HSDS this way, while the platform works on compiled
service JSON (see ``hsds``): this module describes the tables and flattens compiled
services into them; ``hsds_tabular_reading`` nests tables back into compiled services,
leaving validation to ``hsds.read_records``. Tables,
columns, file names and types come from the official JSON Schemas in ``hsds_schema/`` so
that the package is the one other HSDS tools expect.

Change-tracking ``metadata`` records and ``meta_table_description`` are not written.
"""

from __future__ import annotations

import json
import math
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from maillage.formats.hsds import SCHEMA_DIR
from maillage.formats.hsds_writing import sub_id
from maillage.tabular import spreadsheet

DESCRIPTOR = "datapackage.json"
TABLES = (
    "organization",
    "organization_identifier",
    "service",
    "location",
    "address",
    "service_at_location",
    "phone",
    "schedule",
    "language",
    "service_area",
    "cost_option",
    "accessibility",
    "taxonomy",
    "taxonomy_term",
    "attribute",
    # Not searched by the platform, but kept so that an export gives back an import.
    "required_document",
    "contact",
    "funding",
    "program",
)
# Every Frictionless field type: anything else in a descriptor is a mistake.
FIELD_TYPES = (
    "string",
    "number",
    "integer",
    "boolean",
    "object",
    "array",
    "date",
    "time",
    "datetime",
    "year",
    "yearmonth",
    "duration",
    "geopoint",
    "geojson",
    "any",
)
_JSON_TYPES = ("string", "number", "integer", "boolean")


# --- the tables, from the official schemas ----------------------------------------------


@dataclass(frozen=True)
class Many:
    """An array *prop* of *table* rows, each pointing back to its parent with *column*."""

    prop: str
    table: str
    column: str


@dataclass(frozen=True)
class One:
    """One *table* row nested as *prop*, which the parent points to with *column*."""

    prop: str
    table: str
    column: str


@dataclass(frozen=True)
class Table:
    name: str
    path: str
    description: str
    columns: tuple[str, ...]  # scalar properties, in schema order
    types: dict[str, str]  # JSON type of each column (number, string…)
    field_types: dict[str, str]  # Frictionless type declared in the descriptor
    formats: dict[str, str]
    descriptions: dict[str, str]
    required: frozenset[str]
    many: tuple[Many, ...]
    one: tuple[One, ...]


@cache
def tables() -> dict[str, Table]:
    """The package's tables in the official order, with how they nest into one another."""
    schemas = {
        name: json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))
        for name in TABLES
    }
    result = {}
    for name, schema in schemas.items():
        columns: list[str] = []
        types: dict[str, str] = {}
        field_types: dict[str, str] = {}
        formats: dict[str, str] = {}
        descriptions: dict[str, str] = {}
        many: list[Many] = []
        one: list[One] = []
        for prop, spec in schema["properties"].items():
            is_array = spec.get("type") == "array"
            ref = (spec.get("items") or {}).get("$ref") if is_array else spec.get("$ref")
            if ref:
                target = str(ref).removesuffix(".json")
                if target not in schemas:
                    continue
                if is_array:
                    column = "link_id" if target == "attribute" else f"{name}_id"
                    if column in schemas[target]["properties"]:
                        many.append(Many(prop, target, column))
                elif f"{target}_id" in schema["properties"]:
                    one.append(One(prop, target, f"{target}_id"))
                continue
            if spec.get("type") not in _JSON_TYPES:
                continue
            columns.append(prop)
            types[prop] = spec["type"]
            # Only dates: HSDS times ("08:00") are not Frictionless times ("08:00:00").
            field_types[prop] = "date" if spec.get("datapackage_type") == "date" else spec["type"]
            if spec.get("format") in ("uuid", "email", "uri"):
                formats[prop] = spec["format"]
            descriptions[prop] = str(spec.get("description") or "")
        result[name] = Table(
            name=name,
            path=str(schema.get("path") or f"{name}.csv"),
            description=str(schema.get("description") or ""),
            columns=tuple(columns),
            types=types,
            field_types=field_types,
            formats=formats,
            descriptions=descriptions,
            required=frozenset(schema.get("required") or ()),
            many=tuple(many),
            one=tuple(one),
        )
    order = {
        name: s.get("datapackage_metadata", {}).get("order", 99) for name, s in schemas.items()
    }
    return {name: result[name] for name in sorted(result, key=lambda n: order[n])}


@cache
def parents() -> dict[tuple[str, str], list[str]]:
    """For each (table, column) that points to a parent row, the tables it may point to."""
    parents: dict[tuple[str, str], list[str]] = {}
    for table in tables().values():
        for rel in table.many:
            parents.setdefault((rel.table, rel.column), []).append(table.name)
    return parents


# --- writing -----------------------------------------------------------------------------


def write(services: Iterable[dict[str, Any]], out: Path) -> None:
    """Write compiled HSDS services as a tabular package: a .zip if *out* says so, else a
    folder. Organizations, locations and taxonomy terms shared by services appear once."""
    rows: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in tables()}
    for service in services:
        _flatten(rows, "service", service, None)
    files: dict[str, bytes] = {}
    resources = []
    for name, table in tables().items():
        extras = list(
            dict.fromkeys(k for row in rows[name].values() for k in row if k not in table.columns)
        )
        columns = [*table.columns, *extras]
        resources.append(_resource(table, extras, list(rows[name].values())))
        files[table.path] = _csv(columns, rows[name].values())
    descriptor = {
        "name": "human_services_data",
        "title": "Human Services Data Specification",
        "profile": "tabular-data-package",
        "version": "3.0.0",
        "resources": resources,
    }
    files = {
        DESCRIPTOR: json.dumps(descriptor, ensure_ascii=False, indent=2).encode("utf-8"),
        **files,
    }
    if out.suffix.lower() == ".zip":
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in files.items():
                archive.writestr(name, data)
    else:
        out.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (out / name).write_bytes(data)


def _is_cell(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, str | int | bool) and value != ""


def _flatten(
    rows: dict[str, dict[str, dict[str, Any]]],
    table_name: str,
    record: dict[str, Any],
    parent: tuple[str, str, str] | None,
) -> str:
    """Add *record* and what it nests to *rows*; return its id. The first row of an id wins."""
    table = tables()[table_name]
    nested = {rel.prop for rel in table.many} | {rel.prop for rel in table.one}
    row = {k: v for k, v in record.items() if k not in nested and _is_cell(v)}
    if not row.get("id"):  # HSDS requires one; make it stable rather than lose the links
        row["id"] = sub_id(table_name, json.dumps(record, sort_keys=True, default=str))
    row_id = str(row["id"])
    if parent is not None:
        column, parent_id, parent_table = parent
        row[column] = parent_id
        if table_name == "attribute" and not row.get("link_entity"):
            row["link_entity"] = parent_table
    for one in table.one:
        child = record.get(one.prop)
        if isinstance(child, dict):
            row[one.column] = _flatten(rows, one.table, child, None)
    if row_id in rows[table_name]:
        return row_id
    rows[table_name][row_id] = row
    for many in table.many:
        for item in record.get(many.prop) or []:
            if isinstance(item, dict):
                _flatten(rows, many.table, item, (many.column, row_id, table_name))
    return row_id


def _resource(table: Table, extras: list[str], rows: list[dict[str, Any]]) -> dict[str, Any]:
    fields = []
    for column in table.columns:
        entry: dict[str, Any] = {"name": column, "type": table.field_types[column]}
        if column in table.formats:
            entry["format"] = table.formats[column]
        if table.descriptions[column]:
            entry["description"] = table.descriptions[column]
        if column == "id":
            entry["constraints"] = {"required": True, "unique": True}
        elif column in table.required:
            entry["constraints"] = {"required": True}
        fields.append(entry)
    for column in extras:
        fields.append({"name": column, "type": _inferred_type([r.get(column) for r in rows])})
    return {
        "name": table.name,
        "path": table.path,
        "description": table.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "profile": "tabular-data-resource",
        "schema": {"fields": fields, "primaryKey": "id"},
    }


def _inferred_type(values: list[Any]) -> str:
    """The Frictionless type of a column outside the schema, from the values it holds."""
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return "boolean"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "integer"
    if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return "number"
    return "string"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


def _csv(columns: list[str], rows: Iterable[dict[str, Any]]) -> bytes:
    return spreadsheet.csv_bytes(
        [columns, *([_cell(row.get(c)) for c in columns] for row in rows)], excel=False
    )
