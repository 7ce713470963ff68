"""Open Referral HSDS 3.0 as a tabular data package: ``datapackage.json`` and one CSV a table.

Publishers and spreadsheets exchange HSDS this way, while the platform works on compiled
service JSON (see ``hsds``): this module only flattens compiled services into tables and
nests tables back into compiled services, leaving validation to ``hsds.read``. Tables,
columns, file names and types come from the official JSON Schemas in ``hsds_schema/`` so
that the package is the one other HSDS tools expect.

Change-tracking ``metadata`` records and ``meta_table_description`` are not written.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

from maillage.errors import Problem
from maillage.formats.hsds import SCHEMA_DIR, sub_id
from maillage.i18n import gettext as _
from maillage.tabular import spreadsheet

DESCRIPTOR = "datapackage.json"
TABLES = ("organization", "organization_identifier", "service", "location", "address",
          "service_at_location", "phone", "schedule", "language", "service_area",
          "cost_option", "accessibility", "taxonomy", "taxonomy_term", "attribute",
          # Not searched by the platform, but kept so that an export gives back an import.
          "required_document", "contact", "funding", "program")
# Every Frictionless field type: anything else in a descriptor is a mistake.
FIELD_TYPES = ("string", "number", "integer", "boolean", "object", "array", "date", "time",
               "datetime", "year", "yearmonth", "duration", "geopoint", "geojson", "any")
_JSON_TYPES = ("string", "number", "integer", "boolean")
# Within a compiled service the organization's locations would repeat service_at_locations.
_SKIP_IN_SERVICE = frozenset({("organization", "locations")})
_INTEGER = re.compile(r"[+-]?\d+")

Files = Callable[[str], bytes | None]


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
    schemas = {name: json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))
               for name in TABLES}
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
            field_types[prop] = "date" if spec.get("datapackage_type") == "date" \
                else spec["type"]
            if spec.get("format") in ("uuid", "email", "uri"):
                formats[prop] = spec["format"]
            descriptions[prop] = str(spec.get("description") or "")
        result[name] = Table(
            name=name, path=str(schema.get("path") or f"{name}.csv"),
            description=str(schema.get("description") or ""), columns=tuple(columns),
            types=types, field_types=field_types, formats=formats, descriptions=descriptions,
            required=frozenset(schema.get("required") or ()), many=tuple(many), one=tuple(one),
        )
    order = {name: s.get("datapackage_metadata", {}).get("order", 99)
             for name, s in schemas.items()}
    return {name: result[name] for name in sorted(result, key=lambda n: order[n])}


@cache
def _parents() -> dict[tuple[str, str], list[str]]:
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
        extras = list(dict.fromkeys(k for row in rows[name].values() for k in row
                                    if k not in table.columns))
        columns = [*table.columns, *extras]
        resources.append(_resource(table, extras, list(rows[name].values())))
        files[table.path] = _csv(columns, rows[name].values())
    descriptor = {"name": "human_services_data", "title": "Human Services Data Specification",
                  "profile": "tabular-data-package", "version": "3.0.0",
                  "resources": resources}
    files = {DESCRIPTOR: json.dumps(descriptor, ensure_ascii=False, indent=2).encode("utf-8"),
             **files}
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


def _flatten(rows: dict[str, dict[str, dict[str, Any]]], table_name: str,
             record: dict[str, Any], parent: tuple[str, str, str] | None) -> str:
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
    return {"name": table.name, "path": table.path, "description": table.description,
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "profile": "tabular-data-resource",
            "schema": {"fields": fields, "primaryKey": "id"}}


def _inferred_type(values: list[Any]) -> str:
    """The Frictionless type of a column outside the schema, from the values it holds."""
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return "boolean"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "integer"
    if present and all(isinstance(v, int | float) and not isinstance(v, bool)
                       for v in present):
        return "number"
    return "string"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


def _csv(columns: list[str], rows: Iterable[dict[str, Any]]) -> bytes:
    return spreadsheet.csv_bytes([columns, *([_cell(row.get(c)) for c in columns] for row in rows)],
                            excel=False)


# --- reading -----------------------------------------------------------------------------


class _Unreadable(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class _Row:
    line: int
    values: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.values["id"])


@dataclass
class _Loaded:
    file: str
    rows: list[_Row] = field(default_factory=list)
    by_id: dict[str, _Row] = field(default_factory=dict)


def read(path: Path) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Compiled HSDS services from a tabular package (a folder or a .zip), and the faults
    found, each naming the file inside the package, its line, column and value.

    Organizations that no service names, or that have locations no service uses, follow
    the services as HSDS organization records, so that ``hsds.read`` loses none of them.
    """
    problems: list[Problem] = []
    try:
        with _package(path) as files:
            records = _read_package(files, problems)
    except _Unreadable as error:
        return [], [error.problem]
    return records, problems


@contextmanager
def _package(path: Path) -> Iterator[Files]:
    """The files of the package by their path inside it (None when absent)."""
    if path.name == DESCRIPTOR and path.is_file():
        path = path.parent
    if path.is_dir():
        root = path

        def member(name: str) -> bytes | None:
            try:
                return (root / name).read_bytes()
            except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
                return None
            except OSError as error:
                raise _Unreadable(Problem(name, None, None, None, _(
                    "cannot be read ({reason})").format(reason=error.strerror or error))
                ) from error

        yield member
        return
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise _Unreadable(Problem(str(path), None, None, None, _(
            "expected a folder or a .zip archive holding datapackage.json"))) from error
    with archive:
        names = set(archive.namelist())
        prefix = ""
        if DESCRIPTOR not in names:  # a zipped folder: one level down
            folders = [n[: -len(DESCRIPTOR)] for n in names
                       if n.endswith("/" + DESCRIPTOR) and n.count("/") == 1]
            prefix = folders[0] if len(folders) == 1 else ""

        def entry(name: str) -> bytes | None:
            try:
                return archive.read(prefix + name)
            except KeyError:
                return None
            except (OSError, zipfile.BadZipFile) as error:
                raise _Unreadable(Problem(name, None, None, None, _(
                    "cannot be read ({reason})").format(reason=error))) from error

        yield entry


def _read_package(files: Files, problems: list[Problem]) -> list[dict[str, Any]]:
    raw = files(DESCRIPTOR)
    if raw is None:
        problems.append(Problem(DESCRIPTOR, None, None, None,
                                _("file not found in the data package")))
        return []
    try:
        descriptor = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        problems.append(Problem(DESCRIPTOR, getattr(error, "lineno", None), None, None,
                                _("not a readable JSON document ({reason})").format(
                                    reason=getattr(error, "msg", error))))
        return []
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list):
        problems.append(Problem(DESCRIPTOR, None, "resources", None,
                                _("expected a list of resources")))
        return []
    data: dict[str, _Loaded] = {}
    for index, resource in enumerate(resources):
        table = _table_of(resource, index, problems)
        if table is None:
            continue
        if table.name in data:
            problems.append(Problem(DESCRIPTOR, None, f"resources[{index}]", table.name,
                                    _("this table is already in the package")))
            continue
        loaded = _load(files, table, resource, problems)
        if loaded is not None:
            data[table.name] = loaded
    if not data:
        if not problems:
            problems.append(Problem(DESCRIPTOR, None, "resources", None, _(
                "no HSDS table (expected resources such as service, organization, "
                "location)")))
        return []
    return _Nester(data, problems).records()


def _table_of(resource: Any, index: int, problems: list[Problem]) -> Table | None:
    """The HSDS table a resource holds, by name or else by file name; None if none."""
    where = f"resources[{index}]"
    if not isinstance(resource, dict):
        problems.append(Problem(DESCRIPTOR, None, where, None, _("expected an object")))
        return None
    name, path = resource.get("name"), resource.get("path")
    known = tables()
    table = known.get(name) if isinstance(name, str) else None
    if table is None and isinstance(path, str):
        stem = PurePosixPath(path).name
        table = next((t for t in known.values() if stem in (t.path, f"{t.name}.csv")), None)
    if table is None:
        return None  # another table of the standard or of the publisher: not imported
    if not isinstance(path, str) or not path:
        problems.append(Problem(DESCRIPTOR, None, f"{where}.path", None,
                                _("expected the path of a CSV file in the package")))
        return None
    pure = PurePosixPath(path)
    if "://" in path or pure.is_absolute() or ".." in pure.parts:
        problems.append(Problem(DESCRIPTOR, None, f"{where}.path", path,
                                _("expected a relative path inside the package")))
        return None
    return table


def _load(files: Files, table: Table, resource: dict[str, Any],
          problems: list[Problem]) -> _Loaded | None:
    path = str(resource["path"])
    raw = files(path)
    if raw is None:
        problems.append(Problem(path, None, None, None, _("file not found in the data package")))
        return None
    schema = resource.get("schema")
    if isinstance(schema, str):  # a schema may live in a file of its own
        schema_raw = files(schema)
        try:
            schema = json.loads(schema_raw) if schema_raw is not None else None
        except (UnicodeDecodeError, json.JSONDecodeError):
            schema = None
    schema = schema if isinstance(schema, dict) else {}
    fields = {str(f.get("name")): f for f in schema.get("fields") or []
              if isinstance(f, dict)}
    for name, spec in fields.items():
        declared = spec.get("type", "string")
        if declared not in FIELD_TYPES:
            problems.append(Problem(DESCRIPTOR, None, f"{resource.get('name')}.{name}",
                                    str(declared),
                                    _("unknown field type (expected one of: {types})").format(
                                        types=", ".join(FIELD_TYPES))))
    missing = schema.get("missingValues", [""])
    missing_values = set(missing) if isinstance(missing, list) else {""}
    encoding = str(resource.get("encoding") or "utf-8")
    try:
        text = raw.decode("utf-8-sig" if encoding.lower().replace("_", "-") == "utf-8"
                          else encoding)
    except (LookupError, UnicodeDecodeError):
        problems.append(Problem(path, None, None, None, _("cannot be decoded as {encoding}")
                                .format(encoding=encoding)))
        return None
    dialect = resource.get("dialect")
    dialect = dialect if isinstance(dialect, dict) else {}
    delimiter = str(dialect.get("delimiter") or ",")
    quotechar = str(dialect.get("quoteChar") or '"')
    loaded = _Loaded(path)
    lines = _records(text, delimiter, quotechar, path, problems)
    header_line = next(lines, None)
    if header_line is None:
        problems.append(Problem(path, 1, None, None, _("the file is empty")))
        return loaded
    header = [h.strip() for h in header_line[1]]
    for position, column in enumerate(header):
        if column in header[:position]:
            problems.append(Problem(path, 1, column, None, _("duplicate column")))
    if "id" not in header:
        problems.append(Problem(path, 1, "id", None, _(
            "missing column (expected columns: {columns})").format(columns="id")))
        return loaded
    kinds = {c: _kind(table, c, fields.get(c)) for c in header}
    for line, values in lines:
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            problems.append(Problem(path, line, None, delimiter.join(values), _(
                "{found} values where the header has {expected} columns").format(
                found=len(values), expected=len(header))))
            continue
        row: dict[str, Any] = {}
        for column, text_value in zip(header, values, strict=True):
            if text_value in missing_values or column in row:
                continue
            try:
                row[column] = _convert(text_value, kinds[column], fields.get(column) or {})
            except ValueError as error:
                problems.append(Problem(path, line, column, text_value, str(error)))
        _add_row(loaded, _Row(line, row), problems)
    return loaded


def _records(text: str, delimiter: str, quotechar: str, path: str,
             problems: list[Problem]) -> Iterator[tuple[int, list[str]]]:
    """CSV records with the line each starts on (the header is line 1)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter[:1],
                        quotechar=quotechar[:1])
    previous = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problems.append(Problem(path, previous + 1, None, None,
                                    _("malformed CSV ({reason})").format(reason=error)))
            return
        yield previous + 1, values
        previous = reader.line_num


def _kind(table: Table, column: str, spec: dict[str, Any] | None) -> str:
    """How to read a column: the HSDS type for its own columns, so that a package typed
    all-string still gives JSON numbers, and the declared type for any other column."""
    if column in table.types:
        return table.types[column]
    declared = (spec or {}).get("type")
    return declared if declared in _JSON_TYPES else "string"


def _convert(text: str, kind: str, spec: dict[str, Any]) -> Any:
    value = text.strip()
    if kind == "number":
        try:
            number = int(value) if _INTEGER.fullmatch(value) else float(value)
        except ValueError:
            number = math.nan
        if isinstance(number, float) and not math.isfinite(number):
            raise ValueError(_("expected a number"))
        return number
    if kind == "integer":
        if not _INTEGER.fullmatch(value):
            raise ValueError(_("expected an integer"))
        return int(value)
    if kind == "boolean":
        truthy = spec.get("trueValues") or ["true", "True", "TRUE", "1"]
        falsy = spec.get("falseValues") or ["false", "False", "FALSE", "0"]
        if value in truthy:
            return True
        if value in falsy:
            return False
        raise ValueError(_("expected true or false"))
    return text


def _add_row(loaded: _Loaded, row: _Row, problems: list[Problem]) -> None:
    raw_id = row.values.get("id")
    if raw_id is None or str(raw_id).strip() == "":
        problems.append(Problem(loaded.file, row.line, "id", None, _("an identifier is required")))
        return
    first = loaded.by_id.get(row.id)
    if first is not None:
        problems.append(Problem(loaded.file, row.line, "id", row.id, _(
            "duplicate identifier (first on line {line})").format(line=first.line)))
        return
    loaded.rows.append(row)
    loaded.by_id[row.id] = row


class _Nester:
    """Checks the links between tables, then nests rows back into compiled records."""

    def __init__(self, data: dict[str, _Loaded], problems: list[Problem]) -> None:
        self.data = data
        self.problems = problems
        self.children: dict[tuple[str, str], dict[str, list[_Row]]] = {}
        for key in _parents():
            child, column = key
            index: dict[str, list[_Row]] = {}
            for row in data[child].rows if child in data else []:
                if row.values.get(column) is not None:
                    index.setdefault(str(row.values[column]), []).append(row)
            self.children[key] = index
        self._check_links()

    def _row(self, table: str, row_id: Any) -> _Row | None:
        loaded = self.data.get(table)
        return loaded.by_id.get(str(row_id)) if loaded and row_id is not None else None

    def _check_links(self) -> None:
        referenced: set[tuple[str, str]] = set()
        for table in tables().values():
            for one in table.one:
                for row in self.data[table.name].rows if table.name in self.data else []:
                    target = row.values.get(one.column)
                    if target is None:
                        continue
                    if self._row(one.table, target) is None:
                        self.problems.append(Problem(
                            self.data[table.name].file, row.line, one.column, str(target),
                            _("no {table} with this id in the package").format(
                                table=one.table)))
                    referenced.add((one.table, str(target)))
        columns_of: dict[str, list[str]] = {}
        for (child, column), parents in _parents().items():
            columns_of.setdefault(child, []).append(column)
            for row in self.data[child].rows if child in self.data else []:
                target = row.values.get(column)
                if target is None or any(self._row(p, target) for p in parents):
                    continue
                message = _("no {table} with this id in the package").format(
                    table=parents[0]) if len(parents) == 1 \
                    else _("no record with this id in the package")
                self.problems.append(Problem(self.data[child].file, row.line, column,
                                             str(target), message))
        for child, columns in columns_of.items():
            for row in self.data[child].rows if child in self.data else []:
                if (all(row.values.get(c) is None for c in columns)
                        and (child, row.id) not in referenced):
                    self.problems.append(Problem(
                        self.data[child].file, row.line, None, None,
                        _("not linked to any record of the package (expected a value in "
                          "{columns})").format(columns=", ".join(columns))))

    def records(self) -> list[dict[str, Any]]:
        services = self.data["service"].rows if "service" in self.data else []
        records = [self._build("service", row, _SKIP_IN_SERVICE) for row in services]
        with_services = {str(row.values["organization_id"]) for row in services
                         if row.values.get("organization_id") is not None}
        used = {str(row.values["location_id"])
                for row in (self.data["service_at_location"].rows
                            if "service_at_location" in self.data else [])
                if row.values.get("location_id") is not None
                and self._row("service", row.values.get("service_id"))}
        for row in self.data["organization"].rows if "organization" in self.data else []:
            unused = [loc for loc in self.children[("location", "organization_id")]
                      .get(row.id, []) if loc.id not in used]
            if row.id in with_services and not unused:
                continue
            record = self._build("organization", row, frozenset({("organization",
                                                                   "locations")}))
            if unused:
                record["locations"] = [self._build("location", loc, frozenset())
                                       for loc in unused]
            records.append(record)
        return records

    def _build(self, table_name: str, row: _Row,
               skip: frozenset[tuple[str, str]]) -> dict[str, Any]:
        table = tables()[table_name]
        record = dict(row.values)
        for one in table.one:
            target = self._row(one.table, record.get(one.column))
            if target is not None:
                record[one.prop] = self._build(one.table, target, skip)
        for many in table.many:
            if (table_name, many.prop) in skip:
                continue
            kids = self.children[(many.table, many.column)].get(row.id, [])
            if kids:
                record[many.prop] = [self._build(many.table, kid, skip) for kid in kids]
        return record
