"""The command line as a test drives it: against the test's database, in French."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from maillage.cli import common, main


@pytest.fixture
def run(platform, monkeypatch):
    monkeypatch.setenv("MAILLAGE_DATABASE_URL", platform.settings.database_url)
    monkeypatch.setenv("MAILLAGE_LANGUAGE", "fr")
    monkeypatch.setenv("COLUMNS", "200")  # rich tables are not cut at 80 columns
    # ... also when the consoles were made while COLUMNS said 80 (pytest-xdist's workers)
    monkeypatch.setattr(common.out, "width", 200)
    monkeypatch.setattr(common.err, "width", 200)
    runner = CliRunner()

    def invoke(*args, stdin=None):
        return runner.invoke(main, list(args), input=stdin, catch_exceptions=False)

    return invoke
