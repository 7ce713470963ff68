"""Every page of the permission matrix, as each role, on the demo database, reads as French
written by a person: no dot decimal, no ISO date, no English message id, no missing elision,
no "1 invités". Printed documents are checked through their HTML source, the Word report
through its paragraphs, CSV files through their header row.

Pages are found as a reader finds them: from every page without a parameter, following the
links each page shows (one address per route and shape), so parametrised pages are opened
with the demo's own bassins, OLS, needs, spaces, meetings, plans, projects, cycles, reports,
profiles, services, drafts and layers.
"""

from __future__ import annotations

import csv
import io
import re
import sys
import types
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pytest
from docx import Document
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from starlette.routing import compile_path

from maillage.domain.access import Role
from maillage.domain.actors import Asker
from maillage.domain.layers import LayerKind
from maillage.services import bassin_drafts, layers
from maillage.services.platform import Platform
from maillage.settings import Settings
from maillage.web.app import create_app
from tests.accounts_helpers import ADMIN, add_person, session_for
from tests.web.french_text import Finding, findings, untranslated_markers

PRINCIPALS: list[Role | None] = [
    None,
    Role.OLS_TEAM,
    Role.BASSIN_ACTOR,
    Role.IWPL_ANALYST,
    Role.FORUM_MEMBER,
    Role.ADMINISTRATION,
    Role.PLATFORM_ADMIN,
    Role.ORIENTATION_OPERATOR,  # the only one to open the orientation line besides OLS teams
]
HREF = re.compile(r'href="(/[^"#]*)')
# Addresses with a query a reader reaches through a form rather than a link.
FORMS = [
    "/orientation?besoin=cpas&commune=92094",
    "/profils/sur-mesure?communes=92094&communes=92003",
    "/profils/sur-mesure/pdf?communes=92094&communes=92003",
    "/acces?type=pharmacie",
    "/acces.csv?type=pharmacie",
    "/allocation?budget=1000",
    "/allocation.csv?budget=1000",
    "/repertoire?q=cpas&pres_de=92094",
    "/repertoire/couverture?type=cpas",
    "/repertoire/couverture.csv?type=cpas",
    "/decoupages/comparer?version=1&avec=1",
    "/feuille-de-route?etape-7=1&etape-6=2",
    "/architecture?flux=information&focus=ols",
    "/decoupages/1/comparaison?avec=1",
    "/admin/journal.csv",
    "/admin/journal.json",
]
# Routes no link leads to, each with the reason.
NOT_PAGES = {
    "/connexion/oidc": "a redirection to the identity provider",
    "/decoupages/comparer": "a redirection to /decoupages/{zoning_ref}/comparaison",
    "/connexion/oidc/retour": "the identity provider's return, a redirection",
    "/premier-administrateur/{secret}": "needs the one-time secret of an empty platform",
    "/architecture/export.json": "a machine format",
    "/architecture/export.graphml": "a machine format",
    "/architecture/diagramme.svg": "a drawing, its labels are the structures' names",
    "/repertoire/export": "the HSDS exchange format, its field names are the standard's",
}
# CSV files whose header is a file format read back by an import (same column names).
MACHINE_CSV = {"/couches/{layer_id}/export.csv": "the layer file format (maillage layer import)"}
PER_TEMPLATE = 2  # addresses of different shapes opened per route and reader


@dataclass
class Visit:
    url: str
    template: str
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Site:
    client: TestClient
    platform: Platform
    templates: dict[str, re.Pattern[str]]
    visits: dict[Role | None, list[Visit]] = field(default_factory=dict)


def page_templates(app: Any) -> dict[str, re.Pattern[str]]:
    """Every GET route answering a person (not the JSON API, not static files)."""
    found: dict[str, re.Pattern[str]] = {}
    for route in iter_route_contexts(app.routes):
        path = route.path
        if "GET" in (route.methods or ()) and not path.startswith(("/api/", "/static")):
            found[path] = compile_path(path)[0]
    return found


class CapturedPdf:
    """Stands for WeasyPrint: keeps the HTML a PDF is printed from."""

    printed: ClassVar[list[str]] = []

    def __init__(self, string: str, base_url: object = None) -> None:
        self.printed.append(string)

    def write_pdf(self) -> bytes:
        return b"%PDF-1.7 captured"


@pytest.fixture(scope="module")
def site(databases, tmp_path_factory) -> Iterator[Site]:
    opened = Platform.open(
        Settings(database_url=databases.clone("sqlite"), data_dir=tmp_path_factory.mktemp("fr"))
    )
    saved = sys.modules.get("weasyprint")
    sys.modules["weasyprint"] = types.SimpleNamespace(HTML=CapturedPdf)  # type: ignore[assignment]
    layer_file = tmp_path_factory.mktemp("couche") / "couche.csv"
    layer_file.write_bytes(b"structure_code,structure_name,refnis\nA,Un,62063\nA,Un,62096\n")
    layers.import_layer(opened, layer_file, name="Couche de relais", kind=LayerKind.RML)
    team = add_person(opened, "fr-draft@example.be", Role.OLS_TEAM)
    bassin_drafts.start(opened, Asker(ADMIN, team.id, "Équipe", team.grants), "OLS-01")
    try:
        app = create_app(opened)
        with TestClient(app) as client:
            yield Site(client, opened, page_templates(app))
    finally:
        if saved is None:
            sys.modules.pop("weasyprint", None)
        else:
            sys.modules["weasyprint"] = saved
        opened.close()


def template_of(site: Site, url: str) -> str | None:
    path = url.split("?", 1)[0]
    return next((t for t, pattern in site.templates.items() if pattern.match(path)), None)


def shape(url: str) -> str:
    return re.sub(r"\d+", "0", url)


def document_findings(response: Any) -> list[Finding] | None:
    """Findings in what the response shows a reader, or None when it shows nothing to read."""
    kind = response.headers.get("content-type", "")
    if kind.startswith("text/html"):
        return findings(response.text)
    if kind.startswith("application/pdf"):
        html = CapturedPdf.printed.pop() if CapturedPdf.printed else ""
        return findings(html)
    if "wordprocessingml" in kind:
        paragraphs = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
        cells = [
            c.text
            for t in Document(io.BytesIO(response.content)).tables
            for r in t.rows
            for c in r.cells
        ]
        return findings("<p>" + "</p><p>".join([*paragraphs, *cells]) + "</p>")
    if kind.startswith("text/csv"):
        header = next(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))), [])
        return [
            Finding("CSV header not in French", h) for h in header if re.fullmatch(r"[a-z_]+", h)
        ]
    if kind.startswith("image/svg"):
        return findings(response.text)
    return None


def crawl(site: Site, role: Role | None) -> list[Visit]:
    if role in site.visits:
        return site.visits[role]
    email = f"fr-{role or 'anonyme'}@example.be"
    person = add_person(site.platform, email, *([role] if role else [])) if role else None
    session_for(site.client, site.platform, person)
    queue = [t for t in site.templates if "{" not in t] + FORMS
    seen: dict[str, set[str]] = defaultdict(set)
    visits: list[Visit] = []
    while queue:
        url = queue.pop(0)
        template = template_of(site, url)
        if template is None or template in NOT_PAGES or shape(url) in seen[template]:
            continue
        if len(seen[template]) >= PER_TEMPLATE:
            continue
        seen[template].add(shape(url))
        CapturedPdf.printed.clear()
        response = site.client.get(url, follow_redirects=False)
        if response.status_code != 200:
            continue
        found = [] if template in MACHINE_CSV else document_findings(response)
        if found is None:
            continue
        visits.append(Visit(url, template, found))
        if response.headers.get("content-type", "").startswith("text/html"):
            queue += [h.replace("&amp;", "&") for h in HREF.findall(response.text)]
    site.visits[role] = visits
    return visits


def test_the_reader_flags_what_a_french_reader_would():
    page = (
        "<p>Bassin calculé de Ottignies, redevabilité de IWPL, le OLS : 1 invités, 9.0 et"
        " 7000000.00 au 2025-01-01.</p><p>Population per 10,000 inhabitants</p>"
    )
    kinds = sorted(f.kind for f in findings(page))
    assert kinds.count("missing elision") == 3 and kinds.count("dot decimal") == 2
    assert {"ISO date", "plural after 1"} <= set(kinds)
    clean = (
        "<p>Bassin calculé d’Ottignies, de l’IWPL, art. 13.1, CC0 1.0, OLS-01, 1 000 habitants,"
        " 3,3 médecins, 3 déc. 2026</p><script>x = 9.0</script>"
        '<input type="date" value="2025-01-01"><code>2025-01-01</code>'
    )
    assert findings(clean) == []


def test_the_catalogue_gives_english_texts_to_look_for():
    assert "Aucune" not in " ".join(untranslated_markers())
    assert len(untranslated_markers()) > 300


@pytest.mark.parametrize("role", PRINCIPALS, ids=lambda r: str(r or "anonymous"))
def test_every_page_reads_as_french_for_this_reader(site, role):
    visits = crawl(site, role)
    assert len(visits) >= 20
    problems = [f"{v.url}: {f}" for v in visits for f in v.findings]
    assert not problems, "\n".join(problems)


def test_every_page_of_the_matrix_is_read_by_someone(site):
    covered = {v.template for role in PRINCIPALS for v in crawl(site, role)}
    missing = set(site.templates) - covered - set(NOT_PAGES)
    assert not missing, sorted(missing)
