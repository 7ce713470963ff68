"""A zoning proposal computed from /decoupages: stored as a computed proposal, not
active, linked; refused rules shown beside the form; only for zoning.manage."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from maillage.domain.access import Role
from maillage.domain.layers import LayerKind
from maillage.services import layers, zonings
from maillage.web.app import create_app
from tests.accounts_helpers import add_person, session_for

LABEL = "proposition calculée — non officielle"


@pytest.mark.parametrize("platform", ["sqlite"], indirect=True)  # the service runs on both
def test_the_administration_computes_a_proposal_from_the_zonings_page(platform, tmp_path):
    layer = tmp_path / "rml.csv"
    layer.write_text("structure_code,structure_name,refnis\nA,Un,62063\nA,Un,62096\n")
    layers.import_layer(platform, layer, name="RML essai", kind=LayerKind.RML)
    active = zonings.get_zoning(platform)
    with TestClient(create_app(platform)) as client:
        team = session_for(client, platform, add_person(platform, "o@example.be", Role.OLS_TEAM))
        assert 'data-testid="zoning-proposal-form"' not in client.get("/decoupages").text
        rules = {"csrf_token": team, "name": "Essai web", "minimum": "15000"}
        assert client.post("/decoupages/proposition", data=rules).status_code == 403

        aviq = add_person(platform, "aviq@example.be", Role.ADMINISTRATION)
        csrf = session_for(client, platform, aviq)
        page = client.get("/decoupages").text
        assert 'data-testid="zoning-proposal-form"' in page and "RML essai" in page

        rules = {
            "csrf_token": csrf,
            "name": "Essai web",
            "minimum": "15000",
            "maximum": "80000",
            "target": "40000",
            "ols": "8",
            "arrondissements": "true",
            "layer": "",
        }
        wrong = client.post("/decoupages/proposition", data={**rules, "target": "90000"})
        assert wrong.status_code == 422 and "min ≤ cible ≤ max" in wrong.text
        assert 'value="90000"' in wrong.text  # the rules typed are kept

        done = client.post("/decoupages/proposition", data=rules, follow_redirects=False)
        assert done.status_code == 303, done.text
        shown = client.get(done.headers["location"])
        assert shown.status_code == 200 and LABEL in shown.text and "Essai web" in shown.text
        listed = client.get("/decoupages").text
        assert f'<a href="{done.headers["location"]}">Essai web</a>' in listed

        again = client.post("/decoupages/proposition", data=rules)
        assert again.status_code == 409 and "Essai web" in again.text
    assert zonings.get_zoning(platform).id == active.id  # a proposal is never activated
