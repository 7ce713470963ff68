"""Indicators and profiles through HTTP: the API's values, pages, PDF, observations."""

from __future__ import annotations

import io

import pypdfium2
import pytest
from fastapi.testclient import TestClient

from maillage.domain.access import Role
from maillage.web.app import create_app
from tests.accounts_helpers import add_person, session_for


@pytest.fixture(scope="module")
def client(shared_platform):
    with TestClient(create_app(shared_platform)) as test_client:
        yield test_client


def test_the_catalogue_lists_definitions_sources_and_periods(client):
    catalogue = {i["id"]: i for i in client.get("/api/v1/indicators").json()}
    income = catalogue["revenu-par-habitant"]
    assert income["periods"][0] == "2005" and income["periods"][-1] == "2013"
    assert income["kind"] == "mean" and income["polarity"] == "higher_is_better"
    assert "Statbel" in income["source"] and income["licence"]
    assert catalogue["offre-medecin-generaliste"]["is_demo"] is True


def test_values_carry_numerator_interval_and_comparison_per_level(client):
    body = client.get("/api/v1/indicators/pop-80plus-pct/values", params={"level": "ols"}).json()
    assert body["period"] == "2020" and len(body["values"]) == 10
    first = body["values"][0]
    assert set(first) >= {
        "code",
        "numerator",
        "denominator",
        "value",
        "ci_low",
        "ci_high",
        "comparison",
    }
    assert first["ci_low"] < first["value"] < first["ci_high"]
    assert first["comparison"] == "not_compared"  # a neutral indicator is not judged
    assert body["region"]["denominator"] == sum(v["denominator"] for v in body["values"])
    pharmacies = client.get(
        "/api/v1/indicators/offre-pharmacie/values", params={"level": "bassin"}
    ).json()
    assert {v["comparison"] for v in pharmacies["values"]} <= {"better", "similar", "worse"}
    assert len({v["comparison"] for v in pharmacies["values"]}) > 1


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/indicators/nope/values",
        "/api/v1/indicators/pop-80plus-pct/values?period=1999",
        "/api/v1/indicators/pop-80plus-pct/values?level=planet",
        "/api/v1/indicators/POP/values",
        "/profils/XX-999",
        "/profils/sur-mesure?communes=99999",
        "/profils/sur-mesure?communes=",
        "/profils/92094?carte=%3Cscript%3E",
    ],
)
def test_malformed_requests_get_clear_errors_never_500(client, url):
    response = client.get(url)
    assert response.status_code in (400, 404, 422), (url, response.status_code)


def test_profile_pages_of_every_level(client):
    for code in ("03000", "OLS-01", "BV-001", "92094"):
        page = client.get(f"/profils/{code}")
        assert page.status_code == 200
        assert 'class="spine"' in page.text and 'class="choropleth"' in page.text
        assert 'class="pyramid"' in page.text and "Provenance et méthode" in page.text
    bassin = client.get("/profils/BV-001").text
    assert "proposition calculée — non officielle" in bassin
    assert "données de démonstration" in bassin  # GP offer is demonstration data


def test_a_pasted_list_redirects_to_a_shareable_address(client):
    response = client.get(
        "/profils/sur-mesure", params={"liste": "Namur, dinant, 55022"}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == (
        "/profils/sur-mesure?communes=92094&communes=91034&communes=58001"
    )
    page = client.get(response.headers["location"])
    assert "Territoire sur mesure (3 communes)" in page.text


def test_the_pdf_of_a_bassin_profile_is_a_drawn_document(client):
    response = client.get("/profils/BV-001/pdf")
    assert response.headers["content-type"] == "application/pdf"
    document = pypdfium2.PdfDocument(io.BytesIO(response.content))
    assert len(document) >= 2
    text = document[0].get_textpage().get_text_range()
    assert "Profil" in text and "Bassin" in text


def test_profile_maps_draw_the_german_language_communes_where_they_touch(client):
    region = client.get("/profils/03000").text
    assert region.count('data-status="outside-reform"') == 9
    assert 'data-testid="outside-reform-legend"' in region
    assert "Communauté germanophone — hors réforme (compétence propre)" in region
    waimes = client.get("/api/v1/territories/63080").json()
    ols = next(a["code"] for a in waimes["ancestors"] if a["level"] == "ols")
    eastern = client.get(f"/profils/{ols}").text
    assert eastern.count('data-status="outside-reform"') >= 5  # the southern block at least
    namur = client.get("/profils/92094").text  # far from them: nothing greyed, no legend
    assert 'data-status="outside-reform"' not in namur
    assert 'data-testid="outside-reform-legend"' not in namur
    pdf = client.get("/profils/03000/pdf")
    text = "".join(
        page.get_textpage().get_text_range()
        for page in pypdfium2.PdfDocument(io.BytesIO(pdf.content))
    )
    assert "hors réforme" in " ".join(text.split())  # the map's legend, printed


def test_a_published_whole_region_value_is_shown_beside_the_computed_region(platform, tmp_path):
    from maillage.services import indicator_loading, territories
    from tests.services.test_indicators import ACTOR, TEST_INDICATOR

    reform = territories.communes_of(platform, "03000")
    path = tmp_path / "p.csv"
    path.write_text(
        "refnis,period,numerator,denominator\n"
        + "".join(f"{code},2024,10,1000\n" for code in reform)
        + "03000,2024,9999,10000\n",
        "utf-8",
    )
    indicator_loading.load_file(platform, ACTOR, path, TEST_INDICATOR)
    client = TestClient(create_app(platform))
    body = client.get("/api/v1/indicators/test-diab/values", params={"level": "ols"}).json()
    assert body["region"]["numerator"] == 2520 and body["region"]["code"] == "03000"
    assert body["whole_region"]["published"] is True
    assert body["whole_region"]["value"] == pytest.approx(99.99)
    assert "valeur publiée, Communauté germanophone comprise" in body["whole_region"]["name"]
    computed = client.get("/api/v1/indicators/pop-80plus-pct/values").json()["whole_region"]
    assert computed["published"] is False and "calculée" in computed["name"]
    page = client.get("/profils/03000").text
    row = page.split('data-indicator="test-diab"')[1].split("</tr>")[0]
    assert "100,0" in row and "publiée" in row and "Région wallonne entière" in page
    assert "Région wallonne entière (valeur publiée, Communauté germanophone comprise)" in page
    client.close()


def test_small_numbers_hidden_from_the_public_shown_to_ols_teams(platform, tmp_path):
    from maillage.services import indicator_loading
    from tests.services.test_indicators import ACTOR, TEST_INDICATOR

    path = tmp_path / "s.csv"
    path.write_text("refnis,period,numerator,denominator\n92094,2024,3,1000\n", "utf-8")
    indicator_loading.load_file(platform, ACTOR, path, TEST_INDICATOR)
    client = TestClient(create_app(platform))
    url = "/api/v1/indicators/test-diab/values"
    anonymous = {v["code"]: v for v in client.get(url).json()["values"]}
    assert anonymous["92094"]["suppressed"] and anonymous["92094"]["value"] is None
    team = add_person(platform, "team@example.be", Role.OLS_TEAM)
    session_for(client, platform, team)
    seen = {v["code"]: v for v in client.get(url).json()["values"]}
    assert seen["92094"]["value"] == pytest.approx(0.3)
    client.close()


def test_observations_are_written_in_scope_and_shown_on_parent_profiles(platform):
    client = TestClient(create_app(platform))
    actor = add_person(platform, "actor@example.be", Role.BASSIN_ACTOR)  # BV-001
    csrf = session_for(client, platform, actor)
    bad = client.post(
        "/api/v1/territories/BV-001/observations",
        json={"text": "x", "observed_on": "not a date", "origin": "field"},
        headers={"X-CSRF-Token": csrf},
    )
    assert bad.status_code == 422
    created = client.post(
        "/profils/BV-001/observations",
        follow_redirects=False,
        data={
            "csrf_token": csrf,
            "text": "Les patients âgés attendent trois semaines.",
            "observed_on": "2026-10-12",
            "origin": "concertation_space",
            "themes": "sante",
            "indicator_id": "pop-80plus-pct",
            "is_public": "1",
        },
    )
    assert created.status_code == 303
    outside = client.post(
        "/api/v1/territories/BV-073/observations",
        headers={"X-CSRF-Token": csrf},
        json={"text": "x", "observed_on": "2026-10-12", "origin": "field"},
    )
    assert outside.status_code == 403
    ols_page = client.get("/profils/OLS-01").text
    assert "Les patients âgés attendent trois semaines." in ols_page
    session_for(client, platform, None)
    public = client.get("/api/v1/territories/03000/observations").json()
    assert public[0]["text"].startswith("Les patients") and public[0]["author"] is None
    client.close()


def test_the_budget_page_compares_methods_and_exports(client):
    page = client.get("/allocation", params={"budget": "1000000.01", "niveau": "bassin"})
    assert page.status_code == 200
    assert "proposition calculée — non officielle" in page.text.lower()
    assert page.text.count('data-testid="total-') == 3
    assert page.text.count("1\u202f000\u202f000,01") >= 3  # each method's actual total
    export = client.get("/allocation.csv", params={"budget": 1000})
    assert export.headers["content-type"].startswith("text/csv")
    assert client.get("/allocation", params={"budget": "-1"}).status_code == 400
    refused = client.get("/allocation", params={"besoin": "pop-80plus-pct:x"})
    assert refused.status_code == 400 and "indicateur:1,5" in refused.text


def test_the_access_page_maps_every_commune_and_exports(client):
    page = client.get("/acces", params={"type": "pharmacie", "critere": "federal-2012"})
    assert page.status_code == 200
    assert page.text.count("<path") == 252 + 9 and "Arrêté royal du 23 mars 2012" in page.text
    # The nine German-language communes drawn greyed, outside the reform, with a legend.
    assert page.text.count('data-status="outside-reform"') == 9
    assert page.text.count("hors réforme (compétence propre)") == 9 + 1
    assert "non officiel" in page.text
    export = client.get("/acces.csv", params={"type": "pharmacie"})
    lines = export.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 2 + 252 and lines[0] == "proposition calculée — non officielle"
    assert client.get("/acces", params={"rayon": "0"}).status_code == 400
    assert client.get("/acces", params={"paliers": "x"}).status_code == 400


def test_the_analysis_api_twins(client):
    body = client.get(
        "/api/v1/access", params={"type": "pharmacie", "preset": "federal-2012"}
    ).json()
    assert body["label"] == "proposition calculée — non officielle"
    assert len(body["communes"]) == 252 and body["preset"] == "federal-2012"
    assert {z["level"] for z in body["zones"]} == {"bassin", "ols"}
    shared = client.get(
        "/api/v1/allocation", params={"budget_cents": 123456789, "level": "bassin"}
    ).json()
    assert set(shared["totals_cents"].values()) == {123456789}
    assert len(shared["rows"]) == 84
    assert client.get("/api/v1/access", params={"steps": "x"}).status_code == 400
    assert client.get("/api/v1/allocation", params={"budget_cents": -1}).status_code == 400
