"""Settings, declared once: each field of :class:`Settings` is one setting — its variable
(``MAILLAGE_`` and the name in capitals), type, bounds, default and help (``description``).

Read at the entry point (CLI or web factory) by :meth:`Settings.from_env` and passed down;
nothing else reads the environment. A value that cannot be read stops the start with one
line naming the variable and what it expects (:class:`~maillage.errors.InvalidSetting`).
The table of ``docs/operations.md`` is :func:`markdown_table`, and a test keeps them equal.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, ValidationError, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)
from pydantic_settings.sources.utils import parse_env_vars

from maillage.errors import InvalidSetting, value_problem
from maillage.i18n import DEFAULT_LANGUAGE, LANGUAGES, language
from maillage.i18n import gettext as _

PREFIX = "MAILLAGE_"
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Language = Literal["fr", "nl", "de"]  # maillage.i18n.LANGUAGES, checked by a test


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _networks(value: Any) -> Any:
    """Comma-separated addresses or networks (text from the environment) as networks."""
    if not isinstance(value, str):
        return value
    found = []
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        try:
            found.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(
                _("« {value} » is not an IP address or network").format(value=item)
            ) from None
    return tuple(found)


def parse_networks(name: str, value: str) -> tuple[Network, ...]:
    """Comma-separated addresses or networks; anything else is refused, naming *name*
    (a typo must not silently trust nobody, or everybody)."""
    try:
        networks: tuple[Network, ...] = _networks(value)
    except ValueError as error:
        raise InvalidSetting(_("{where}: {message}").format(where=name, message=error)) from None
    return networks


class Settings(BaseSettings):
    """The platform's settings. Built from keyword arguments (tests) it reads nothing else;
    :meth:`from_env` reads the environment."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, frozen=True, extra="forbid")

    database_url: str = Field(
        "",
        description="SQLAlchemy URL of the database (`postgresql://…` for PostgreSQL). "
        "Empty: an embedded SQLite file, `maillage.sqlite3` in the data folder.",
    )
    data_dir: Path = Field(
        Path("var"), description="Folder for the embedded database and other local files."
    )
    language: Language = Field(
        "fr",
        description="Default interface language (`fr`, `nl` or `de`); browsers may ask "
        "for another.",
    )
    population_year: int = Field(
        2022, ge=1900, le=2100, description="Reference year of the populations shown by default."
    )
    oidc_issuer: str = Field(
        "", description="OpenID Connect provider (issuer URL). Empty: local accounts only."
    )
    oidc_client_id: str = Field("", description="OpenID Connect client id.")
    oidc_client_secret: str = Field("", repr=False, description="OpenID Connect client secret.")
    oidc_label: str = Field(
        "Connexion régionale", description="Label of the OpenID Connect login button."
    )
    small_number_threshold: Annotated[int, AfterValidator(lambda v: max(1, v))] = Field(
        5,
        description="Public views hide indicator values resting on fewer events than this "
        "(at least 1).",
    )
    smtp_host: str = Field(
        "",
        description="SMTP server for notification e-mails. Empty: notifications stay in the app.",
    )
    smtp_port: int = Field(25, ge=1, le=65535, description="SMTP port (587 with STARTTLS).")
    smtp_sender: str = Field(
        "maillage@localhost", description="Sender address of notification e-mails."
    )
    smtp_user: str = Field("", description="SMTP login, if the server asks for one.")
    smtp_password: str = Field("", repr=False, description="SMTP password.")
    smtp_starttls: bool = Field(
        False, description="`1` to upgrade the SMTP connection with STARTTLS."
    )
    public_url: Annotated[str, AfterValidator(lambda v: v.rstrip("/"))] = Field(
        "http://127.0.0.1:8000", description="Address of the platform, for links in e-mails."
    )
    port: int = Field(
        8000,
        ge=1,
        le=65535,
        description="Port `maillage serve` and `make run` listen on (`--port` overrides it).",
    )
    trusted_proxies: Annotated[tuple[Network, ...], NoDecode, BeforeValidator(_networks)] = Field(
        (),
        description="Reverse proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` are "
        "believed: comma-separated addresses or networks (`127.0.0.1,10.0.0.0/8`). "
        "Empty: none, the address of the TCP peer is the client's.",
    )

    @model_validator(mode="before")
    @classmethod
    def _embedded_database(cls, data: Any) -> Any:
        """No database URL: the SQLite file in the data folder."""
        if isinstance(data, dict) and not data.get("database_url"):
            folder = Path(data.get("data_dir") or cls.model_fields["data_dir"].default)
            data = {**data, "database_url": sqlite_url(folder / "maillage.sqlite3")}
        return data

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Only the arguments: the environment is read by :meth:`from_env`, once."""
        return (init_settings,)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings from *environ* (the process environment by default).

        Raises :class:`InvalidSetting` naming each variable that cannot be read.
        """
        environ = os.environ if environ is None else environ
        values = _Environment(cls, environ)()
        try:
            return cls(**values)
        except ValidationError as error:
            chosen = environ.get(PREFIX + "LANGUAGE", DEFAULT_LANGUAGE)
            with language(chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE):
                raise InvalidSetting(describe(error)) from None


class _Environment(EnvSettingsSource):
    """The environment source of pydantic-settings, over a given mapping."""

    def __init__(self, settings_cls: type[BaseSettings], environ: Mapping[str, str]) -> None:
        self._environ = environ
        super().__init__(settings_cls)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        return parse_env_vars(
            self._environ, self.case_sensitive, self.env_ignore_empty, self.env_parse_none_str
        )


def variable(name: str) -> str:
    """The environment variable of the setting *name*."""
    return PREFIX + name.upper()


def describe(error: ValidationError) -> str:
    """One line: each refused variable and what it expects."""
    return "; ".join(
        _("{where}: {message}").format(
            where=variable(str(e["loc"][0])) if e["loc"] else PREFIX + "*",
            message=value_problem(e),
        )
        for e in error.errors()
    )


def _shown_default(field: FieldInfo) -> str:
    value = field.default
    if value in ("", ()):
        return "empty"
    if isinstance(value, bool):
        return f"`{int(value)}`"
    return f"`{value}`"


def markdown_table() -> str:
    """The settings as the table of ``docs/operations.md`` (the declaration is the source)."""
    lines = ["| variable | default | meaning |", "|---|---|---|"]
    for name, field in Settings.model_fields.items():
        lines.append(f"| `{variable(name)}` | {_shown_default(field)} | {field.description} |")
    return "\n".join(lines) + "\n"
