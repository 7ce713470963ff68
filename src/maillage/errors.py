"""User errors: shown without a traceback, each with a stable exit code and HTTP status.

The CLI prints ``str(error)`` on one line and exits with ``exit_code``; the web layer
answers ``http_status`` with the same message (JSON for the API, a page for people).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from maillage.i18n import format_integer, ngettext
from maillage.i18n import gettext as _


class UserError(Exception):
    """An error caused by what the user asked or supplied, never by a bug.

    Raise one of its subclasses: the kind decides the exit code and the HTTP status, and
    the table of them in ``docs/operations.md`` ("Exit codes") is checked against this
    module by ``tests/test_errors.py``.
    """

    exit_code = 1
    http_status = 400


class InvalidInput(UserError):
    """A value refused by the platform's rules (a missing field, a number out of range, an
    unknown choice…). Click's own refusals of an option also exit with 2."""

    exit_code = 2
    http_status = 400


class InvalidSetting(InvalidInput, ValueError):
    """An environment variable of the settings holds a value that cannot be read: the
    platform does not start, and the message names the variable."""

    exit_code = 10


class FileTooLarge(InvalidInput):
    """An upload larger than the limit, refused whole rather than cut short."""

    http_status = 413


class NotFound(UserError):
    """What was asked for (a record, a territory, a file) does not exist."""

    exit_code = 3
    http_status = 404


class UnknownTerritory(NotFound):
    def __init__(self, code: str) -> None:
        super().__init__(_("Unknown territory code: {code}").format(code=code))
        self.code = code


class UnknownZoning(NotFound):
    def __init__(self, ref: str) -> None:
        super().__init__(_("Unknown zoning: {ref}").format(ref=ref))
        self.ref = ref


class Conflict(UserError):
    """The request is well formed but the state of the records forbids it now (a name
    taken, a step the workflow does not allow, a version read too long ago)."""

    exit_code = 5
    http_status = 409


class StaleVersion(Conflict):
    """Someone else saved the record since it was read: show what they changed."""

    def __init__(self, entity: str, current_version: int, changes: list[str]) -> None:
        message = _(
            "This record was changed by someone else since you opened it (now at version "
            "{version}); your changes were not saved. Reload it and apply them again."
        ).format(version=current_version)
        if changes:
            message += " " + _("Changed since: {changes}.").format(changes="; ".join(changes))
        super().__init__(message)
        self.entity = entity
        self.current_version = current_version
        self.changes = changes


class NotAllowed(UserError):
    """Who asks may not do this: the three kinds share the exit code 7 (the command line
    has no login); the web tells them apart by their status."""

    exit_code = 7
    http_status = 403


class Forbidden(NotAllowed):
    """Logged in, but no role allows this here."""

    http_status = 403


class NotAuthenticated(NotAllowed):
    """Nobody is logged in (or the token is unknown), and this needs someone."""

    http_status = 401


class BadCredentials(NotAuthenticated):
    """A login with a wrong e-mail address or password."""


class TooManyAttempts(UserError):
    exit_code = 8
    http_status = 429


class DatabaseNotInitialised(UserError):
    exit_code = 6
    http_status = 503

    def __init__(self) -> None:
        super().__init__(_("The database is not initialised: run 'maillage init' first."))


class DatabaseBusy(UserError):
    """The database stayed locked by other writers longer than a writer waits: nothing was
    written, and the same request can simply be made again a moment later."""

    exit_code = 9
    http_status = 503
    retry_after = 5  # seconds, sent as Retry-After

    def __init__(self) -> None:
        super().__init__(
            _(
                "The database is busy with other changes; nothing was saved. Try again in a "
                "few seconds."
            )
        )


INPUT_SHOWN = 60  # characters of a refused value repeated in a message


def value_problem(error: Mapping[str, Any]) -> str:
    """What is wrong with one value, from a pydantic error (a request's parameter, a
    setting), in the reader's language (pydantic's English else)."""
    kind = str(error.get("type", ""))
    context = error.get("ctx") or {}
    limit = next(
        (context[k] for k in ("ge", "gt", "le", "lt", "max_length", "min_length") if k in context),
        "",
    )
    messages = {
        "missing": _("required"),
        "int_parsing": _("a whole number is expected"),
        "int_type": _("a whole number is expected"),
        "int_from_float": _("a whole number is expected"),
        "float_parsing": _("a number is expected"),
        "float_type": _("a number is expected"),
        "finite_number": _("a finite number is expected"),
        "greater_than_equal": _("at least {limit}"),
        "greater_than": _("more than {limit}"),
        "less_than_equal": _("at most {limit}"),
        "less_than": _("less than {limit}"),
        "string_too_long": _("at most {limit} characters"),
        "string_too_short": _("at least {limit} characters"),
        "too_long": _("at most {limit} values"),
        "too_short": _("at least {limit} values"),
        "string_pattern_mismatch": _("not in the expected form"),
        "enum": _("one of: {expected}"),
        "literal_error": _("one of: {expected}"),
        "bool_parsing": _("true or false is expected"),
        "bool_type": _("true or false is expected"),
        "date_parsing": _("a date such as 2026-03-31 is expected"),
        "date_from_datetime_parsing": _("a date such as 2026-03-31 is expected"),
        "date_from_datetime_inexact": _("a date such as 2026-03-31 is expected"),
        "date_type": _("a date such as 2026-03-31 is expected"),
        "datetime_parsing": _("a date and time such as 2026-03-31T14:00 is expected"),
        "datetime_from_date_parsing": _("a date and time such as 2026-03-31T14:00 is expected"),
        "datetime_type": _("a date and time such as 2026-03-31T14:00 is expected"),
        "extra_forbidden": _("unknown field"),
        "json_invalid": _("the JSON is not valid"),
        "string_type": _("a text is expected"),
        "list_type": _("a list is expected"),
        "dict_type": _("an object is expected"),
        "model_attributes_type": _("an object is expected"),
    }
    if kind == "value_error" and "error" in context:  # our validators' own message
        return str(context["error"])
    text = messages.get(kind)
    if text is None:
        return str(error.get("msg", ""))
    text = text.format(limit=limit, expected=context.get("expected", ""))
    value = error.get("input")
    if kind != "missing" and isinstance(value, str | int | float) and not isinstance(value, bool):
        shown = str(value)
        if len(shown) > INPUT_SHOWN:
            shown = shown[:INPUT_SHOWN] + "…"
        text = _("{problem}, not « {value} »").format(problem=text, value=shown)
    return text


@dataclass(frozen=True)
class Problem:
    """One fault in an input file, located precisely enough to be fixed by hand.

    A value (and a field name) is kept to its first ``VALUE_SHOWN`` characters: an endless
    field must neither fill the memory of the error nor the screen it is printed on.
    """

    file: str
    line: int | None
    field: str | None
    value: str | None
    expected: str

    VALUE_SHOWN: ClassVar[int] = 120

    def __post_init__(self) -> None:
        for name in ("value", "field"):
            text = getattr(self, name)
            if text is not None and len(text) > self.VALUE_SHOWN:
                object.__setattr__(self, name, text[: self.VALUE_SHOWN] + "…")

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(_("line {line}").format(line=self.line))
        if self.field is not None:
            parts.append(_("field {field}").format(field=self.field))
        where = ", ".join(parts)
        if self.value is not None:
            return _("{where}: value “{value}” — {expected}").format(
                where=where, value=self.value, expected=self.expected
            )
        return f"{where}: {self.expected}"


class ProblemList:
    """The faults of one file as they are found: the first ``DataFileError.SHOWN`` kept,
    the others only counted, so that a file faulty on every line costs bounded memory."""

    def __init__(self) -> None:
        self.kept: list[Problem] = []
        self.count = 0

    def add(self, problem: Problem) -> None:
        self.count += 1
        if len(self.kept) < DataFileError.SHOWN:
            self.kept.append(problem)

    @property
    def full(self) -> bool:
        """Whether further problems will only be counted (callers may skip building them)."""
        return len(self.kept) >= DataFileError.SHOWN

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    def __bool__(self) -> bool:
        return self.count > 0

    def error(self) -> DataFileError:
        return DataFileError(self.kept, self.count)

    def raise_if_any(self) -> None:
        """Refuse the file when anything was found (nothing of it is then written)."""
        if self.count:
            raise self.error()


class DataFileError(UserError):
    """A file was refused; nothing it contained was written.

    At most the first ``SHOWN`` problems are kept and shown, followed by one line counting
    the others; *total* is how many were found in all.
    """

    exit_code = 4
    http_status = 422
    SHOWN: ClassVar[int] = 50

    def __init__(self, problems: Sequence[Problem], total: int | None = None) -> None:
        self.problems = list(problems[: self.SHOWN])
        self.total = max(total or 0, len(problems))
        self.lines = [str(p) for p in self.problems]
        others = self.total - len(self.problems)
        if others:
            self.lines.append(
                ngettext(
                    "… and {count} other fault not shown.",
                    "… and {count} other faults not shown.",
                    others,
                ).format(count=format_integer(others))
            )
        super().__init__("\n".join(self.lines))
