"""An indicator's definition as people write it: a YAML file (``indicators load
--definition``) or the command's options, both read by one model.

Every fault is named with its field and value, all at once, before anything is loaded:
an unknown field, a required one missing, a kind or polarity outside its choices, a
multiplier that is not a positive number, a standard population that is not a mapping of
age band to weight.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import ErrorDetails

from maillage.domain.indicators import INDICATOR_ID, Indicator, Kind, Polarity
from maillage.errors import DataFileError, Problem
from maillage.i18n import gettext as _

REQUIRED = ("id", "name", "kind", "polarity")
FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]


class IndicatorDefinition(BaseModel):
    """What is measured, how, from where and with which caveats (``domain.Indicator``)."""

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)

    id: str
    name: str
    definition: str = ""
    kind: Kind
    polarity: Polarity
    unit: str = ""
    multiplier: FiniteFloat = 1.0
    numerator: str = ""
    denominator: str = ""
    source: str = ""
    licence: str = ""
    years: str = ""
    level: str = "commune"
    caveats: str = ""
    theme: str = ""
    is_demo: bool = False
    small_numbers_apply: bool = True
    standard_population: tuple[tuple[str, FiniteFloat], ...] = ()
    standard_name: str = ""

    @field_validator(
        "definition",
        "unit",
        "numerator",
        "denominator",
        "source",
        "licence",
        "years",
        "caveats",
        "theme",
        "standard_name",
        mode="before",
    )
    @classmethod
    def _empty_text(cls, value: object) -> object:
        """A field written without a value (``unit:``) is empty, not the text "None"."""
        return "" if value is None else value

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not INDICATOR_ID.match(value):
            raise ValueError(
                _(
                    "An indicator id uses lower-case letters, digits, '-', '_' "
                    "or '.' (at most 64): {id}"
                ).format(id=value)
            )
        return value

    @field_validator("multiplier")
    @classmethod
    def _positive(cls, value: float) -> float:
        if value <= 0:
            raise ValueError(_("The multiplier must be positive."))
        return value

    @field_validator("standard_population", mode="before")
    @classmethod
    def _pairs(cls, value: object) -> object:
        """``{"00-09": 10.4, ...}`` as written in YAML, or (band, weight) pairs."""
        if value is None:
            return ()
        return tuple(value.items()) if isinstance(value, Mapping) else value

    def indicator(self) -> Indicator:
        return Indicator(**dict(self))


# The columns a stored definition holds besides its id and standard population.
DEFINITION_FIELDS = tuple(
    name for name in IndicatorDefinition.model_fields if name not in ("id", "standard_population")
)


def definition_mapping(indicator: Indicator) -> dict[str, Any]:
    """*indicator* as the mapping the model reads (to update some fields of it)."""
    data = {name: getattr(indicator, name) for name in ("id", *DEFINITION_FIELDS)}
    data = {k: (v.value if isinstance(v, Kind | Polarity) else v) for k, v in data.items()}
    data["standard_population"] = indicator.standard_population
    return data


def definition_from_mapping(data: Mapping[str, Any], file: str) -> Indicator:
    """The indicator *data* defines, or every fault of *data* named in *file*."""
    try:
        return IndicatorDefinition.model_validate(dict(data)).indicator()
    except ValidationError as error:
        raise DataFileError(_problems(error, data, file)) from None


def _problems(error: ValidationError, data: Mapping[str, Any], file: str) -> list[Problem]:
    """One problem per field at fault, in our words rather than pydantic's."""
    found: dict[str, Problem] = {}
    for fault in error.errors():
        field = str(fault["loc"][0]) if fault["loc"] else ""
        if field not in found:
            given = data.get(field)
            missing = field in REQUIRED and (fault["type"] == "missing" or given in (None, ""))
            found[field] = Problem(
                file,
                None,
                field or None,
                None if missing or given is None else str(given),
                _("required") if missing else _expected(field, fault),
            )
    return list(found.values())


def _expected(field: str, fault: ErrorDetails) -> str:
    kind = fault["type"]
    if kind == "extra_forbidden":
        return _("unknown field")
    if field in ("kind", "polarity"):
        choices = Kind if field == "kind" else Polarity
        return _("one of: {values}").format(values=", ".join(e.value for e in choices))
    if field == "standard_population":
        return _('a mapping of age band to weight, e.g. "00-09": 10.4')
    if kind == "value_error" and "ctx" in fault:
        return str(fault["ctx"]["error"])
    if kind.startswith("float") or kind == "finite_number":
        return _("a finite number is expected")
    if kind.startswith("bool"):
        return _("true or false is expected")
    if kind.startswith("string"):
        return _("a text is expected")
    return str(fault["msg"])


def definition_from_file(path: Path) -> Indicator:
    """An indicator definition from a YAML file, with the field at fault named on error."""
    name = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise DataFileError(
            [
                Problem(
                    name,
                    None,
                    None,
                    None,
                    _("cannot be read ({reason})").format(reason=error.strerror or error),
                )
            ]
        ) from error
    except yaml.YAMLError as error:
        line = getattr(getattr(error, "problem_mark", None), "line", None)
        raise DataFileError(
            [Problem(name, None if line is None else line + 1, None, None, _("not valid YAML"))]
        ) from error
    if not isinstance(data, dict):
        raise DataFileError(
            [Problem(name, None, None, None, _("expected a mapping of fields (id, name, kind, …)"))]
        )
    return definition_from_mapping(data, name)
