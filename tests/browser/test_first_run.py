"""Acceptance: the first run of a platform nobody can log in to yet.

`maillage serve` runs as people run it, on a database of its own with no administrator;
the link it prints creates the administrator, then is dead; a person given a temporary
password must change it before anything else.
"""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import _free_port

pytestmark = pytest.mark.browser

LINK = re.compile(r"(http://127\.0\.0\.1:\d+/premier-administrateur/[A-Za-z0-9_-]+)")
PASSWORD = "une phrase de passe assez longue"


def _read_link(process: subprocess.Popen[str], deadline: float) -> tuple[str, str]:
    """What the server printed until the link, and the link."""
    assert process.stdout is not None
    printed = ""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 0.5)
        if ready:
            line = process.stdout.readline()
            printed += line
            if found := LINK.search(line):
                return printed, found.group(1)
        if process.poll() is not None:
            break
    raise AssertionError(f"no first-run link printed; the server said:\n{printed}")


@pytest.fixture
def fresh_server(databases, tmp_path: Path) -> Iterator[tuple[str, str, str]]:
    """(address, the printed link, everything printed before it) of `maillage serve`."""
    port = _free_port()
    environment = {
        **os.environ,
        "MAILLAGE_DATABASE_URL": databases.clone("sqlite"),
        "MAILLAGE_DATA_DIR": str(tmp_path),
        "MAILLAGE_PORT": str(port),
        "COLUMNS": "80",  # a narrow terminal must not cut the link in two
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "maillage", "serve"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        printed, link = _read_link(process, time.monotonic() + 60)
        address = f"http://127.0.0.1:{port}"
        yield address, link, printed
    finally:
        process.terminate()
        process.wait(timeout=20)
        if process.stdout is not None:
            process.stdout.close()


def _wait_until_up(browser: Browser, address: str) -> None:
    deadline = time.monotonic() + 30
    probe = browser.new_page()
    try:
        while True:
            try:
                probe.goto(address + "/connexion")
                return
            except Exception:  # not listening yet
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        probe.close()


def test_the_printed_link_creates_the_administrator_once_and_temporary_passwords_are_changed(
    browser: Browser, fresh_server
):
    address, link, printed = fresh_server
    assert f"{address}/" in printed  # the address is said before the link
    _wait_until_up(browser, address)
    context = browser.new_context(locale="fr-BE")
    page = context.new_page()

    page.goto(link)
    expect(page.locator("h1")).to_have_text("Premier administrateur")
    page.get_by_label("Adresse e-mail").fill("admin@example.be")
    page.get_by_label(re.compile("Nom d.affichage")).fill("Administratrice")
    page.get_by_label(re.compile("Mot de passe")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Créer l.administrateur")).click()
    expect(page).to_have_url(re.compile(r"/mon-espace$"))
    expect(page.locator("main")).to_contain_text("Administrateur")

    # The link is dead now, for anyone.
    dead = browser.new_context(locale="fr-BE").new_page()
    answer = dead.goto(link)
    assert answer is not None and answer.status == 404
    dead.context.close()

    # The administrator adds a person; her temporary password is shown once.
    page.goto(address + "/admin/personnes")
    page.get_by_label("Adresse e-mail").fill("nouvelle@example.be")
    page.get_by_label(re.compile("Nom d.affichage")).fill("Nouvelle")
    page.get_by_role("button", name="Créer le compte").click()
    temporary = page.locator("code.secret").inner_text().strip()
    assert len(temporary) >= 12
    context.close()

    newcomer = browser.new_context(locale="fr-BE").new_page()
    newcomer.goto(address + "/connexion")
    newcomer.get_by_label("Adresse e-mail").fill("nouvelle@example.be")
    newcomer.get_by_label("Mot de passe").fill(temporary)
    newcomer.get_by_role("button", name="Se connecter").click()
    expect(newcomer).to_have_url(re.compile(r"/compte/nouveau-mot-de-passe$"))
    newcomer.goto(address + "/besoins")  # nothing else opens before the change
    expect(newcomer).to_have_url(re.compile(r"/compte/nouveau-mot-de-passe$"))
    newcomer.get_by_label("Mot de passe provisoire").fill(temporary)
    newcomer.get_by_label(re.compile("Nouveau mot de passe")).fill(PASSWORD)
    newcomer.get_by_role("button", name=re.compile("Enregistrer")).click()
    expect(newcomer).to_have_url(re.compile(r"/mon-espace$"))
    newcomer.goto(address + "/besoins")
    expect(newcomer).to_have_url(re.compile(r"/besoins$"))
    newcomer.context.close()
