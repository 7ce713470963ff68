"""Settings, declared once: name, environment variable, default, help.

Read at the entry point (CLI or web factory) and passed down; nothing else reads the
environment.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "database_url",
        "MAILLAGE_DATABASE_URL",
        "",
        "SQLAlchemy URL of the database. Empty: an embedded SQLite file in data_dir.",
    ),
    Setting(
        "data_dir",
        "MAILLAGE_DATA_DIR",
        "var",
        "Folder for the embedded database and other local files.",
    ),
    Setting(
        "language",
        "MAILLAGE_LANGUAGE",
        "fr",
        "Default interface language (fr, nl or de); browsers may ask for another.",
    ),
    Setting(
        "oidc_issuer",
        "MAILLAGE_OIDC_ISSUER",
        "",
        "OpenID Connect provider (issuer URL). Empty: local accounts only.",
    ),
    Setting("oidc_client_id", "MAILLAGE_OIDC_CLIENT_ID", "", "OpenID Connect client id."),
    Setting(
        "oidc_client_secret", "MAILLAGE_OIDC_CLIENT_SECRET", "", "OpenID Connect client secret."
    ),
    Setting(
        "oidc_label",
        "MAILLAGE_OIDC_LABEL",
        "Connexion régionale",
        "Label of the OpenID Connect login button.",
    ),
    Setting(
        "population_year",
        "MAILLAGE_POPULATION_YEAR",
        "2022",
        "Reference year of the population figures shown by default.",
    ),
    Setting(
        "small_number_threshold",
        "MAILLAGE_SMALL_NUMBER_THRESHOLD",
        "5",
        "Public views hide indicator values resting on fewer events than this.",
    ),
    Setting(
        "smtp_host",
        "MAILLAGE_SMTP_HOST",
        "",
        "SMTP server for notification e-mails. Empty: notifications stay in the app.",
    ),
    Setting("smtp_port", "MAILLAGE_SMTP_PORT", "25", "SMTP port (587 with STARTTLS)."),
    Setting(
        "smtp_sender",
        "MAILLAGE_SMTP_SENDER",
        "maillage@localhost",
        "Sender address of notification e-mails.",
    ),
    Setting("smtp_user", "MAILLAGE_SMTP_USER", "", "SMTP login, if the server asks for one."),
    Setting("smtp_password", "MAILLAGE_SMTP_PASSWORD", "", "SMTP password."),
    Setting(
        "smtp_starttls",
        "MAILLAGE_SMTP_STARTTLS",
        "0",
        "1 to upgrade the SMTP connection with STARTTLS.",
    ),
    Setting(
        "public_url",
        "MAILLAGE_PUBLIC_URL",
        "http://127.0.0.1:8000",
        "Address of the platform, for links in e-mails.",
    ),
    Setting(
        "trusted_proxies",
        "MAILLAGE_TRUSTED_PROXIES",
        "",
        "Reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed: "
        "comma-separated addresses or networks (127.0.0.1, 10.0.0.0/8). Empty: none, "
        "the address of the TCP peer is the client's.",
    ),
)


@dataclass(frozen=True)
class Settings:
    database_url: str
    data_dir: Path
    language: str = "fr"
    population_year: int = 2022
    oidc_issuer: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: str = ""
    oidc_label: str = "Connexion régionale"
    small_number_threshold: int = 5
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_sender: str = "maillage@localhost"
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    public_url: str = "http://127.0.0.1:8000"
    trusted_proxies: tuple[Network, ...] = ()
    extra: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        values = {s.name: env.get(s.env, s.default) for s in SETTINGS}
        data_dir = Path(values["data_dir"])
        url = values["database_url"] or sqlite_url(data_dir / "maillage.sqlite3")
        return cls(
            database_url=url,
            data_dir=data_dir,
            language=values["language"],
            population_year=int(values["population_year"]),
            oidc_issuer=values["oidc_issuer"],
            oidc_client_id=values["oidc_client_id"],
            oidc_client_secret=values["oidc_client_secret"],
            oidc_label=values["oidc_label"],
            small_number_threshold=max(1, int(values["small_number_threshold"])),
            smtp_host=values["smtp_host"],
            smtp_port=int(values["smtp_port"]),
            smtp_sender=values["smtp_sender"],
            smtp_user=values["smtp_user"],
            smtp_password=values["smtp_password"],
            smtp_starttls=values["smtp_starttls"].strip().lower() in ("1", "true", "yes"),
            public_url=values["public_url"].rstrip("/"),
            trusted_proxies=parse_networks("MAILLAGE_TRUSTED_PROXIES", values["trusted_proxies"]),
        )


def parse_networks(name: str, value: str) -> tuple[Network, ...]:
    """Comma-separated addresses or networks; anything else is refused, naming *name*
    (a typo must not silently trust nobody, or everybody)."""
    networks = []
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(f"{name}: {item!r} is not an IP address or network") from None
    return tuple(networks)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"
