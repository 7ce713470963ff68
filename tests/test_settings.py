"""Settings are declared once (maillage/settings.py): the table of docs/operations.md is
generated from the declaration, and a value that cannot be read stops the start with one
line naming the variable and what it expects (issue 19.2)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from maillage.cli import main
from maillage.errors import InvalidSetting
from maillage.i18n import LANGUAGES
from maillage.settings import Language, Settings, markdown_table, variable

ROOT = Path(__file__).resolve().parents[1]


def documented_table() -> str:
    text = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    section = text.split("## Settings", 1)[1].split("\n## ", 1)[0]
    return "".join(line + "\n" for line in section.splitlines() if line.startswith("|"))


def test_the_documented_table_is_the_declaration():
    assert documented_table() == markdown_table(), (
        "docs/operations.md is out of date: paste the output of "
        "python -c 'from maillage.settings import markdown_table; print(markdown_table())'"
    )


def test_names_and_defaults_are_those_operators_rely_on():
    defaults = Settings.from_env({})
    assert {variable(name): getattr(defaults, name) for name in Settings.model_fields} == {
        "MAILLAGE_DATABASE_URL": "sqlite:///var/maillage.sqlite3",
        "MAILLAGE_DATA_DIR": Path("var"),
        "MAILLAGE_LANGUAGE": "fr",
        "MAILLAGE_POPULATION_YEAR": 2022,
        "MAILLAGE_OIDC_ISSUER": "",
        "MAILLAGE_OIDC_CLIENT_ID": "",
        "MAILLAGE_OIDC_CLIENT_SECRET": "",
        "MAILLAGE_OIDC_LABEL": "Connexion régionale",
        "MAILLAGE_SMALL_NUMBER_THRESHOLD": 5,
        "MAILLAGE_SMTP_HOST": "",
        "MAILLAGE_SMTP_PORT": 25,
        "MAILLAGE_SMTP_SENDER": "maillage@localhost",
        "MAILLAGE_SMTP_USER": "",
        "MAILLAGE_SMTP_PASSWORD": "",
        "MAILLAGE_SMTP_STARTTLS": False,
        "MAILLAGE_PUBLIC_URL": "http://127.0.0.1:8000",
        "MAILLAGE_PORT": 8000,
        "MAILLAGE_TRUSTED_PROXIES": (),
    }
    assert set(get_args(Language)) == set(LANGUAGES)


def test_values_are_read_as_before():
    read = Settings.from_env(
        {
            "MAILLAGE_DATA_DIR": "/srv/maillage",
            "MAILLAGE_POPULATION_YEAR": "2024",
            "MAILLAGE_SMALL_NUMBER_THRESHOLD": "0",  # raised to 1
            "MAILLAGE_SMTP_STARTTLS": "yes",
            "MAILLAGE_PUBLIC_URL": "https://maillage.example.be/",
            "MAILLAGE_TRUSTED_PROXIES": "127.0.0.1, ::1",
            "MAILLAGE_SOMETHING_ELSE": "ignored",
        }
    )
    assert read.database_url == "sqlite:////srv/maillage/maillage.sqlite3"
    assert read.population_year == 2024
    assert read.small_number_threshold == 1
    assert read.smtp_starttls is True
    assert read.public_url == "https://maillage.example.be"
    assert [str(n) for n in read.trusted_proxies] == ["127.0.0.1/32", "::1/128"]


def test_settings_built_in_code_read_no_environment(monkeypatch):
    monkeypatch.setenv("MAILLAGE_LANGUAGE", "de")
    monkeypatch.setenv("MAILLAGE_POPULATION_YEAR", "abc")
    built = Settings(database_url="sqlite:///:memory:", data_dir=Path("/tmp"))
    assert (built.language, built.population_year) == ("fr", 2022)


def test_secrets_are_not_shown_in_a_repr():
    shown = repr(Settings(data_dir=Path("/tmp"), smtp_password="p4ss", oidc_client_secret="s3"))
    assert "p4ss" not in shown and "s3" not in shown


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        (
            {"MAILLAGE_POPULATION_YEAR": "abc"},
            "MAILLAGE_POPULATION_YEAR : un nombre entier est attendu, pas « abc »",
        ),
        ({"MAILLAGE_SMTP_PORT": "0"}, "MAILLAGE_SMTP_PORT : au moins 1, pas « 0 »"),
        (
            {"MAILLAGE_SMTP_STARTTLS": "peut-être"},
            "MAILLAGE_SMTP_STARTTLS : true ou false est attendu, pas « peut-être »",
        ),
        ({"MAILLAGE_LANGUAGE": "en"}, "MAILLAGE_LANGUAGE : l’une de ces valeurs"),
        (
            {"MAILLAGE_TRUSTED_PROXIES": "10.0.0.0/8,*"},
            "MAILLAGE_TRUSTED_PROXIES : « * » n’est ni une adresse IP ni un réseau",
        ),
    ],
)
def test_a_bad_value_names_the_variable_and_what_it_expects(environ, message):
    with pytest.raises(InvalidSetting) as refused:
        Settings.from_env(environ)
    assert str(refused.value).startswith(message)
    assert "\n" not in str(refused.value)


@given(st.text(st.characters(exclude_categories=["Nd"]), max_size=12))
def test_a_year_without_digits_is_always_refused_by_name(text):
    with pytest.raises(InvalidSetting, match=r"^MAILLAGE_POPULATION_YEAR : "):
        Settings.from_env({"MAILLAGE_POPULATION_YEAR": text})


def test_the_command_refuses_to_start_with_one_line():
    result = CliRunner().invoke(main, ["serve"], env={"MAILLAGE_POPULATION_YEAR": "abc"})
    assert result.exit_code == InvalidSetting.exit_code != 0
    assert result.stderr.splitlines() == [
        "erreur : MAILLAGE_POPULATION_YEAR : un nombre entier est attendu, pas « abc »"
    ]


def test_the_installed_command_refuses_to_start_with_one_line(tmp_path):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MAILLAGE_")}
    started = subprocess.run(
        [sys.executable, "-m", "maillage", "serve"],
        env={**environ, "MAILLAGE_POPULATION_YEAR": "abc", "MAILLAGE_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert started.returncode == InvalidSetting.exit_code
    assert started.stderr.splitlines() == [
        "erreur : MAILLAGE_POPULATION_YEAR : un nombre entier est attendu, pas « abc »"
    ]
    assert started.stdout == ""
