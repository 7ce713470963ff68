"""An HSDS 3.0 tabular data package read back into compiled services, in bounded memory.

A package is a folder or a ``.zip`` holding ``datapackage.json`` and one CSV a table (see
``hsds_tabular``). Tables are streamed through the one CSV reader (``tabular.csv_reader``,
with the declared encoding and dialect); rows are kept until the package has been nested
into compiled services, within the directory's ``Budget`` (records and characters), and
the files are opened by ``package_files``, which never inflates a zip past its limits.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from maillage.domain.numbers import finite
from maillage.errors import DataFileError, Problem, ProblemList
from maillage.formats import package_files
from maillage.formats.hsds import MAX_CHARS, Budget
from maillage.formats.hsds_tabular import DESCRIPTOR, FIELD_TYPES, Table, parents, tables
from maillage.i18n import gettext as _
from maillage.tabular import csv_reader

# Within a compiled service the organization's locations would repeat service_at_locations.
_SKIP_IN_SERVICE = frozenset({("organization", "locations")})
_INTEGER = re.compile(r"[+-]?\d+")
_JSON_TYPES = ("string", "number", "integer", "boolean")
# Rows of all tables kept at once (a service spreads over about ten rows).
MAX_ROWS = 300_000


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
    lines: dict[str, int] = field(default_factory=dict)  # id -> first line, kept or not


def read(
    path: Path, problems: ProblemList | None = None
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Compiled HSDS services from a tabular package (a folder or a .zip), and the faults
    found, each naming the file inside the package, its line, column and value.

    Organizations that no service names, or that have locations no service uses, follow
    the services as HSDS organization records, so that ``hsds.read`` loses none of them.
    Faults also go to *problems* when given (which counts those not kept).
    """
    problems = problems if problems is not None else ProblemList()
    budget = Budget(problems, str(path), MAX_ROWS, MAX_CHARS)
    try:
        with package_files.open_package(path) as files:
            records = _read_package(files, problems, budget)
    except package_files.Unreadable as error:
        problems.add(error.problem)
        return [], problems.kept
    return records, problems.kept


def _read_package(
    files: package_files.Files, problems: ProblemList, budget: Budget
) -> list[dict[str, Any]]:
    found, raw = package_files.json_file(files, DESCRIPTOR)
    if found is None:
        problems.add(Problem(DESCRIPTOR, None, None, None, _("file not found in the data package")))
        return []
    try:
        descriptor = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        problems.add(
            Problem(
                DESCRIPTOR,
                getattr(error, "lineno", None),
                None,
                None,
                _("not a readable JSON document ({reason})").format(
                    reason=getattr(error, "msg", error)
                ),
            )
        )
        return []
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list):
        problems.add(
            Problem(DESCRIPTOR, None, "resources", None, _("expected a list of resources"))
        )
        return []
    data: dict[str, _Loaded] = {}
    for index, resource in enumerate(resources):
        table = _table_of(resource, index, problems)
        if table is None:
            continue
        if table.name in data:
            problems.add(
                Problem(
                    DESCRIPTOR,
                    None,
                    f"resources[{index}]",
                    table.name,
                    _("this table is already in the package"),
                )
            )
            continue
        loaded = _load(files, table, resource, problems, budget)
        if loaded is not None:
            data[table.name] = loaded
    if not data and not problems:
        problems.add(
            Problem(
                DESCRIPTOR,
                None,
                "resources",
                None,
                _("no HSDS table (expected resources such as service, organization, location)"),
            )
        )
    if problems:  # rows stopped being kept at the first fault: links cannot be checked
        return []
    return _Nester(data, problems).records()


def _table_of(resource: Any, index: int, problems: ProblemList) -> Table | None:
    """The HSDS table a resource holds, by name or else by file name; None if none."""
    where = f"resources[{index}]"
    if not isinstance(resource, dict):
        problems.add(Problem(DESCRIPTOR, None, where, None, _("expected an object")))
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
        problems.add(
            Problem(
                DESCRIPTOR,
                None,
                f"{where}.path",
                None,
                _("expected the path of a CSV file in the package"),
            )
        )
        return None
    pure = PurePosixPath(path)
    if "://" in path or pure.is_absolute() or ".." in pure.parts:
        problems.add(
            Problem(
                DESCRIPTOR,
                None,
                f"{where}.path",
                path,
                _("expected a relative path inside the package"),
            )
        )
        return None
    return table


def _load(
    files: package_files.Files,
    table: Table,
    resource: dict[str, Any],
    problems: ProblemList,
    budget: Budget,
) -> _Loaded | None:
    path = str(resource["path"])
    stream = files(path)
    if stream is None:
        problems.add(Problem(path, None, None, None, _("file not found in the data package")))
        return None
    schema = resource.get("schema")
    if isinstance(schema, str):  # a schema may live in a file of its own
        found, schema_raw = package_files.json_file(files, schema)
        try:
            schema = json.loads(schema_raw) if found is not None else None
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            schema = None
    schema = schema if isinstance(schema, dict) else {}
    declared_fields = schema.get("fields")
    fields = (
        {str(f.get("name")): f for f in declared_fields if isinstance(f, dict)}
        if isinstance(declared_fields, list)
        else {}
    )
    for name, spec in fields.items():
        declared = spec.get("type", "string")
        if declared not in FIELD_TYPES:
            problems.add(
                Problem(
                    DESCRIPTOR,
                    None,
                    f"{resource.get('name')}.{name}",
                    str(declared),
                    _("unknown field type (expected one of: {types})").format(
                        types=", ".join(FIELD_TYPES)
                    ),
                )
            )
    missing = schema.get("missingValues", [""])
    missing_values = {str(m) for m in missing} if isinstance(missing, list) else {""}
    encoding = str(resource.get("encoding") or "utf-8")
    dialect = resource.get("dialect")
    dialect = dialect if isinstance(dialect, dict) else {}
    delimiter = str(dialect.get("delimiter") or ",")[:1] or ","
    quotechar = str(dialect.get("quoteChar") or '"')[:1] or '"'
    loaded = _Loaded(path)
    with stream:
        try:
            with csv_reader.open_stream(
                stream,
                path,
                problems=problems,
                encoding=encoding,
                separator=delimiter,
                quotechar=quotechar,
            ) as csv_file:
                header = csv_file.columns
                for position, column in enumerate(header):
                    if column in header[:position]:
                        problems.add(Problem(path, 1, column, None, _("duplicate column")))
                if "id" not in header:
                    problems.add(
                        Problem(
                            path,
                            1,
                            "id",
                            None,
                            _("missing column (expected columns: {columns})").format(columns="id"),
                        )
                    )
                    return loaded
                kinds = {c: _kind(table, c, fields.get(c)) for c in header}
                for source_row in csv_file.rows(strip=False):
                    row: dict[str, Any] = {}
                    for column, text_value in source_row.values.items():
                        if text_value in missing_values:
                            continue
                        try:
                            row[column] = _convert(
                                text_value, kinds[column], fields.get(column) or {}
                            )
                        except ValueError as error:
                            problems.add(
                                Problem(path, source_row.line, column, text_value, str(error))
                            )
                    _add_row(
                        loaded,
                        _Row(source_row.line, row),
                        problems,
                        budget,
                        sum(len(v) for v in source_row.values.values()),
                    )
        except DataFileError as error:  # unreadable as CSV: located, the others go on
            problems.extend(error.problems)
    return loaded


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
            return int(value) if _INTEGER.fullmatch(value) else finite(float(value))
        except ValueError as error:
            raise ValueError(_("expected a finite number")) from error
    if kind == "integer":
        if not _INTEGER.fullmatch(value):
            raise ValueError(_("expected an integer"))
        return int(value)
    if kind == "boolean":
        truthy = _texts(spec.get("trueValues")) or ["true", "True", "TRUE", "1"]
        falsy = _texts(spec.get("falseValues")) or ["false", "False", "FALSE", "0"]
        if value in truthy:
            return True
        if value in falsy:
            return False
        raise ValueError(_("expected true or false"))
    return text


def _texts(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _add_row(loaded: _Loaded, row: _Row, problems: ProblemList, budget: Budget, chars: int) -> None:
    raw_id = row.values.get("id")
    if raw_id is None or str(raw_id).strip() == "":
        problems.add(Problem(loaded.file, row.line, "id", None, _("an identifier is required")))
        return
    first = loaded.lines.get(row.id)
    if first is not None:
        problems.add(
            Problem(
                loaded.file,
                row.line,
                "id",
                row.id,
                _("duplicate identifier (first on line {line})").format(line=first),
            )
        )
        return
    if len(loaded.lines) < MAX_ROWS:
        loaded.lines[row.id] = row.line
    if not budget.take(row.line, chars) or problems:
        return  # the package is refused: its rows are checked, no longer kept
    loaded.rows.append(row)
    loaded.by_id[row.id] = row


class _Nester:
    """Checks the links between tables, then nests rows back into compiled records."""

    def __init__(self, data: dict[str, _Loaded], problems: ProblemList) -> None:
        self.data = data
        self.problems = problems
        self.children: dict[tuple[str, str], dict[str, list[_Row]]] = {}
        for key in parents():
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
                        self.problems.add(
                            Problem(
                                self.data[table.name].file,
                                row.line,
                                one.column,
                                str(target),
                                _("no {table} with this id in the package").format(table=one.table),
                            )
                        )
                    referenced.add((one.table, str(target)))
        columns_of: dict[str, list[str]] = {}
        for (child, column), owners in parents().items():
            columns_of.setdefault(child, []).append(column)
            for row in self.data[child].rows if child in self.data else []:
                target = row.values.get(column)
                if target is None or any(self._row(p, target) for p in owners):
                    continue
                message = (
                    _("no {table} with this id in the package").format(table=owners[0])
                    if len(owners) == 1
                    else _("no record with this id in the package")
                )
                self.problems.add(
                    Problem(self.data[child].file, row.line, column, str(target), message)
                )
        for child, columns in columns_of.items():
            for row in self.data[child].rows if child in self.data else []:
                if (
                    all(row.values.get(c) is None for c in columns)
                    and (child, row.id) not in referenced
                ):
                    self.problems.add(
                        Problem(
                            self.data[child].file,
                            row.line,
                            None,
                            None,
                            _(
                                "not linked to any record of the package (expected a value in "
                                "{columns})"
                            ).format(columns=", ".join(columns)),
                        )
                    )

    def records(self) -> list[dict[str, Any]]:
        services = self.data["service"].rows if "service" in self.data else []
        records = [self._build("service", row, _SKIP_IN_SERVICE) for row in services]
        with_services = {
            str(row.values["organization_id"])
            for row in services
            if row.values.get("organization_id") is not None
        }
        used = {
            str(row.values["location_id"])
            for row in (
                self.data["service_at_location"].rows if "service_at_location" in self.data else []
            )
            if row.values.get("location_id") is not None
            and self._row("service", row.values.get("service_id"))
        }
        for row in self.data["organization"].rows if "organization" in self.data else []:
            unused = [
                loc
                for loc in self.children[("location", "organization_id")].get(row.id, [])
                if loc.id not in used
            ]
            if row.id in with_services and not unused:
                continue
            record = self._build("organization", row, frozenset({("organization", "locations")}))
            if unused:
                record["locations"] = [self._build("location", loc, frozenset()) for loc in unused]
            records.append(record)
        return records

    def _build(
        self, table_name: str, row: _Row, skip: frozenset[tuple[str, str]]
    ) -> dict[str, Any]:
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
