"""A layer of existing structures drawn over the bassin outlines, offline."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from maillage.domain.layers import LayerKind
from maillage.services import layers

pytestmark = pytest.mark.browser


def test_the_layer_page_draws_its_structures_over_the_bassins(
    page, live_server, sqlite_platform, tmp_path
):
    path = tmp_path / "rml.csv"
    path.write_text(
        "structure_code,structure_name,refnis\n"
        "RML-N,Réseau namurois,92094\nRML-N,Réseau namurois,92003\n"
        "RML-L,Réseau liégeois,62063\n",
        encoding="utf-8",
    )
    found = layers.import_layer(
        sqlite_platform, path, name="RML (navigateur)", kind=LayerKind.RML, replace=True
    )
    page.goto(f"{live_server}/couches/{found.layer.id}")
    expect(page.locator("#layer-map[data-ready=true]")).to_be_visible(timeout=15_000)
    expect(page.locator("path.layer-structure")).to_have_count(2)
    assert page.locator("path.zone-outline").count() > 50
    page.locator("path.layer-structure").first.hover()
    expect(page.locator(".commune-tooltip")).to_contain_text("RML-")
    page.select_option("select[name=niveau]", "ols")
    page.get_by_role("button", name="Afficher").click()
    expect(page.locator("#layer-map[data-ready=true]")).to_be_visible(timeout=15_000)
    expect(page.locator("path.zone-outline")).to_have_count(10)
    expect(page.locator("table.data")).to_contain_text("Réseau namurois")
